"""The one archive index: events by date and by every taxonomy, built once and shared via the context."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dates import PartialDate
from .events import Event
from .registry import Registry
from .schema import LeaderRecord, OrganizationRecord, Source
from .taxonomy import FACETS, TAXONOMIES, Taxonomy
from .urls import page_file


@dataclass
class Term:
    """One leader, organization, type or platform, with its events; the unit of pages and feeds."""

    taxonomy: Taxonomy
    slug: str
    label: str
    description: str | None
    record: object  # a leader's or organization's entry, a vocabulary entry, or None
    events: list[Event] = field(default_factory=list)

    @property
    def profile(self) -> LeaderRecord | OrganizationRecord:
        """The registry entry of a leader or an organization (what a profile page shows)."""
        if not isinstance(self.record, LeaderRecord | OrganizationRecord):
            raise TypeError(f"{self.url}: a {self.taxonomy.singular} has no profile")
        return self.record

    def label_on(self, date: PartialDate) -> str:
        """The name the term had on `date`: a renamed platform shows its name of the time."""
        label_on = getattr(self.record, "label_on", None)
        return label_on(date) if callable(label_on) else self.label

    @property
    def url(self) -> str:
        """Permanent page URL, e.g. `leaders/ban-ki-moon/`."""
        return self.taxonomy.term_url(self.slug)

    @property
    def save_as(self) -> str:
        """Output file of the term's page."""
        return page_file(self.url)

    @property
    def atom_url(self) -> str:
        """The term's Atom feed."""
        return self.taxonomy.feed_url(self.slug, "atom")

    @property
    def rss_url(self) -> str:
        """The term's RSS feed."""
        return self.taxonomy.feed_url(self.slug, "rss")


@dataclass
class CitedSource:
    """A source with the records that cite it: events and leaders' or organizations' entries."""

    source: Source
    events: list[Event] = field(default_factory=list)
    profiles: list[Term] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The source's id: its file name and its anchor on the bibliography page."""
        return self.source.id


def _cited_sources(
    events: list[Event], terms: dict[str, dict[str, Term]], registry: Registry
) -> dict[str, CitedSource]:
    """Every source in id order, each with the events (in date order) and profiles citing it."""
    cited = {i: CitedSource(registry.sources[i]) for i in sorted(registry.sources)}
    for event in events:
        for source_id in event.record.sources:
            cited[source_id].events.append(event)
    for taxonomy in (t.name for t in TAXONOMIES if t.profiles):
        for slug in sorted(terms[taxonomy]):
            term = terms[taxonomy][slug]
            for source_id in term.profile.sources:
                cited[source_id].profiles.append(term)
    return cited


def chronological(events: Iterable[Event]) -> list[Event]:
    """Oldest first; a year-only date heads its year and a month-only date heads its month."""
    return sorted(events, key=lambda e: (e.record.date.sort_key(), e.slug))


def added_order(event: Event) -> tuple[object, ...]:
    """Sort key of the order records entered the archive: the day added, then the event's date."""
    return (event.record.added, event.record.date.sort_key(), event.slug)


@dataclass
class ArchiveIndex:
    """Events in date order, by slug, by year, and by every taxonomy term; read by every output plugin."""

    registry: Registry
    events: list[Event]
    terms: dict[str, dict[str, Term]]
    by_slug: dict[str, Event]
    by_year: dict[int, list[Event]]
    sources: dict[str, CitedSource]
    positions: dict[str, int] = field(default_factory=dict)
    # Each event's term slugs per taxonomy, in the record's order: classified once, read by pages.
    classified: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @classmethod
    def build(cls, events: Iterable[Event], registry: Registry) -> ArchiveIndex:
        """Classify every event once; per-term lists come out in chronological order."""
        ordered = chronological(events)
        terms = {
            t.name: {
                slug: Term(t, slug, entry.label, entry.description, entry.record)
                for slug, entry in t.terms(registry, ordered).items()
            }
            for t in TAXONOMIES
        }
        by_year: dict[int, list[Event]] = defaultdict(list)
        classified: dict[str, dict[str, list[str]]] = {t.name: {} for t in TAXONOMIES}
        for event in ordered:
            by_year[event.record.date.year].append(event)
            for taxonomy in TAXONOMIES:
                slugs = taxonomy.classify(event, registry)
                classified[taxonomy.name][event.slug] = slugs
                for slug in slugs:
                    terms[taxonomy.name][slug].events.append(event)
        return cls(
            registry=registry,
            events=ordered,
            terms=terms,
            by_slug={e.slug: e for e in ordered},
            by_year=dict(sorted(by_year.items())),
            sources=_cited_sources(ordered, terms, registry),
            positions={e.slug: n for n, e in enumerate(ordered)},
            classified=classified,
        )

    def terms_of(self, event: Event, taxonomy: str) -> list[Term]:
        """The terms an event belongs to in one taxonomy, in the record's order."""
        table = self.terms[taxonomy]
        return [table[slug] for slug in self.classified[taxonomy][event.slug]]

    def sources_of(self, item: Event | Term) -> list[Source]:
        """The sources an event or a profile cites, in its own order."""
        record = item.record if isinstance(item, Event) else item.profile
        return [self.sources[source_id].source for source_id in record.sources]

    def source(self, source_id: str) -> Source:
        """One source by id."""
        return self.sources[source_id].source

    def term(self, taxonomy: str, slug: str) -> Term:
        """One term by taxonomy name and slug."""
        return self.terms[taxonomy][slug]

    def neighbours(self, event: Event) -> tuple[Event | None, Event | None]:
        """The events just before and just after this one in time (None at either end)."""
        position = self.positions[event.slug]
        before = self.events[position - 1] if position else None
        after = self.events[position + 1] if position + 1 < len(self.events) else None
        return before, after

    def recently_added(self, count: int) -> list[Event]:
        """The newest records to enter the archive: by the day added, then by event date, newest
        first (slugs break ties the same way in every build)."""
        return sorted(self.events, key=added_order, reverse=True)[:count]

    @property
    def taxonomies(self) -> tuple[Taxonomy, ...]:
        """All taxonomies, for templates that list them."""
        return TAXONOMIES

    @property
    def search_filters(self) -> list[tuple[str, str]]:
        """The search page's filters of events by term: (Pagefind filter, label), in facet order."""
        return [(t.search_filter, t.singular.capitalize()) for t in FACETS if t.search_filter]

    @property
    def facets(self) -> tuple[Taxonomy, ...]:
        """All taxonomies in the order an event's terms are shown."""
        return FACETS
