"""Event records: read one Markdown file with YAML front matter into a checked, typed event."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .bodybounds import body_problems
from .contenttree import ContentTree, scan_content
from .dates import Precision
from .formatting import number
from .markup import body_link_problems
from .modelcheck import validate_model
from .problems import Problem, did_you_mean
from .quotes import states_value, written_forms
from .registry import Registry, file_name_problems, relative
from .schema import MAX_ENTRIES, MAX_SOURCES, EventRecord, TranslationBy
from .sources import cited_ids, citing_problems
from .taxonomy import TAXONOMIES
from .urls import event_url, page_file
from .yamlsource import (
    FieldPath,
    SourceError,
    YamlDocument,
    parse_yaml,
    read_text,
    split_front_matter,
)

EVENTS_FOLDER = "events"
# A body's link to another record, as the site writes its addresses: `/events/2012/some-slug/`.
# Not preceded by a host or a path (`https://example.org/events/...` is another site's page).
# The test of what precedes the first `/` comes after it, so that the pattern starts with a fixed
# text, which the regular expression engine then looks for quickly (five times faster on bodies).
RECORD_LINK = re.compile(r"/(?<![\w/.:-]/)events/([0-9]{4})/([a-z0-9]+(?:-[a-z0-9]+)*)/?")
# The longest body today is about 1,600 characters. What a body may cost to render beyond its
# length is bounded by `markup.body_problems`.
MAX_BODY_CHARACTERS = 20_000


def former_address(entry: str, year: int) -> tuple[int, str]:
    """A `former_slugs` entry as (year, slug): `old-name` is in the record's own year `year`."""
    folder, _, slug = entry.rpartition("/")
    return (int(folder) if folder else year), slug


class RecordLink(NamedTuple):
    """A link from a record's body to another record's page, and the line of the file it is on."""

    line: int
    year: int
    slug: str

    @property
    def url(self) -> str:
        """The address as the body writes it."""
        return f"/{EVENTS_FOLDER}/{self.year}/{self.slug}/"


def record_links(body: str, first_line: int) -> tuple[RecordLink, ...]:
    """Every link to a record page in a Markdown body, with its line in the file."""
    return tuple(
        RecordLink(first_line + body.count("\n", 0, m.start()), int(m.group(1)), m.group(2))
        for m in RECORD_LINK.finditer(body)
    )


@dataclass(frozen=True)
class Event:
    """A validated event record with the identity its file gives it (slug, year folder)."""

    slug: str
    path: str
    record: EventRecord
    body: str
    links: tuple[RecordLink, ...] = ()

    @property
    def year(self) -> int:
        """The year folder of the record, from its date."""
        return self.record.date.year

    @property
    def url(self) -> str:
        """Permanent relative URL: `events/YYYY/<slug>/`."""
        return event_url(self.year, self.slug)

    @property
    def former_urls(self) -> list[str]:
        """The URLs the record was published at before a rename or a corrected year."""
        return [event_url(*former_address(e, self.year)) for e in self.record.former_slugs]

    @property
    def first_url(self) -> str:
        """The URL the record was first published at; feed ids derive from it and never change."""
        return (self.former_urls or [self.url])[0]

    @property
    def save_as(self) -> str:
        """Output file of the event page."""
        return page_file(self.url)

    @property
    def former_slugs(self) -> list[str]:
        """Earlier addresses: old slugs, or `YYYY/slug` in another year."""
        return self.record.former_slugs

    @property
    def identity(self) -> RecordIdentity:
        """What the checks across records need, small enough to send between processes."""
        return RecordIdentity(
            self.path, self.slug, self.year, list(self.record.former_slugs), self.links
        )


class RecordIdentity(NamedTuple):
    """A record's file, the addresses it claims and the records it links to: all that
    `collection_problems` reads."""

    path: str
    slug: str
    year: int
    former_slugs: list[str]
    links: tuple[RecordLink, ...]


@dataclass
class EventFile:
    """What reading one record file produced: the event, or the problems that stop it, and the
    source ids it lists (None when the file could not be read as YAML: unknown)."""

    event: Event | None
    problems: list[Problem]
    cited: list[str] | None = None


def _problem(shown: str, doc: YamlDocument, loc: FieldPath, field: str, message: str) -> Problem:
    return Problem(shown, doc.line_of(loc), field, message)


# The schema refuses longer lists; their entries past the limit are not checked one by one, so
# that a list of thousands costs no more than the limit (each entry is compared with others).
_CHECKED_ENTRIES = {"sources": MAX_SOURCES}


def _entries(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value[: _CHECKED_ENTRIES.get(key, MAX_ENTRIES)] if isinstance(value, list) else []


def _slugs(data: dict[str, Any], key: str) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(_entries(data, key)) if isinstance(v, str)]


def _mappings(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(_entries(data, key)) if isinstance(v, dict)]


def _check_references(
    data: dict[str, Any], doc: YamlDocument, shown: str, registry: Registry
) -> list[Problem]:
    """Registry references, duplicates and source links, checked on the raw data so that they are
    reported together with shape errors rather than after the editor fixes those."""
    problems: list[Problem] = []

    def ref(kind: str, slug: object, known: Collection[str], loc: FieldPath, field: str) -> None:
        message = registry.reference_problem(kind, slug, known) if isinstance(slug, str) else None
        if message:
            problems.append(_problem(shown, doc, loc, field, message))

    references = [t.reference for t in TAXONOMIES if t.reference is not None]
    for single in (r for r in references if not r.many):
        ref(
            single.kind,
            data.get(single.field),
            single.known(registry),
            (single.field,),
            single.field,
        )
    lists: list[tuple[str, str, Collection[str] | None]] = [
        *((r.field, r.kind, r.known(registry)) for r in references if r.many),
        ("tags", "tag", None),
        ("former_slugs", "former slug", None),
    ]
    for key, kind, known in lists:
        seen: set[str] = set()
        for index, slug in _slugs(data, key):
            if known is not None:
                ref(kind, slug, known, (key, index), f"{key}[{index}]")
            if slug in seen:
                problems.append(
                    _problem(
                        shown, doc, (key, index), f"{key}[{index}]", f"'{slug}' is listed twice"
                    )
                )
            seen.add(slug)
    problems += citing_problems(doc, shown, registry)
    source_ids = [source_id for _, source_id in _slugs(data, "sources")]
    profile_fields = [t.reference.field for t in TAXONOMIES if t.profiles and t.reference]
    involved = [slug for key in profile_fields for _, slug in _slugs(data, key)]
    for index, metric in _mappings(data, "metrics"):
        where = ("metrics", index)
        subject = metric.get("subject")
        if isinstance(subject, str) and subject not in involved:
            hint = did_you_mean(subject, involved) or " (add it to leaders or organizations)"
            problems.append(
                _problem(
                    shown,
                    doc,
                    (*where, "subject"),
                    f"metrics[{index}].subject",
                    f"'{subject}' is not among this record's leaders or organizations{hint}",
                )
            )
        ref(
            "platform",
            metric.get("platform"),
            registry.platforms,
            (*where, "platform"),
            f"metrics[{index}].platform",
        )
        ref(
            "measure",
            metric.get("measure"),
            registry.measures,
            (*where, "measure"),
            f"metrics[{index}].measure",
        )
        problems += _cited_source(
            metric, source_ids, registry, doc, shown, f"metrics[{index}]", where
        )
        problems += _quote_problems(metric, doc, shown, index)
    for index, post in _mappings(data, "posts"):
        where = ("posts", index)
        author = post.get("author")
        if isinstance(author, str) and registry.profile(author) is None:
            profiles = [*registry.leaders, *registry.organizations]
            problems.append(
                _problem(
                    shown,
                    doc,
                    (*where, "author"),
                    f"posts[{index}].author",
                    f"unknown leader or organization '{author}'"
                    f"{registry.suggest('leader or organization', author, profiles)}",
                )
            )
        ref(
            "platform",
            post.get("platform"),
            registry.platforms,
            (*where, "platform"),
            f"posts[{index}].platform",
        )
        problems += _cited_source(post, source_ids, registry, doc, shown, f"posts[{index}]", where)
        problems += _translation_problems(post, doc, shown, index)
    return problems


def _cited_source(
    item: dict[str, Any],
    source_ids: list[str],
    registry: Registry,
    doc: YamlDocument,
    shown: str,
    field: str,
    where: FieldPath,
) -> list[Problem]:
    """A metric or post cites one of the record's own sources."""
    source = item.get("source")
    if not isinstance(source, str) or source in source_ids:
        return []
    known = source in registry.source_files
    hint = " (add it to this record's sources)" if known else did_you_mean(source, source_ids)
    return [
        _problem(
            shown,
            doc,
            (*where, "source"),
            f"{field}.source",
            f"'{source}' is not among this record's sources{hint}",
        )
    ]


def _quote_problems(
    metric: dict[str, Any], doc: YamlDocument, shown: str, index: int
) -> list[Problem]:
    """The figure is written in its quote, so that a reader can check it at a glance."""
    value, quote = metric.get("value"), metric.get("quote")
    if (
        not isinstance(quote, str)
        or isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value < float("inf")
    ):
        return []
    if states_value(quote, value):
        return []
    return [
        _problem(
            shown,
            doc,
            ("metrics", index, "quote"),
            f"metrics[{index}].quote",
            f"the value {number(value)} is not written in the quote: quote the words of the "
            f"source that state it (such as {' or '.join(repr(w) for w in written_forms(value))})",
        )
    ]


def _translation_problems(
    post: dict[str, Any], doc: YamlDocument, shown: str, index: int
) -> list[Problem]:
    """A translation says who made it; `translation_by` says nothing without a translation."""
    has_translation = post.get("translation") is not None
    translator = post.get("translation_by")
    field = f"posts[{index}].translation_by"
    if has_translation and translator is None:
        choices = " or ".join(f"'{t.value}'" for t in TranslationBy)
        message = f"is required with a translation: {choices} (ours)"
        return [_problem(shown, doc, ("posts", index, "translation"), field, message)]
    if translator is not None and not has_translation:
        message = "only with a translation: delete it, or add the translation"
        return [_problem(shown, doc, ("posts", index, "translation_by"), field, message)]
    return []


def _check_dates(
    record: EventRecord, doc: YamlDocument, shown: str, year_folder: str
) -> list[Problem]:
    problems: list[Problem] = []
    if year_folder != str(record.date.year):
        problems.append(
            _problem(
                shown,
                doc,
                ("date",),
                "date",
                f"year {record.date.year} does not match the folder {year_folder}/ (move the file to events/{record.date.year}/)",
            )
        )
    if record.end_date and record.end_date.last_day() < record.date.last_day():
        problems.append(
            _problem(
                shown,
                doc,
                ("end_date",),
                "end_date",
                f"{record.end_date} is before the date {record.date}",
            )
        )
    if record.added.precision != Precision.DAY:
        problems.append(
            _problem(
                shown,
                doc,
                ("added",),
                "added",
                "must be a full day (YYYY-MM-DD): the day the record entered the archive",
            )
        )
    if record.modified:
        if record.modified.precision != Precision.DAY:
            problems.append(
                _problem(shown, doc, ("modified",), "modified", "must be a full day (YYYY-MM-DD)")
            )
        elif record.modified < record.added:
            problems.append(
                _problem(
                    shown,
                    doc,
                    ("modified",),
                    "modified",
                    f"{record.modified} is before added {record.added}",
                )
            )
    return problems


def body_file_problems(body: str, body_line: int, shown: str) -> list[Problem]:
    """A body's problems: its bounds first, and its links only within them (finding its links
    renders it, which the bounds make safe)."""
    bounds = [
        Problem(shown, body_line + line - 1, "(body)", message)
        for line, message in body_problems(body)
    ]
    if bounds:
        return bounds
    return [
        Problem(shown, body_line + offset, "(body)", message)
        for offset, message in body_link_problems(body)
    ]


def load_event(path: Path, root: Path, registry: Registry) -> EventFile:
    """Read and check one record file; never raises for bad content, returns its problems instead."""
    shown = relative(path, root)
    slug, year_folder = path.stem, path.parent.name
    if path.suffix != ".md":
        return EventFile(
            None, [Problem(shown, 1, "(file)", "not a record: event records are `<slug>.md` files")]
        )
    problems = file_name_problems(path, shown)
    try:
        text = read_text(path)
        front, body, body_line = split_front_matter(text)
        doc = parse_yaml(front, offset=1)
    except (SourceError, OSError) as err:
        return EventFile(
            None, [*problems, Problem(shown, getattr(err, "line", 1), "(file)", str(err))]
        )
    cited = cited_ids(doc.data)
    record, found = validate_model(EventRecord, doc, shown)
    problems += found
    if not body.strip():
        problems.append(
            Problem(
                shown,
                doc.first_line,
                "(body)",
                "the Markdown body is empty: describe the event in our own words",
            )
        )
    if len(body) > MAX_BODY_CHARACTERS:
        problems.append(
            Problem(
                shown,
                body_line,
                "(body)",
                f"is {len(body):,} characters long, more than the {MAX_BODY_CHARACTERS:,} allowed: "
                "describe the event in our own words and cite long documents as sources",
            )
        )
    else:
        problems += body_file_problems(body, body_line, shown)
    if isinstance(doc.data, dict):
        problems += _check_references(doc.data, doc, shown, registry)
    if record is not None:
        problems += _check_dates(record, doc, shown, year_folder)
    if problems or record is None:
        return EventFile(None, problems, cited)
    links = record_links(body, body_line)
    event = Event(slug=slug, path=shown, record=record, body=body, links=links)
    return EventFile(event, [], cited)


def located(path: Path) -> Path:
    """`path` with its folders resolved but not its own name."""
    return path.parent.resolve() / path.name


def event_files(root: Path, tree: ContentTree | None = None) -> list[Path]:
    """Every regular file under `events/`, records or not, so that nothing is silently ignored;
    links are never followed (`scan_content` refuses them).

    Hidden files are skipped (`.gitkeep`, editor files) except `.md` ones, which Pelican reads.
    """
    files = (tree or scan_content(root)).under(EVENTS_FOLDER)
    return [p for p in files if not p.name.startswith(".") or p.suffix == ".md"]


class RecordFolders:
    """Where records may be: `root`'s events folder, and the folders of the files asked about,
    each resolved once (resolving costs a system call per part of the path)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.events = (root / EVENTS_FOLDER).resolve()
        self.resolved: dict[Path, Path] = {}

    def layout_problems(self, path: Path) -> list[Problem]:
        """Records are files at `events/YYYY/<slug>.md`."""
        folder = self.resolved.get(path.parent)
        if folder is None:
            folder = self.resolved[path.parent] = path.parent.resolve()
        rel = (folder / path.name).relative_to(self.events)
        if len(rel.parts) != 2 or not re.fullmatch(r"[0-9]{4}", rel.parts[0]):
            return [Problem(relative(path, self.root), 1, "(file)", _OUTSIDE_YEAR_FOLDER)]
        return []


_OUTSIDE_YEAR_FOLDER = "records live at events/YYYY/<slug>.md"


def layout_problems(path: Path, root: Path) -> list[Problem]:
    """Records are files at `events/YYYY/<slug>.md` (for one file; `RecordFolders` for many)."""
    return RecordFolders(root).layout_problems(path)


def collection_problems(events: Sequence[Event | RecordIdentity]) -> list[Problem]:
    """Checks across records: a slug (or former slug) names one URL of one record only, and a
    record's former addresses are not its current one.

    Live slugs are claimed first, so a former slug that takes another record's URL is blamed on
    the record that lists it, and the message names the other file too.
    """
    problems: list[Problem] = []
    owners: dict[str, Event | RecordIdentity] = {}
    ordered = sorted(events, key=lambda e: e.path)
    for event in ordered:
        other = owners.setdefault(event.slug, event)
        if other is not event:
            problems.append(
                Problem(
                    event.path,
                    1,
                    "(file name)",
                    f"slug '{event.slug}' is already used by {other.path}",
                )
            )
    for event in ordered:
        for index, entry in enumerate(event.former_slugs):
            year, slug = former_address(entry, event.year)
            other = owners.setdefault(slug, event)
            if other is not event:
                where = f"is already used by {other.path}"
            elif slug == event.slug and year == event.year:
                where = "is this record's own " + ("address" if "/" in entry else "slug")
            else:  # an earlier name, or its own name in the year it was moved from
                continue
            problems.append(Problem(event.path, 1, f"former_slugs[{index}]", f"'{entry}' {where}"))
    return problems + link_problems(ordered)


def link_problems(events: Sequence[Event | RecordIdentity]) -> list[Problem]:
    """A body may link only to pages that exist: a record's address, or a renamed record's former
    address (it redirects). Deleting or renaming a record that others link to fails here, naming
    each linking file."""
    addresses = {
        address
        for e in events
        for address in ((e.year, e.slug), *(former_address(f, e.year) for f in e.former_slugs))
    }
    return [
        Problem(event.path, link.line, "body", f"links to {link.url} which is no record")
        for event in events
        for link in event.links
        if (link.year, link.slug) not in addresses
    ]
