"""Records as plain data and the exact text of the JSON and CSV files: pure, deterministic functions."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from archive.dates import PartialDate
from archive.index import Term
from archive.records import Event
from pydantic import BaseModel

LIST_SEPARATOR = " | "  # slugs and URLs contain no spaces, so splitting on it is unambiguous
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
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
    """A record as JSON values: fields in schema order, dates as written (`2012-07`), enums as text."""
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


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


def json_text(document: Any) -> str:
    """Stable JSON: fields in a fixed order, UTF-8, two-space indent, a final newline."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return "".join(_JSON_ESCAPES.get(char, char) for char in text)


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, what it holds (for the /data/ page), and how to get it."""

    name: str
    meaning: str
    value: Callable[[Event, str], str]


def _joined(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _iso(date: PartialDate | None) -> str:
    return date.iso() if date else ""


def _text(text: str | None) -> str:
    return spreadsheet_safe(text) if text else ""


CSV_COLUMNS: tuple[Column, ...] = (
    Column("slug", "The event's permanent identifier.", lambda e, _: e.slug),
    Column("url", "The event's page.", lambda e, site: f"{site}/{e.url}"),
    Column("title", "Short factual title.", lambda e, _: _text(e.record.title)),
    Column("summary", "One sentence saying what happened.", lambda e, _: _text(e.record.summary)),
    Column(
        "date",
        "Start date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD.",
        lambda e, _: e.record.date.iso(),
    ),
    Column(
        "date_precision",
        "`year`, `month` or `day`: how much of `date` the sources give.",
        lambda e, _: e.record.date.precision.name.lower(),
    ),
    Column(
        "end_date", "Last day of a multi-day event, or empty.", lambda e, _: _iso(e.record.end_date)
    ),
    Column(
        "date_note",
        "How the date was derived, when no source states it.",
        lambda e, _: _text(e.record.date_note),
    ),
    Column("type", "Event type slug.", lambda e, _: e.record.type),
    Column("platforms", "Platform slugs.", lambda e, _: _joined(e.record.platforms)),
    Column("leaders", "Leader slugs (see leaders.json).", lambda e, _: _joined(e.record.leaders)),
    Column(
        "organizations",
        "Organization slugs (see organizations.json).",
        lambda e, _: _joined(e.record.organizations),
    ),
    Column(
        "location_name",
        "Where it happened, if a source says.",
        lambda e, _: _text(e.record.location.name if e.record.location else None),
    ),
    Column(
        "location_country",
        "Country of the location.",
        lambda e, _: _text(e.record.location.country if e.record.location else None),
    ),
    Column("tags", "Free keywords, as slugs.", lambda e, _: _joined(e.record.tags)),
    Column(
        "metric_count",
        "Number of figures cited (the figures are in events.json).",
        lambda e, _: str(len(e.record.metrics)),
    ),
    Column(
        "source_count",
        "Number of sources (full citations are in events.json).",
        lambda e, _: str(len(e.record.sources)),
    ),
    Column(
        "source_urls",
        "URLs of the sources that are online, in the record's order.",
        lambda e, _: _joined(s.url for s in e.record.sources if s.url),
    ),
    Column("added", "Day the record entered the archive.", lambda e, _: e.record.added.iso()),
    Column(
        "modified", "Day of its last correction, or empty.", lambda e, _: _iso(e.record.modified)
    ),
    Column(
        "former_slugs",
        "Earlier slugs of a renamed record.",
        lambda e, _: _joined(e.record.former_slugs),
    ),
)


def csv_text(events: Iterable[Event], site_url: str) -> str:
    """RFC 4180 CSV (CRLF rows), one row per event, led by a UTF-8 byte order mark for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.name for column in CSV_COLUMNS)
    for event in events:
        writer.writerow(column.value(event, site_url) for column in CSV_COLUMNS)
    return BOM + buffer.getvalue()
