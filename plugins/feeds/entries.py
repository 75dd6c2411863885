"""One feed entry per record entering the archive: stable id, dates from the record, absolute HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape
from records.dates import PartialDate
from records.events import Event
from records.formatting import event_dates, language_name
from records.index import ArchiveIndex, added_order
from records.schema import Source
from records.taxonomy import TAXONOMIES
from records.urls import timeline_url

from .links import absolute_html, xml_safe
from .settings import FeedSettings


@dataclass(frozen=True)
class Category:
    """A term the entry is filed under: `term` is the slug, `scheme` the taxonomy's absolute URL."""

    term: str
    scheme: str
    label: str


@dataclass(frozen=True)
class Entry:
    """Everything the Atom, RSS and JSON writers need about one record, already XML-safe."""

    id: str
    title: str
    url: str
    summary: str
    content_html: str
    published: dt.datetime
    updated: dt.datetime
    event_date: str
    categories: tuple[Category, ...]


def newest_first(events: Iterable[Event]) -> list[Event]:
    """Feed order: the day the record was added, then the event's date, newest first; slugs break
    ties the same way in every build."""
    return sorted(events, key=added_order, reverse=True)


def as_datetime(day: PartialDate) -> dt.datetime:
    """Midnight UTC of a full-day record date: feeds need a time zone, records know only the day."""
    return dt.datetime.combine(day.first_day(), dt.time(), tzinfo=dt.UTC)


def entry_id(event: Event, settings: FeedSettings) -> str:
    """A tag URI (RFC 4151) from the first permanent URL and the added day: survives renames and edits."""
    return f"tag:{settings.tag_authority},{event.record.added.iso()}:/{event.first_url}"


def _categories(event: Event, index: ArchiveIndex, settings: FeedSettings) -> list[Category]:
    year = str(event.record.date.year)
    found = [Category(year, settings.absolute(timeline_url()), year)]
    for taxonomy in TAXONOMIES:
        scheme = settings.absolute(taxonomy.url())
        found += [
            Category(t.slug, scheme, t.label_on(event.record.date))
            for t in index.terms_of(event, taxonomy.name)
        ]
    return found


def _source_html(source: Source) -> Markup:
    """A citation as event pages give it: publisher, title (linked), date, language, archived copy,
    or why the source has no address."""
    title = (
        Markup('<a href="{}">{}</a>').format(source.url, source.title)
        if source.url
        else escape(source.title)
    )
    dated = source.date.display() if source.date else "undated"
    parts = [
        Markup("{}, <cite>{}</cite>, {}, in {}.").format(
            source.publisher, title, dated, language_name(source.language)
        )
    ]
    if source.archived_url:
        parts.append(Markup('<a href="{}">Archived copy</a>.').format(source.archived_url))
    if not source.url and source.url_note:
        parts.append(escape(f"No address: {source.url_note}"))
    if source.note:
        parts.append(escape(source.note))
    return Markup("<li>{}</li>").format(Markup(" ").join(parts))


def _content_html(
    event: Event, body_html: str, index: ArchiveIndex, settings: FeedSettings
) -> Markup:
    """The date, what the event is filed under, the body and its sources, as one HTML fragment."""
    record = event.record
    facts = [Markup("<strong>Date:</strong> {}").format(event_dates(event))]
    for taxonomy in TAXONOMIES:
        terms = index.terms_of(event, taxonomy.name)
        if terms:
            links = Markup(", ").join(
                Markup('<a href="{}">{}</a>').format(
                    settings.absolute(t.url), t.label_on(record.date)
                )
                for t in terms
            )
            facts.append(Markup("<strong>{}:</strong> {}").format(taxonomy.title, links))
    parts = [Markup("<p>{}</p>").format(Markup("<br>").join(facts))]
    if record.date_note:
        parts.append(Markup("<p><em>{}</em></p>").format(record.date_note))
    parts.append(Markup(body_html))
    sources = Markup("").join(_source_html(s) for s in index.sources_of(event))
    parts.append(Markup("<p><strong>Sources</strong></p><ol>{}</ol>").format(sources))
    history = f"Record added {record.added.display()}"
    if record.modified:
        history += f", last corrected {record.modified.display()}"
    parts.append(Markup("<p><small>{}.</small></p>").format(history))
    return Markup("\n").join(parts)


def build_entry(event: Event, body_html: str, index: ArchiveIndex, settings: FeedSettings) -> Entry:
    """The entry of one record; `body_html` is the sanitised body, links resolved from its page."""
    record = event.record
    url = settings.absolute(event.url)
    content = absolute_html(xml_safe(_content_html(event, body_html, index, settings)), url)
    return Entry(
        id=entry_id(event, settings),
        title=xml_safe(record.title),
        url=url,
        summary=xml_safe(record.summary),
        content_html=content,
        published=as_datetime(record.added),
        updated=as_datetime(record.modified or record.added),
        event_date=record.date.iso(),
        categories=tuple(
            Category(c.term, c.scheme, xml_safe(c.label))
            for c in _categories(event, index, settings)
        ),
    )
