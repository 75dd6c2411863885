"""The quick reader of flat `key: value` files (every source file) gives exactly what the full
reader through libyaml's events gives, and leaves to it every text it is not sure of."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_SITE
from hypothesis import example, given, settings
from hypothesis import strategies as st
from records.yamlsource import SourceError, _flat_mapping, parse_yaml, read_events

from bench.generate import generate

# Characters at the edges of what a plain scalar may hold: indicators, comment and mapping marks,
# spaces of every kind, line breaks that libyaml knows and Python's splitlines too, noncharacters.
TRICKY = [
    *"-?:,[]{}#&*!|>'\"%@`~ \t\r\\.",
    "\xa0",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\u3000",
    "\x0c",
    "é",
    "中",
    "\U0001f600",
    ": ",
    " #",
    "null",
    "true",
    "0o17",
    "0x1F",
    ".inf",
    "1e5",
    "9" * 101,
]
MILD = st.sampled_from(list("abcxyz 0129.-/"))
VALUES = st.lists(st.one_of(MILD, MILD, MILD, st.sampled_from(TRICKY)), max_size=12).map("".join)
KEYS = st.sampled_from(["kind", "title", "url", "url_note", "_x", "Title", "k-y", "<<", "a b", ""])
QUOTED = st.tuples(st.sampled_from(["", "", "'", '"']), VALUES).map(lambda q: q[0] + q[1] + q[0])
LINES = st.tuples(KEYS, st.sampled_from([": ", ": ", ": ", ":", ":  ", " : "]), QUOTED).map("".join)
TEXTS = st.tuples(
    st.lists(LINES, min_size=1, max_size=5), st.sampled_from(["", "\n", "\n", "\n\n", " "])
).map(lambda parts: "\n".join(parts[0]) + parts[1])


def full_reading(text: str, offset: int) -> tuple[object, ...]:
    try:
        doc = read_events(text, offset)
    except SourceError as err:
        return ("error", str(err), err.line)
    return (doc.data, doc.lines, doc.first_line)


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.sampled_from([0, 1]))
@example("kind: news-article\ntitle: A: b\n", 0)
@example("title: Some #UNGA highlights\n", 0)
@example("title: x\ntitle: y\n", 0)
@example("value: " + "9" * 101 + "\n", 0)
@example("note: ends with a colon:\n", 1)
@example("note: trailing space \n", 0)
@example("note: line\u2028break\n", 0)
@example("date: '2012-07-16'\ntitle: \"It's\"\n", 0)
@example("title: 'It''s'\n", 0)
def test_the_quick_reader_reads_as_the_full_reader_or_not_at_all(text: str, offset: int):
    quick = _flat_mapping(text, offset)
    if quick is not None:
        assert (quick.data, quick.lines, quick.first_line) == full_reading(text, offset)


@pytest.mark.parametrize(
    "text",
    [
        "title: x\ntitle: y\n",  # given twice
        "title: Some #UNGA highlights\n",  # a comment after a value
        "value: " + "9" * 101 + "\n",  # a number too long
        "kind: &a news-article\n",  # an anchor
    ],
)
def test_what_the_quick_reader_leaves_is_refused_by_the_full_reader(text: str):
    assert _flat_mapping(text, 0) is None
    with pytest.raises(SourceError):
        parse_yaml(text)


def test_source_files_take_the_quick_reader_with_the_same_result(tmp_path: Path):
    sources = sorted((FIXTURE_SITE / "sources").glob("*.yaml"))
    generated = generate(tmp_path / "content", 30).content
    sources += sorted((generated / "sources").glob("*.yaml"))[:200]
    quick = 0
    for path in sources:
        text = path.read_text(encoding="utf-8")
        doc = _flat_mapping(text, 0)
        if doc is not None:
            quick += 1
            expected = read_events(text, 0)
            assert (doc.data, doc.lines, doc.first_line) == (
                expected.data,
                expected.lines,
                expected.first_line,
            ), path
    # Every generated source file is flat, so most files must have been read the quick way.
    assert quick > len(sources) * 3 // 4, (quick, len(sources))
