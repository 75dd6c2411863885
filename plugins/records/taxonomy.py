"""Taxonomies as declarations: how events are classified, where terms come from, how records refer
to them, and where their pages, feeds, columns and search filters go.

Index, checks, pages, feeds, search filters, exports and templates loop over `TAXONOMIES`; adding a
way to classify events is one declaration here (Nikola's `Taxonomy` classes are the model).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import PartialDate
from .urls import section_url, site_sections, term_feed, term_url

if TYPE_CHECKING:
    from .events import Event
    from .registry import Registry
    from .schema import EventRecord


@dataclass(frozen=True)
class TermEntry:
    """What a term is made from: its name, a description and the registry entry behind it."""

    label: str
    description: str | None
    record: object


@dataclass(frozen=True)
class Reference:
    """How a record names terms: the front-matter field, one slug or a list, and the word used in
    `unknown <kind> 'x'` messages; `known` gives the slugs a record may use."""

    field: str
    kind: str
    many: bool
    collection: str  # a registry folder (`leaders`) or a vocabulary list (`event_types`)
    in_vocabulary: bool

    def known(self, registry: Registry) -> Collection[str]:
        """The slugs a record may name here."""
        if self.in_vocabulary:
            return registry.vocabulary_section(self.collection)
        return registry.profiles_in(self.collection)


@dataclass(frozen=True)
class Columns:
    """The two CSV columns of a taxonomy in events.csv: slugs, and names in the same order."""

    slugs: str
    names: str
    slugs_meaning: str
    names_meaning: str


@dataclass(frozen=True)
class Taxonomy:
    """One way of classifying events; leaders, organizations, types, platforms and countries are
    all taxonomies, each one declaration."""

    name: str  # URL section, feed folder and key in the index: `leaders`
    singular: str  # `leader`: in feed titles and facet headings
    title: str  # heading of the section's index page
    facet_label: str  # heading of the term list on event pages and timeline entries
    # Every term, slug → entry, in page order, from the registry and the events read.
    terms: Callable[[Registry, Sequence[Event]], Mapping[str, TermEntry]]
    classify: Callable[[Event, Registry], list[str]]  # an event's term slugs, in the record's order
    columns: Columns
    facet_position: int  # where its terms are listed among an event's facts (types first)
    reference: Reference | None = None  # None: terms come from the records themselves
    search_filter: str | None = None  # the Pagefind filter of event pages
    in_compact_entries: bool = False  # shown in the short timeline entries of term pages
    timeline_facet: bool = False  # listed in the timeline's facet filters
    profiles: bool = False  # term pages are profiles (leaders, organizations)
    marks: bool = False  # terms have a mark (platform icons) and names that changed over time
    follows_of: bool = False  # "events of <term>" rather than "events in <term>"

    def url(self) -> str:
        """The index page of the taxonomy, e.g. `leaders/`."""
        return section_url(self.name)

    def term_url(self, slug: str) -> str:
        """A term's page, e.g. `leaders/ban-ki-moon/`."""
        return term_url(self.name, slug)

    def feed_url(self, slug: str, form: str) -> str:
        """A term's feed: `form` is `atom` or `rss`."""
        return term_feed(self.name, slug, form)


def _registry_terms(folder: str) -> Callable[[Registry, Sequence[Event]], Mapping[str, TermEntry]]:
    def terms(registry: Registry, events: Sequence[Event]) -> Mapping[str, TermEntry]:
        records = registry.profiles_in(folder)
        return {slug: TermEntry(r.name, r.bio, r) for slug, r in records.items()}

    return terms


def _vocabulary_terms(
    section: str,
) -> Callable[[Registry, Sequence[Event]], Mapping[str, TermEntry]]:
    def terms(registry: Registry, events: Sequence[Event]) -> Mapping[str, TermEntry]:
        entries = registry.vocabulary_section(section)
        return {slug: TermEntry(e.label, e.description, e) for slug, e in entries.items()}

    return terms


def _listed(field: str) -> Callable[[Event, Registry], list[str]]:
    def classify(event: Event, registry: Registry) -> list[str]:
        value: str | list[str] = getattr(event.record, field)
        return [value] if isinstance(value, str) else list(value)

    return classify


# Countries come from the records: events' locations, organizations' country and the countries of
# the national offices leaders held. A name's slug is its ASCII spelling; names that differ only in
# case, accents or punctuation are one country, shown by their most used spelling.
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def country_slug(name: str) -> str:
    """`Côte d'Ivoire` → `cote-d-ivoire`; a name with no Latin letters gets a stable `c-<hash>`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")
    return slug or "c-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def _held_on(start: PartialDate | None, end: PartialDate | None, date: PartialDate) -> bool:
    """An office held (as far as its known bounds say) at some time within `date`."""
    began = start is None or start.first_day() <= date.last_day()
    ongoing = end is None or end.last_day() >= date.first_day()
    return began and ongoing


def _event_country_names(record: EventRecord, registry: Registry) -> Iterable[str]:
    if record.location and record.location.country:
        yield record.location.country
    for slug in record.leaders:
        for role in registry.leaders[slug].roles:
            if role.country and _held_on(role.start, role.end, record.date):
                yield role.country
    for slug in record.organizations:
        country = registry.organizations[slug].country
        if country:
            yield country


def _all_country_names(registry: Registry, events: Sequence[Event]) -> Iterable[str]:
    for event in events:
        location = event.record.location
        if location and location.country:
            yield location.country
    for leader in registry.leaders.values():
        yield from (role.country for role in leader.roles if role.country)
    for organization in registry.organizations.values():
        if organization.country:
            yield organization.country


def _country_terms(registry: Registry, events: Sequence[Event]) -> Mapping[str, TermEntry]:
    names = Counter(_all_country_names(registry, events))
    spellings: dict[str, list[tuple[int, str]]] = {}
    for name, count in names.items():
        spellings.setdefault(country_slug(name), []).append((-count, name))
    return {slug: TermEntry(min(spellings[slug])[1], None, None) for slug in sorted(spellings)}


def _countries_of(event: Event, registry: Registry) -> list[str]:
    slugs = (country_slug(name) for name in _event_country_names(event.record, registry))
    return list(dict.fromkeys(slugs))


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy(
        name="leaders",
        singular="leader",
        title="Leaders",
        facet_label="Leaders",
        terms=_registry_terms("leaders"),
        classify=_listed("leaders"),
        columns=Columns("leaders", "leader_names", "Leader slugs (see leaders.json).", ""),
        facet_position=3,
        reference=Reference("leaders", "leader", True, "leaders", in_vocabulary=False),
        search_filter="leader",
        profiles=True,
        follows_of=True,
    ),
    Taxonomy(
        name="organizations",
        singular="organization",
        title="Organizations",
        facet_label="Organizations",
        terms=_registry_terms("organizations"),
        classify=_listed("organizations"),
        columns=Columns(
            "organizations",
            "organization_names",
            "Organization slugs (see organizations.json).",
            "",
        ),
        facet_position=4,
        reference=Reference(
            "organizations", "organization", True, "organizations", in_vocabulary=False
        ),
        search_filter="organization",
        profiles=True,
        follows_of=True,
    ),
    Taxonomy(
        name="types",
        singular="type",
        title="Event types",
        facet_label="Type",
        terms=_vocabulary_terms("event_types"),
        classify=_listed("type"),
        columns=Columns("type", "type_label", "Event type slug.", "The event type's name."),
        facet_position=1,
        reference=Reference("type", "event type", False, "event_types", in_vocabulary=True),
        search_filter="type",
        in_compact_entries=True,
        timeline_facet=True,
    ),
    Taxonomy(
        name="platforms",
        singular="platform",
        title="Platforms",
        facet_label="Platforms",
        terms=_vocabulary_terms("platforms"),
        classify=_listed("platforms"),
        columns=Columns("platforms", "platform_names", "Platform slugs.", ""),
        facet_position=2,
        reference=Reference("platforms", "platform", True, "platforms", in_vocabulary=True),
        search_filter="platform",
        in_compact_entries=True,
        timeline_facet=True,
        marks=True,
    ),
    Taxonomy(
        name="countries",
        singular="country",
        title="Countries and territories",
        facet_label="Countries",
        terms=_country_terms,
        classify=_countries_of,
        columns=Columns(
            "countries",
            "country_names",
            "Country slugs: where it happened, and the countries of its organizations and of "
            "the national offices its leaders held at the time.",
            "",
        ),
        facet_position=5,
        search_filter="country",
    ),
)
# The order in which an event's terms are shown: its type, platforms, leaders, organizations...
FACETS = tuple(sorted(TAXONOMIES, key=lambda t: t.facet_position))
SITE_SECTIONS = site_sections(t.name for t in TAXONOMIES)
