"""What a Markdown body may cost to render: bounds measured on its text, in one pass.

Python-Markdown takes time that grows faster than the text on some inputs, and fails on others:
each `[` or `(` that is never closed is followed to the end of its paragraph (19,990 `[` took a
minute), each `<` to the next `>` of the whole body (the HTML parser), a block split at every line
re-reads the rest of the block (600 definition-list items in one block exceeded Python's recursion
limit), every level of nesting is a level of recursion, and abbreviations and footnotes are matched
against the whole text. Within these bounds the rendering of a body stays linear in its length
(tests/test_input_bounds.py renders bodies at the bounds; `python -m bench.bodies` times the
costliest, BENCHMARKS.md "Bodies"). `make check`
and the build refuse the same bodies, as both call `body_problems` when they read a record; this
module imports no Markdown library, so that the check stays fast.
"""

from __future__ import annotations

import re

MAX_BODY_LINES = 1_000
MAX_BLOCK_LINES = 100  # lines of one block (text between blank lines)
MAX_NESTING = 8  # levels of lists, quotes and indentation on one line
MAX_DEFINITIONS = 50  # abbreviation (`*[HTML]: ...`) and footnote (`[^1]: ...`) definitions
READ_AHEAD_PER_CHARACTER = 20  # characters read ahead from openers, per character of body
READ_AHEAD_ALLOWANCE = 2_000

# A quote, list or definition marker; the markers that open a line, one after the other.
_MARKER = r"[ ]{0,3}(?:>[ ]?|(?:[-+*]|[0-9]{1,9}[.)]|:)(?:[ \t]+|$))"
_CONTAINER = re.compile(_MARKER)
_CONTAINERS = re.compile(rf"\A(?:{_MARKER})*")
_DEFINITION = re.compile(r"\A[ ]{0,3}(?:\*\[[^\]\n]*\]|\[\^[^\]\n]*\]):")
_BRACKETS = re.compile(r"\\.|[\[\]()<]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _nesting(line: str) -> int:
    """Levels of nesting a line opens: its indentation (four columns each) and its markers."""
    expanded = line.expandtabs(4)
    stripped = expanded.lstrip(" ")
    markers = _CONTAINERS.search(stripped)
    prefix = markers.group() if markers else ""
    return (len(expanded) - len(stripped)) // 4 + len(_CONTAINER.findall(prefix))


def _read_ahead(body: str, start: int, end: int) -> tuple[int, int]:
    """(characters the renderer reads ahead from the openers of the block `body[start:end]`, the
    first opener never closed or -1). A `[` or `(` is read up to its match or the end of its
    block, a `<` up to the next `>` of the whole body."""
    cost, unclosed = 0, -1
    open_at: dict[str, list[int]] = {"[": [], "(": []}
    pairs = {"]": "[", ")": "("}
    for found in _BRACKETS.finditer(body, start, end):
        character = found.group()
        if len(character) > 1:  # an escaped character opens nothing
            continue
        at = found.start()
        if character in open_at:
            open_at[character].append(at)
        elif character in pairs:
            stack = open_at[pairs[character]]
            if stack:
                cost += at - stack.pop()
        elif character == "<":
            close = body.find(">", at)
            cost += (close if close >= 0 else len(body)) - at
    for stack in open_at.values():
        for at in stack:
            cost += end - at
            unclosed = at if unclosed < 0 else min(unclosed, at)
    return cost, unclosed


def body_problems(body: str) -> list[tuple[int, str]]:
    """(line of the body, counted from 1, and message) for each bound the body exceeds."""
    lines = body.split("\n")
    if len(lines) > MAX_BODY_LINES:
        return [
            (
                MAX_BODY_LINES + 1,
                f"has {len(lines):,} lines, more than the {MAX_BODY_LINES:,} allowed: describe "
                "the event in our own words and cite long documents as sources",
            )
        ]
    problems: list[tuple[int, str]] = []
    definitions = 0
    block_start = 0
    for number, line in enumerate([*lines, ""], start=1):
        if not line.strip():
            if number - block_start - 1 > MAX_BLOCK_LINES:
                problems.append(
                    (
                        block_start + 1,
                        f"a block of {number - block_start - 1:,} lines without a blank line, "
                        f"more than the {MAX_BLOCK_LINES} allowed: separate paragraphs, lists "
                        "and tables with blank lines",
                    )
                )
            block_start = number
            continue
        if _nesting(line) > MAX_NESTING:
            problems.append(
                (
                    number,
                    f"nests lists, quotes or indentation {_nesting(line)} levels deep, more than "
                    f"the {MAX_NESTING} allowed",
                )
            )
        if _DEFINITION.search(line):
            definitions += 1
            if definitions == MAX_DEFINITIONS + 1:
                problems.append(
                    (
                        number,
                        f"more than {MAX_DEFINITIONS} abbreviation or footnote definitions",
                    )
                )
    if "[" in body or "(" in body or "<" in body:
        problems += _read_ahead_problems(body)
    return problems


def _read_ahead_problems(body: str) -> list[tuple[int, str]]:
    budget = READ_AHEAD_PER_CHARACTER * len(body) + READ_AHEAD_ALLOWANCE
    total, first_unclosed, start = 0, -1, 0
    for gap in [*_BLANK_LINE.finditer(body), None]:
        end = gap.start() if gap else len(body)
        cost, unclosed = _read_ahead(body, start, end)
        total += cost
        if unclosed >= 0 and first_unclosed < 0:
            first_unclosed = unclosed
        if total > budget:
            break
        start = gap.end() if gap else end
    if total <= budget:
        return []
    where = max(first_unclosed, 0)
    return [
        (
            body.count("\n", 0, where) + 1,
            "opens brackets, parentheses or tags that are closed far away or never (more than "
            f"the {budget:,} characters to read past them that a body of {len(body):,} "
            "characters may take): close each `[`, `(` and `<`, or write it as `\\[`, `\\(` or "
            "`&lt;`",
        )
    ]
