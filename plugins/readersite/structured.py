"""schema.org JSON-LD for an event page, so that search engines and citation tools read it.

The page is a `WebPage` (a CreativeWork) published by the archive: its `about` is the `Event` and
its `citation` lists the sources, because schema.org defines `citation` on CreativeWork, not on
Event. Each source is typed by its kind (`NewsArticle`, `BlogPosting`, `SocialMediaPosting`...).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup
from records.events import Event
from records.index import ArchiveIndex, Term
from records.schema import Source, SourceKind

from .urls import absolute_url

# Characters that could end a <script> element or open a comment, escaped as JSON allows.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _agent(term: Term, kind: str, site_url: str) -> dict[str, Any]:
    agent: dict[str, Any] = {
        "@type": kind,
        "name": term.label,
        "url": absolute_url(site_url, term.url),
    }
    wikidata = getattr(term.record, "wikidata", None)
    if wikidata:
        agent["sameAs"] = f"https://www.wikidata.org/wiki/{wikidata}"
    return agent


# The schema.org type of each kind of source (all of them CreativeWork or one of its subtypes).
SOURCE_TYPES: dict[SourceKind, str] = {
    SourceKind.NEWS_ARTICLE: "NewsArticle",
    SourceKind.PRESS_RELEASE: "Article",
    SourceKind.OFFICIAL_PAGE: "WebPage",
    SourceKind.BLOG_POST: "BlogPosting",
    SourceKind.STUDY: "Report",
    SourceKind.SOCIAL_MEDIA_POST: "SocialMediaPosting",
    SourceKind.REFERENCE: "CreativeWork",
    SourceKind.TRANSCRIPT: "CreativeWork",
}


def _citation(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": SOURCE_TYPES[source.kind],
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
        "inLanguage": source.language,
    }
    if source.authors:
        work["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    if source.date:
        work["datePublished"] = source.date.iso()
    if source.url:
        work["url"] = source.url
    if source.archived_url:
        work["archivedAt"] = source.archived_url
    return work


def event_data(
    event: Event, archive: ArchiveIndex, site_url: str, site_name: str
) -> dict[str, Any]:
    """The record's page as schema.org data: a WebPage about the Event, citing its sources; only
    what the record states, with dates in their precision."""
    record = event.record
    url = absolute_url(site_url, event.url)
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "url": url,
        "datePublished": record.added.iso(),
    }
    if record.modified:
        page["dateModified"] = record.modified.iso()
    page["publisher"] = {"@type": "Organization", "name": site_name}
    data: dict[str, Any] = {
        "@type": "Event",
        "name": record.title,
        "description": record.summary,
        "startDate": record.date.iso(),
    }
    if record.end_date:
        data["endDate"] = record.end_date.iso()
    places: list[dict[str, Any]] = []
    if record.location:
        place: dict[str, Any] = {"@type": "Place", "name": record.location.name}
        if record.location.country:
            place["address"] = {"@type": "PostalAddress", "addressCountry": record.location.country}
        places.append(place)
    places += [
        {"@type": "VirtualLocation", "name": term.label_on(record.date)}
        for term in archive.terms_of(event, "platforms")
    ]
    if places:
        data["location"] = places
    leaders = [_agent(t, "Person", site_url) for t in archive.terms_of(event, "leaders")]
    organizations = [
        _agent(t, "Organization", site_url) for t in archive.terms_of(event, "organizations")
    ]
    if leaders:
        data["performer"] = leaders
    if organizations:
        data["organizer"] = organizations
    if record.tags:
        data["keywords"] = ", ".join(record.tags)
    page["about"] = data
    page["citation"] = [_citation(source) for source in archive.sources_of(event)]
    return page


def event_json_ld(event: Event, archive: ArchiveIndex, site_url: str, site_name: str) -> Markup:
    """JSON for a `<script type="application/ld+json">`, escaped so that no text can close it."""
    text = json.dumps(
        event_data(event, archive, site_url, site_name), ensure_ascii=False, separators=(",", ":")
    )
    return Markup(text.translate(_SCRIPT_SAFE))
