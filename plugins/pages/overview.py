"""The archive at a glance, from the index: events per year by type, and the facets to filter by."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from archive.index import TAXONOMY_BY_NAME, ArchiveIndex, Taxonomy, Term

from .chart import Series, YearChart, year_chart
from .profiles import by_name

# Facets offered as filters of the timeline (leaders and organizations have their own indexes).
FACET_TAXONOMIES = ("types", "platforms")


def type_series(index: ArchiveIndex) -> list[Series]:
    """One colour per event type, fixed by the vocabulary's order so a type keeps it on every page."""
    return [
        Series(term.slug, term.label, f"series-{n % 12 + 1}")
        for n, term in enumerate(index.terms["types"].values())
    ]


def events_per_year_chart(index: ArchiveIndex) -> YearChart:
    """The overview chart: every event counted once, in its year, under its type."""
    counts = {
        year: Counter(event.record.type for event in events)
        for year, events in index.by_year.items()
    }
    return year_chart(counts, type_series(index))


@dataclass(frozen=True)
class Facet:
    """A taxonomy offered as a timeline filter, with its terms that have events."""

    taxonomy: Taxonomy
    terms: list[Term]


def facets(index: ArchiveIndex) -> list[Facet]:
    """Types and platforms that have events, by name: the no-JavaScript filters of the timeline."""
    return [
        Facet(
            TAXONOMY_BY_NAME[name],
            by_name([t for t in index.terms[name].values() if t.events]),
        )
        for name in FACET_TAXONOMIES
    ]
