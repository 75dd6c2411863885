"""axe-core in headless Chromium finds no WCAG 2.2 A/AA or best-practice violation on any page kind.

Every kind is checked in the light scheme at desktop width and in the dark scheme at phone width.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webtools import axe_source, browser_page, serve

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.map((n) => n.target.join(" ")).join(", "));
}"""
SCHEMES = [("light", {"width": 1280, "height": 900}), ("dark", {"width": 375, "height": 800})]

# Page kind -> glob of its file in a built site; the first match is checked.
PAGE_KINDS: dict[str, str] = {
    "home": "index.html",
    "event": "events/*/*/index.html",
    "about": "about/index.html",
    "search": "search/index.html",
    "404": "404.html",
    "timeline": "timeline/index.html",
    "year": "timeline/[0-9][0-9][0-9][0-9]/index.html",
    "leaders": "leaders/index.html",
    "leader": "leaders/*/index.html",
    "organizations": "organizations/index.html",
    "organization": "organizations/*/index.html",
    "types": "types/index.html",
    "type": "types/*/index.html",
    "platforms": "platforms/index.html",
    "platform": "platforms/*/index.html",
    "feeds": "feeds/index.html",
    "data": "data/index.html",
    "adoption": "adoption/index.html",
}


def page_of_kind(site: Path, kind: str) -> str:
    """The URL path of the first page of a kind; every kind must have been built."""
    found = sorted(site.glob(PAGE_KINDS[kind]))
    assert found, f"the build wrote no {kind} page ({PAGE_KINDS[kind]})"
    return found[0].relative_to(site).as_posix().removesuffix("index.html")


@pytest.fixture(scope="module")
def fixture_server(fixture_site: Path) -> Iterator[str]:
    with serve(fixture_site) as base:
        yield base


@pytest.fixture(scope="module")
def real_server(real_site: Path) -> Iterator[str]:
    with serve(real_site) as base:
        yield base


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


def violations(browser: Any, axe: str, url: str, scheme: str, viewport: dict) -> list[str]:
    """Load a page as a reader would, then let axe-core audit the rendered document."""
    with browser_page(browser, color_scheme=scheme, viewport=viewport) as page:
        page.goto(url, wait_until="load")
        if "/search/" in url and "?" in url:
            page.wait_for_selector("form[data-ready]")
        page.add_script_tag(content=axe)
        return page.evaluate(RUN_AXE, AXE_TAGS)


@pytest.mark.parametrize(("scheme", "viewport"), SCHEMES, ids=[s for s, _ in SCHEMES])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_fixture_site_page_kind_has_no_violations(
    browser, axe, fixture_site, fixture_server, kind, scheme, viewport
):
    url = fixture_server + page_of_kind(fixture_site, kind)
    assert violations(browser, axe, url, scheme, viewport) == []


@pytest.mark.parametrize(("scheme", "viewport"), SCHEMES, ids=[s for s, _ in SCHEMES])
def test_search_results_have_no_violations(browser, axe, fixture_server, scheme, viewport):
    url = fixture_server + "search/?q=chat&year=2012"
    assert violations(browser, axe, url, scheme, viewport) == []


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_real_site_page_kind_has_no_violations(browser, axe, real_site, real_server, kind):
    url = real_server + page_of_kind(real_site, kind)
    for scheme, viewport in SCHEMES:
        assert violations(browser, axe, url, scheme, viewport) == [], scheme


def test_axe_reports_a_known_violation(browser, axe, fixture_server):
    """A control: an image without a text alternative must be reported, or axe did not run."""
    with browser_page(browser) as page:
        page.goto(fixture_server, wait_until="load")
        page.evaluate("document.querySelector('main').append(document.createElement('img'))")
        page.add_script_tag(content=axe)
        found = page.evaluate(RUN_AXE, AXE_TAGS)
    assert any(v.startswith("image-alt") for v in found)
