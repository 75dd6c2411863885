"""Safe YAML reading that keeps line numbers, refuses aliases and leaves dates as text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FieldPath = tuple[str | int, ...]
MAX_FILE_BYTES = 8 * 1024 * 1024


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
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise SourceError(f"file is {len(raw)} bytes, more than the {MAX_FILE_BYTES} allowed")
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
    if "\x00" in text:
        raise SourceError(
            "file contains NUL bytes; is it a text file?",
            text[: text.index("\x00")].count("\n") + 1,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _walk(
    node: yaml.Node,
    path: FieldPath,
    lines: dict[FieldPath, int],
    seen: set[int],
    offset: int,
    line: int,
) -> None:
    """Record the line of every key and item; an alias shows up as a node met twice."""
    if id(node) in seen:
        raise SourceError("YAML aliases (`*name`) are not allowed in records", line)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_path = (*path, key_node.value)
                lines[key_path] = key_node.start_mark.line + 1 + offset
                _walk(value_node, key_path, lines, seen, offset, lines[key_path])
            else:
                _walk(key_node, path, lines, seen, offset, key_node.start_mark.line + 1 + offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_line = item.start_mark.line + 1 + offset
            lines[(*path, index)] = item_line if id(item) not in seen else line
            _walk(item, (*path, index), lines, seen, offset, lines[(*path, index)])


def parse_yaml(text: str, offset: int = 0) -> YamlDocument:
    """Parse one YAML document; `offset` is the number of lines before it in its file."""
    loader = RecordLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(data=None, first_line=offset + 1)
        lines: dict[FieldPath, int] = {}
        _walk(node, (), lines, set(), offset, offset + 1)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.context_mark or err.problem_mark  # where the broken construct starts
        line = (mark.line + 1 + offset) if mark else offset + 1
        raise SourceError(f"YAML syntax: {err.problem or err.context}", line) from None
    except yaml.YAMLError as err:
        raise SourceError(f"YAML: {err}", offset + 1) from None
    finally:
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
