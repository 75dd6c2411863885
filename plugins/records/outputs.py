"""What the outputs of a build promise to carry: the one interface between output plugins and the
nothing-lost check.

Each plugin that writes records out (the event pages, the feeds, the data files) declares, while
it runs, every file under output/ that must carry records, which records, and how to read back
which records a written file carries. The check (`sitebuild.completeness`) knows only these
declarations, never the plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import cast

import lxml.html

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


class OutputLedger:
    """The declarations of one build, handed to the generators in the context (`archive_outputs`)."""

    def __init__(self) -> None:
        self.outputs: list[Output] = []
        self.per_record: list[OutputOfEachRecord] = []

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
