"""The CSV files of /data/: one declaration per file, column by column, with what each column means."""

from __future__ import annotations

from dataclasses import dataclass

from records.events import Event
from records.index import ArchiveIndex, CitedSource
from records.schema import Metric
from records.taxonomy import FACETS, Taxonomy

from .serialize import Column, CsvTable, figure, iso, joined, text


def _names(index: ArchiveIndex, taxonomy: str, event: Event) -> str:
    return joined(text(term.label) for term in index.terms_of(event, taxonomy))


def _source_urls(event: Event, index: ArchiveIndex) -> str:
    return joined(s.url for s in index.sources_of(event) if s.url)


def _term_columns(taxonomy: Taxonomy) -> tuple[Column[Event], Column[Event]]:
    """A taxonomy's slugs and, beside them, its terms' names in the same order."""
    columns, name = taxonomy.columns, taxonomy.name
    names_meaning = columns.names_meaning or (
        f"The {columns.slugs}' names, in the same order (a name may hold the separator: "
        f"split `{columns.slugs}`)."
    )
    return (
        Column(
            columns.slugs,
            columns.slugs_meaning,
            lambda e, index, _: joined(t.slug for t in index.terms_of(e, name)),
        ),
        Column(columns.names, names_meaning, lambda e, index, _: _names(index, name, e)),
    )


EVENT_COLUMNS: tuple[Column[Event], ...] = (
    Column("slug", "The event's permanent identifier.", lambda e, _, __: e.slug),
    Column("url", "The event's page.", lambda e, _, site: f"{site}/{e.url}"),
    Column("title", "Short factual title.", lambda e, _, __: text(e.record.title)),
    Column(
        "summary", "One sentence saying what happened.", lambda e, _, __: text(e.record.summary)
    ),
    Column(
        "date",
        "Start date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD.",
        lambda e, _, __: e.record.date.iso(),
    ),
    Column(
        "date_precision",
        "`year`, `month` or `day`: how much of `date` the sources give.",
        lambda e, _, __: e.record.date.precision.name.lower(),
    ),
    Column(
        "end_date",
        "Last day of a multi-day event, or empty.",
        lambda e, _, __: iso(e.record.end_date),
    ),
    Column(
        "date_note",
        "How the date was derived, when no source states it.",
        lambda e, _, __: text(e.record.date_note),
    ),
    *(column for taxonomy in FACETS for column in _term_columns(taxonomy)),
    Column(
        "location_name",
        "Where it happened, if a source says.",
        lambda e, _, __: text(e.record.location.name if e.record.location else None),
    ),
    Column(
        "location_country",
        "Country of the location.",
        lambda e, _, __: text(e.record.location.country if e.record.location else None),
    ),
    Column("tags", "Free keywords, as slugs.", lambda e, _, __: joined(e.record.tags)),
    Column(
        "metric_count",
        "Number of figures cited (one row each in metrics.csv).",
        lambda e, _, __: str(len(e.record.metrics)),
    ),
    Column(
        "sources",
        "Ids of the sources, in the record's order (see sources.csv).",
        lambda e, _, __: joined(e.record.sources),
    ),
    Column(
        "source_count",
        "Number of sources.",
        lambda e, _, __: str(len(e.record.sources)),
    ),
    Column(
        "source_urls",
        "Addresses of the sources that have one, in the record's order.",
        lambda e, index, _: _source_urls(e, index),
    ),
    Column("added", "Day the record entered the archive.", lambda e, _, __: e.record.added.iso()),
    Column(
        "modified",
        "Day of its last correction, or empty.",
        lambda e, _, __: iso(e.record.modified),
    ),
    Column(
        "former_slugs",
        "Earlier slugs of a renamed record.",
        lambda e, _, __: joined(e.record.former_slugs),
    ),
)


@dataclass(frozen=True)
class Figure:
    """One row of metrics.csv: a figure with the event that cites it."""

    event: Event
    metric: Metric


def _subject_name(figure: Figure, index: ArchiveIndex) -> str:
    """The name of the figure's subject: the build refuses a subject that is no leader or
    organization of the record."""
    profile = index.registry.profile(figure.metric.subject)
    if profile is None:
        raise LookupError(f"{figure.event.slug}: '{figure.metric.subject}' is in no registry")
    return text(profile.name)


def _figures(index: ArchiveIndex) -> list[Figure]:
    return [Figure(event, metric) for event in index.events for metric in event.record.metrics]


METRIC_COLUMNS: tuple[Column[Figure], ...] = (
    Column(
        "record", "Slug of the event whose record cites the figure.", lambda f, _, __: f.event.slug
    ),
    Column(
        "subject",
        "The leader or organization the figure is about (slug).",
        lambda f, _, __: f.metric.subject,
    ),
    Column(
        "subject_name",
        "Its name.",
        lambda f, index, _: _subject_name(f, index),
    ),
    Column("platform", "Platform slug, or empty.", lambda f, _, __: f.metric.platform or ""),
    Column("measure", "What is counted (a measure slug).", lambda f, _, __: f.metric.measure),
    Column(
        "value", "The number as stated, without rounding.", lambda f, _, __: figure(f.metric.value)
    ),
    Column(
        "qualifier",
        "How the source qualified it: `exact`, `about`, `more-than`, `at-least`, `fewer-than`, `up-to`.",
        lambda f, _, __: f.metric.qualifier.value,
    ),
    Column(
        "as_of",
        "When the figure held, as the source says, or empty.",
        lambda f, _, __: iso(f.metric.as_of),
    ),
    Column(
        "source",
        "Id of the source that gives it (see sources.csv).",
        lambda f, _, __: f.metric.source,
    ),
    Column(
        "quote",
        "The source's own words stating the figure, or empty.",
        lambda f, _, __: text(f.metric.quote),
    ),
    Column("note", "What exactly was counted, or empty.", lambda f, _, __: text(f.metric.note)),
)


def _sources(index: ArchiveIndex) -> list[CitedSource]:
    return list(index.sources.values())


SOURCE_COLUMNS: tuple[Column[CitedSource], ...] = (
    Column("id", "The source's permanent identifier.", lambda c, _, __: c.id),
    Column("kind", "What sort of document it is.", lambda c, _, __: c.source.kind.value),
    Column("publisher", "Who published it.", lambda c, _, __: text(c.source.publisher)),
    Column("title", "Its title as published.", lambda c, _, __: text(c.source.title)),
    Column(
        "authors",
        "Its authors, where named.",
        lambda c, _, __: joined(text(a) for a in c.source.authors),
    ),
    Column(
        "date",
        "Publication date as precise as shown, or empty.",
        lambda c, _, __: iso(c.source.date),
    ),
    Column("language", "BCP 47 tag of its language.", lambda c, _, __: c.source.language),
    Column("url", "Its address, or empty.", lambda c, _, __: c.source.url or ""),
    Column(
        "archived_url", "An archived copy, or empty.", lambda c, _, __: c.source.archived_url or ""
    ),
    Column(
        "url_note", "Why it has no address, or empty.", lambda c, _, __: text(c.source.url_note)
    ),
    Column("note", "What it supports, or empty.", lambda c, _, __: text(c.source.note)),
    Column(
        "events",
        "Slugs of the events citing it, in date order.",
        lambda c, _, __: joined(e.slug for e in c.events),
    ),
    Column(
        "profiles",
        "Slugs of the leaders and organizations citing it.",
        lambda c, _, __: joined(t.slug for t in c.profiles),
    ),
)

EVENTS_TABLE = CsvTable(
    "events.csv", "event, in date order", EVENT_COLUMNS, lambda index: index.events
)
METRICS_TABLE = CsvTable(
    "metrics.csv", "figure, in the order of events and of each record", METRIC_COLUMNS, _figures
)
SOURCES_TABLE = CsvTable("sources.csv", "source, in id order", SOURCE_COLUMNS, _sources)
AnyCsvTable = CsvTable[Event] | CsvTable[Figure] | CsvTable[CitedSource]
CSV_TABLES: tuple[AnyCsvTable, ...] = (EVENTS_TABLE, METRICS_TABLE, SOURCES_TABLE)
