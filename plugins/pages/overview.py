"""The archive at a glance, from the index: events per year by type, and the facets to filter by."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from records.dates import PartialDate
from records.events import Event
from records.index import ArchiveIndex, Term
from records.taxonomy import FACETS, Taxonomy

from .chart import Series, YearChart, year_chart
from .profiles import by_name, sort_name

# The home page's glance: how many recent records, and how many leaders and organizations.
RECENT_COUNT = 10
MOST_CITED_COUNT = 6


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
        Facet(taxonomy, by_name([t for t in index.terms[taxonomy.name].values() if t.events]))
        for taxonomy in FACETS
        if taxonomy.timeline_facet
    ]


@dataclass(frozen=True)
class AddedDay:
    """Records that entered the archive on one day, in the order the home page lists them."""

    day: PartialDate
    events: tuple[Event, ...]


def added_days(events: Sequence[Event]) -> list[AddedDay]:
    """Consecutive records added on the same day form one group; the given order is kept."""
    days: list[AddedDay] = []
    for event in events:
        if days and days[-1].day == event.record.added:
            days[-1] = AddedDay(days[-1].day, (*days[-1].events, event))
        else:
            days.append(AddedDay(event.record.added, (event,)))
    return days


def most_cited(index: ArchiveIndex, taxonomy: str, count: int = MOST_CITED_COUNT) -> list[Term]:
    """The terms with the most events, most first, then by name; terms without events are left out."""
    terms = [t for t in index.terms[taxonomy].values() if t.events]
    return sorted(terms, key=lambda t: (-len(t.events), sort_name(t.label), t.slug))[:count]


@dataclass(frozen=True)
class Glance:
    """The home page's view of the whole archive: recent additions and the most-cited terms."""

    recent: list[AddedDay]
    leaders: list[Term]
    organizations: list[Term]
    platforms: list[Term]
    types: list[Term]


def glance(index: ArchiveIndex) -> Glance:
    """Everything the home page shows beside the chart, from the one index."""
    return Glance(
        recent=added_days(index.recently_added(RECENT_COUNT)),
        leaders=most_cited(index, "leaders"),
        organizations=most_cited(index, "organizations"),
        platforms=most_cited(index, "platforms", len(index.terms["platforms"])),
        types=most_cited(index, "types", len(index.terms["types"])),
    )
