"""The page budget, measured on built files: an event page and all it needs to render stay under
30 KB uncompressed apart from the record's own data (its body, figures, posts, sources and their
JSON-LD copy, which grow with what the sources say), and under 64 KB with it; no script blocks
rendering, and nothing is fetched from another host."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import parse

BUDGET = 30 * 1024
WHOLE_PAGE_BUDGET = 64 * 1024
# The parts of an event page that hold the record's own data rather than the theme's frame.
RECORD_DATA = (
    "main section.body, main section.metrics, main section.posts, main section.sources, "
    'script[type="application/ld+json"]'
)
# JSON-LD is data, not a script a browser runs.
DATA_SCRIPTS = {"application/ld+json"}
# Link relations that make the browser fetch something (canonical and alternate links do not).
LOADED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}
CSS_REFERENCE = re.compile(r"url\(|@import", re.IGNORECASE)


def render_needs(site: Path, page: Path) -> list[Path]:
    """The files a browser must fetch before it can render the page: stylesheets, blocking scripts."""
    html = parse(page)
    base = "http://site.invalid/" + page.relative_to(site).as_posix()
    needed = [link["href"] for link in html.find_all("link", rel="stylesheet")]
    needed += [
        script["src"]
        for script in html.find_all("script", src=True)
        if not (
            script.get("type") == "module" or script.has_attr("defer") or script.has_attr("async")
        )
    ]
    return [site / urlsplit(urljoin(base, href)).path.lstrip("/") for href in needed]


def page_weight(site: Path, page: Path) -> int:
    return page.stat().st_size + sum(f.stat().st_size for f in render_needs(site, page))


def record_data_weight(page: Path) -> int:
    """Bytes of the page that are the record's own data (as serialised by the parser)."""
    return sum(len(str(part).encode("utf-8")) for part in parse(page).select(RECORD_DATA))


@pytest.mark.parametrize("site_name", ["fixture_site", "real_site"])
def test_event_pages_with_what_they_need_stay_under_30_kb(request, site_name):
    site: Path = request.getfixturevalue(site_name)
    pages = sorted(site.glob("events/*/*/index.html"))
    assert pages or site_name == "real_site"
    weights = {p.relative_to(site).as_posix(): page_weight(site, p) for p in pages}
    frames = {
        p.relative_to(site).as_posix(): page_weight(site, p) - record_data_weight(p) for p in pages
    }
    assert all(render_needs(site, p) for p in pages)
    assert all(frames[p] < weights[p] for p in frames), "every page shows some record data"
    assert {p: w for p, w in frames.items() if w >= BUDGET} == {}
    assert {p: w for p, w in weights.items() if w >= WHOLE_PAGE_BUDGET} == {}


@pytest.mark.parametrize("site_name", ["fixture_site", "real_site"])
def test_no_page_has_a_render_blocking_script(request, site_name):
    site: Path = request.getfixturevalue(site_name)
    for page in sorted(site.rglob("*.html")):
        for script in parse(page).find_all("script"):
            if script.get("type") in DATA_SCRIPTS:
                continue
            assert script.get("src"), f"{page}: inline script"
            assert script.get("type") == "module" or script.has_attr("defer"), f"{page}: {script}"


@pytest.mark.parametrize("site_name", ["fixture_site", "real_site"])
def test_pages_and_styles_load_nothing_from_other_hosts(request, site_name):
    """Stylesheets, icons, scripts and images come from the site itself (links may go anywhere)."""
    site: Path = request.getfixturevalue(site_name)
    for page in sorted(site.rglob("*.html")):
        html = parse(page)
        loaded = [
            link["href"] for link in html.find_all("link") if LOADED_RELS & set(link.get("rel", []))
        ]
        loaded += [e["src"] for e in html.find_all(["script", "img", "iframe", "source"], src=True)]
        assert loaded, page
        assert [u for u in loaded if urlsplit(u).scheme or u.startswith("//")] == [], page
    for stylesheet in (site / "theme").rglob("*.css"):
        assert not CSS_REFERENCE.search(stylesheet.read_text()), stylesheet
