"""Nothing lost: after a build, every record in content/ must be in every output declared for it.

The output plugins declare what they write (`records.outputs`); this check knows no plugin. It
walks `content/` on its own (not Pelican's list of articles) and reads each record file through
the build's record cache, so that a file is checked again only if its bytes changed since it was
read; then it reads back each declared file. A record that a plugin skipped, a writer dropped, a
template lost or Pelican never read is named, whichever step lost it.

A file an incremental build took from the last build (`OutputLedger.reused`) is not read again:
it is that build's file, checked then, and made from the same key, so from the same records. The
check asks only that it is there, as every declared file must be.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from lxml import etree
from records.contenttree import scan_content
from records.events import Event, event_files
from records.outputs import Output, OutputLedger, carried
from records.problems import ArchiveError, Problem
from records.siteurl import public_site_url

from .cache import RecordReader


def records_in_content(records: RecordReader) -> tuple[list[Event], list[Problem]]:
    """Every record under content/events/, found by walking the folder and read through the
    cache; and the problems of any file that does not read as a record now."""
    tree = scan_content(records.root)
    events: list[Event] = []
    problems = list(tree.problems)
    folders: dict[Path, Path] = {}  # as the reader names files: each folder resolved once
    for path in event_files(records.root, tree):
        located = folders.setdefault(path.parent, path.parent.resolve()) / path.name
        loaded = records.read(located).loaded
        problems += loaded.problems
        if loaded.event is not None:
            events.append(loaded.event)
    return events, problems


def missing_records(
    output: Path,
    expected: Iterable[Output],
    site_url: str,
    reused: Collection[str] = frozenset(),
) -> list[Problem]:
    """One problem per record and output file that should carry it but does not; the files in
    `reused`, checked by the build that wrote them, need only be there."""
    problems: list[Problem] = []
    for declared in expected:
        events = declared.events or ()
        path = output / declared.file
        if not path.is_file():
            problems += [
                Problem(e.path, 1, "(output)", f"lost: {declared.file} was not written")
                for e in events
            ]
            continue
        if declared.file in reused:
            continue
        try:
            found = carried(declared, path, site_url)
        except (ValueError, etree.LxmlError) as err:
            problems += [
                Problem(e.path, 1, "(output)", f"lost: {declared.file} cannot be read ({err})")
                for e in events
            ]
            continue
        problems += [
            Problem(e.path, 1, "(output)", f"lost: not found in {declared.file}")
            for e in events
            if e.url not in found
        ]
    return problems


def verify_published(
    output: Path, settings: dict[str, Any], declared: OutputLedger, records: RecordReader
) -> None:
    """After the build: raise ArchiveError naming each record that some declared output lacks."""
    events, problems = records_in_content(records)
    if problems:
        raise ArchiveError(problems)
    problems = missing_records(
        output, declared.expected(events), public_site_url(settings), declared.reused
    )
    if problems:
        raise ArchiveError(problems)
