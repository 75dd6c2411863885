"""Safe YAML reading that keeps line numbers, refuses aliases, duplicate keys and deep nesting."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .characters import control_message, first_control

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FieldPath = tuple[str | int, ...]
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 16  # records nest three levels (record, list of metrics, metric)
MAX_NUMBER_LENGTH = 100  # far below the 4,300 digits past which Python refuses to read an int
_INT_TAG = "tag:yaml.org,2002:int"


class RecordLoader(_Loader):  # type: ignore[misc, valid-type]
    """SafeLoader whose timestamps stay strings, so partial dates keep the form the editor wrote."""


RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


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
    size = path.stat().st_size  # before reading, so a huge file is never loaded
    if size > MAX_FILE_BYTES:
        raise SourceError(
            f"file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed: a record "
            "is a few kilobytes; cite long documents as sources instead of copying them"
        )
    raw = path.read_bytes()
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


def _scan(loader: yaml.Loader, offset: int) -> None:
    """Refuse aliases and deep nesting from the event stream, before any node is built.

    An alias bomb (`*name` repeated into billions of nodes) and nesting thousands of levels deep
    (which crashes libyaml's recursive composer) are both caught here in constant memory.
    """
    depth = 0
    while loader.check_event():
        event = loader.get_event()
        line = event.start_mark.line + 1 + offset
        if isinstance(event, yaml.AliasEvent):
            raise SourceError("YAML aliases (`*name`) are not allowed in records", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise SourceError(
                    f"YAML nested more than {MAX_DEPTH} levels deep; records need at most 3", line
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _walk(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int], offset: int) -> None:
    """Record the line of every key and item; a key given twice would silently drop a value."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_path = (*path, key_node.value)
                line = key_node.start_mark.line + 1 + offset
                if key_path in lines:
                    raise SourceError(
                        f"key '{key_node.value}' is given twice (first on line "
                        f"{lines[key_path]}); YAML would silently keep only the last",
                        line,
                    )
                lines[key_path] = line
                _walk(value_node, key_path, lines, offset)
            else:
                _walk(key_node, path, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1 + offset
            _walk(item, (*path, index), lines, offset)
    elif node.tag == _INT_TAG and len(node.value) > MAX_NUMBER_LENGTH:
        raise SourceError(
            f"a number written with {len(node.value):,} characters is longer than any figure "
            f"needs (at most {MAX_NUMBER_LENGTH})",
            node.start_mark.line + 1 + offset,
        )


def parse_yaml(text: str, offset: int = 0) -> YamlDocument:
    """Parse one YAML document; `offset` is the number of lines before it in its file."""
    scanner = RecordLoader(text)
    loader = RecordLoader(text)
    try:
        _scan(scanner, offset)
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(data=None, first_line=offset + 1)
        lines: dict[FieldPath, int] = {}
        _walk(node, (), lines, offset)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.context_mark or err.problem_mark  # where the broken construct starts
        line = (mark.line + 1 + offset) if mark else offset + 1
        raise SourceError(f"YAML syntax: {err.problem or err.context}", line) from None
    except yaml.YAMLError as err:
        raise SourceError(f"YAML: {err}", offset + 1) from None
    finally:
        scanner.dispose()
        loader.dispose()
    return YamlDocument(data=data, lines=lines, first_line=offset + 1)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split `---` front matter from the Markdown body; returns (yaml, body, body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError("record must start with a `---` line opening its YAML front matter")
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise SourceError("front matter is never closed: add a `---` line after it")
