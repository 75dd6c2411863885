"""Records as plain data and the exact text of the JSON and CSV files: pure, deterministic functions."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from records.dates import PartialDate
from records.events import Event
from records.index import ArchiveIndex, CitedSource, Term
from records.plaindata import plain as plain_values
from records.urls import source_url

LIST_SEPARATOR = " | "  # slugs and URLs contain no spaces, so splitting on it is unambiguous
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
Row = TypeVar("Row")
# Characters escaped in JSON text so that a file can be inlined in HTML or JavaScript safely;
# the parsed values are the same.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def plain(value: Any) -> Any:
    """A record as the open data shows it: the archive's plain values, whole figures as integers."""
    return plain_values(value, whole_numbers=True)


def event_entry(event: Event, site_url: str) -> dict[str, Any]:
    """One event: its identity, every field of its record, and its Markdown body."""
    return {
        "slug": event.slug,
        "url": f"{site_url}/{event.url}",
        **plain(event.record),
        "body": event.body.strip(),
    }


def profile_entry(term: Term, site_url: str) -> dict[str, Any]:
    """One leader or organization: identity, every field of its record, its events' slugs."""
    return {
        "slug": term.slug,
        "url": f"{site_url}/{term.url}",
        **plain(term.record),
        "events": [event.slug for event in term.events],
    }


def source_entry(cited: CitedSource, site_url: str) -> dict[str, Any]:
    """One source: its id, its entry in the bibliography, every field of its file, and the slugs
    of the records citing it."""
    fields = plain(cited.source)
    fields.pop("id")
    return {
        "id": cited.id,
        "page": f"{site_url}/{source_url(cited.id)}",
        **fields,
        "events": [event.slug for event in cited.events],
        "leaders": [t.slug for t in cited.profiles if t.taxonomy.name == "leaders"],
        "organizations": [t.slug for t in cited.profiles if t.taxonomy.name == "organizations"],
    }


def json_text(document: Any) -> str:
    """Stable JSON: fields in a fixed order, UTF-8, two-space indent, a final newline."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    # One `replace` per character (a fast scan in C each) rather than a Python call per character
    # or `str.translate` (a table lookup per character): the events file is tens of megabytes.
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One CSV column: its header, what it holds (for the /data/ page), and how to get it."""

    name: str
    meaning: str
    value: Callable[[Row, ArchiveIndex, str], str]


@dataclass(frozen=True)
class CsvTable(Generic[Row]):
    """One CSV file: its name, what one row is, its columns, and how to get its rows."""

    name: str
    row: str
    columns: tuple[Column[Row], ...]
    rows: Callable[[ArchiveIndex], list[Row]]

    def text(self, index: ArchiveIndex, site_url: str) -> str:
        """RFC 4180 CSV (CRLF rows) led by a UTF-8 byte order mark for spreadsheets."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(column.name for column in self.columns)
        for row in self.rows(index):
            writer.writerow(column.value(row, index, site_url) for column in self.columns)
        return BOM + buffer.getvalue()


def joined(values: Iterable[str]) -> str:
    """A list in one cell, split again on LIST_SEPARATOR."""
    return LIST_SEPARATOR.join(values)


def iso(date: PartialDate | None) -> str:
    """A date as written, or empty."""
    return date.iso() if date else ""


def text(value: str | None) -> str:
    """Text guarded against spreadsheet formulas, or empty."""
    return spreadsheet_safe(value) if value else ""


def figure(value: float) -> str:
    """A figure as the record states it: `20000000`, `3.25`."""
    return str(int(value)) if float(value).is_integer() else repr(value)
