"""What a leader's or organization's page says, computed from the one index: pure and unit-tested."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from records.dates import display_range
from records.index import ArchiveIndex, Term
from records.schema import Account, OrganizationKind, OrganizationRecord, Role
from records.taxonomy import TAXONOMIES

from .figures import FigureSeries, figure_history

PROFILE_TAXONOMIES = tuple(t.name for t in TAXONOMIES if t.profiles)
KIND_LABELS = {
    OrganizationKind.INTERGOVERNMENTAL: "Intergovernmental organization",
    OrganizationKind.UN_AGENCY: "United Nations agency",
    OrganizationKind.GOVERNMENT: "Government",
    OrganizationKind.MINISTRY: "Ministry",
    OrganizationKind.EMBASSY: "Embassy",
    OrganizationKind.COMPANY: "Company",
    OrganizationKind.NGO: "Non-governmental organization",
    OrganizationKind.SPORTS_BODY: "Sports body",
    OrganizationKind.MEDIA: "Media organization",
}
WIKIDATA_URL = "https://www.wikidata.org/wiki/{}"


def sort_name(label: str) -> str:
    """Alphabetical key that ignores case and accents (`Nicolás` sorts as `nicolas`)."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def by_name(terms: list[Term]) -> list[Term]:
    """Terms in alphabetical order of their labels."""
    return sorted(terms, key=lambda t: (sort_name(t.label), t.slug))


def kind_label(term: Term) -> str | None:
    """What sort of body an organization is, in words; None for a leader."""
    record = term.record
    return KIND_LABELS[record.kind] if isinstance(record, OrganizationRecord) else None


def wikidata_url(term: Term) -> str | None:
    """The Wikidata page of a profile whose registry entry names its item (only where certain)."""
    wikidata = getattr(term.record, "wikidata", None)
    return WIKIDATA_URL.format(wikidata) if wikidata else None


@dataclass(frozen=True)
class RoleLine:
    """An office held, with where, when and the registry source that says so."""

    role: Role
    organization: Term | None

    @property
    def period(self) -> str | None:
        """`1 January 2007 – 31 December 2016`, `from 2010`, `until 2016`, or None."""
        start, end = self.role.start, self.role.end
        if start:
            return display_range(start, end) if end else f"from {start.display()}"
        return f"until {end.display()}" if end else None

    @property
    def where(self) -> str | None:
        """The organization's name or the country the office was held for."""
        return self.organization.label if self.organization else self.role.country


def _start_key(line: RoleLine) -> tuple[int, tuple[int, int, int]]:
    """Dated roles by start (or end) date; undated ones after them."""
    start = line.role.start or line.role.end
    return (0, start.sort_key()) if start else (1, (0, 0, 0))


def roles_over_time(term: Term, index: ArchiveIndex) -> list[RoleLine]:
    """A leader's roles, earliest first; roles without dates come last, in the registry's order."""
    lines = [
        RoleLine(role, index.terms["organizations"].get(role.organization or ""))
        for role in getattr(term.record, "roles", [])
    ]
    return sorted(lines, key=_start_key)


def principal_role(term: Term, index: ArchiveIndex) -> RoleLine | None:
    """The most recent role, which the leaders' index shows beside the name."""
    lines = roles_over_time(term, index)
    dated = [line for line in lines if line.role.start or line.role.end]
    found = dated or lines
    return found[-1] if found else None


def affiliation(term: Term, index: ArchiveIndex) -> str:
    """The country or organization under which the index groups a profile."""
    record = term.record
    if isinstance(record, OrganizationRecord):
        parent = index.terms["organizations"].get(record.parent or "")
        return parent.label if parent else (record.country or "International")
    line = principal_role(term, index)
    return (line.where if line else None) or "Other"


@dataclass(frozen=True)
class AccountLine:
    """An account as its page shows it: platform term, handle, link, dates, closed mark, source."""

    account: Account
    platform: Term

    @property
    def closed(self) -> bool:
        """Whether the registry records the account as closed."""
        return self.account.closed is not None


def accounts(term: Term, index: ArchiveIndex) -> list[AccountLine]:
    """Accounts in the registry's order, each with its platform term for label and link."""
    return [
        AccountLine(account, index.terms["platforms"][account.platform])
        for account in getattr(term.record, "accounts", [])
    ]


def platforms_used(term: Term, index: ArchiveIndex) -> list[Term]:
    """Platforms of the profile's accounts and of its events, in the vocabulary's order."""
    slugs = {a.platform for a in getattr(term.record, "accounts", [])}
    slugs.update(p for event in term.events for p in event.record.platforms)
    return [t for slug, t in index.terms["platforms"].items() if slug in slugs]


@dataclass(frozen=True)
class Related:
    """Another leader or organization and how many events it shares with the profile."""

    term: Term
    shared: int


def related(term: Term, index: ArchiveIndex) -> list[Related]:
    """Leaders and organizations named in the same events, most shared first, then by name."""
    counts: Counter[tuple[str, str]] = Counter()
    for event in term.events:
        for taxonomy in PROFILE_TAXONOMIES:
            for other in index.terms_of(event, taxonomy):
                if other is not term:
                    counts[(taxonomy, other.slug)] += 1
    found = [Related(index.terms[t][s], n) for (t, s), n in counts.items()]
    return sorted(found, key=lambda r: (-r.shared, sort_name(r.term.label), r.term.slug))


def members(term: Term, index: ArchiveIndex) -> list[Term]:
    """Organizations whose registry entry names this one as their parent."""
    children = [
        t
        for t in index.terms["organizations"].values()
        if isinstance(t.record, OrganizationRecord) and t.record.parent == term.slug
    ]
    return by_name(children)


def json_ld(term: Term, site_url: str) -> dict[str, Any]:
    """schema.org `Person` or `Organization`, with `sameAs` for Wikidata and linked accounts."""
    record = term.profile
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization" if isinstance(record, OrganizationRecord) else "Person",
        "name": record.name,
        "url": f"{site_url}/{term.url}",
    }
    if record.original_name:
        data["alternateName"] = record.original_name.text
    if record.bio:
        data["description"] = record.bio
    same_as = [wikidata_url(term)] if record.wikidata else []
    same_as += [a.url for a in record.accounts if a.url]
    if same_as:
        data["sameAs"] = same_as
    return data


@dataclass(frozen=True)
class Profile:
    """Everything a leader's or organization's page shows beyond its timeline."""

    roles: list[RoleLine]
    accounts: list[AccountLine]
    figures: list[FigureSeries]
    related: list[Related]
    members: list[Term]
    parent: Term | None
    kind: str | None
    wikidata_url: str | None
    json_ld: dict[str, Any]


def profile(term: Term, index: ArchiveIndex, site_url: str) -> Profile:
    """Assemble a profile page's content from the index; `site_url` makes JSON-LD URLs absolute."""
    parent_slug = getattr(term.record, "parent", None)
    return Profile(
        roles=roles_over_time(term, index),
        accounts=accounts(term, index),
        figures=figure_history(term, index),
        related=related(term, index),
        members=members(term, index) if term.taxonomy.name == "organizations" else [],
        parent=index.terms["organizations"][parent_slug] if parent_slug else None,
        kind=kind_label(term),
        wikidata_url=wikidata_url(term),
        json_ld=json_ld(term, site_url),
    )


@dataclass(frozen=True)
class ProfileEntry:
    """One line of the leaders' or organizations' index."""

    term: Term
    role: RoleLine | None
    kind: str | None
    platforms: list[Term]


@dataclass(frozen=True)
class ProfileGroup:
    """Profiles of one country or organization, by name."""

    label: str
    entries: list[ProfileEntry]

    @property
    def anchor(self) -> str:
        """Fragment id for the group's heading."""
        return "group-" + "-".join(sort_name(self.label).split())


def profile_groups(terms: list[Term], index: ArchiveIndex) -> list[ProfileGroup]:
    """Profiles grouped by affiliation (groups by name, `International` and `Other` last)."""
    groups: dict[str, list[ProfileEntry]] = {}
    for term in by_name(terms):
        entry = ProfileEntry(
            term, principal_role(term, index), kind_label(term), platforms_used(term, index)
        )
        groups.setdefault(affiliation(term, index), []).append(entry)
    last = ("International", "Other")
    return [
        ProfileGroup(label, groups[label])
        for label in sorted(
            groups, key=lambda g: (g in last, last.index(g) if g in last else 0, sort_name(g))
        )
    ]
