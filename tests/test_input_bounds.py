"""The records' YAML dialect, near-miss suggestions at a bounded cost, anchored patterns, and the
bounds on bodies.

The hostile corpus (test_hostile.py) shows each class end to end through `make check` and the
build; these are the finer cases of the same rules, on the functions themselves.
"""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from records.bodybounds import (
    MAX_BLOCK_LINES,
    MAX_BODY_LINES,
    MAX_DEFINITIONS,
    MAX_NESTING,
    body_problems,
)
from records.markup import BodyRenderer, render_checked
from records.problems import NearMisses, did_you_mean
from records.yamlsource import (
    COMMENT_AFTER_OTHER,
    COMMENT_AFTER_VALUE,
    SourceError,
    parse_yaml,
)

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


# --- YAML: the 1.2 core schema and nothing else --------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("yes", "yes"),
        ("No", "No"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("-12", -12),
        ("+12", 12),
        ("1e3", 1000.0),
        ("2.5", 2.5),
        (".5", 0.5),
        ("-.inf", -math.inf),
        ("true", True),
        ("FALSE", False),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ("2012", 2012),
        ("2012-07-16", "2012-07-16"),
        ("2012-07-16 10:00:00", "2012-07-16 10:00:00"),
        ("=", "="),
        ("0b101", "0b101"),
        ("0x", "0x"),
        (".", "."),
        ("-1-", "-1-"),
        ("'012'", "012"),
        ('"true"', "true"),
    ],
)
def test_plain_values_are_typed_by_the_yaml_1_2_core_schema_only(written: str, read: object):
    assert parse_yaml(f"value: {written}\n").data == {"value": read}


def test_nan_is_a_float_that_the_schema_then_refuses():
    assert math.isnan(parse_yaml("value: .nan\n").data["value"])


def test_keys_are_always_text():
    assert parse_yaml("1: a\ntrue: b\nnull: c\n0o17: d\n").data == {
        "1": "a",
        "true": "b",
        "null": "c",
        "0o17": "d",
    }


def test_every_field_keeps_its_line_counted_in_the_file():
    doc = parse_yaml("title: A\nsources:\n  - id: a\n    url: x\n  - id: b\n", offset=1)
    assert doc.lines == {
        ("title",): 2,
        ("sources",): 3,
        ("sources", 0): 4,
        ("sources", 0, "id"): 4,
        ("sources", 0, "url"): 5,
        ("sources", 1): 6,
        ("sources", 1, "id"): 6,
    }


def _refusal(text: str) -> tuple[int, str]:
    with pytest.raises(SourceError) as refused:
        parse_yaml(text)
    return refused.value.line, str(refused.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title: Some #UNGA highlights\n", 1, COMMENT_AFTER_VALUE),
        ("a: 1\ntitle: Café\t#tab\n", 2, COMMENT_AFTER_VALUE),
        ("title: 'quoted' # comment\n", 1, COMMENT_AFTER_OTHER),
        ("tags: [a, b]  # comment\n", 1, COMMENT_AFTER_OTHER),
        ("end_date:  # leave empty\n", 1, COMMENT_AFTER_OTHER),
        ("sources:  # at least one\n  - a\n", 1, COMMENT_AFTER_OTHER),
        ("body: |  # header comment\n  text\n", 1, COMMENT_AFTER_OTHER),
        ("list:\n  - a #b\n", 2, COMMENT_AFTER_VALUE),
        ("title: >\n  folded\nnext: x #y\n", 3, COMMENT_AFTER_VALUE),
    ],
)
def test_a_comment_after_something_on_its_line_is_refused(text: str, line: int, message: str):
    assert _refusal(text) == (line, message)


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("# a comment\ntitle: x\n  # indented comment\n", {"title": "x"}),
        ('title: "Some #UNGA highlights"\n', {"title": "Some #UNGA highlights"}),
        ("title: 'a # b'\n", {"title": "a # b"}),
        ("url: https://example.org/#part\n", {"url": "https://example.org/#part"}),
        ("tag: c#\n", {"tag": "c#"}),
        ("body: |\n  text # kept\n  # kept too\n", {"body": "text # kept\n# kept too\n"}),
        ("#  - subject: x  # inside a comment\ntitle: x\n", {"title": "x"}),
        ('title: "two\n  lines # kept"\n', {"title": "two lines # kept"}),
    ],
)
def test_a_hash_inside_a_value_or_a_comment_line_is_not_refused(text: str, data: dict):
    assert parse_yaml(text).data == data


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ("a: !!binary aGk=\n", 1, "YAML tags (`!!binary`)"),
        ("a: !!timestamp 2012-01-01\n", 1, "YAML tags (`!!timestamp`)"),
        ("a: !!python/name:os.system\n", 1, "YAML tags (`!!python/name:os.system`)"),
        ("a:\n  - ! plain\n", 2, "YAML tags (`!`)"),
        ("a: !<tag:example.org,2000:x> 1\n", 1, "YAML tags (`tag:example.org,2000:x`)"),
        ("a: !!map {b: 1}\n", 1, "YAML tags (`!!map`)"),
        ("a: &x [1]\n", 1, "YAML anchors (`&x`) and aliases"),
        ("a: [*x]\n", 1, "YAML aliases (`*name`)"),
        ("a:\n  b: 1\n  <<: {c: 2}\n", 3, "YAML merge keys (`<<:`)"),
        ("%TAG !e! tag:example.org,2000:\n---\na: 1\n", 1, "YAML directives"),
        ("? {a: 1}\n: x\n", 1, "a key must be a plain name"),
        ("a: 1\n---\nb: 2\n", 2, "holds more than one YAML document"),
        ("a:\n  b: 1\n  b: 2\n", 3, "key 'b' is given twice (first on line 2)"),
        ("a: " + "[" * 17 + "]" * 17 + "\n", 1, "YAML nested more than 16 levels deep"),
        ("a: " + "9" * 101 + "\n", 1, "a number written with 101 characters"),
        ("a: 1." + "5" * 100 + "\n", 1, "a number written with 102 characters"),
    ],
)
def test_what_the_dialect_leaves_out_is_refused_at_its_line(text: str, line: int, start: str):
    found_line, message = _refusal(text)
    assert (found_line, message[: len(start)]) == (line, start)


def test_a_long_text_that_looks_like_no_number_is_kept():
    text = "a" * 5000
    assert parse_yaml(f"title: {text}\n").data == {"title": text}


def test_quoting_makes_anything_text():
    assert parse_yaml("a: '<<'\n'<<': b\nc: '!!binary'\n").data == {
        "a": "<<",
        "<<": "b",
        "c": "!!binary",
    }


# --- Near misses at a bounded cost ---------------------------------------------------------------

REGISTRY = [f"leader-{number:05d}-{word}" for number in range(10_000) for word in ("x",)] + [
    "ban-ki-moon",
    "sina-weibo",
]


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("ban-ki-mon", ["ban-ki-moon", "united-nations", "unicef"]),
        ("weibo", ["sina-weibo", "twitter", "facebook"]),
        ("zzz", ["ban-ki-moon"]),
        ("live-chat", ["live-qa", "live-video", "award", "campaign"]),
    ],
)
def test_small_sets_get_exactly_the_difflib_suggestion(value: str, names: list[str]):
    assert NearMisses(names).hint(value) == did_you_mean(value, names)


@pytest.mark.parametrize(
    ("value", "suggested"),
    [
        ("ban-ki-mon", "ban-ki-moon"),
        ("weibo", "sina-weibo"),
        ("leader-04242-y", "leader-04242-x"),
    ],
)
def test_large_sets_still_find_the_near_miss(value: str, suggested: str):
    assert NearMisses(REGISTRY).hint(value) == f" (did you mean '{suggested}')"


def test_each_query_compares_a_bounded_number_of_names(monkeypatch: pytest.MonkeyPatch):
    compared: list[int] = []
    close_matches = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], *args: object, **kwargs: object) -> list:
        compared.append(len(possibilities))
        return close_matches(word, possibilities, *args, **kwargs)

    near = NearMisses(REGISTRY)
    monkeypatch.setattr(difflib, "get_close_matches", counting)
    for value in ("ban-ki-mon", "leader-00001-y", "nothing-like-any", "leader"):
        near.hint(value)
    assert compared and max(compared) <= NearMisses.CANDIDATES


# --- Anchored patterns ---------------------------------------------------------------------------


def test_no_pattern_is_applied_with_match_where_a_final_line_feed_would_slip_through_dollar():
    """`re.match(r"^...$", "slug\\n")` matches: patterns are applied with `fullmatch` (or
    `search` where a part is looked for), never with `match`."""
    uses = [
        f"{path.relative_to(PLUGINS)}:{number}"
        for path in sorted(PLUGINS.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.match\(", line)
    ]
    assert uses == []


# --- Bodies: what the renderer is never given ----------------------------------------------------


def _lines(count: int, line: str = "Some words of a long list.") -> str:
    return "\n".join([line] * count)


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        (_lines(MAX_BLOCK_LINES), False),
        (_lines(MAX_BLOCK_LINES + 1), True),
        ("x\n\n" * ((MAX_BODY_LINES - 1) // 2) + "x", False),
        ("x\n\n" * (MAX_BODY_LINES // 2) + "x", True),
        ("> " * MAX_NESTING + "deep", False),
        ("> " * (MAX_NESTING + 1) + "deep", True),
        ("- " * MAX_NESTING + "deep", False),
        ("1. " * (MAX_NESTING + 1) + "deep", True),
        ("    " * MAX_NESTING + "code", False),
        ("\t" * (MAX_NESTING + 1) + "code", True),
        ("".join(f"*[A{i}]: An abbreviation\n" for i in range(MAX_DEFINITIONS)), False),
        ("".join(f"[^{i}]: A footnote\n\n" for i in range(MAX_DEFINITIONS + 1)), True),
        ("[" * 10, False),  # a few unclosed brackets in a short body cost little
        ("[" * 200, True),
        ("(" * 200, True),
        ("<b " * 200, True),
        (r"\[" * 5000, False),  # escaped: opens nothing
        ("[a](https://example.org/a) " * 700, False),
        ("<b>bold</b> " * 1500, False),
    ],
)
def test_each_bound_admits_its_limit_and_refuses_past_it(body: str, refused: bool):
    assert bool(body_problems(body)) == refused


def test_a_problem_names_the_line_of_the_body_it_is_on():
    body = "Intro.\n\n" + _lines(MAX_BLOCK_LINES + 1) + "\n\nLater.\n" + "> " * 9 + "x\n"
    assert [line for line, _ in body_problems(body)] == [3, 3 + MAX_BLOCK_LINES + 3]


# Bodies at the bounds, built from the constructs that make Python-Markdown recurse or re-read.
AT_THE_BOUNDS = {
    "definition chain": "".join(f"t{i}\n: d{i}\n" for i in range(MAX_BLOCK_LINES // 2)),
    "nested definitions": "".join(
        f"t{i}\n: {'> ' * (MAX_NESTING - 2)}- d{i}\n" for i in range(MAX_BLOCK_LINES // 2)
    ),
    "nested lists": "".join(
        "    " * depth + "- item\n" for _ in range(12) for depth in range(MAX_NESTING)
    ),
    "quotes and lists": ("> - " * (MAX_NESTING // 2) + "x\n") * MAX_BLOCK_LINES,
    "headings": "#\n" * MAX_BLOCK_LINES,
    "rules": "-\n" * MAX_BLOCK_LINES,
    "setext": "a\n=\n" * (MAX_BLOCK_LINES // 2),
    "html blocks": '<div markdown="1">\n' * MAX_NESTING + "x\n" + "</div>\n" * MAX_NESTING,
    "definitions": "".join(f"*[A{i}]: a\n[^{i}]: f\n" for i in range(MAX_DEFINITIONS // 2))
    + " ".join(f"A{i}[^{i}]" for i in range(MAX_DEFINITIONS // 2)),
}


@pytest.mark.parametrize("name", sorted(AT_THE_BOUNDS))
def test_bodies_at_the_bounds_render(name: str):
    body = AT_THE_BOUNDS[name]
    assert body_problems(body) == []
    html, failure = render_checked(BodyRenderer(), body)
    assert failure is None and html


MARKDOWN_PIECES = [
    "[", "]", "(", ")", "![", "](", "<", ">", "<a ", "</a>", "*", "_", "`", "\\", "&", "#",
    "> ", "- ", "1. ", ": ", "    ", "\t", "\n", "\n\n", "|", "---", "```", "[^1]", "*[A]: ",
    "{: #id}", '<div markdown="1">', "</div>", "//[::1", "https://example.org/", "word ",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=400).map("".join))
def test_a_body_within_the_bounds_always_renders(body: str):
    """What `make check` accepts, the build renders: Python-Markdown raises on none of it."""
    if not body_problems(body):
        assert render_checked(BodyRenderer(), body)[1] is None
