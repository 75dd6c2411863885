"""schema.org `Event` JSON-LD for an event page, so that search engines and citation tools read it."""

from __future__ import annotations

import json
from typing import Any

from archive.index import ArchiveIndex, Term
from archive.records import Event
from archive.schema import Source
from markupsafe import Markup

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


def _citation(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.url:
        work["url"] = source.url
    if source.date:
        work["datePublished"] = source.date.iso()
    return work


def event_data(event: Event, archive: ArchiveIndex, site_url: str) -> dict[str, Any]:
    """The record as schema.org data: only what the record states, with dates in their precision."""
    record = event.record
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": record.title,
        "description": record.summary,
        "url": absolute_url(site_url, event.url),
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
    data["citation"] = [_citation(source) for source in archive.sources_of(event)]
    if record.tags:
        data["keywords"] = ", ".join(record.tags)
    return data


def event_json_ld(event: Event, archive: ArchiveIndex, site_url: str) -> Markup:
    """JSON for a `<script type="application/ld+json">`, escaped so that no text can close it."""
    text = json.dumps(
        event_data(event, archive, site_url), ensure_ascii=False, separators=(",", ":")
    )
    return Markup(text.translate(_SCRIPT_SAFE))
