"""Reading built listing pages the way a reader would: follow links, collect entries, resolve URLs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from conftest import parse

BASE = "http://site.test/"


def load(site: Path, url: str) -> BeautifulSoup:
    """Parse the page at a site URL such as `timeline/` or `timeline/2012/`."""
    return parse(site / url / "index.html" if url.endswith("/") or not url else site / url)


def resolve(page_url: str, href: str) -> str | None:
    """The site URL (`events/2012/x/`, fragment dropped) an href leads to, or None if off-site."""
    target = urlsplit(urljoin(BASE + page_url, href))
    if f"{target.scheme}://{target.netloc}/" != BASE:
        return None
    return target.path.lstrip("/")


def target_file(site: Path, url: str) -> Path:
    """The output file that serves a site URL."""
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def entry_urls(html: BeautifulSoup, page_url: str) -> list[str]:
    """The event URLs a listing page's timeline entries link to, in page order."""
    return [resolve(page_url, a["href"]) for a in html.select("main li.entry a.entry-link")]


def listing_pages(site: Path, url: str) -> list[tuple[str, BeautifulSoup]]:
    """A listing's pages, found by following its `rel=next` links from the first page."""
    pages = []
    seen = set()
    while url and url not in seen:
        seen.add(url)
        html = load(site, url)
        pages.append((url, html))
        following = html.select_one("nav.pagination a[rel=next]")
        url = resolve(url, following["href"]) if following else None
    return pages


def listing_entries(site: Path, url: str) -> list[str]:
    """Every event URL a (possibly paginated) listing shows, across all its pages, in order."""
    return [e for page_url, html in listing_pages(site, url) for e in entry_urls(html, page_url)]


def heading_levels(html: BeautifulSoup) -> list[int]:
    """Levels of the headings of a page, in document order."""
    return [int(h.name[1]) for h in html.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
