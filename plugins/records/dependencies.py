"""What each output is made from: the digests of the inputs that outputs declare.

An output of the build (a page, a feed, a citation file) is a function of the code, theme and
settings (the `site` digest, the same for every output of a build) and of the inputs it declares:
the records it shows, the registry entries and vocabulary terms those records name, and the
archive-wide aggregates it reads (counts, the timeline's facets). The key of an output digests its
name, the site and those inputs; an incremental build reuses the file of the last good build when
its key is unchanged and writes it again otherwise. Every input that a template may read must be
in the key: tests/test_incremental.py compares an incremental build with a clean one, byte for
byte, after random edits.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from .events import Event
from .index import ArchiveIndex, Term
from .taxonomy import FACETS

# Pelican rewrites `{filename}`, `{static}`, `|filename|`... in a body's links to other content's
# URLs (its INTRASITE_LINK_REGEX; an unknown word is a warning, so a failed build): a body that has
# one depends on every content file's address, not on its own bytes alone.
_PELICAN_LINK = re.compile(r"[{|](?:filename|static|attach|index|tag|category|author)[|}]")


def digest(*parts: str) -> str:
    """One digest of several texts (each delimited, so that ("ab", "c") differs from ("a", "bc"))."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part.encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


def model_text(value: object) -> str:
    """A registry entry as text: every field's value (pydantic's representation, which names each
    field; its JSON would need a serializer for every custom type, such as partial dates)."""
    return repr(value)


class Dependencies:
    """The digests of one build's inputs, each computed once (a run holds one; nothing global).

    `records` maps each record's path (as `Event.path`) to the digest of its file's bytes, or to
    None when the file changed while it was read: outputs showing such a record are never reused.
    """

    def __init__(
        self,
        index: ArchiveIndex,
        records: Mapping[str, str | None],
        site: str,
        content: Callable[[], str],
    ) -> None:
        self.index = index
        self.records = records
        self.site = site
        # Every content file's name and bytes (what Pelican's `{filename}` links read), on demand.
        self._content = content
        self._content_digest: str | None = None
        self._terms: dict[tuple[str, str], str] = {}
        self._events: dict[str, str | None] = {}
        self._accents: str | None = None
        self._sources: str | None = None
        self._facets: str | None = None

    def key(self, name: str, *parts: str | None) -> str | None:
        """The key of the output at `name` made from `parts` (None: an input with no digest, so
        the output is written every build)."""
        if any(part is None for part in parts):
            return None
        return digest(self.site, name, *(p for p in parts if p is not None))

    def record(self, event: Event) -> str | None:
        """The record's own file: its bytes (so its fields and body), under its path."""
        return self.records.get(event.path)

    def term(self, term: Term) -> str:
        """A leader, organization, type, platform or country as pages show it: its label, its
        description and its whole registry entry (names over time, accounts, roles, sources)."""
        found = self._terms.get((term.taxonomy.name, term.slug))
        if found is None:
            found = digest(
                term.taxonomy.name,
                term.slug,
                term.label,
                term.description or "",
                model_text(term.record),
            )
            self._terms[(term.taxonomy.name, term.slug)] = found
        return found

    def event(self, event: Event) -> str | None:
        """Everything shown of an event wherever it appears: its record, and each registry entry it
        names (its terms, sources, and the subjects, measures and platforms of its figures and
        posts)."""
        if event.slug in self._events:
            return self._events[event.slug]
        own = self.record(event)
        found = None if own is None else digest(own, *self._references(event))
        self._events[event.slug] = found
        return found

    def _references(self, event: Event) -> list[str]:
        index, registry, record = self.index, self.index.registry, event.record
        parts = [
            self.term(term) for taxonomy in FACETS for term in index.terms_of(event, taxonomy.name)
        ]
        parts += [model_text(index.source(source_id)) for source_id in record.sources]
        named: list[tuple[str, str | None, str | None]] = [
            (m.subject, m.platform, m.measure) for m in record.metrics
        ]
        named += [(p.author, p.platform, None) for p in record.posts]
        for profile, platform, measure in named:
            for taxonomy in ("leaders", "organizations"):
                if profile in index.terms[taxonomy]:
                    parts.append(self.term(index.terms[taxonomy][profile]))
            if platform is not None:
                parts.append(self.term(index.terms["platforms"][platform]))
            if measure is not None:
                parts.append(digest(measure, model_text(registry.measures.get(measure))))
        if self.links_to_content(event):
            if self._content_digest is None:
                self._content_digest = self._content()
            parts.append(self._content_digest)
        return parts

    def links_to_content(self, event: Event) -> bool:
        """Whether the record's body links to other content through Pelican's placeholders."""
        return _PELICAN_LINK.search(event.body) is not None

    def neighbour(self, event: Event | None) -> str | None:
        """An event shown beside another (the event before or after it in time), or none."""
        return "none" if event is None else self.record(event)

    def events(self, events: Iterable[Event]) -> str | None:
        """Several events in their order (a listing's, a feed's)."""
        found = [self.event(e) for e in events]
        if any(f is None for f in found):
            return None
        return digest(*(f for f in found if f is not None))

    def profile(self, term: Term) -> str | None:
        """What a leader's or organization's profile shows beyond its term: its events' figures
        and co-named profiles (all its events), the organizations of its roles, parent and
        members, the platforms of its accounts, and the sources its entry cites."""
        index = self.index
        events = self.events(term.events)
        if events is None:
            return None
        sources = [model_text(index.source(s)) for s in getattr(term.record, "sources", [])]
        return digest(
            self.term(term),
            events,
            *(self.term(t) for t in index.terms["organizations"].values()),
            *(self.term(t) for t in index.terms["platforms"].values()),
            *sources,
        )

    def records_of(self, events: Iterable[Event]) -> str | None:
        """The records' own files only (for outputs that show no registry entry beside them)."""
        found = [self.record(e) for e in events]
        if any(f is None for f in found):
            return None
        return digest(*(f for f in found if f is not None))

    def citing(self) -> str:
        """Which record cites which source, records in date order (what the sources' files list
        beside each source)."""
        return digest(*(f"{e.slug} {' '.join(e.record.sources)}" for e in self.index.events))

    def headings(self) -> str:
        """Every record as a list names it: address, title and dates, in date order."""
        return digest(
            *(
                f"{e.url}\0{e.record.title}\0{e.record.date!r}\0{e.record.end_date!r}"
                for e in self.index.events
            )
        )

    def memberships(self, *names: str) -> str:
        """Which records each term of these taxonomies has, records in date order."""
        classified = self.index.classified
        return digest(
            *(
                f"{e.slug} {n} {' '.join(classified[n][e.slug])}"
                for e in self.index.events
                for n in names
            )
        )

    def figures(self) -> str:
        """Every record's figures, records in date order."""
        return digest(*(f"{e.slug} {model_text(e.record.metrics)}" for e in self.index.events))

    def taxonomies(self, *names: str) -> str:
        """Every term of these taxonomies (a registry or vocabulary listed whole)."""
        return digest(*(self.term(t) for n in names for t in self.index.terms[n].values()))

    def sources(self) -> str:
        """Every source of the registry."""
        if self._sources is None:
            self._sources = digest(*(model_text(c.source) for c in self.index.sources.values()))
        return self._sources

    def vocabulary(self) -> str:
        """The whole vocabulary: event types, platforms and measures."""
        return digest(model_text(self.index.registry.vocabulary))

    def accents(self) -> str:
        """What every listing reads beyond its events: the types' order, which fixes each type's
        colour on the entries."""
        if self._accents is None:
            self._accents = digest(*self.index.terms["types"])
        return self._accents

    def facets(self) -> str:
        """What the timeline and the pages of the facet taxonomies (types, platforms) read beyond
        their events: the facet filters with their terms' labels and counts, the number of
        events, and the overview chart (events per year and type, types' labels)."""
        if self._facets is None:
            index = self.index
            per_year = Counter((e.record.date.year, e.record.type) for e in index.events)
            facets = [
                (
                    t.name,
                    [(s, term.label, len(term.events)) for s, term in index.terms[t.name].items()],
                )
                for t in FACETS
                if t.timeline_facet
            ]
            types = [(s, t.label) for s, t in index.terms["types"].items()]
            self._facets = digest(
                self.accents(),
                str(len(index.events)),
                repr(sorted(per_year.items())),
                repr(facets),
                repr(types),
            )
        return self._facets
