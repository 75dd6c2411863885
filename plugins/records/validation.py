"""Check a whole content folder without building the site: the engine of `make check`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from processes.chunks import map_chunks

from .contenttree import ContentTree, scan_content
from .events import (
    Event,
    EventFile,
    RecordFolders,
    RecordIdentity,
    collection_problems,
    event_files,
    load_event,
)
from .pagefiles import load_page, page_files
from .problems import Problem
from .registry import Registry, load_registry
from .sources import uncited_problems


@dataclass
class CheckedArchive:
    """The registry, the events that passed, and every problem found."""

    registry: Registry
    events: list[Event]
    problems: list[Problem]
    record_files: int


@dataclass
class ProblemReport:
    """What `make check` prints: every problem, and what was checked."""

    registry: Registry
    problems: list[Problem]
    record_files: int


def unread(tree: ContentTree) -> list[None]:
    """A file refused unread (a link, an unusable name) cites sources nobody knows."""
    return [None] if tree.problems else []


def _page_problems(tree: ContentTree, root: Path) -> list[Problem]:
    """Pages are few: they are read here, in this process."""
    return [problem for path in page_files(tree) for problem in load_page(path, root).problems]


def check_event_file(
    path: Path, root: Path, registry: Registry, folders: RecordFolders | None = None
) -> EventFile:
    """Check one record file: where it is, then what it says (the one check of a file that
    `make check`, the build and its record cache all use). `folders` serves many calls."""
    found = (folders or RecordFolders(root)).layout_problems(path)
    return EventFile(None, found) if found else load_event(path, root, registry)


def check_archive(root: Path) -> CheckedArchive:
    """Load the registry and every record under `root`, collecting all problems at once."""
    tree = scan_content(root)
    registry, problems = load_registry(root)
    problems += tree.problems + _page_problems(tree, root)
    events: list[Event] = []
    citations: list[list[str] | None] = []
    paths = event_files(root, tree)
    folders = RecordFolders(root)
    for path in paths:
        loaded = check_event_file(path, root, registry, folders)
        problems += loaded.problems
        citations.append(loaded.cited)
        if loaded.event is not None:
            events.append(loaded.event)
    problems += collection_problems(events)
    problems += uncited_problems(registry, [*citations, *unread(tree)])
    return CheckedArchive(registry, events, sorted(set(problems)), len(paths))


def _problems_and_identities(
    paths: list[Path], root: Path, registry: Registry
) -> list[tuple[list[Problem], RecordIdentity | None, list[str] | None]]:
    """In a worker: only problems, slugs and cited source ids go back, as pickling whole records
    costs more than checking them."""
    results = []
    folders = RecordFolders(root)
    for path in paths:
        loaded = check_event_file(path, root, registry, folders)
        identity = loaded.event.identity if loaded.event else None
        results.append((loaded.problems, identity, loaded.cited))
    return results


def find_problems(root: Path, workers: int | Callable[[], int] = 1) -> ProblemReport:
    """The same checks as `check_archive`, split over `workers` processes; records and sources
    are not kept (the registry has the sources' names only)."""
    tree = scan_content(root)
    registry, problems = load_registry(root, workers, keep_sources=False)
    problems += tree.problems + _page_problems(tree, root)
    paths = event_files(root, tree)
    identities: list[RecordIdentity] = []
    citations: list[list[str] | None] = []
    for found, identity, cited in map_chunks(
        _problems_and_identities, paths, workers, root, registry
    ):
        problems += found
        citations.append(cited)
        if identity is not None:
            identities.append(identity)
    problems += collection_problems(identities)
    problems += uncited_problems(registry, [*citations, *unread(tree)])
    return ProblemReport(registry, sorted(set(problems)), len(paths))
