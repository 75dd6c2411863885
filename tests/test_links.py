"""No broken internal link or anchor: every href and src of every built page, parsed from the HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, parse

PUBLIC_BASE = "https://site.invalid/"
LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}


@dataclass(frozen=True)
class Link:
    """One reference from a page, as written, and where it points inside the site."""

    page: str
    written: str
    target: str
    fragment: str


def site_url(settings_file: str = "pelicanconf.py") -> str:
    """FEED_SITEURL, the address canonical and permanent links are written with."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / settings_file))["FEED_SITEURL"].rstrip("/") + "/"


def internal_links(site: Path, own_base: str) -> list[Link]:
    """Every reference to this site from its HTML pages; other hosts are not ours to check."""
    links: list[Link] = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        html = parse(path)
        for tag, attribute in LINKING.items():
            for element in html.find_all(tag):
                written = element.get(attribute)
                if written is None or written.startswith(("mailto:", "data:")):
                    continue
                absolute = urljoin(PUBLIC_BASE + page, written.replace(own_base, PUBLIC_BASE, 1))
                if not absolute.startswith(PUBLIC_BASE):
                    continue
                parts = urlsplit(absolute)
                links.append(Link(page, written, unquote(parts.path), unquote(parts.fragment)))
    return links


def target_file(site: Path, target: str) -> Path:
    """The file a web server would answer with for a path of this site."""
    path = site / target.lstrip("/")
    return path / "index.html" if target.endswith("/") or path.is_dir() else path


def anchors(file: Path, cache: dict[Path, set[str]]) -> set[str]:
    """Every id (and old-style anchor name) a page offers to fragments."""
    if file not in cache:
        html: BeautifulSoup = parse(file)
        cache[file] = {e["id"] for e in html.find_all(id=True)} | {
            a["name"] for a in html.find_all("a", attrs={"name": True})
        }
    return cache[file]


def broken_links(site: Path, own_base: str) -> list[str]:
    """`page: link (why)` for every internal link that no file or no id answers."""
    problems: list[str] = []
    cache: dict[Path, set[str]] = {}
    for link in internal_links(site, own_base):
        file = target_file(site, link.target)
        if not file.is_file():
            problems.append(f"{link.page}: {link.written} (no file {file.relative_to(site)})")
        elif link.fragment and file.suffix == ".html" and link.fragment not in anchors(file, cache):
            problems.append(f"{link.page}: {link.written} (no id '{link.fragment}')")
    return problems


def test_the_checker_finds_a_broken_link_and_a_broken_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<p id="here"><a href="../b/">b</a> <a href="#here">ok</a> <a href="#gone">x</a>'
        ' <a href="https://example.org/">other host</a> <a href="http://own/a/#here">own</a></p>'
    )
    assert broken_links(tmp_path, "http://own/") == [
        "a/index.html: ../b/ (no file b/index.html)",
        "a/index.html: #gone (no id 'gone')",
    ]


@pytest.mark.parametrize("site_name", ["fixture_site", "real_site"])
def test_every_internal_link_and_anchor_resolves(request, site_name):
    site: Path = request.getfixturevalue(site_name)
    links = internal_links(site, site_url())
    assert any(link.fragment for link in links)
    assert broken_links(site, site_url()) == []
