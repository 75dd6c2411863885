"""Feed documents as bytes: Atom 1.0 and RSS 2.0 with feedgen, JSON Feed 1.1 with json; no clock."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from feedgen.feed import FeedGenerator
from markupsafe import escape

from .catalog import Feed
from .entries import Entry
from .links import xml_safe
from .settings import FeedSettings

ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# An archive without records has never been updated; any fixed instant keeps builds identical.
NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def feed_updated(entries: Sequence[Entry], fallback: dt.datetime) -> dt.datetime:
    """The newest entry's updated date, never the build time, so that rebuilds change nothing."""
    return max((e.updated for e in entries), default=fallback)


def _generator(
    feed: Feed,
    entries: Sequence[Entry],
    settings: FeedSettings,
    updated: dt.datetime,
    self_url: str,
    self_type: str,
) -> FeedGenerator:
    fg = FeedGenerator()
    # Dublin Core (`dc:date`): when the event happened, in the record's own precision (W3CDTF
    # allows `2012`, `2012-07` and `2012-07-16`), beside Atom's and RSS's dates of the record.
    fg.load_extension("dc")
    fg.id(self_url)
    fg.title(xml_safe(feed.title))
    fg.subtitle(xml_safe(feed.follows))
    fg.author(name=xml_safe(settings.author), uri=settings.absolute(""))
    fg.language(settings.language)
    fg.updated(updated)
    # The self link first and the alternate last: feedgen gives RSS's <link> the last one.
    fg.link(href=self_url, rel="self", type=self_type)
    fg.link(href=settings.absolute(feed.page_url), rel="alternate", type="text/html")
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.title(entry.title)
        fe.link(href=entry.url, rel="alternate", type="text/html")
        # As HTML, so that RSS readers, which read descriptions as HTML, show `<` as text.
        fe.summary(str(escape(entry.summary)), type="html")
        fe.content(entry.content_html, type="html")
        fe.published(entry.published)
        fe.updated(entry.updated)
        fe.dc.dc_date(entry.event_date)
        for category in entry.categories:
            fe.category(term=category.term, scheme=category.scheme, label=category.label)
    return fg


def atom_document(
    feed: Feed, entries: Sequence[Entry], settings: FeedSettings, updated: dt.datetime
) -> bytes:
    """The Atom 1.0 feed (RFC 4287)."""
    fg = _generator(feed, entries, settings, updated, settings.absolute(feed.atom_url), ATOM_TYPE)
    document: bytes = fg.atom_str(pretty=True)  # feedgen is untyped
    return document


def rss_document(
    feed: Feed, entries: Sequence[Entry], settings: FeedSettings, updated: dt.datetime
) -> bytes:
    """The RSS 2.0 feed; its guids are the Atom ids (not permalinks, since URLs may be renamed)."""
    fg = _generator(feed, entries, settings, updated, settings.absolute(feed.rss_url), RSS_TYPE)
    # Readers take the channel description as HTML too, like item descriptions: a term label
    # such as `<b>` must arrive as text.
    fg.description(str(escape(xml_safe(feed.follows))))
    document: bytes = fg.rss_str(pretty=True)
    return document


def json_document(
    feed: Feed, entries: Sequence[Entry], settings: FeedSettings, json_url: str
) -> bytes:
    """The JSON Feed 1.1 of the same entries, for readers that prefer JSON."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": xml_safe(feed.title),
        "home_page_url": settings.absolute(feed.page_url),
        "feed_url": settings.absolute(json_url),
        "description": xml_safe(feed.follows),
        "language": settings.language,
        "authors": [{"name": xml_safe(settings.author), "url": settings.absolute("")}],
        "items": [
            {
                "id": entry.id,
                "url": entry.url,
                "title": entry.title,
                "summary": entry.summary,
                "content_html": entry.content_html,
                "date_published": entry.published.isoformat(),
                "date_modified": entry.updated.isoformat(),
                "tags": [c.label for c in entry.categories],
            }
            for entry in entries
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
