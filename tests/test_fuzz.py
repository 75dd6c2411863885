"""Fuzzing: any Unicode, markup and control characters in every text field, and in the body.

Each example writes a tiny archive (one event, its leader, organization and vocabulary) whose
text fields come from Hypothesis, builds it, and requires exactly one of two outcomes, decided
beforehand from the schema's rules: the build succeeds, every page, feed and data file is
well-formed with no active markup, and each text shows exactly as written; or the build fails
with ArchiveError problems that name the files holding the bad values. Anything else (another
exception, a wrong outcome) fails the test.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from conftest import build, parse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree
from output_safety import site_problems
from records.characters import CONTROL_CLASS, first_control
from records.events import MAX_BODY_CHARACTERS
from records.problems import ArchiveError

ATOM = "{http://www.w3.org/2005/Atom}"
# pydantic strips text with Rust's `trim` (Unicode White_Space), which differs from str.strip().
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
URL = re.compile(rf"https?://[^\s<>\"{CONTROL_CLASS}]+")
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<x-fuzz a='1'>",
    "</dd></p></section>",
    "]]>",
    "<![CDATA[",
    "&amp;",
    "&#0;",
    "&#7;",
    "&bogus;",
    "{{ 7*7 }}",
    "{% raw %}",
    "javascript:alert(1)",
    "[link](javascript:alert(1))",
    "<a href='data:text/html,x'>d</a>",
    "<!--",
    "\u202e",
    "\ufeff",
    "\u2028",
    "\x00",
    "\x07",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x85",
    "\x9b",
    "\ufffe",
    "\r\n",
    "\n\n",
    "---",
    "'",
    '"',
    "\\",
    "=cmd|' /C calc'!A0",
]
MARKDOWN = [
    "# ",
    "* ",
    "1. ",
    "> ",
    "```\n",
    "    ",
    "|a|b|\n|-|-|\n",
    "*",
    "_",
    "`",
    "<div>",
    "</div>",
]

CONTROLLED = {p for p in PAYLOADS if first_control(p) is not None}


def joined(piece: st.SearchStrategy[str], size: int) -> st.SearchStrategy[str]:
    """Text made of a few pieces: arbitrary Unicode and payloads side by side."""
    return st.lists(piece, min_size=1, max_size=size).map("".join)


# Any text at all, control characters included; and printable text, which must build, so that
# both outcomes are explored in every run.
any_text = joined(st.one_of(st.text(max_size=12), st.sampled_from(PAYLOADS)), 5)
printable = st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs", "Cn")), max_size=12)
markup = st.sampled_from([p for p in PAYLOADS if p not in CONTROLLED])
visible = st.characters(exclude_categories=("Cc", "Cs", "Cn", "Z"))  # never white space
clean_piece = st.one_of(printable, markup)
clean_text = st.tuples(joined(clean_piece, 3), visible, joined(clean_piece, 3)).map("".join)
any_body = joined(st.one_of(st.text(max_size=24), st.sampled_from(PAYLOADS + MARKDOWN)), 8)
clean_body = st.tuples(joined(st.one_of(clean_piece, st.sampled_from(MARKDOWN)), 8), visible).map(
    "".join
)
url_path = st.text(
    alphabet=st.characters(
        exclude_categories=("Cc", "Cs", "Cn", "Zs", "Zl", "Zp"), exclude_characters='<>"'
    ),
    max_size=20,
)


@dataclass(frozen=True)
class Field:
    """One fuzzed value: the file it is written to, where in that file, and its length limit."""

    file: str
    path: tuple[str | int, ...]
    limit: int = 500


FIELDS = {
    "title": Field("events/2012/fuzz-event.md", ("title",)),
    "summary": Field("events/2012/fuzz-event.md", ("summary",)),
    "date_note": Field("events/2012/fuzz-event.md", ("date_note",)),
    "location_name": Field("events/2012/fuzz-event.md", ("location", "name")),
    "location_country": Field("events/2012/fuzz-event.md", ("location", "country")),
    "metric_note": Field("events/2012/fuzz-event.md", ("metrics", 0, "note")),
    "publisher": Field("sources/s.yaml", ("publisher",)),
    "source_title": Field("sources/s.yaml", ("title",)),
    "source_note": Field("sources/s.yaml", ("note",)),
    "leader_name": Field("leaders/fuzz-leader.yaml", ("name",)),
    "leader_bio": Field("leaders/fuzz-leader.yaml", ("bio",), 5000),
    "original_name": Field("leaders/fuzz-leader.yaml", ("original_name", "text")),
    "role_title": Field("leaders/fuzz-leader.yaml", ("roles", 0, "title")),
    "handle": Field("leaders/fuzz-leader.yaml", ("accounts", 0, "handle")),
    "organization_name": Field("organizations/fuzz-organization.yaml", ("name",)),
    "organization_country": Field("organizations/fuzz-organization.yaml", ("country",)),
    "organization_bio": Field("organizations/fuzz-organization.yaml", ("bio",), 5000),
    "type_label": Field("vocabulary.yaml", ("event_types", "fuzz-type", "label")),
    "type_description": Field("vocabulary.yaml", ("event_types", "fuzz-type", "description"), 5000),
    "platform_label": Field("vocabulary.yaml", ("platforms", "fuzz-platform", "label")),
    "measure_label": Field("vocabulary.yaml", ("measures", "fuzz-measure", "label")),
}


def skeleton() -> dict[str, dict[str, Any]]:
    """The tiny archive's files as data; every fuzzed field is filled in afterwards."""
    return {
        "events/2012/fuzz-event.md": {
            "title": None,
            "summary": None,
            "date": "2012-07-16",
            "date_note": None,
            "type": "fuzz-type",
            "platforms": ["fuzz-platform"],
            "leaders": ["fuzz-leader"],
            "organizations": ["fuzz-organization"],
            "location": {"name": None, "country": None},
            "metrics": [
                {
                    "subject": "fuzz-leader",
                    "platform": "fuzz-platform",
                    "measure": "fuzz-measure",
                    "value": 1,
                    "source": "s",
                    "note": None,
                }
            ],
            "sources": ["s"],
            "added": "2026-11-20",
        },
        "sources/s.yaml": {
            "kind": "news-article",
            "publisher": None,
            "title": None,
            "language": "en",
            "url_note": "Fuzzed, without an address.",
            "note": None,
        },
        "leaders/fuzz-leader.yaml": {
            "name": None,
            "original_name": {"text": None, "lang": "ko"},
            "roles": [{"title": None}],
            "accounts": [{"platform": "fuzz-platform", "handle": None}],
            "bio": None,
        },
        "organizations/fuzz-organization.yaml": {
            "name": None,
            "kind": "ngo",
            "country": None,
            "bio": None,
        },
        "vocabulary.yaml": {
            "event_types": {"fuzz-type": {"label": None, "description": None}},
            "platforms": {"fuzz-platform": {"label": None}},
            "measures": {"fuzz-measure": {"label": None}},
        },
    }


def shown(value: str) -> str:
    """What the schema keeps of a text: stripped of Unicode white space at both ends."""
    return value.strip(WHITE_SPACE)


def text_ok(value: str, limit: int) -> bool:
    """The schema's rule for text: something left after stripping, not too long, no control."""
    kept = shown(value)
    return bool(kept) and len(kept) <= limit and first_control(kept) is None


def body_ok(value: str) -> bool:
    """The reader's rule for a body: no control character in the file, not empty, not too long."""
    normalised = value.replace("\r\n", "\n").replace("\r", "\n")
    return (
        first_control(normalised) is None
        and bool(normalised.strip())
        and len(normalised) <= MAX_BODY_CHARACTERS
    )


class TextDumper(yaml.SafeDumper):
    """Writes every string double-quoted: PyYAML leaves plain what YAML 1.1 reads as text, but
    records are read as YAML 1.2, where a plain `1e5` or `0o17` is a number."""


TextDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


def write_archive(root: Path, values: dict[str, str], url: str | None, markdown: str) -> None:
    """Write the archive; YAML escapes every non-ASCII character, so values arrive exactly."""
    files = skeleton()
    for name, value in values.items():
        field = FIELDS[name]
        target: Any = files[field.file]
        for part in field.path[:-1]:
            target = target[part]
        target[field.path[-1]] = value
    if url is not None:
        source = files["sources/s.yaml"]
        del source["url_note"]
        source["url"] = url
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.dump(data, Dumper=TextDumper, allow_unicode=False, sort_keys=False)
        text = f"---\n{front}---\n{markdown}" if name.endswith(".md") else front
        path.write_bytes(text.encode("utf-8"))


def assert_shown_exactly(site: Path, values: dict[str, str], url: str | None) -> None:
    """Each text appears as written (as text) on the event page, in the feed and the data."""
    page = parse(site / "events/2012/fuzz-event/index.html")

    def text_of(selector: str) -> str:
        element = page.select_one(selector)
        assert element is not None, selector
        return element.get_text()

    def fact(label: str) -> str:
        return text_of(f"dl.facts dt:-soup-contains('{label}') + dd")

    v = {name: shown(value) for name, value in values.items()}
    assert text_of("h1") == v["title"]
    assert text_of("p.summary") == v["summary"]
    assert text_of(".date-note") == v["date_note"]
    assert fact("Location") == f"{v['location_name']}, {v['location_country']}"
    assert fact("Type") == v["type_label"]
    assert fact("Platforms") == v["platform_label"]
    # The name, then the name in its original script (which search indexes).
    assert fact("Leaders") == f"{v['leader_name']} {v['original_name']}"
    assert fact("Organizations") == v["organization_name"]
    assert text_of(".metrics .note") == f"({v['metric_note']})"
    assert text_of(".metrics tbody td") == v["leader_name"]
    assert text_of(".metrics tbody td + td").startswith(v["measure_label"])
    assert text_of("#source-s cite") == v["source_title"]
    assert text_of("#source-s").startswith(f"{v['publisher']}, ")
    assert text_of("#source-s .note") == v["source_note"]
    if url is not None:
        assert page.select_one("#source-s cite a")["href"] == shown(url)
    atom = etree.parse(site / "feeds/all.atom.xml").getroot()
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == [v["title"]]
    rows = json.loads((site / "data/events.json").read_text(encoding="utf-8"))["events"]
    assert [(r["title"], r["summary"]) for r in rows] == [(v["title"], v["summary"])]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    example=st.one_of(
        st.tuples(
            st.fixed_dictionaries({name: clean_text for name in FIELDS}),
            st.one_of(st.none(), url_path.map(lambda t: f"https://example.org/{t}")),
            clean_body,
        ),
        st.tuples(
            st.fixed_dictionaries({name: st.one_of(clean_text, any_text) for name in FIELDS}),
            st.one_of(st.none(), any_text, any_text.map(lambda t: f"https://example.org/{t}")),
            st.one_of(clean_body, any_body),
        ),
    )
)
def test_fuzzed_records_build_cleanly_or_fail_naming_their_files(example):
    values, url, markdown = example
    bad_files = {
        f"content/{FIELDS[n].file}" for n, v in values.items() if not text_ok(v, FIELDS[n].limit)
    }
    if url is not None and not (URL.fullmatch(shown(url)) and len(shown(url)) <= 2000):
        bad_files.add("content/sources/s.yaml")
    if not body_ok(markdown):
        bad_files.add("content/events/2012/fuzz-event.md")
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        write_archive(content, values, url, markdown)
        written = {f"content/{p.relative_to(content).as_posix()}" for p in content.rglob("*.*")}
        try:
            site = build(content, Path(folder) / "output")
        except ArchiveError as failure:
            event("refused")
            blamed = {problem.path for problem in failure.problems}
            assert bad_files, f"a valid archive was refused: {failure}"
            assert bad_files <= blamed <= written, failure
            assert not (Path(folder) / "output").exists()
            return
        event("built")
        assert not bad_files, f"built although these hold invalid values: {sorted(bad_files)}"
        assert site_problems(site) == []
        assert_shown_exactly(site, values, url)
