"""What the outputs of a build promise to carry: the one interface between output plugins and the
nothing-lost check.

Each plugin that writes records out (the event pages, the feeds, the data files) declares, while
it runs, every file under output/ that must carry records, which records, and how to read back
which records a written file carries. The check (`sitebuild.completeness`) knows only these
declarations, never the plugins.

An output made from declared inputs (`records.dependencies`) has a key; when the last good build
made the same file from the same key, the ledger's memo puts that file in place (`reuse`) and the
plugin does not write it. The ledger remembers each output's key, for the next build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol, cast

import lxml.html

from .dependencies import Dependencies
from .events import Event
from .published import data_rows, feed_links


class Reading(Enum):
    """How to read which records a written file carries."""

    PAGE = "page"  # an HTML page carries its record when it shows the record's title
    FEED = "feed"  # an Atom, RSS or JSON Feed document carries the records its entries link
    DATA = "data"  # a JSON or CSV data file carries the records it has a row for (by `url`)


@dataclass(frozen=True)
class Output:
    """One file under output/ and the records it must carry (None: every record in content/)."""

    file: str
    reading: Reading
    events: tuple[Event, ...] | None = None


@dataclass(frozen=True)
class OutputOfEachRecord:
    """One file per record, such as its page: where each record's file is."""

    file_of: Callable[[Event], str]
    reading: Reading


class Memo(Protocol):
    """The outputs of the last good build, reusable by key (`sitebuild.memo.OutputMemo`)."""

    def reuse(self, name: str, key: str) -> bool:
        """Put the last build's file `name` in place when it was made from `key`; else False."""
        ...


class OutputLedger:
    """The declarations of one build, handed to the generators in the context (`archive_outputs`)."""

    def __init__(self) -> None:
        self.outputs: list[Output] = []
        self.per_record: list[OutputOfEachRecord] = []
        self.memo: Memo | None = None  # set by an incremental build (`sitebuild.build`)
        self.dependencies: Dependencies | None = None  # set once the index exists
        self.keys: dict[str, str] = {}  # every output made from declared inputs, by name
        self.reused: set[str] = set()  # the outputs taken from the last build
        self.expected_keys: dict[str, str | None] = {}  # keys of pages Pelican's writer will write

    def key(self, name: str, *parts: str | None) -> str | None:
        """The key of the output at `name` made from `parts` (`records.dependencies` digests);
        None before the index exists or when an input has no digest."""
        if self.dependencies is None:
            return None
        return self.dependencies.key(name, *parts)

    def reuse(self, name: str, key: str | None) -> bool:
        """True when the last build's `name`, made from `key`, was put in place: the caller must
        not write it. False: the caller writes it now. Either way `key` is remembered."""
        if key is None:
            return False
        if name in self.keys:
            raise RuntimeError(f"two outputs of this build are written at {name}")
        self.keys[name] = key
        if self.memo is not None and self.memo.reuse(name, key):
            self.reused.add(name)
            return True
        return False

    def expect(self, name: str, key: str | None) -> None:
        """The key of a page that Pelican's own writer will write (such as a record's page)."""
        self.expected_keys[name] = key

    def declare(self, file: str, reading: Reading, events: Sequence[Event] | None = None) -> None:
        """A file that must carry `events`, or every record of the archive when None."""
        self.outputs.append(Output(file, reading, None if events is None else tuple(events)))

    def declare_each_record(self, file_of: Callable[[Event], str], reading: Reading) -> None:
        """One file per record, at `file_of(record)`, carrying that record."""
        self.per_record.append(OutputOfEachRecord(file_of, reading))

    def expected(self, records: Sequence[Event]) -> list[Output]:
        """Every declared file with the records it must carry, `records` being every record found
        in content/ (so a record that the build never indexed is still expected everywhere)."""
        found = [
            Output(o.file, o.reading, tuple(records) if o.events is None else o.events)
            for o in self.outputs
        ]
        found += [
            Output(each.file_of(event), each.reading, (event,))
            for each in self.per_record
            for event in records
        ]
        return found


def carried(output: Output, path: Path, site_url: str) -> set[str]:
    """The URLs (`events/YYYY/slug/`) of the records that the file written at `path` carries;
    ValueError or an lxml error when it cannot be read as what it should be."""
    if output.reading is Reading.FEED:
        return feed_links(path, site_url)
    if output.reading is Reading.DATA:
        return data_rows(path, site_url)
    page = cast(lxml.html.HtmlElement, lxml.html.document_fromstring(path.read_bytes()))
    text = page.text_content()
    return {e.url for e in output.events or () if e.record.title in text}
