"""Check a whole content folder without building the site: the engine of `make check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import Problem
from .records import Event, collection_problems, event_files, layout_problems, load_event
from .registry import Registry, load_registry


@dataclass
class CheckedArchive:
    """The registry, the events that passed, and every problem found."""

    registry: Registry
    events: list[Event]
    problems: list[Problem]
    record_files: int


def check_archive(root: Path) -> CheckedArchive:
    """Load the registry and every record under `root`, collecting all problems at once."""
    registry, problems = load_registry(root)
    events: list[Event] = []
    paths = event_files(root)
    for path in paths:
        found = layout_problems(path, root)
        if not found:
            loaded = load_event(path, root, registry)
            found = loaded.problems
            if loaded.event:
                events.append(loaded.event)
        problems += found
    problems += collection_problems(events)
    return CheckedArchive(registry, events, sorted(set(problems)), len(paths))
