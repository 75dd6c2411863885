"""Records' YAML: one plain, predictable dialect, read with the line of every field.

Records and registries are read in a restricted dialect of YAML, so that a file means what its
editor sees and nothing else:

- plain values are typed by the YAML 1.2 core schema only: `yes`, `on` and `1:30` are text, not a
  boolean or 90; `012` is twelve; `0o17` and `0x1F` are numbers, as `.inf` and `.nan` are (and a
  figure refuses them); mapping keys are always text;
- no tags (`!!binary`, `!!set`, `!!str`, `!custom`), no anchors or aliases (`&name`, `*name`), no
  merge keys (`<<:`), no directives (`%YAML`, `%TAG`), no keys that are lists or mappings, no key
  given twice, at most MAX_DEPTH levels of nesting, numbers of at most MAX_NUMBER_LENGTH characters;
- a `#` comment stands on a line of its own: after a value, `title: Some #UNGA highlights` would
  silently be the title "Some", so any comment after something on the same line is refused.

How, and why not a library built for this. libyaml (PyYAML's C parser) turns the text into events
(scalar, start and end of a mapping or a list), each with its line, its tag, anchor and style; one
pass over those events builds the data, refuses what the dialect leaves out and records the line of
every field. Nothing of PyYAML's composer, resolver or constructor is used, so none of YAML 1.1's
implicit types can come back. The alternatives read worse: ruamel.yaml reads YAML 1.2 only in its
pure-Python mode (its C loader is libyaml's YAML 1.1: `0o52` and `052` both load as 42), several
times slower than libyaml, and `make check` must read 10,000 records in a few seconds; StrictYAML,
built on ruamel's pure-Python parser, says "not speed" of itself, refuses the flow lists
(`platforms: [sina-weibo]`) that every record uses, and types values only through its own schema,
which would duplicate the pydantic models. One pass over libyaml's events is faster than PyYAML's
safe loader was (which parsed each file twice: once to refuse aliases, once to load it).
"""

from __future__ import annotations

import bisect
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml.events import CollectionStartEvent

from .characters import control_message, first_control


class _EventParser(Protocol):
    """What is read of a YAML parser: its events, one at a time."""

    def check_event(self) -> bool: ...
    def get_event(self) -> yaml.Event | None: ...
    def dispose(self) -> None: ...


class _Mark(Protocol):
    """Where in the text an event starts or ends (libyaml's and PyYAML's marks alike)."""

    line: int
    index: int


_Parser: Callable[[str], _EventParser]
try:  # libyaml's parser; PyYAML's pure-Python one reads the same events, only slower
    from yaml._yaml import CParser

    _Parser = CParser
except ImportError:  # pragma: no cover - every supported platform has wheels with libyaml
    _Parser = yaml.SafeLoader

FieldPath = tuple[str | int, ...]
# The events a parser gives, looked up once.
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_DOCUMENT_START = yaml.DocumentStartEvent
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 16  # records nest three levels (record, list of metrics, metric)
MAX_NUMBER_LENGTH = 100  # far below the 4,300 digits past which Python refuses to read an int

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), the only implicit
# types: a plain value is null, a boolean, an integer or a float when it is written exactly so.
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLEANS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_INTEGER = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEXADECIMAL = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INFINITY = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = frozenset({".nan", ".NaN", ".NAN"})
# First characters a typed plain value can start with; any other plain value is text at once.
_TYPED_STARTS = frozenset("~nNtTfF0123456789+-.")
_STANDARD_TAGS = "tag:yaml.org,2002:"
# A `#` after whitespace starts a comment wherever it is not inside a value.
_COMMENT_CANDIDATE = re.compile(r"[ \t]#")
# What a comment after a plain value does, and what it does after anything else.
COMMENT_AFTER_VALUE = (
    "quote the value: text after ' #' is dropped (YAML reads it as a comment; "
    "a comment goes on a line of its own)"
)
COMMENT_AFTER_OTHER = (
    "a comment goes on a line of its own: YAML drops the text after ' #' on a line that holds "
    "a value"
)


class SourceError(ValueError):
    """A file that cannot be read as a record at all; `line` points at the trouble when known."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class YamlDocument:
    """Parsed data with the line of every mapping key and sequence item, for precise messages."""

    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, path: FieldPath) -> int:
        """The line of the deepest known part of `path` (the whole document when none is known)."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return self.first_line


def read_text(path: Path) -> str:
    """Read a file as strict UTF-8 with LF line endings; a BOM or CRLF is accepted and normalised."""
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size  # before reading, so a huge file is never loaded
        if size > MAX_FILE_BYTES:
            raise SourceError(
                f"file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed: a record "
                "is a few kilobytes; cite long documents as sources instead of copying them"
            )
        raw = file.read()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            "saved as UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(
            f"not UTF-8 (byte {err.start}: {raw[err.start : err.start + 1]!r}); save the file as UTF-8",
            line,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    index = first_control(text)
    if index is not None:
        line_start = text.rfind("\n", 0, index) + 1
        raise SourceError(
            control_message(text[index], f"column {index - line_start + 1}"),
            text.count("\n", 0, index) + 1,
        )
    return text


def plain_value(text: str) -> Any:
    """A plain (unquoted) scalar typed by the YAML 1.2 core schema; anything else stays text."""
    if text in _NULL:
        return None
    if text[0] not in _TYPED_STARTS:
        return text
    if text in _BOOLEANS:
        return _BOOLEANS[text]
    if _INTEGER.fullmatch(text):
        return int(text, 10)
    if _OCTAL.fullmatch(text):
        return int(text[2:], 8)
    if _HEXADECIMAL.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INFINITY.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if text in _NAN:
        return math.nan
    return text


def _is_number(text: str) -> bool:
    return bool(_INTEGER.fullmatch(text) or _FLOAT.fullmatch(text))


class _Builder:
    """Builds the data from libyaml's events in one pass, refusing what the dialect leaves out."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.lines: dict[FieldPath, int] = {}
        # Open collections: (container, its path, the key waiting for its value or None).
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.documents = 0

    def line(self, event: yaml.Event) -> int:
        return _start(event).line + 1 + self.offset

    def refuse_decorations(self, event: yaml.ScalarEvent | CollectionStartEvent) -> None:
        if event.anchor is not None:
            raise SourceError(
                f"YAML anchors (`&{event.anchor}`) and aliases are not allowed in records: "
                "write the value out",
                self.line(event),
            )
        if event.tag is not None:
            tag = event.tag.replace(_STANDARD_TAGS, "!!", 1)  # as written: `!!binary`
            raise SourceError(
                f"YAML tags (`{tag}`) are not allowed in records: write the value plainly, "
                "in quotes if it is text",
                self.line(event),
            )

    def place(self, value: Any, event: yaml.Event, container: bool) -> FieldPath | None:
        """Put `value` where the parser is: a key, a mapping's value, a list item or the root."""
        if not self.stack:
            self.root = value
            return ()
        top = self.stack[-1]
        parent, path, key = top
        if isinstance(parent, dict):
            if key is None:  # `value` is a key
                if container:
                    raise SourceError(
                        "a key must be a plain name, not a list or a mapping", self.line(event)
                    )
                key_path = (*path, value)
                if key_path in self.lines:
                    raise self.repeated_key(key_path, event)
                self.lines[key_path] = self.line(event)
                top[2] = value
                return None
            parent[key] = value
            top[2] = None
            return (*path, key)
        item_path = (*path, len(parent))
        self.lines[item_path] = self.line(event)
        parent.append(value)
        return item_path

    def repeated_key(self, key_path: tuple[Any, ...], event: yaml.Event) -> SourceError:
        """A key given twice in one mapping (YAML itself would keep the last without a word)."""
        return SourceError(
            f"key '{key_path[-1]}' is given twice (first on line "
            f"{self.lines[key_path]}); YAML would silently keep only the last",
            self.line(event),
        )

    def scalar(self, event: yaml.ScalarEvent) -> bool:
        """Place a scalar; True when it was a key. (The most frequent event: `place` inlined.)"""
        if event.anchor is not None or event.tag is not None:
            self.refuse_decorations(event)
        text = event.value
        plain = event.implicit[0]
        if not self.stack:
            self.root = self.typed(text, plain, event)
            return False
        top = self.stack[-1]
        parent, path, key = top
        if type(parent) is dict:
            if key is None:  # a key: always text
                if plain and text == "<<":
                    raise SourceError(
                        "YAML merge keys (`<<:`) are not allowed in records: write the fields out",
                        self.line(event),
                    )
                key_path = (*path, text)
                if key_path in self.lines:
                    raise self.repeated_key(key_path, event)
                self.lines[key_path] = self.line(event)
                top[2] = text
                return True
            parent[key] = self.typed(text, plain, event)
            top[2] = None
            return False
        value = self.typed(text, plain, event)
        self.lines[(*path, len(parent))] = self.line(event)
        parent.append(value)
        return False

    def typed(self, text: str, plain: bool, event: yaml.ScalarEvent) -> Any:
        """A value's data: quoted text as written, a plain value typed by the core schema."""
        if not plain:
            return text
        if len(text) > MAX_NUMBER_LENGTH and _is_number(text):
            raise SourceError(
                f"a number written with {len(text):,} characters is longer than any figure "
                f"needs (at most {MAX_NUMBER_LENGTH})",
                self.line(event),
            )
        return plain_value(text) if text else None

    def start(self, event: CollectionStartEvent, container: dict[str, Any] | list[Any]) -> None:
        self.refuse_decorations(event)
        if len(self.stack) >= MAX_DEPTH:
            raise SourceError(
                f"YAML nested more than {MAX_DEPTH} levels deep; records need at most 3",
                self.line(event),
            )
        path = self.place(container, event, container=True)
        self.stack.append([container, path, None])


def _start(event: yaml.Event) -> _Mark:
    """Where an event starts: libyaml and PyYAML mark every event they read."""
    if event.start_mark is None:  # pragma: no cover - neither parser leaves a mark out
        raise SourceError("YAML: the parser gave no position for a part of the file")
    return event.start_mark


def _end(event: yaml.Event) -> _Mark:
    """Where an event ends (see `_start`)."""
    if event.end_mark is None:  # pragma: no cover - neither parser leaves a mark out
        raise SourceError("YAML: the parser gave no position for a part of the file")
    return event.end_mark


@dataclass(frozen=True)
class _Span:
    """Where a value is in the text; a `#` inside one is part of it, except on a block scalar's
    header line (`key: |  # comment`), which ends at `header_end`."""

    start: int
    end: int
    header_end: int
    plain: bool  # a plain (unquoted) value, not a key


def _misplaced_comment(text: str, spans: list[_Span]) -> tuple[int, str] | None:
    """(0-based line, message) of the first comment that follows something on its line, if any."""
    starts = [span.start for span in spans]
    for found in _COMMENT_CANDIDATE.finditer(text):
        at = found.start() + 1
        index = bisect.bisect_right(starts, at) - 1
        before = spans[index] if index >= 0 else None
        if before is not None and before.header_end <= at < before.end:
            continue  # inside a value
        line_start = text.rfind("\n", 0, at) + 1
        before_on_line = text[line_start:at].lstrip()
        if not before_on_line or before_on_line.startswith("#"):
            continue  # a comment on its own line, or inside one
        after_plain = (
            before is not None
            and before.plain
            and before.end >= line_start
            and not text[before.end : at].strip()
        )
        return text.count("\n", 0, at), COMMENT_AFTER_VALUE if after_plain else COMMENT_AFTER_OTHER
    return None


# A file of `key: value` lines only, the shape of every source file, is read without libyaml when
# each value is text that YAML reads as one scalar, so that the result is the full reader's
# (compared with it on every file of a generated archive and on mutations of them). A key is a
# short lowercase name; a value is quoted text with no quote of its kind and no backslash inside,
# or plain text that starts with no space and no indicator (`-?:,[]{}#&*!|>'"%@` and a backquote)
# and ends with no space and no `:`; no value holds `: ` or ` #`, and the text has only characters
# libyaml takes as text on one line (not U+0085, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF, no tab).
# Anything else, a key given twice included, goes through libyaml and the dialect's checks.
_FLAT_KEY = re.compile(r"[a-z_][a-z0-9_]{0,99}")
_FLAT_VALUE_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_NOT_FLAT_CHARACTER = re.compile(
    r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def _flat_mapping(text: str, offset: int) -> YamlDocument | None:
    """The document of a flat file of `key: value` lines (see above), or None."""
    if " #" in text or _NOT_FLAT_CHARACTER.search(text):
        return None
    data: dict[str, Any] = {}
    lines: dict[FieldPath, int] = {}
    body = text[:-1] if text.endswith("\n") else text
    for number, line in enumerate(body.split("\n"), start=offset + 1):
        key, _, value = line.partition(": ")
        if not _FLAT_KEY.fullmatch(key) or key in data or ": " in value:
            return None  # a key given twice included: the full reader says so
        quote = value[:1]
        if quote in ("'", '"'):  # quoted text with nothing to unescape: as written
            inner = value[1:-1]
            if len(value) < 2 or value[-1] != quote or quote in inner or "\\" in inner:
                return None
            data[key] = inner
        elif (
            not value
            or quote in _FLAT_VALUE_START
            or value[-1] == ":"
            or value[-1].isspace()
            or (len(value) > MAX_NUMBER_LENGTH and _is_number(value))  # the full reader says so
        ):
            return None
        else:
            data[key] = plain_value(value)
        lines[(key,)] = number
    return YamlDocument(data=data, lines=lines, first_line=offset + 1)


def parse_yaml(text: str, offset: int = 0) -> YamlDocument:
    """Parse one YAML document in the records' dialect; `offset` is the number of lines before it
    in its file, so that lines are counted in the file."""
    return _flat_mapping(text, offset) or read_events(text, offset)


def read_events(text: str, offset: int = 0) -> YamlDocument:
    """`parse_yaml` through libyaml's events, whatever the shape of the text."""
    builder = _Builder(offset)
    # Value spans are needed only to tell comments from `#` inside values, so only when a `#`
    # follows whitespace somewhere.
    spans: list[_Span] | None = [] if _COMMENT_CANDIDATE.search(text) else None
    parser = _Parser(text)
    try:
        # `get_event` gives None after the last event; `check_event` would ask twice per event.
        while (event := parser.get_event()) is not None:
            if isinstance(event, _SCALAR):
                is_key = builder.scalar(event)
                if spans is not None:
                    start, end = _start(event).index, _end(event).index
                    header_end = start
                    if event.style in ("|", ">"):  # its header line ends before its text
                        newline = text.find("\n", start)
                        header_end = end if newline < 0 else newline
                    plain_value_text = bool(event.implicit[0]) and not is_key and end > start
                    spans.append(_Span(start, end, header_end, plain_value_text))
            elif isinstance(event, _MAPPING_START):
                builder.start(event, {})
            elif isinstance(event, _SEQUENCE_START):
                builder.start(event, [])
            elif isinstance(event, _MAPPING_END | _SEQUENCE_END):
                builder.stack.pop()
            elif isinstance(event, _ALIAS):
                raise SourceError(
                    "YAML aliases (`*name`) are not allowed in records", builder.line(event)
                )
            elif isinstance(event, _DOCUMENT_START):
                builder.documents += 1
                if builder.documents > 1:
                    raise SourceError(
                        "holds more than one YAML document (a second `---` line)",
                        builder.line(event),
                    )
                if event.version is not None or event.tags:
                    raise SourceError(
                        "YAML directives (`%YAML`, `%TAG`) are not allowed in records",
                        builder.line(event),
                    )
    except yaml.MarkedYAMLError as err:
        mark = err.context_mark or err.problem_mark  # where the broken construct starts
        line = (mark.line + 1 + offset) if mark else offset + 1
        raise SourceError(f"YAML syntax: {err.problem or err.context}", line) from None
    except yaml.YAMLError as err:
        raise SourceError(f"YAML: {err}", offset + 1) from None
    finally:
        parser.dispose()
    if spans is not None:
        misplaced = _misplaced_comment(text, spans)
        if misplaced is not None:
            line, message = misplaced
            raise SourceError(message, line + 1 + offset)
    return YamlDocument(data=builder.root, lines=builder.lines, first_line=offset + 1)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split `---` front matter from the Markdown body; returns (yaml, body, body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError("record must start with a `---` line opening its YAML front matter")
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise SourceError("front matter is never closed: add a `---` line after it")
