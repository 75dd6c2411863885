"""The registries that records refer to: sources, leaders, organizations and the vocabulary."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from processes.chunks import map_chunks

from .characters import name_problem, printable
from .modelcheck import ModelT, validate_model
from .problems import NearMisses, Problem, did_you_mean
from .schema import (
    SLUG_PATTERN,
    LeaderRecord,
    OrganizationRecord,
    ProfileRecord,
    Source,
    SourceRecord,
    Vocabulary,
    VocabularyEntry,
)
from .sources import SOURCES_FOLDER, address_problems, cited_ids, citing_problems
from .yamlsource import SourceError, YamlDocument, parse_yaml, read_text

_SLUG_RE = re.compile(SLUG_PATTERN)
ProfileT = TypeVar("ProfileT", LeaderRecord, OrganizationRecord)
REGISTRY_FOLDERS = (SOURCES_FOLDER, "leaders", "organizations")


@dataclass
class Registry:
    """Everything a record may refer to, keyed by slug; loaded once per build."""

    root: Path
    vocabulary: Vocabulary | None = None
    leaders: dict[str, LeaderRecord] = field(default_factory=dict)
    organizations: dict[str, OrganizationRecord] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    # Every source file with a valid name, valid or not: a record citing a source whose file has
    # a problem is not blamed for it.
    source_files: dict[str, str] = field(default_factory=dict)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    # Source ids that leaders and organizations cite; None when a registry file could not be read,
    # so that no source is called uncited because of a file whose citations are unknown.
    profile_citations: set[str] | None = field(default_factory=set)
    # Near-miss indexes by kind of reference, made on first use (a registry may be large).
    near_misses: dict[str, NearMisses] = field(default_factory=dict, repr=False, compare=False)

    def profiles_in(self, folder: str) -> dict[str, LeaderRecord] | dict[str, OrganizationRecord]:
        """The leaders or the organizations, by the folder their files are in."""
        if folder == "leaders":
            return self.leaders
        if folder == "organizations":
            return self.organizations
        raise ValueError(f"no registry folder {folder!r}: leaders or organizations")

    def vocabulary_section(self, section: str) -> dict[str, VocabularyEntry]:
        """One list of the vocabulary by its key (`event_types`, `platforms`, `measures`); empty
        when the vocabulary is broken, so that references still get checked."""
        return dict(getattr(self.vocabulary, section)) if self.vocabulary else {}

    @property
    def event_types(self) -> dict[str, VocabularyEntry]:
        """Event type slugs."""
        return self.vocabulary_section("event_types")

    @property
    def platforms(self) -> dict[str, VocabularyEntry]:
        """Platform slugs."""
        return self.vocabulary_section("platforms")

    @property
    def measures(self) -> dict[str, VocabularyEntry]:
        """Measure slugs for metrics."""
        return self.vocabulary_section("measures")

    def reference_problem(self, kind: str, slug: str, known: Collection[str]) -> str | None:
        """`unknown leader 'x' (did you mean 'y')`, or None when `slug` is in `known`."""
        if slug in known:
            return None
        return f"unknown {kind} '{slug}'{self.suggest(kind, slug, known)}"

    def suggest(self, kind: str, slug: str, known: Collection[str]) -> str:
        """A did-you-mean hint among `known`, at a cost bounded whatever the registry's size."""
        if kind not in self.near_misses:
            self.near_misses[kind] = NearMisses(known)
        return self.near_misses[kind].hint(slug)

    def profile(self, slug: str) -> LeaderRecord | OrganizationRecord | None:
        """The leader or organization with this slug, if any."""
        return self.leaders.get(slug) or self.organizations.get(slug)


def file_name_problems(path: Path, shown: str) -> list[Problem]:
    """A file's name is its slug and so its permanent URL: it must be a slug."""
    if _SLUG_RE.fullmatch(path.stem):  # `match` would let a final line feed through `$`
        return []
    message = f"'{printable(path.stem)}' is not a slug: use lowercase ASCII words joined by hyphens"
    return [Problem(shown, 1, "(file name)", message)]


def relative(path: Path, root: Path) -> str:
    """The path as editors see it in messages: relative to the project when possible."""
    # What `relative_to` gives, found in the text when the path is plainly inside the project:
    # paths are normalised, so their text starts with the project's and a `/` only then.
    project, text = str(root.parent), str(path)
    if project not in (".", "/") and text.startswith(project + "/"):
        return text[len(project) + 1 :]
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _load_yaml_model(
    path: Path, model: type[ModelT], root: Path, shown: str | None = None
) -> tuple[ModelT | None, list[Problem], YamlDocument | None]:
    shown = shown or relative(path, root)
    try:
        doc = parse_yaml(read_text(path))
    except (SourceError, OSError) as err:
        return None, [Problem(shown, getattr(err, "line", 1), "(file)", str(err))], None
    record, problems = validate_model(model, doc, shown)
    return record, problems, doc


def _cited_source_problem(
    cited: str, listed: list[str], registry: Registry, shown: str, line: int, field: str
) -> Problem:
    """A role or account cites a source that its file does not list in `sources`."""
    known = cited in registry.source_files
    hint = " (add it to this file's sources)" if known else did_you_mean(cited, listed)
    return Problem(shown, line, field, f"'{cited}' is not among this file's sources{hint}")


def _check_profile(
    record: ProfileRecord, doc: YamlDocument, shown: str, registry: Registry
) -> list[Problem]:
    problems = []
    listed = list(record.sources)
    for index, account in enumerate(record.accounts):
        where = ("accounts", index)
        message = registry.reference_problem("platform", account.platform, registry.platforms)
        if message:
            problems.append(
                Problem(
                    shown,
                    doc.line_of((*where, "platform")),
                    f"accounts[{index}].platform",
                    message,
                )
            )
        if account.source and account.source not in listed:
            problems.append(
                _cited_source_problem(
                    account.source,
                    listed,
                    registry,
                    shown,
                    doc.line_of((*where, "source")),
                    f"accounts[{index}].source",
                )
            )
    for index, role in enumerate(getattr(record, "roles", [])):
        if role.organization:
            message = registry.reference_problem(
                "organization", role.organization, registry.organizations
            )
            if message:
                problems.append(
                    Problem(
                        shown,
                        doc.line_of(("roles", index, "organization")),
                        f"roles[{index}].organization",
                        message,
                    )
                )
        if role.source and role.source not in listed:
            problems.append(
                _cited_source_problem(
                    role.source,
                    listed,
                    registry,
                    shown,
                    doc.line_of(("roles", index, "source")),
                    f"roles[{index}].source",
                )
            )
    parent = getattr(record, "parent", None)
    if parent:
        message = registry.reference_problem("organization", parent, registry.organizations)
        if message:
            problems.append(Problem(shown, doc.line_of(("parent",)), "parent", message))
    return problems


def _registry_files(root: Path, folder: str) -> list[Path]:
    """The folder's files; links and unusable names are reported by `scan_content`, never read."""
    try:
        entries = list(os.scandir(root / folder))  # tells links apart without a call per file
    except OSError:  # missing or unreadable: as `glob` did; `scan_content` reports the latter
        return []
    names = sorted(  # one folder: sorting the names sorts the paths, and is cheaper
        e.name
        for e in entries
        if not e.name.startswith(".") and not e.is_symlink() and name_problem(e.name) is None
    )
    return [root / folder / name for name in names]


def _registry_listing(root: Path, folder: str) -> list[tuple[Path, str, list[Problem]]]:
    """The folder's files with their names as shown and the problems of their names: only
    `<slug>.yaml` files are read."""
    listing = []
    for path in _registry_files(root, folder):
        shown = relative(path, root)
        if path.suffix != ".yaml":
            message = f"not a registry file: {folder}/ holds only `<slug>.yaml` files"
            listing.append((path, shown, [Problem(shown, 1, "(file)", message)]))
        else:
            listing.append((path, shown, file_name_problems(path, shown)))
    return listing


def _registry_entries(
    root: Path, folder: str, problems: list[Problem]
) -> Iterator[tuple[Path, str]]:
    """The folder's files named `<slug>.yaml`, with their names as shown; the others go to
    `problems`."""
    for path, shown, refused in _registry_listing(root, folder):
        if refused:
            problems += refused
        else:
            yield path, shown


def check_source_file(path: Path, root: Path) -> tuple[list[Problem], SourceRecord | None]:
    """Read and check one source file: its problems, and its fields when they are valid."""
    shown = relative(path, root)
    record, problems, doc = _load_yaml_model(path, SourceRecord, root, shown)
    if doc is not None:
        problems += address_problems(doc, shown)
    return problems, record


def check_source_files(
    paths: list[Path], root: Path, keep: bool
) -> list[tuple[list[Problem], SourceRecord | None]]:
    """`check_source_file` over `paths` (one worker's share); without `keep`, only the problems
    come back, as sending the fields between processes costs more than reading them."""
    checked = [check_source_file(path, root) for path in paths]
    return checked if keep else [(problems, None) for problems, _ in checked]


def _load_sources(
    registry: Registry, problems: list[Problem], workers: int | Callable[[], int], keep: bool
) -> None:
    """Check every source file, split over `workers` processes; problems in the files' order."""
    listing = _registry_listing(registry.root, SOURCES_FOLDER)
    readable = [path for path, _, refused in listing if not refused]
    checked = iter(map_chunks(check_source_files, readable, workers, registry.root, keep))
    for path, shown, refused in listing:
        if refused:
            problems += refused
            continue
        found, record = next(checked)
        problems += found
        registry.source_files[path.stem] = shown
        if record is not None:
            registry.files[(SOURCES_FOLDER, path.stem)] = shown
            registry.sources[path.stem] = Source.of(path.stem, record)


def _load_profiles(
    registry: Registry,
    folder: str,
    model: type[ProfileT],
    target: dict[str, ProfileT],
    problems: list[Problem],
    citing: list[tuple[YamlDocument, str]],
) -> list[tuple[ProfileT, YamlDocument, str]]:
    """Read the leaders' or organizations' files into `target`: the valid ones, with their data.
    Every file whose citations can be read, valid or not, goes to `citing`."""
    loaded: list[tuple[ProfileT, YamlDocument, str]] = []
    for path, shown in _registry_entries(registry.root, folder, problems):
        record, found, doc = _load_yaml_model(path, model, registry.root)
        problems += found
        if doc is None or cited_ids(doc.data) is None:
            registry.profile_citations = None
        else:
            citing.append((doc, shown))
        if doc is not None and record is not None:
            registry.files[(folder, path.stem)] = shown
            target[path.stem] = record
            loaded.append((record, doc, shown))
    return loaded


def load_registry(
    root: Path, workers: int | Callable[[], int] = 1, *, keep_sources: bool = True
) -> tuple[Registry, list[Problem]]:
    """Load and check `vocabulary.yaml`, `sources/`, `leaders/` and `organizations/` under `root`.

    The source files, the many, are checked over `workers` processes. Without `keep_sources`
    (`make check`, which needs only their problems and names) `sources` stays empty."""
    registry = Registry(root=root)
    problems: list[Problem] = []
    vocabulary_path = root / "vocabulary.yaml"
    if vocabulary_path.is_symlink():
        pass  # never read through a link: `scan_content` reports it
    elif not vocabulary_path.exists():
        problems.append(
            Problem(relative(vocabulary_path, root), 1, "(file)", "the vocabulary file is missing")
        )
    else:
        registry.vocabulary, found, _ = _load_yaml_model(vocabulary_path, Vocabulary, root)
        problems += found
    _load_sources(registry, problems, workers, keep_sources)
    citing: list[tuple[YamlDocument, str]] = []
    loaded: list[tuple[ProfileRecord, YamlDocument, str]] = [
        *_load_profiles(registry, "leaders", LeaderRecord, registry.leaders, problems, citing),
        *_load_profiles(
            registry,
            "organizations",
            OrganizationRecord,
            registry.organizations,
            problems,
            citing,
        ),
    ]
    both = set(registry.leaders) & set(registry.organizations)
    problems += [
        Problem(
            registry.files[("organizations", s)],
            1,
            "(file name)",
            f"'{s}' is both a leader and an organization slug",
        )
        for s in sorted(both)
    ]
    for doc, shown in citing:
        problems += citing_problems(doc, shown, registry)
        if registry.profile_citations is not None:
            registry.profile_citations.update(cited_ids(doc.data) or ())
    for record, doc, shown in loaded:
        problems += _check_profile(record, doc, shown, registry)
    return registry, problems
