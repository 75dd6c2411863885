"""The theme as Chromium renders it: no sideways scrolling at 320 px, a visible skip link and focus,
dark mode from the reader's setting, and print styles that keep the record and its sources."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, build, copy_content
from webtools import browser_page, serve

EVENT = "events/2012/full-day-chat/"
PAGES = [
    "",
    EVENT,
    "about/",
    "search/?q=chat",
    "404.html",
    "timeline/",
    "timeline/2012/",
    "leaders/ban-ki-moon/",
    "organizations/united-nations/",
    "types/live-qa/",
    "feeds/",
    "data/",
    "adoption/",
]


# A word of 400 letters wherever a record lets one be written: location, title, source, figure
# note, body text, a code block and a table cell of the body.
LONG = "a" * 400
LONG_WORDS_RECORD = f"""---
title: Long words {LONG[:300]}
summary: A record whose fields hold a word of 400 letters {LONG}
date: 2013-05
type: live-qa
platforms: [sina-weibo]
leaders: [ban-ki-moon]
location: {{name: {LONG}, country: China}}
metrics:
  - subject: ban-ki-moon
    platform: sina-weibo
    measure: followers
    value: 5
    as_of: 2013-05
    source: long
    note: {LONG}
  - subject: ban-ki-moon
    platform: sina-weibo
    measure: followers
    value: 7
    as_of: 2014-02
    source: long
sources: [long]
added: 2026-11-26
---
Text with {LONG} in it.

    code {LONG}

| column | other |
| --- | --- |
| {LONG} | x |
"""
LONG_WORDS_SOURCE = f"""\
kind: news-article
publisher: Publisher {LONG}
title: Title {LONG}
language: en
url: https://example.org/{LONG}
"""
LONG_WORD_PAGES = [
    "events/2013/long-words/",
    "leaders/ban-ki-moon/",
    "timeline/",
    "timeline/2013/",
    "",
    "platforms/sina-weibo/",
]
# Pages with charts, and the widths at which their text must be at least 12 CSS pixels.
CHART_PAGES = ["", "timeline/", "organizations/united-nations/", "adoption/"]
WIDTHS = [320, 375, 768, 1280]

SIDEWAYS = """() => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > innerWidth + .5
                 && !e.closest("[role=region][tabindex='0'][aria-label]"))
  .map((e) => e.tagName + "." + e.className)"""
# Every element that scrolls sideways (or could), with how keyboard and screen readers meet it.
SCROLLERS = """() => [...document.querySelectorAll("body *")]
  .filter((e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
  .map((e) => ({tag: e.tagName, tabindex: e.getAttribute("tabindex"), role: e.getAttribute("role"),
                label: e.getAttribute("aria-label"), scrolls: e.scrollWidth > e.clientWidth}))"""
# Font sizes of every chart element showing text, times any scaling between it and the screen.
CHART_TEXT = """() => [...document.querySelectorAll(".chart *")]
  .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
                 && e.getClientRects().length && getComputedStyle(e).visibility === "visible")
  .map((e) => {
    const svg = e.closest("svg");
    const scale = svg && e.getScreenCTM ? e.getScreenCTM().a : 1;
    return [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize) * scale];
  })"""


@pytest.fixture(scope="module")
def server(fixture_site: Path) -> Iterator[str]:
    with serve(fixture_site) as base:
        yield base


@pytest.fixture(scope="module")
def long_word_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("long-words")
    content = copy_content(FIXTURE_SITE, folder / "content")
    (content / "events/2013/long-words.md").write_text(LONG_WORDS_RECORD, encoding="utf-8")
    (content / "sources/long.yaml").write_text(LONG_WORDS_SOURCE, encoding="utf-8")
    with serve(build(content, folder / "output")) as base:
        yield base


@pytest.fixture(scope="module")
def real_server(real_site: Path) -> Iterator[str]:
    with serve(real_site) as base:
        yield base


def assert_fits_320_px(browser, url: str) -> None:
    with browser_page(browser, viewport={"width": 320, "height": 640}) as page:
        page.goto(url, wait_until="load")
        assert page.evaluate(SIDEWAYS) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        # A caption spans its table (a card table's caption once shrank to a letter per line).
        widths = page.evaluate("[...document.querySelectorAll('caption')].map(c => c.offsetWidth)")
        assert all(w > 160 for w in widths), widths
        for scroller in page.evaluate(SCROLLERS):
            assert scroller["tabindex"] == "0", scroller
            assert scroller["role"] == "region" and scroller["label"], scroller


@pytest.mark.parametrize("address", PAGES)
def test_nothing_scrolls_sideways_on_a_320_px_screen(browser, server, address):
    assert_fits_320_px(browser, server + address)


@pytest.mark.parametrize("address", LONG_WORD_PAGES)
def test_a_word_of_400_letters_breaks_or_scrolls_in_a_named_box(browser, long_word_server, address):
    assert_fits_320_px(browser, long_word_server + address)


def test_the_long_words_code_and_table_scroll_in_focusable_named_boxes(browser, long_word_server):
    with browser_page(browser, viewport={"width": 320, "height": 640}) as page:
        page.goto(long_word_server + "events/2013/long-words/", wait_until="load")
        scrollers = page.evaluate(SCROLLERS)
        # A code block keeps its line and scrolls; a table's cell breaks the word and fits.
        assert [(s["label"], s["scrolls"]) for s in scrollers] == [
            ("Code", True),
            ("Table", False),
        ]
        page.focus(".scroll-box[aria-label=Code]")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.scroll-box').scrollLeft > 0")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("address", CHART_PAGES)
def test_chart_text_is_at_least_12_css_pixels(browser, server, address, width):
    with browser_page(browser, viewport={"width": width, "height": 900}) as page:
        page.goto(server + address, wait_until="load")
        sizes = page.evaluate(CHART_TEXT)
        assert sizes, "no chart text found"
        assert [(text, size) for text, size in sizes if size < 12] == []


def test_real_pages_fit_a_320_px_screen(browser, real_server, real_site):
    pages = ["", "timeline/", "leaders/ban-ki-moon/", "organizations/united-nations/", "data/"]
    pages += [
        p.parent.relative_to(real_site).as_posix() + "/"
        for p in real_site.glob("events/*/*/index.html")
    ][:3]
    for address in pages:
        assert_fits_320_px(browser, real_server + address)


def test_the_skip_link_appears_on_focus_and_leads_to_the_content(browser, server):
    with browser_page(browser) as page:
        page.goto(server + EVENT)
        skip = page.locator("a.skip-link")
        assert skip.bounding_box()["x"] < 0
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        box = skip.bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0
        assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_outlined(browser, server):
    with browser_page(browser) as page:
        page.goto(server + EVENT)
        for _ in range(3):
            page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        assert focused.evaluate("e => e.tagName") == "A"
        assert focused.evaluate("e => getComputedStyle(e).outlineWidth") == "3px"


def test_dark_mode_follows_the_reader_setting(browser, server):
    colours = {}
    for scheme in ("light", "dark"):
        with browser_page(browser, color_scheme=scheme) as page:
            page.goto(server + EVENT)
            colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours == {"light": "rgb(255, 255, 255)", "dark": "rgb(21, 23, 26)"}


def test_print_keeps_the_record_and_spells_out_source_addresses(browser, server):
    with browser_page(browser) as page:
        page.goto(server + EVENT)
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => [".site-nav", ".breadcrumbs", ".site-footer"]
                 .map((s) => getComputedStyle(document.querySelector(s)).display)"""
        )
        assert hidden == ["none", "none", "none"]
        assert page.locator(".cite-record").is_visible() and page.locator(".sources").is_visible()
        after = page.evaluate(
            """getComputedStyle(document.querySelector(".sources a[href^='http']"), "::after")
                 .content"""
        )
        assert after == '" <https://example.org/a>"'
