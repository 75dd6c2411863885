"""Check a whole content folder without building the site: the engine of `make check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .contenttree import ContentTree, scan_content
from .pagefiles import load_page, page_files
from .parallel import map_chunks
from .problems import Problem
from .records import (
    Event,
    RecordIdentity,
    collection_problems,
    event_files,
    layout_problems,
    load_event,
)
from .registry import Registry, load_registry


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


def _page_problems(tree: ContentTree, root: Path) -> list[Problem]:
    """Pages are few: they are read here, in this process."""
    return [problem for path in page_files(tree) for problem in load_page(path, root).problems]


def _check_file(path: Path, root: Path, registry: Registry) -> tuple[list[Problem], Event | None]:
    found = layout_problems(path, root)
    if found:
        return found, None
    loaded = load_event(path, root, registry)
    return loaded.problems, loaded.event


def check_archive(root: Path) -> CheckedArchive:
    """Load the registry and every record under `root`, collecting all problems at once."""
    tree = scan_content(root)
    registry, problems = load_registry(root)
    problems += tree.problems + _page_problems(tree, root)
    events: list[Event] = []
    paths = event_files(root, tree)
    for path in paths:
        found, event = _check_file(path, root, registry)
        problems += found
        if event is not None:
            events.append(event)
    problems += collection_problems(events)
    return CheckedArchive(registry, events, sorted(set(problems)), len(paths))


def _problems_and_identities(
    paths: list[Path], root: Path, registry: Registry
) -> list[tuple[list[Problem], RecordIdentity | None]]:
    """In a worker: only problems and slugs go back, as pickling whole records costs more than
    checking them."""
    results = []
    for path in paths:
        found, event = _check_file(path, root, registry)
        results.append((found, event.identity if event else None))
    return results


def find_problems(root: Path, workers: int = 1) -> ProblemReport:
    """The same checks as `check_archive`, split over `workers` processes; records are not kept."""
    tree = scan_content(root)
    registry, problems = load_registry(root)
    problems += tree.problems + _page_problems(tree, root)
    paths = event_files(root, tree)
    identities: list[RecordIdentity] = []
    for found, identity in map_chunks(_problems_and_identities, paths, workers, root, registry):
        problems += found
        if identity is not None:
            identities.append(identity)
    problems += collection_problems(identities)
    return ProblemReport(registry, sorted(set(problems)), len(paths))
