"""The record cache's file format: plain JSON data, checked before use, never code.

One entry per line, four tab-separated fields: `key  check  meta  record`.
- `key`: hash of the record's path and of its bytes (what the entry is for);
- `check`: hash of the build fingerprint and the three other fields, so that a flipped byte, a
  truncated line or an entry written under other code or settings is a miss, never wrong data;
- `meta`: JSON object: path, bytes hash, problems, the source ids the file cites, the event's slug,
  path, body and links to other records, the body's HTML;
- `record`: the event's front matter as JSON, validated again by the schema when read (pydantic's
  JSON parser: faster than unpickling the objects was).
JSON escapes every control character, so a tab or a newline never occurs inside a field.
Reading it can fail only as a miss: it runs no code and builds no object the schema did not check.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from records.events import Event, EventFile, RecordLink
from records.plaindata import plain
from records.problems import Problem
from records.schema import EventRecord

from .fingerprint import digest

FORMAT = "archive-record-cache/3"
Key = tuple[str, str]


@dataclass(frozen=True)
class ReadResult:
    """One record as read: the checked event (or its problems) and the body as safe HTML."""

    loaded: EventFile
    html: str


def line_key(key: Key) -> str:
    """The first field of an entry's line: the same for the same path and bytes."""
    return digest(f"{key[0]}\0{key[1]}".encode())


def _check(fingerprint: str, fields: list[str]) -> str:
    return digest("\t".join([fingerprint, *fields]).encode("utf-8"))


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode(key: Key, result: ReadResult, fingerprint: str) -> bytes | None:
    """The entry's line, or None when the result would not read back equal (it is then not kept)."""
    event = result.loaded.event
    meta = {
        "path": key[0],
        "bytes": key[1],
        "html": result.html,
        "problems": [[p.path, p.line, p.field, p.message] for p in result.loaded.problems],
        "cited": result.loaded.cited,
        "event": None
        if event is None
        else {
            "slug": event.slug,
            "path": event.path,
            "body": event.body,
            "links": [[link.line, link.year, link.slug] for link in event.links],
        },
    }
    try:
        record = "" if event is None else _dump(plain(event.record))
        if event is not None and EventRecord.model_validate_json(record) != event.record:
            return None
    except (TypeError, ValueError):
        return None
    fields = [line_key(key), _dump(meta), record]
    return "\t".join([fields[0], _check(fingerprint, fields), *fields[1:]]).encode("utf-8")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def decode(line: bytes, key: Key, fingerprint: str) -> ReadResult | None:
    """The entry for `key` on this line, or None if the line is damaged, foreign or not for it."""
    try:
        name, check, meta_text, record = line.decode("utf-8").split("\t")
        if name != line_key(key) or check != _check(fingerprint, [name, meta_text, record]):
            return None
        meta = json.loads(meta_text)
        if [meta["path"], meta["bytes"]] != list(key):
            return None
        problems = [
            Problem(_text(path), int(line_number), _text(field), _text(message))
            for path, line_number, field, message in meta["problems"]
        ]
        found = meta["event"]
        event = None
        if found is not None:
            event = Event(
                slug=_text(found["slug"]),
                path=_text(found["path"]),
                record=EventRecord.model_validate_json(record),
                body=_text(found["body"]),
                links=tuple(
                    RecordLink(int(line_number), int(year), _text(slug))
                    for line_number, year, slug in found["links"]
                ),
            )
        cited = meta["cited"]
        if cited is not None:
            cited = [_text(source_id) for source_id in cited]
        return ReadResult(EventFile(event, problems, cited), _text(meta["html"]))
    except (ValueError, KeyError, TypeError, RecursionError):  # pydantic's errors are ValueErrors
        return None


def header(fingerprint: str) -> bytes:
    """The file's first line: its format and the fingerprint its entries were written under."""
    return _dump({"format": FORMAT, "fingerprint": fingerprint}).encode("utf-8")


def matches(first_line: bytes, fingerprint: str) -> bool:
    """Is this the header of a cache file of this format, written under this fingerprint?"""
    return first_line == header(fingerprint)
