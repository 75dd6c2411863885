"""`sitemap.xml` from every HTML page the writer wrote, with absolute URLs and record dates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from records.siteurl import public_site_url

from .urls import absolute_url, page_path

SITEMAP_FILE = "sitemap.xml"
# Pages that are not documents of their own: the error page answers for missing URLs.
NOT_LISTED = frozenset({"404.html"})


@dataclass(frozen=True)
class SitemapEntry:
    """One page: its path under the site root and, for records, the day it last changed."""

    path: str
    lastmod: str | None


def render_sitemap(entries: list[SitemapEntry], site_url: str) -> str:
    """The sitemaps.org XML, sorted by path so that two builds give the same file."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for entry in sorted(entries, key=lambda e: e.path):
        lastmod = f"<lastmod>{entry.lastmod}</lastmod>" if entry.lastmod else ""
        lines.append(f"<url><loc>{escape(absolute_url(site_url, entry.path))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


class Sitemap:
    """Collects pages as Pelican writes them (`content_written`) and writes the map at the end;
    one per run (`ReaderSiteRun`), so a failed run leaves nothing to the next."""

    def __init__(self) -> None:
        self.entries: dict[str, SitemapEntry] = {}

    def add(self, path: str, context: dict[str, Any] | None = None) -> None:
        """`content_written`: remember HTML pages; feeds, data files and redirects are not listed."""
        context = context or {}
        name = context.get("output_file") or ""
        if not name.endswith(".html") or name in NOT_LISTED:
            return
        canonical = context.get("canonical_url")
        if canonical and canonical != absolute_url(public_site_url(context), page_path(name)):
            return  # a redirect at a record's former address: its canonical page is listed
        event = getattr(context.get("article"), "event", None)
        lastmod = None
        if event is not None:
            lastmod = (event.record.modified or event.record.added).iso()
        self.entries[name] = SitemapEntry(page_path(name), lastmod)

    def write(self, pelican: Any) -> None:
        """`finalized`: write `sitemap.xml` beside the pages."""
        text = render_sitemap(list(self.entries.values()), public_site_url(pelican.settings))
        Path(pelican.output_path, SITEMAP_FILE).write_text(text, encoding="utf-8")
