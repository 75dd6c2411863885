"""The theme as Chromium renders it: no sideways scrolling at 320 px, a visible skip link and focus,
dark mode from the reader's setting, and print styles that keep the record and its sources."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
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
]


@pytest.fixture(scope="module")
def server(fixture_site: Path) -> Iterator[str]:
    with serve(fixture_site) as base:
        yield base


@pytest.mark.parametrize("address", PAGES)
def test_nothing_scrolls_sideways_on_a_320_px_screen(browser, server, address):
    with browser_page(browser, viewport={"width": 320, "height": 640}) as page:
        page.goto(server + address, wait_until="load")
        wide = page.evaluate(
            """() => [...document.querySelectorAll("body *")]
                 .filter((e) => e.getBoundingClientRect().right > 320.5 && !e.closest(".table-scroll"))
                 .map((e) => e.tagName + "." + e.className)"""
        )
        assert wide == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 320


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
