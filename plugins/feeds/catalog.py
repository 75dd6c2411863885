"""Every feed the archive publishes: one for the whole archive, one per taxonomy term."""

from __future__ import annotations

from dataclasses import dataclass

from records.events import Event
from records.index import ArchiveIndex, Term
from records.taxonomy import TAXONOMIES
from records.urls import archive_feed

from .entries import newest_first
from .settings import FeedSettings

ARCHIVE_ATOM = archive_feed("atom")
ARCHIVE_RSS = archive_feed("rss")
ARCHIVE_JSON = archive_feed("json")


@dataclass(frozen=True)
class Feed:
    """One feed in its Atom and RSS forms: its title, what it follows, where it lives, its records."""

    title: str
    follows: str
    page_url: str
    atom_url: str
    rss_url: str
    events: tuple[Event, ...]
    term: Term | None = None


@dataclass(frozen=True)
class FeedCatalog:
    """The feeds of one build, for the writers, the /feeds/ page and the discovery links in <head>."""

    archive: Feed
    terms: dict[str, dict[str, Feed]]
    archive_limit: int
    term_limit: int
    json_url: str = ARCHIVE_JSON

    def of_term(self, term: Term) -> Feed:
        """The feed that follows one leader, organization, type or platform."""
        return self.terms[term.taxonomy.name][term.slug]

    def for_page(self, term: Term | None = None) -> list[Feed]:
        """The feeds a page advertises: its term's feed first (feed readers pick the first), then all."""
        return [self.of_term(term), self.archive] if term is not None else [self.archive]

    def all(self) -> list[Feed]:
        """Every feed, the whole archive first, then terms in taxonomy and slug order."""
        return [self.archive, *(f for table in self.terms.values() for f in table.values())]


def _term_feed(term: Term, settings: FeedSettings) -> Feed:
    kind = term.taxonomy.singular
    return Feed(
        title=f"{term.label} – {settings.title}",
        follows=f"Records added to the {settings.title} for the {kind} {term.label}.",
        page_url=term.url,
        atom_url=term.atom_url,
        rss_url=term.rss_url,
        events=tuple(newest_first(term.events)[: settings.term_max_items]),
        term=term,
    )


def build_catalog(index: ArchiveIndex, settings: FeedSettings) -> FeedCatalog:
    """Describe every feed once, from the index: one loop over the taxonomies serves all of them."""
    archive = Feed(
        title=settings.title,
        follows=f"Every record added to the {settings.title}, newest first.",
        page_url="",
        atom_url=ARCHIVE_ATOM,
        rss_url=ARCHIVE_RSS,
        events=tuple(newest_first(index.events)[: settings.max_items]),
    )
    terms = {
        taxonomy.name: {
            slug: _term_feed(term, settings)
            for slug, term in sorted(index.terms[taxonomy.name].items())
        }
        for taxonomy in TAXONOMIES
    }
    return FeedCatalog(
        archive=archive,
        terms=terms,
        archive_limit=settings.max_items,
        term_limit=settings.term_max_items,
    )
