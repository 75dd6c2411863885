"""Fuzzing links: no output may carry a live link to anything but an http(s) address.

Link addresses come from the WHATWG URL test data (tests/wpt/urltestdata.json, the cases browsers
are tested on) and from a generator of what hides a scheme from a naive reader: Unicode spaces,
controls and invisible characters before it, tabs and newlines inside it, credentials after it.
Each address is written into a record as a Markdown link, a reference definition, an HTML `<a>`
or `<q cite>`, raw or as character references, and into a source's `url` field.

Every input must end in one of two ways: the build refuses the record (a user name or password in
a link, or a URL field that is not an http(s) URL), naming that record only; or the site builds and
every page (parsed by html5lib, the WHATWG HTML parser), feed (XML), the JSON feed and every data
file link only to http(s) addresses without credentials (tests/output_safety.py reads each link as
a browser does). A first test runs every address of the test data through the page and feed
writers themselves; the Hypothesis test builds whole sites.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import html5lib
import pytest
import yaml
from conftest import build
from feeds.links import absolute_html
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from output_safety import URL_ATTRIBUTES, html_problems, link_problem, site_problems
from records.characters import first_control
from records.markup import BodyRenderer
from records.problems import ArchiveError

URL_TEST_DATA = Path(__file__).resolve().parent / "wpt" / "urltestdata.json"
WPT_INPUTS = sorted(
    {
        case["input"]
        for case in json.loads(URL_TEST_DATA.read_text("utf-8"))
        if isinstance(case, dict)
    }
)
PAGE = "https://archive.example/events/2012/fuzz-event/"
SOURCE = "content/sources/news.yaml"
RECORD = "content/events/2012/fuzz-event.md"
CREDENTIALS = "holds a user name or password"

# What hides a scheme: white space of every kind (only C0 controls and U+0020 are stripped by the
# URL parser), other invisible characters, and ASCII tab, LF and CR (removed from anywhere).
HIDING = (
    [chr(c) for c in range(0x21)]
    + ["\x7f", "\x85", "\xa0", "\xad", "\u1680", "\u180e", "\u200b", "\u200c", "\u200d"]
    + [chr(c) for c in range(0x2000, 0x200B)]
    + ["\u2028", "\u2029", "\u202f", "\u205f", "\u2060", "\u3000", "\ufeff", "\ufffe"]
)
SCHEMES = ["javascript:", "JaVaScRiPt:", "vbscript:", "data:", "file:", "mailto:", "blob:"]
SCHEMES += ["ftp:", "ws:", "http:", "https:", "HTTPS:", "//", "\\\\", "/\\", ""]
TAILS = [
    "alert(1)",
    "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//user:pass@example.org/",
    "//example.org@evil.example/",
    "user@example.org",
    "//[::1",
    "//example.org/ok",
    "example.org/page",
]


@st.composite
def hidden_scheme(draw: st.DrawFn) -> str:
    """A scheme behind invisible characters, with tabs and newlines inside it, then a payload."""
    prefix = "".join(draw(st.lists(st.sampled_from(HIDING), max_size=3)))
    scheme = list(draw(st.sampled_from(SCHEMES)))
    for _ in range(draw(st.integers(0, 2))):
        scheme.insert(draw(st.integers(0, len(scheme))), draw(st.sampled_from("\t\n\r")))
    suffix = "".join(draw(st.lists(st.sampled_from(HIDING), max_size=1)))
    return prefix + "".join(scheme) + draw(st.sampled_from(TAILS)) + suffix


addresses = st.one_of(st.sampled_from(WPT_INPUTS), hidden_scheme())


def references(text: str) -> str:
    """Every character but ASCII letters and digits as a character reference."""
    return "".join(c if c.isascii() and c.isalnum() else f"&#x{ord(c):x};" for c in text)


def raw(text: str, forbidden: str) -> str:
    """Text as typed, except what the file or the syntax cannot hold, which becomes a reference."""
    return "".join(
        f"&#x{ord(c):x};" if c in forbidden or c == "&" or first_control(c) is not None else c
        for c in text
    )


IN_ANGLE_BRACKETS = "<>\n"  # what a Markdown destination in <...> cannot hold
IN_ATTRIBUTE = '"<>'  # what a double-quoted HTML attribute cannot hold as typed
FORMS = {
    "markdown": lambda a, n: f"[link {n}](<{raw(a, IN_ANGLE_BRACKETS)}>)",
    "markdown-references": lambda a, n: f"[link {n}]({references(a)})",
    "reference-definition": lambda a, n: (
        f"[link {n}][r{n}]\n\n[r{n}]: <{raw(a, IN_ANGLE_BRACKETS)}>"
    ),
    "a": lambda a, n: f'<a href="{raw(a, IN_ATTRIBUTE)}">link {n}</a>',
    "a-references": lambda a, n: f'<a href="{references(a)}">link {n}</a>',
    "q": lambda a, n: f'<q cite="{references(a)}">quote {n}</q>',
    "blockquote": lambda a, n: f'<blockquote cite="{raw(a, IN_ATTRIBUTE)}">quote {n}</blockquote>',
}


def live_links(html: str, where: str) -> list[str]:
    """Problems of every link in an HTML document as html5lib (the WHATWG parser) reads it."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        problem
        for element in tree.iter()
        for name, value in element.attrib.items()
        if name in URL_ATTRIBUTES and (problem := link_problem(value, f"{where} {name}"))
    ]


# --- Every address of the WHATWG test data, through the page and feed writers ------------------


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_address_of_the_url_test_data_comes_out_live_from_the_page_or_feed_writers(form):
    renderer = BodyRenderer()
    found: list[str] = []
    published = 0
    for number, address in enumerate(WPT_INPUTS):
        page = renderer.render(FORMS[form](address, number))
        feed = absolute_html(page, PAGE)
        found += html_problems(page, f"page {address!r}") + live_links(page, f"page {address!r}")
        found += html_problems(feed, f"feed {address!r}") + live_links(feed, f"feed {address!r}")
        links = [
            (name, value)
            for element in html5lib.parse(feed, namespaceHTMLElements=False).iter()
            for name, value in element.attrib.items()
            if name in URL_ATTRIBUTES
        ]
        published += bool(links)
        found += [
            problem
            for name, value in links
            if (problem := link_problem(value, f"feed {address!r} {name}", base=None))
        ]
    assert found == []
    # About a third of the inputs are http(s) or relative: they stay links, so the test cannot
    # pass by dropping every link.
    assert published > 250


# --- Whole sites --------------------------------------------------------------------------------


def write_archive(root: Path, body: str, source_url: str | None) -> None:
    """The smallest archive: one type, platform, measure, leader and event; YAML escapes every
    non-ASCII character, so the source's address arrives exactly."""
    source = {"kind": "news-article", "publisher": "News", "title": "Report", "language": "en"}
    if source_url is not None:
        source["url"] = source_url
    else:
        source["url_note"] = "Printed only."
    front = {
        "title": "Fuzzed links",
        "summary": "A record whose body links come from the fuzzer.",
        "date": "2012-07-16",
        "type": "live-qa",
        "platforms": ["weibo"],
        "leaders": ["fuzz-leader"],
        "sources": ["news"],
        "added": "2026-11-20",
    }
    files = {
        "vocabulary.yaml": yaml.safe_dump(
            {
                "event_types": {"live-qa": {"label": "Live Q&A"}},
                "platforms": {"weibo": {"label": "Weibo"}},
                "measures": {"followers": {"label": "Followers"}},
            }
        ),
        "leaders/fuzz-leader.yaml": "name: Fuzz Leader\n",
        "sources/news.yaml": yaml.safe_dump(source, allow_unicode=False),
        "events/2012/fuzz-event.md": f"---\n{yaml.safe_dump(front, allow_unicode=False)}---\n{body}\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def outputs_problems(site: Path) -> list[str]:
    """The safety rules on every file, and each page's links once more as html5lib reads them."""
    found = site_problems(site)
    for path in sorted(site.rglob("*.html")):
        found += live_links(path.read_text(encoding="utf-8"), path.relative_to(site).as_posix())
    return found


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    links=st.lists(st.tuples(addresses, st.sampled_from(sorted(FORMS))), min_size=1, max_size=12),
    source_url=st.one_of(st.none(), st.none(), addresses),
)
def test_fuzzed_links_build_with_no_live_non_http_link_or_are_refused(links, source_url):
    body = "\n\n".join(FORMS[form](address, n) for n, (address, form) in enumerate(links))
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        write_archive(content, body, source_url)
        try:
            site = build(content, Path(folder) / "output")
        except ArchiveError as failure:
            event("refused")
            assert not (Path(folder) / "output").exists()
            for problem in failure.problems:
                if problem.field == "(body)":
                    assert problem.path == RECORD, problem
                    assert CREDENTIALS in problem.message, problem
                else:
                    assert source_url is not None, problem
                    assert (problem.path, problem.field) == (SOURCE, "url"), problem
            return
        event("built")
        assert outputs_problems(site) == []
