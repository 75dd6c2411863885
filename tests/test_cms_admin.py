"""/admin/ in the built site: the editor's files from the pinned npm packages, the configuration
generated for the build, and nothing else of the site changed (noindex, no sitemap entry, no
search entry, no link or script on any other page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from cms.admin import AdminInstallError
from cms.config import COMMITTED, cms_config, config_text
from cms.settings import read_cms_settings
from conftest import FIXTURE_SITE, REAL_CONTENT, ROOT, build, parse
from pelican.settings import read_settings
from readersite.search import indexed_page_count, searchable_pages
from webtools import missing_tool

DECAP_DIST = ROOT / "node_modules" / "decap-cms" / "dist"
LOCAL_API = "http://127.0.0.1:8999/api/v1"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive built with the editor and a local backend."""
    if not (DECAP_DIST / "decap-cms.js").is_file():
        missing_tool(f"Decap CMS ({DECAP_DIST.relative_to(ROOT)})")
    output = tmp_path_factory.mktemp("admin-site") / "output"
    return build(FIXTURE_SITE, output, {"CMS_ADMIN": True, "CMS_LOCAL_BACKEND": LOCAL_API})


def test_the_editor_page_is_noindex_and_loads_only_its_own_files(site):
    page = parse(site / "admin" / "index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    scripts = [s.get("src") for s in page.find_all("script") if s.get("src")]
    assert scripts == ["decap-cms.js", "editor.js"]
    assert all((site / "admin" / src).is_file() for src in scripts)
    assert not [tag for tag in page.find_all(["link", "img"]) if "//" in str(tag)]


def test_decap_comes_whole_from_the_pinned_package(site):
    admin = site / "admin"
    assert (admin / "decap-cms.js").read_bytes() == (DECAP_DIST / "decap-cms.js").read_bytes()
    chunks = {p.name for p in DECAP_DIST.glob("*.decap-cms.js")}
    assert chunks and chunks <= {p.name for p in admin.iterdir()}
    assert not list(admin.rglob("*.map"))
    assert (admin / "yaml" / "index.js").is_file()
    assert (admin / "records.js").read_bytes() == (
        ROOT / "plugins" / "cms" / "admin" / "records.js"
    ).read_bytes()


def test_the_configuration_is_generated_for_the_build(site):
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"CMS_ADMIN": True, "CMS_LOCAL_BACKEND": LOCAL_API},
    )
    expected = config_text(cms_config(read_cms_settings(settings), FIXTURE_SITE))
    written = (site / "admin" / "config.yml").read_text(encoding="utf-8")
    assert written == expected
    assert f"url: {LOCAL_API}" in written


def test_no_other_page_links_to_or_loads_the_editor(site):
    others = [p for p in site.rglob("*.html") if "admin" not in p.relative_to(site).parts]
    assert len(others) > 10
    for path in others:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        addresses = [
            t.get("href") or t.get("src") or "" for t in soup.find_all(["a", "link", "script"])
        ]
        assert not [a for a in addresses if "admin" in a], path


def test_the_editor_is_not_in_the_sitemap_or_the_search_index(site):
    assert "admin" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    pages = searchable_pages(site)
    assert pages and not [p for p in pages if "admin" in p.parts]
    assert indexed_page_count(site) == len(pages)


def test_builds_without_the_setting_have_no_editor(fixture_site):
    assert not (fixture_site / "admin").exists()


def test_missing_npm_packages_stop_the_build_and_say_how_to_install_them(tmp_path):
    output = tmp_path / "output"
    overrides = {"CMS_ADMIN": True, "CMS_NODE_MODULES": str(tmp_path / "nothing")}
    with pytest.raises(AdminInstallError, match="npm ci"):
        build(FIXTURE_SITE, output, overrides)
    assert not output.exists(), "a failed build leaves no site"


def test_the_published_site_serves_the_committed_configuration(tmp_path):
    if not (DECAP_DIST / "decap-cms.js").is_file():
        missing_tool(f"Decap CMS ({DECAP_DIST.relative_to(ROOT)})")
    site = build(REAL_CONTENT, tmp_path / "public", settings_file="publishconf.py")
    served = (site / "admin" / "config.yml").read_text(encoding="utf-8")
    assert served == COMMITTED.read_text(encoding="utf-8")
    assert "local_backend" not in served
