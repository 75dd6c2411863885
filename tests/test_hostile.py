"""The hostile corpus (tests/hostile/): every record gets exactly the outcome its table row states.

A refused record fails `make check` and the build with exactly the listed problems, and the build
writes no site. A shown record builds; its text appears exactly as written, as text, on its page
and in the feeds, and the whole site stays well-formed with no active markup from the input.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import (
    FIXTURE_SITE,
    ROOT,
    build,
    cited_source_ids,
    copy_content,
    install_cited_sources,
    parse,
)
from lxml import etree
from output_safety import RSS_CONTENT, html_problems, site_problems
from records.problems import ArchiveError
from records.validation import check_archive
from webtools import browser_page, serve

HOSTILE = Path(__file__).resolve().parent / "hostile"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "http://127.0.0.1:8000/"
FIVE_MIB = 5 * 1024 * 1024


@dataclass(frozen=True)
class Refused:
    """`make check` and the build report exactly these problems (`path:line: field: message`)."""

    problems: tuple[str, ...]
    by_check: bool = True  # False where only the build can see the problem
    cascade: bool = False  # an unreadable vocabulary also fails every reference to it


@dataclass(frozen=True)
class Shown:
    """The record builds; at each (page, CSS selector, attribute or None) this exact text shows."""

    texts: tuple[tuple[str, str, str | None, str], ...]
    # The body's links on its page and in every feed that carries it: (text, address or None),
    # the address being an <a>'s href, a <q> or <blockquote>'s cite.
    links: tuple[tuple[str, str | None], ...] = ()
    feed_links: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class Case:
    """Corpus files and where they go under content/, with the outcome they must get."""

    install: tuple[tuple[str, str], ...]
    outcome: Refused | Shown
    body_characters: int = 0  # the body is replaced by this many characters of prose
    as_link: bool = False  # installed as a symbolic link to the corpus file
    # Installed as a symbolic link to this path of the corpus folder instead, which need not
    # exist ("." links the corpus folder itself).
    link_target: str | None = None


def event(name: str, year: int = 2012) -> tuple[tuple[str, str], ...]:
    """The usual install: `name.md` as the record `events/<year>/name.md`."""
    return ((f"{name}.md", f"events/{year}/{name}.md"),)


def at(url: str, selector: str, text: str, attribute: str | None = None) -> tuple:
    return (url, selector, attribute, text)


def dd(label: str) -> str:
    """The CSS selector of a fact's value on an event page."""
    return f"dl.facts dt:-soup-contains('{label}') + dd"


def link_problem(path: str, kind: str = "file", dangling: bool = False) -> str:
    return (
        f"{path}:1: ({'folder' if kind == 'folder' else 'file'}): is a symbolic link"
        f"{' to nothing' if dangling else ''}: everything under content/ must be a real file or "
        f"folder of the repository (a link could publish a {kind} from outside it); put a {kind} "
        "itself there instead"
    )


def slug_problem(path: str, line: int, field: str, value: str) -> str:
    return f"{path}:{line}: {field}: {value!r} is not a slug: use lowercase ASCII words joined by hyphens"


def control_problem(path: str, line: int, field: str, code: str, where: str) -> str:
    kind = "noncharacter" if code in ("FFFE", "FFFF") else "control character"
    return (
        f"{path}:{line}: {field}: contains the invisible {kind} U+{code} at {where}, "
        "which pages and feeds cannot carry; delete it"
    )


def credentials_problem(path: str, line: int, field: str, url: str, lead: str = "") -> str:
    return (
        f"{path}:{line}: {field}: {lead}{url!r} holds a user name or password, which must not be "
        "published; link to the address without them"
    )


E = "content/events/2012/"
S = "content/sources/"
DATA_SCRIPT = "data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg=="
TITLE = '<script>alert("title")</script> & <b>bold</b>'
SUMMARY = '"><img src=x onerror=alert("summary")> and </p><p>'
LEADER = '<script>alert("leader")</script> Ki-moon'
PLATFORM = 'Sina <i onmouseover=alert("platform")>Weibo</i>'
CRLF_TEXTS = (
    ("section.body p", "Line one of the body."),
    ("section.body p + p", "Line two, a second paragraph."),
)

CASES: dict[str, Case] = {
    # --- Markup in every text field: shown as text ---------------------------------------------
    "xss-title": Case(
        event("xss-title"),
        Shown(
            (
                at("events/2012/xss-title/", "h1", TITLE),
                at("events/2012/xss-title/", "title", f"{TITLE} – Digital Diplomacy Archive"),
            )
        ),
    ),
    "xss-summary": Case(
        event("xss-summary"),
        Shown(
            (
                at("events/2012/xss-summary/", "p.summary", SUMMARY),
                at("events/2012/xss-summary/", "meta[name=description]", SUMMARY, "content"),
            )
        ),
    ),
    "xss-location": Case(
        event("xss-location"),
        Shown(
            (
                at(
                    "events/2012/xss-location/",
                    dd("Location"),
                    """<iframe src="javascript:alert('location')"></iframe>, """
                    """</dd><script>alert("country")</script>""",
                ),
            )
        ),
    ),
    "xss-source": Case(
        event("xss-source"),
        Shown(
            (
                at(
                    "events/2012/xss-source/",
                    "#source-news-xss-source",
                    """<b onmouseover="alert('publisher')">Press</b>, """
                    """</cite></a><script>alert("source title")</script>, undated, in English. """
                    "<style>body{display:none}</style> All records citing it",
                ),
                at(
                    "events/2012/xss-source/",
                    "#source-news-xss-source cite",
                    '</cite></a><script>alert("source title")</script>',
                ),
                at(
                    "events/2012/xss-source/",
                    "#source-news-xss-source cite a",
                    "https://example.org/a'onmouseover='alert(1)'",
                    "href",
                ),
                at(
                    "sources/",
                    "#source-news-xss-source .publisher",
                    """<b onmouseover="alert('publisher')">Press</b>""",
                ),
                at(
                    "sources/",
                    "#source-news-xss-source cite",
                    '</cite></a><script>alert("source title")</script>',
                ),
            )
        ),
    ),
    "xss-metric-note": Case(
        event("xss-metric-note"),
        Shown(
            (
                at(
                    "events/2012/xss-metric-note/",
                    ".metrics .note",
                    '(<img src=x onerror=alert("metric")>)',
                ),
            )
        ),
    ),
    "xss-date-note": Case(
        event("xss-date-note"),
        Shown(
            (
                at(
                    "events/2012/xss-date-note/",
                    ".date-note",
                    """<a href="javascript:alert('date note')">derived</a> from the report""",
                ),
            )
        ),
    ),
    "xss-body": Case(
        event("xss-body"),
        Shown(
            (
                at("events/2012/xss-body/", "section.body em", "emphasis"),
                at("events/2012/xss-body/", "section.body p#body-fine", "styled paragraph"),
            ),
            links=(
                ("kept link", "https://example.org/ok"),
                ("js link", None),
                ("entity link", None),
                ("data link", None),
                ("markdown js link", None),
                ("markdown data link", None),
            ),
        ),
    ),
    "xss-leader": Case(
        (
            ("xss-leader.yaml", "leaders/xss-leader.yaml"),
            ("xss-leader-event.md", "events/2012/xss-leader-event.md"),
        ),
        Shown(
            (
                at("events/2012/xss-leader-event/", dd("Leaders"), f"{LEADER} <b>반기문</b>"),
                at("events/2012/xss-leader-event/", ".metrics tbody td", LEADER),
            )
        ),
    ),
    "xss-organization": Case(
        (
            ("xss-organization.yaml", "organizations/xss-organization.yaml"),
            ("xss-organization-event.md", "events/2012/xss-organization-event.md"),
        ),
        Shown(
            (
                at(
                    "events/2012/xss-organization-event/",
                    dd("Organizations"),
                    '<svg onload=alert("organization")> Fund',
                ),
            )
        ),
    ),
    "xss-vocabulary": Case(
        (("xss-vocabulary.yaml", "vocabulary.yaml"),),
        Shown(
            (
                at(
                    "events/2012/full-day-chat/",
                    dd("Type"),
                    'Live <script>alert("type")</script> Q&A',
                ),
                at("events/2012/full-day-chat/", dd("Platforms"), PLATFORM),
                at(
                    "events/2012/full-day-chat/",
                    ".metrics tbody td + td",
                    f'Followers</td><script>alert("measure")</script> on {PLATFORM}',
                ),
            )
        ),
    ),
    "template-injection": Case(
        event("template-injection"),
        Shown(
            (
                at(
                    "events/2012/template-injection/",
                    "h1",
                    "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} ${7*7} #{7*7}",
                ),
                at(
                    "events/2012/template-injection/",
                    "#source-news-template-injection",
                    "{{ SITENAME }}, Report, undated, in English. All records citing it",
                ),
                at(
                    "events/2012/template-injection/",
                    "section.body p",
                    "Neither {{ 7*7 }} nor {% if true %}this{% endif %} is evaluated.",
                ),
            )
        ),
    ),
    "feed-breakers": Case(
        event("feed-breakers"),
        Shown(
            (
                at(
                    "events/2012/feed-breakers/",
                    "h1",
                    "]]><entry><title>forged</title></entry><![CDATA[",
                ),
                at(
                    "events/2012/feed-breakers/",
                    "p.summary",
                    '&amp; &#0; &bogus; <?xml version="1.0"?> <!DOCTYPE x [<!ENTITY e "boom">]> &e;',
                ),
                at(
                    "events/2012/feed-breakers/",
                    "section.body p",
                    "A body with ]]> and <![CDATA[ inside, and \ufffd as text.",
                ),
            )
        ),
    ),
    "character-references": Case(
        event("character-references"),
        Shown(
            (
                at(
                    "events/2012/character-references/",
                    "section.body p",
                    "Bell \ufffd escape \ufffd[31m noncharacter \ufffd NUL \ufffd "
                    "surrogate \ufffd in a link.",
                ),
                at(
                    "events/2012/character-references/",
                    "section.body p + p",
                    "In code they stay text: &#7;.",
                ),
            ),
            links=(("a link", "https://example.org/\ufffd"),),
        ),
    ),
    "bidi-override": Case(
        event("bidi-override"),
        Shown(
            (
                at(
                    "events/2012/bidi-override/",
                    "h1",
                    "Right-to-left \u202eevil.exe\u202c and zero\u200bwidth",
                ),
            )
        ),
    ),
    # --- Encodings and line endings: read correctly ---------------------------------------------
    "bom": Case(
        event("bom"),
        Shown((at("events/2012/bom/", "h1", "Saved with a byte order mark — Café"),)),
    ),
    "crlf": Case(
        event("crlf"),
        Shown(
            (
                at("events/2012/crlf/", "h1", "Saved with CRLF line endings"),
                *(at("events/2012/crlf/", s, t) for s, t in CRLF_TEXTS),
            )
        ),
    ),
    "cr-only": Case(
        event("cr-only"),
        Shown(
            (
                at("events/2012/cr-only/", "h1", "Saved with classic Mac line endings"),
                *(at("events/2012/cr-only/", s, t) for s, t in CRLF_TEXTS),
            )
        ),
    ),
    # --- URLs: only http(s) ---------------------------------------------------------------------
    "xss-tags": Case(
        event("xss-tags"),
        Refused((slug_problem(f"{E}xss-tags.md", 9, "tags[1]", "<script>alert(1)</script>"),)),
    ),
    "javascript-source-url": Case(
        event("javascript-source-url"),
        Refused(
            (
                f"{S}news-javascript-source-url.yaml:4: url: "
                "'JavaScript:alert(document.cookie)' is not an http(s) URL",
            )
        ),
    ),
    "data-archived-url": Case(
        event("data-archived-url"),
        Refused(
            (
                f"{S}news-data-archived-url.yaml:5: archived_url: "
                "'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' is not an http(s) URL",
            )
        ),
    ),
    "attribute-breakout-url": Case(
        event("attribute-breakout-url"),
        Refused(
            (
                f"{S}news-attribute-breakout-url.yaml:4: url: "
                "'https://example.org/\"><script>alert(1)</script>' is not an http(s) URL",
                f"{S}other.yaml:4: url: 'https://example.org/two words' is not an http(s) URL",
            )
        ),
    ),
    "javascript-account-url": Case(
        (("javascript-account-url.yaml", "leaders/javascript-account-url.yaml"),),
        Refused(
            (
                "content/leaders/javascript-account-url.yaml:5: accounts[0].url: "
                "'javascript:alert(\"account\")' is not an http(s) URL",
            )
        ),
    ),
    "javascript-vocabulary-url": Case(
        (("javascript-vocabulary-url.yaml", "vocabulary.yaml"),),
        Refused(
            (
                "content/vocabulary.yaml:4: event_types.live-qa.url: "
                "'javascript:alert(\"vocabulary\")' is not an http(s) URL",
            ),
            cascade=True,
        ),
    ),
    # --- Paths: nothing written outside output/ -------------------------------------------------
    "traversal-file-name": Case(
        (("traversal-file-name.md", "events/2012/..%2F..%2Fescaped.md"),),
        Refused(
            (
                f"{E}..%2F..%2Fescaped.md:1: (file name): '..%2F..%2Fescaped' is not a slug: "
                "use lowercase ASCII words joined by hyphens",
            )
        ),
    ),
    "traversal-former-slugs": Case(
        event("traversal-former-slugs"),
        Refused(
            tuple(
                f"{E}traversal-former-slugs.md:9: former_slugs[{i}]: {value!r} is not a former "
                "address: write the old slug, or YYYY/slug for an address in another year"
                for i, value in enumerate(
                    ["../../../../tmp/escaped", "%2e%2e%2fescaped", "/etc/passwd"]
                )
            )
        ),
    ),
    "traversal-page-slug": Case(
        (("traversal-page-slug.md", "pages/traversal-page-slug.md"),),
        Refused(
            (slug_problem("content/pages/traversal-page-slug.md", 3, "slug", "../../outside"),)
        ),
    ),
    "section-page-slug": Case(
        (("section-page-slug.md", "pages/section-page-slug.md"),),
        Refused(
            (
                "content/pages/section-page-slug.md:3: slug: 'feeds' is the site's own /feeds/ "
                "section; give the page another slug",
            ),
        ),
    ),
    "symlinked-record": Case(
        (("outside-target.md", "events/2012/linked-record.md"),),
        Refused((link_problem(f"{E}linked-record.md"),)),
        as_link=True,
    ),
    # --- Two records, one URL -------------------------------------------------------------------
    "duplicate-slug": Case(
        (("duplicate-slug.md", "events/2013/full-day-chat.md"),),
        Refused(
            (
                "content/events/2013/full-day-chat.md:1: (file name): slug 'full-day-chat' "
                "is already used by content/events/2012/full-day-chat.md",
            )
        ),
    ),
    "former-slug-collision": Case(
        event("former-slug-collision"),
        Refused(
            (
                f"{E}former-slug-collision.md:1: former_slugs[0]: 'month-only-award' "
                f"is already used by {E}month-only-award.md",
                f"{E}former-slug-collision.md:1: former_slugs[1]: 'former-slug-collision' "
                "is this record's own slug",
            )
        ),
    ),
    # --- YAML: safe loading ---------------------------------------------------------------------
    "alias-bomb": Case(
        event("alias-bomb"),
        Refused(
            (
                f"{E}alias-bomb.md:2: (file): YAML anchors (`&a`) and aliases are not allowed "
                "in records: write the value out",
            )
        ),
    ),
    "merge-key-alias": Case(
        event("merge-key-alias"),
        Refused(
            (
                f"{E}merge-key-alias.md:2: (file): YAML anchors (`&base`) and aliases are not "
                "allowed in records: write the value out",
            )
        ),
    ),
    "deep-nesting": Case(
        event("deep-nesting"),
        Refused(
            (
                f"{E}deep-nesting.md:3: (file): YAML nested more than 16 levels deep; "
                "records need at most 3",
            )
        ),
    ),
    "python-object-tag": Case(
        event("python-object-tag"),
        Refused(
            (
                f"{E}python-object-tag.md:2: (file): YAML tags "
                "(`!!python/object/apply:os.system`) are not allowed in records: write the value "
                "plainly, in quotes if it is text",
            )
        ),
    ),
    "duplicate-key": Case(
        event("duplicate-key"),
        Refused(
            (
                f"{E}duplicate-key.md:10: (file): key 'title' is given twice (first on line 2); "
                "YAML would silently keep only the last",
            )
        ),
    ),
    "not-a-mapping": Case(
        event("not-a-mapping"),
        Refused(
            (f"{E}not-a-mapping.md:2: (record): must be a YAML mapping of fields, found list",)
        ),
    ),
    # --- Numbers --------------------------------------------------------------------------------
    "huge-number": Case(
        event("huge-number"),
        Refused(
            (
                f"{E}huge-number.md:11: (file): a number written with 5,000 characters is longer "
                "than any figure needs (at most 100)",
            )
        ),
    ),
    "infinite-number": Case(
        event("infinite-number"),
        Refused(
            (
                f"{E}infinite-number.md:11: metrics[0].value: inf is not a finite number",
                f"{E}infinite-number.md:15: metrics[1].value: nan is not a finite number",
                f"{E}infinite-number.md:19: metrics[2].value: inf is not a finite number",
            )
        ),
    ),
    # --- Encodings and invisible characters -----------------------------------------------------
    "latin1": Case(
        event("latin1"),
        Refused(
            (f"{E}latin1.md:2: (file): not UTF-8 (byte 14: b'\\xe9'); save the file as UTF-8",)
        ),
    ),
    "utf16": Case(
        event("utf16"),
        Refused(
            (
                f"{E}utf16.md:1: (file): saved as UTF-16 (it starts with a UTF-16 byte order mark); "
                "save it as UTF-8",
            )
        ),
    ),
    "nul-byte": Case(
        event("nul-byte"),
        Refused((control_problem(f"{E}nul-byte.md", 11, "(file)", "0000", "column 7"),)),
    ),
    "raw-control": Case(
        event("raw-control"),
        Refused((control_problem(f"{E}raw-control.md", 2, "(file)", "001B", "column 18"),)),
    ),
    "noncharacter": Case(
        event("noncharacter"),
        Refused((control_problem(f"{E}noncharacter.md", 11, "(file)", "FFFF", "column 8"),)),
    ),
    "escaped-controls": Case(
        event("escaped-controls"),
        Refused(
            tuple(
                control_problem(path, line, field, code, f"character {at}")
                for path, line, field, code, at in [
                    (f"{E}escaped-controls.md", 2, "title", "0007", 8),
                    (f"{E}escaped-controls.md", 3, "summary", "001B", 18),
                    (f"{E}escaped-controls.md", 5, "date_note", "0085", 11),
                    (f"{E}escaped-controls.md", 9, "location.name", "0000", 8),
                    (f"{S}news-escaped-controls.yaml", 2, "publisher", "007F", 5),
                    (f"{S}news-escaped-controls.yaml", 3, "title", "FFFF", 8),
                ]
            )
        ),
    ),
    "binary-control": Case(
        event("binary-control"),
        Refused(
            (
                f"{E}binary-control.md:2: (file): YAML tags (`!!binary`) are not allowed in "
                "records: write the value plainly, in quotes if it is text",
            )
        ),
    ),
    "lone-surrogate": Case(
        event("lone-surrogate"),
        Refused(
            (
                f"{E}lone-surrogate.md:2: (file): YAML syntax: found invalid Unicode character escape code",
            )
        ),
    ),
    # --- Sizes ----------------------------------------------------------------------------------
    "huge-body": Case(
        event("huge-body"),
        Refused(
            (
                f"{E}huge-body.md:1: (file): file is 5,243,096 bytes, more than the 1,048,576 "
                "allowed: a record is a few kilobytes; cite long documents as sources instead "
                "of copying them",
            )
        ),
        body_characters=FIVE_MIB,
    ),
    "long-body": Case(
        event("long-body"),
        Refused(
            (
                f"{E}long-body.md:11: (body): is 25,000 characters long, more than the 20,000 "
                "allowed: describe the event in our own words and cite long documents as sources",
            )
        ),
        body_characters=25_000,
    ),
    "long-title": Case(
        event("long-title"),
        Refused((f"{E}long-title.md:2: title: is 501 characters long, more than the 500 allowed",)),
    ),
    "empty-file": Case(
        event("empty-file"),
        Refused(
            (
                f"{E}empty-file.md:1: (file): record must start with a `---` line opening its "
                "YAML front matter",
            )
        ),
    ),
    # --- Links and ids as browsers read them (issue 13: hostile content that comes out live) ----
    "ideographic-space-link": Case(
        event("ideographic-space-link"),
        Shown(
            (at("events/2012/ideographic-space-link/", "h1", "Link behind an ideographic space"),),
            links=(("ideographic", "\u3000javascript:alert(1)"),),
            feed_links=(
                (
                    "ideographic",
                    f"{SITE}events/2012/ideographic-space-link/%E3%80%80javascript:alert(1)",
                ),
            ),
        ),
    ),
    "nbsp-link": Case(
        event("nbsp-link"),
        Shown(
            (at("events/2012/nbsp-link/", "h1", "Link behind a no-break space"),),
            links=(("no-break", "\xa0javascript:alert(2)"), ("raw", "\xa0javascript:alert(3)")),
            feed_links=(
                ("no-break", f"{SITE}events/2012/nbsp-link/%C2%A0javascript:alert(2)"),
                ("raw", f"{SITE}events/2012/nbsp-link/%C2%A0javascript:alert(3)"),
            ),
        ),
    ),
    "line-separator-link": Case(
        event("line-separator-link"),
        Shown(
            (at("events/2012/line-separator-link/", "h1", "Link behind a line separator"),),
            links=(("line separator", "\u2028javascript:alert(4)"),),
            feed_links=(
                (
                    "line separator",
                    f"{SITE}events/2012/line-separator-link/%E2%80%A8javascript:alert(4)",
                ),
            ),
        ),
    ),
    "en-space-data-link": Case(
        event("en-space-data-link"),
        Shown(
            (at("events/2012/en-space-data-link/", "h1", "Data link behind an en space"),),
            links=(("en space", f"\u2002{DATA_SCRIPT}"),),
            feed_links=(
                ("en space", f"{SITE}events/2012/en-space-data-link/%E2%80%82{DATA_SCRIPT}"),
            ),
        ),
    ),
    "control-in-scheme-link": Case(
        event("control-in-scheme-link"),
        Shown(
            (
                at(
                    "events/2012/control-in-scheme-link/",
                    "h1",
                    "Tabs and newlines inside a link scheme",
                ),
            ),
            links=(("tab", None), ("newline", None), ("return", None), ("quote", None)),
            feed_links=(("tab", None), ("newline", None), ("return", None), ("quote", None)),
        ),
    ),
    "credentials-body-link": Case(
        event("credentials-body-link"),
        Refused(
            (
                credentials_problem(
                    f"{E}credentials-body-link.md",
                    11,
                    "(body)",
                    "https://editor:s3cret@example.org/kit",
                    "link ",
                ),
                credentials_problem(
                    f"{E}credentials-body-link.md",
                    13,
                    "(body)",
                    "https://un.org@evil.example/",
                    "link ",
                ),
                credentials_problem(
                    f"{E}credentials-body-link.md", 14, "(body)", "//guest@example.net/", "link "
                ),
            )
        ),
    ),
    "credentials-source-url": Case(
        event("credentials-source-url"),
        Refused(
            (
                credentials_problem(
                    f"{S}news-credentials-source-url.yaml",
                    4,
                    "url",
                    "https://reader:hunter2@example.org/a",
                ),
                credentials_problem(
                    f"{S}news-credentials-source-url.yaml",
                    5,
                    "archived_url",
                    "https://web.archive.org@evil.example/web/2012/https://example.org/a",
                ),
            )
        ),
    ),
    "credentials-account-url": Case(
        (("credentials-account-url.yaml", "leaders/credentials-account-url.yaml"),),
        Refused(
            (
                credentials_problem(
                    "content/leaders/credentials-account-url.yaml",
                    5,
                    "accounts[0].url",
                    "https://admin:admin@weibo.example/hostile",
                ),
            )
        ),
    ),
    "credentials-registry-source-url": Case(
        (
            (
                "credentials-registry-source-url.yaml",
                "organizations/credentials-registry-source-url.yaml",
            ),
        ),
        Refused(
            (
                credentials_problem(
                    f"{S}annual-report.yaml",
                    4,
                    "url",
                    "https://intranet:pw@example.org/report",
                ),
                credentials_problem(
                    f"{S}annual-report.yaml",
                    5,
                    "archived_url",
                    "https:///user@example.org/report",
                ),
            )
        ),
    ),
    "credentials-vocabulary-url": Case(
        (("credentials-vocabulary-url.yaml", "vocabulary.yaml"),),
        Refused(
            (
                credentials_problem(
                    "content/vocabulary.yaml",
                    4,
                    "event_types.live-qa.url",
                    "https://token:x-oauth@platform.example/live",
                ),
            ),
            cascade=True,
        ),
    ),
    "credentials-page-link": Case(
        (("credentials-page-link.md", "pages/credentials-page-link.md"),),
        Refused(
            (
                credentials_problem(
                    "content/pages/credentials-page-link.md",
                    4,
                    "(body)",
                    "https://staff:pass@example.org/form",
                    "link ",
                ),
            ),
        ),
    ),
    "body-id-main": Case(
        event("body-id-main"),
        Shown(
            (
                at(
                    "events/2012/body-id-main/",
                    "section.body p#body-main",
                    "Skip links would land here.",
                ),
                at(
                    "events/2012/body-id-main/",
                    "main#main h1",
                    "Body that claims the page's main id",
                ),
            ),
            links=(("skip link", "#body-main"),),
        ),
    ),
    "body-id-source": Case(
        event("body-id-source"),
        Shown(
            (
                at(
                    "events/2012/body-id-source/",
                    "section.body p#body-source-news",
                    "Not the source.",
                ),
                at(
                    "events/2012/body-id-source/",
                    "#source-news",
                    "News A, Report, undated, in English. All records citing it",
                ),
                at("events/2012/body-id-source/", "#sources-heading", "Sources"),
            ),
            links=(("source", "#body-source-news"),),
        ),
    ),
    "fragment-links": Case(
        event("fragment-links"),
        Shown(
            (at("events/2012/fragment-links/", "section.body p#body-reply", "The reply."),),
            links=(
                ("1", "#body-fn:count"),
                ("the reply", "#body-reply"),
                ("the source", "#source-news"),
                ("↩", "#body-fnref:count"),
            ),
            feed_links=(
                ("1", f"{SITE}events/2012/fragment-links/#body-fn:count"),
                ("the reply", f"{SITE}events/2012/fragment-links/#body-reply"),
                ("the source", f"{SITE}events/2012/fragment-links/#source-news"),
                ("↩", f"{SITE}events/2012/fragment-links/#body-fnref:count"),
            ),
        ),
    ),
}
# --- One plain YAML dialect, and input the check must refuse before the build chokes on it -----
QUOTE_THE_VALUE = (
    "quote the value: text after ' #' is dropped (YAML reads it as a comment; a comment goes on "
    "a line of its own)"
)
NOT_A_NUMBER = "is not a number: write the figure in digits, unquoted (2000000 or 2.5)"
LONGEST_URL_50 = "https://example.org/50/" + "a" * (2000 - len("https://example.org/50/"))


def read_ahead_problem(name: str, characters: int) -> str:
    budget = 20 * characters + 2_000
    return (
        f"{E}{name}.md:11: (body): opens brackets, parentheses or tags that are closed far away "
        f"or never (more than the {budget:,} characters to read past them that a body of "
        f"{characters:,} characters may take): close each `[`, `(` and `<`, or write it as "
        "`\\[`, `\\(` or `&lt;`"
    )


def tag_problem(path: str, line: int, tag: str) -> str:
    return (
        f"{path}:{line}: (file): YAML tags (`{tag}`) are not allowed in records: write the value "
        "plainly, in quotes if it is text"
    )


CASES |= {
    "comment-truncates-title": Case(
        event("comment-truncates-title"),
        Refused((f"{E}comment-truncates-title.md:2: (file): {QUOTE_THE_VALUE}",)),
    ),
    "comment-after-quoted-value": Case(
        event("comment-after-quoted-value"),
        Refused(
            (
                f"{S}news-comment-after-quoted-value.yaml:3: (file): a comment goes on a line of its "
                "own: YAML drops the text after ' #' on a line that holds a value",
            )
        ),
    ),
    "comment-in-source-title": Case(
        (("comment-in-source-title.yaml", "organizations/comment-in-source-title.yaml"),),
        Refused((f"{S}highlights.yaml:3: (file): {QUOTE_THE_VALUE}",)),
    ),
    "base-sixty": Case(
        event("base-sixty"),
        Refused((f"{E}base-sixty.md:11: metrics[0].value: '1:30' {NOT_A_NUMBER}",)),
    ),
    "underscore-number": Case(
        event("underscore-number"),
        Refused(
            (
                f"{E}underscore-number.md:11: metrics[0].value: '1_000' {NOT_A_NUMBER}",
                f"{E}underscore-number.md:15: metrics[1].value: True {NOT_A_NUMBER}",
                f"{E}underscore-number.md:19: metrics[2].value: '2000' {NOT_A_NUMBER}",
            )
        ),
    ),
    "yaml11-words": Case(
        event("yaml11-words"),
        Shown(
            (
                at("events/2012/yaml11-words/", "h1", "yes"),
                at("events/2012/yaml11-words/", "p.summary", "on"),
                at("events/2012/yaml11-words/", dd("Location"), "off, NO"),
                at("events/2012/yaml11-words/", ".metrics tbody tr td.number", "12"),
                at("events/2012/yaml11-words/", ".metrics tbody tr + tr td.number", "15"),
            )
        ),
    ),
    "binary-tag": Case(
        event("binary-tag"), Refused((tag_problem(f"{E}binary-tag.md", 2, "!!binary"),))
    ),
    "set-tag": Case(event("set-tag"), Refused((tag_problem(f"{E}set-tag.md", 8, "!!set"),))),
    "str-tag": Case(event("str-tag"), Refused((tag_problem(f"{E}str-tag.md", 2, "!!str"),))),
    "custom-tag": Case(
        event("custom-tag"), Refused((tag_problem(f"{E}custom-tag.md", 2, "!include"),))
    ),
    "inline-merge-key": Case(
        event("inline-merge-key"),
        Refused(
            (
                f"{E}inline-merge-key.md:9: (file): YAML merge keys (`<<:`) are not allowed in "
                "records: write the fields out",
            )
        ),
    ),
    "anchor-only": Case(
        event("anchor-only"),
        Refused(
            (
                f"{E}anchor-only.md:2: (file): YAML anchors (`&title`) and aliases are not allowed "
                "in records: write the value out",
            )
        ),
    ),
    "alias-only": Case(
        event("alias-only"),
        Refused(
            (f"{E}alias-only.md:3: (file): YAML aliases (`*name`) are not allowed in records",)
        ),
    ),
    "complex-key": Case(
        event("complex-key"),
        Refused(
            (f"{E}complex-key.md:8: (file): a key must be a plain name, not a list or a mapping",)
        ),
    ),
    # Lists are bounded, so no field of the events CSV outgrows what CSV readers accept, and no
    # check compares thousands of entries with thousands of others.
    "too-many-sources": Case(
        event("too-many-sources"),
        Refused((f"{E}too-many-sources.md:8: sources: has 51 entries, more than the 50 allowed",)),
    ),
    "longest-source-urls": Case(
        event("longest-source-urls"),
        Shown(
            (
                at(
                    "events/2012/longest-source-urls/",
                    "#source-s50 cite a",
                    LONGEST_URL_50,
                    "href",
                ),
            )
        ),
    ),
    "many-unknown-sources": Case(
        event("many-unknown-sources"),
        Refused(
            (
                f"{E}many-unknown-sources.md:8: metrics: has 200 entries, more than the 100 allowed",
                *(
                    f"{E}many-unknown-sources.md:{12 + 4 * i}: metrics[{i}].source: "
                    f"'unknown-{i}' is not among this record's sources"
                    for i in range(100)
                ),
                f"{E}many-unknown-sources.md:809: sources: has 200 entries, more than the 50 "
                "allowed",
            )
        ),
    ),
    # Bodies the build would fail on or take time out of proportion to their length for: the
    # check refuses them first (bounds measured on the Markdown text, archive/bodybounds.py).
    "definition-list-flood": Case(
        event("definition-list-flood"),
        Refused(
            (
                f"{E}definition-list-flood.md:1011: (body): has 1,201 lines, more than the 1,000 "
                "allowed: describe the event in our own words and cite long documents as sources",
            )
        ),
    ),
    "long-block": Case(
        event("long-block"),
        Refused(
            (
                f"{E}long-block.md:11: (body): a block of 240 lines without a blank line, more "
                "than the 100 allowed: separate paragraphs, lists and tables with blank lines",
            )
        ),
    ),
    "bracket-flood": Case(
        event("bracket-flood"), Refused((read_ahead_problem("bracket-flood", 5_001),))
    ),
    "unclosed-tags": Case(
        event("unclosed-tags"), Refused((read_ahead_problem("unclosed-tags", 8_001),))
    ),
    "nested-list-markers": Case(
        event("nested-list-markers"),
        Refused(
            (
                f"{E}nested-list-markers.md:11: (body): nests lists, quotes or indentation 700 "
                "levels deep, more than the 8 allowed",
            )
        ),
    ),
    "many-abbreviations": Case(
        event("many-abbreviations"),
        Refused(
            (
                f"{E}many-abbreviations.md:63: (body): more than 50 abbreviation or footnote definitions",
            )
        ),
    ),
    "body-within-bounds": Case(
        event("body-within-bounds"),
        Shown(
            (
                at("events/2012/body-within-bounds/", "section.body " + "ul " * 8 + "li", "eight"),
                at("events/2012/body-within-bounds/", "section.body dl dd", "Its definition."),
                at("events/2012/body-within-bounds/", "section.body table td", "2012"),
                at(
                    "events/2012/body-within-bounds/",
                    "section.body abbr",
                    "United Nations",
                    "title",
                ),
            ),
            links=(("link with (parentheses) in its text", "https://example.org/a_(b)"),),
        ),
    ),
    # Links anywhere under content/, and names that cannot be shown: refused, never read.
    "symlinked-leader": Case(
        (("outside-target.md", "leaders/linked-leader.yaml"),),
        Refused((link_problem("content/leaders/linked-leader.yaml"),)),
        as_link=True,
    ),
    "symlinked-page": Case(
        (("outside-target.md", "pages/linked-page.md"),),
        Refused((link_problem("content/pages/linked-page.md"),)),
        as_link=True,
    ),
    "symlinked-vocabulary": Case(
        (("outside-target.md", "vocabulary.yaml"),),
        Refused((link_problem("content/vocabulary.yaml"),), cascade=True),
        as_link=True,
    ),
    "symlinked-year-folder": Case(
        (("outside-target.md", "events/2015"),),
        Refused((link_problem("content/events/2015", "folder"),)),
        link_target=".",
    ),
    "symlinked-events-folder": Case(
        (("outside-target.md", "events"),),
        Refused((link_problem("content/events", "folder"),)),
        link_target=".",
    ),
    "dangling-symlink": Case(
        (("outside-target.md", "events/2012/gone.md"),),
        Refused((link_problem(f"{E}gone.md", dangling=True),)),
        link_target="no-such-record.md",
    ),
    "non-utf8-file-name": Case(
        (("outside-target.md", "events/2012/caf\udce9.md"),),
        Refused((f"{E}caf\\xe9.md:1: (file name): is not UTF-8 (byte \\xe9): rename it in UTF-8",)),
    ),
    "newline-in-file-name": Case(
        (("outside-target.md", "events/2012/full-day-chat\n.md"),),
        Refused(
            (
                f"{E}full-day-chat\\n.md:1: (file name): contains the control character U+000A: "
                "rename it",
            )
        ),
    ),
    "yaml-directive": Case(
        (("yaml-directive.yaml", "leaders/yaml-directive.yaml"),),
        Refused(
            (
                "content/leaders/yaml-directive.yaml:1: (file): YAML directives (`%YAML`, `%TAG`) "
                "are not allowed in records",
            )
        ),
    ),
}
REFUSED = sorted(name for name, case in CASES.items() if isinstance(case.outcome, Refused))
SHOWN = sorted(name for name, case in CASES.items() if isinstance(case.outcome, Shown))


def _prose(characters: int) -> str:
    sentence = "The body goes on and on about the same event. "
    return (sentence * (characters // len(sentence) + 1))[:characters]


def install(case: Case, content: Path) -> None:
    """Put a case's files into a content tree, as an editor's pull request would, with the source
    files (`hostile/sources/`) its records cite."""
    for name, target in case.install:
        source, path = HOSTILE / name, content / target
        install_cited_sources(source.read_bytes(), HOSTILE, content)
        path.parent.mkdir(parents=True, exist_ok=True)
        if case.as_link or case.link_target is not None:
            if path.is_dir():  # a link may replace a folder, or a file (vocabulary.yaml)
                shutil.rmtree(path)
            path.unlink(missing_ok=True)
            path.symlink_to(HOSTILE / case.link_target if case.link_target else source)
        elif case.body_characters:
            front = source.read_bytes().rsplit(b"---\n", 1)[0]
            path.write_bytes(front + b"---\n" + _prose(case.body_characters).encode())
        else:
            path.write_bytes(source.read_bytes())


def test_every_corpus_file_has_an_outcome_and_there_are_at_least_thirty():
    installed = {name for case in CASES.values() for name, _ in case.install}
    corpus = {p.name for p in HOSTILE.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert installed == corpus
    cited = {i for name in installed for i in cited_source_ids((HOSTILE / name).read_bytes())}
    assert {p.stem for p in (HOSTILE / "sources").glob("*.yaml")} <= cited, "a source no case uses"
    assert len(CASES) >= 30
    assert len(REFUSED) >= 20 and len(SHOWN) >= 10


# --- Refused records ------------------------------------------------------------------------


@pytest.mark.parametrize("name", REFUSED)
def test_check_reports_exactly_the_expected_problems(name: str, tmp_path: Path):
    case = CASES[name]
    outcome = case.outcome
    assert isinstance(outcome, Refused)
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    install(case, content)
    found = [str(p) for p in check_archive(content).problems]
    if not outcome.by_check:
        assert found == [], "make check reads records and registries, not pages"
    elif outcome.cascade:
        assert set(outcome.problems) <= set(found)
        follow_on = set(found) - set(outcome.problems)
        assert follow_on and all(": unknown " in p for p in follow_on), follow_on
    else:
        assert found == list(outcome.problems)


@pytest.mark.parametrize("name", REFUSED)
def test_build_fails_with_the_same_problems_and_writes_nothing(name: str, tmp_path: Path):
    case = CASES[name]
    outcome = case.outcome
    assert isinstance(outcome, Refused)
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    install(case, content)
    with pytest.raises(ArchiveError) as failure:
        build(content, tmp_path / "output")
    found = [str(p) for p in failure.value.problems]
    if outcome.cascade:
        assert set(outcome.problems) <= set(found)
    else:
        assert found == list(outcome.problems)
    assert not (tmp_path / "output").exists()
    assert list(tmp_path.glob(".output*")) == [], "the staging folder is cleaned up"
    assert not (tmp_path / "escaped").exists() and not (tmp_path.parent / "outside").exists()


def test_make_html_reports_refused_records_without_a_traceback(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    for name in ("alias-bomb", "deep-nesting", "huge-number", "utf16", "binary-control"):
        install(CASES[name], content)
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"from pelicanconf import *\nPATH = {str(content)!r}\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "sitebuild.build", "-s", str(settings), "-o", "output"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}"},
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "5 problems in the archive:" in run.stderr
    assert run.stderr.rstrip().endswith("there is no output/: no build has succeeded into it yet.")


# --- Shown records --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shown_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every shown case installed together: one build, then each case's texts are checked."""
    folder = tmp_path_factory.mktemp("hostile")
    content = copy_content(FIXTURE_SITE, folder / "content")
    for name in SHOWN:
        install(CASES[name], content)
    return build(content, folder / "output")


def _normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", SHOWN)
def test_shown_record_text_appears_exactly_as_written(name: str, shown_site: Path):
    outcome = CASES[name].outcome
    assert isinstance(outcome, Shown)
    for url, selector, attribute, expected in outcome.texts:
        element = parse(shown_site / url / "index.html").select_one(selector)
        assert element is not None, f"{url}: nothing matches {selector}"
        value = element[attribute] if attribute else _normalised(element.get_text())
        assert value == expected, f"{url} {selector}"
    if outcome.links:
        url = outcome.texts[0][0]
        body = parse(shown_site / url / "index.html").select_one("section.body")
        assert _links(body.find_all(LINKING)) == list(outcome.links)


LINKING = ["a", "q", "blockquote"]


def _links(elements: list[Tag]) -> list[tuple[str, str | None]]:
    return [(e.get_text(), e.get("href", e.get("cite"))) for e in elements]


def _feed_bodies(site: Path, url: str) -> dict[str, BeautifulSoup]:
    """The body of the entry for the page at `url`, by feed, in every feed that carries it: the
    entry's HTML less its first paragraph (date and terms) and its last list (the sources)."""
    found: dict[str, str] = {}
    for path in sorted((site / "feeds").rglob("*.*")):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".json":
            items = json.loads(path.read_text(encoding="utf-8"))["items"]
            found.update((name, i["content_html"]) for i in items if i["url"] == SITE + url)
        elif path.suffix == ".xml":
            root = etree.parse(path).getroot()
            for entry in root.iter(f"{ATOM}entry", "item"):
                link = entry.find(f"{ATOM}link")
                address = link.get("href") if link is not None else entry.findtext("link")
                if address == SITE + url:
                    found[name] = entry.findtext(f"{ATOM}content") or entry.findtext(RSS_CONTENT)
    bodies = {}
    for name, html in found.items():
        soup = BeautifulSoup(html, "html.parser")
        soup.find("p").decompose()
        soup.find_all("ol")[-1].decompose()
        bodies[name] = soup
    return bodies


@pytest.mark.parametrize("name", sorted(n for n in SHOWN if CASES[n].outcome.feed_links))
def test_shown_record_body_links_are_the_same_in_every_feed(name: str, shown_site: Path):
    outcome = CASES[name].outcome
    bodies = _feed_bodies(shown_site, outcome.texts[0][0])
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json"} <= set(bodies)
    assert any(n.startswith("feeds/leaders/") for n in bodies), "term feeds were checked"
    for feed, body in bodies.items():
        assert _links(body.find_all(LINKING)) == list(outcome.feed_links), feed


BROWSER_LINKS = """(base) => [...document.querySelectorAll(
    'section.body a, section.body q, section.body blockquote')].map((e) => {
    const value = e.getAttribute(e.localName === 'a' ? 'href' : 'cite');
    if (value === null) return [e.textContent, null];
    try { return [e.textContent, new URL(value, base).href]; } catch { return [e.textContent, 'invalid']; }
})"""


def test_chromium_follows_each_body_link_to_where_the_feeds_point(browser, shown_site: Path):
    """The feeds resolve links by the rules of a real browser: Chromium, reading each page's body
    links with the page's public address as base, gets exactly the addresses of the feeds, and
    every link on the page goes to http(s)."""
    with serve(shown_site) as root, browser_page(browser) as page:
        for name in sorted(n for n in SHOWN if CASES[n].outcome.feed_links):
            url = CASES[name].outcome.texts[0][0]
            page.goto(root + url)
            links = [tuple(link) for link in page.evaluate(BROWSER_LINKS, SITE + url)]
            assert links == list(CASES[name].outcome.feed_links), name
            protocols = set(page.evaluate("[...document.links].map((a) => a.protocol)"))
            assert protocols <= {"http:", "https:"}, name


def _feed_titles(site: Path) -> dict[str, str]:
    atom = etree.parse(site / "feeds/all.atom.xml").getroot()
    return {
        e.find(f"{ATOM}link").get("href")[len(SITE) :]: e.findtext(f"{ATOM}title")
        for e in atom.iter(f"{ATOM}entry")
    }


def test_shown_record_titles_are_text_in_the_feeds(shown_site: Path):
    titles = _feed_titles(shown_site)
    rss = etree.parse(shown_site / "feeds/all.rss.xml").getroot()
    rss_titles = {i.findtext("link")[len(SITE) :]: i.findtext("title") for i in rss.iter("item")}
    for name in SHOWN:
        for url, selector, _, _ in CASES[name].outcome.texts:
            if url.startswith("events/2012/") and selector == "h1":
                h1 = parse(shown_site / url / "index.html").h1.get_text()
                assert titles[url] == h1 == rss_titles[url]
    assert titles["events/2012/xss-title/"] == TITLE


def test_the_longest_allowed_fields_read_back_from_the_events_csv(shown_site: Path):
    """csv's default field limit is the tightest of any reader of the data files: every field a
    record can fill (fifty 2,000-character source URLs here) must stay under it."""
    text = (shown_site / "data/events.csv").read_text(encoding="utf-8-sig")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    urls = rows["longest-source-urls"]["source_urls"].split(" | ")
    assert len(urls) == 50 and urls[-1] == LONGEST_URL_50
    assert len(rows["longest-source-urls"]["source_urls"]) < csv.field_size_limit()


def test_the_whole_hostile_site_is_well_formed_with_no_active_markup(shown_site: Path):
    assert site_problems(shown_site) == []
    assert list(shown_site.rglob("*.html")), "pages were checked"
    assert list((shown_site / "feeds").rglob("*.xml")), "feeds were checked"


@pytest.mark.parametrize(
    "html",
    [
        '<p><img src=x onerror="alert(1)"></p>',
        '<a href=" JavaScript:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        "<iframe src='https://example.org/'></iframe>",
        "<script>alert(1)</script>",
        '<script type="application/ld+json">{"name": "</script><script>alert(1)"}</script>',
        "<x-fuzz>text</x-fuzz>",
        '<section class="body"><h2>What happened</h2><p><u>stray</u></p></section>',
        '<a href="java&#9;script:alert(1)">x</a>',
        '<q cite="&#13;javascript:alert(1)">x</q>',
        '<a href="mailto:someone@example.org">x</a>',
        '<a href="https://user:pass@example.org/">x</a>',
        '<a href="//user@example.org/">x</a>',
        '<p id="main">a</p><main id="main">b</main>',
        '<script type="application/ld+json">{"citation": [{"url": "javascript:alert(1)"}]}</script>',
        '<script type="application/ld+json">{"sameAs": ["https://u:p@example.org/"]}</script>',
    ],
)
def test_the_safety_rules_catch_active_markup(html: str):
    assert html_problems(html, "page") != []


def test_the_safety_rules_accept_escaped_markup():
    assert html_problems("<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=x</p>", "page") == []


@pytest.mark.parametrize(
    "html",
    [
        '<a href="&#x3000;javascript:alert(1)">a relative path to a page of the site</a>',
        '<a href="//[::1">no browser can parse it</a>',
        '<a href="https://example.org/@user">an @ in the path</a>',
        '<a href="#body-fn:1">1</a><li id="body-fn:1">note</li>',
    ],
)
def test_the_safety_rules_accept_links_that_are_inert_or_go_to_http(html: str):
    assert html_problems(html, "page") == []
