"""Names in Chinese and Korean render with a CJK font (Debian's Noto CJK), never as empty boxes."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURE_SITE, build, copy_content
from webtools import browser_page, missing_tool, serve

CHINESE = ("联合国", "zh-Hans", "Noto Sans CJK SC")
KOREAN = ("반기문", "ko", "Noto Sans CJK KR")  # Ban Ki-moon's original name in the fixture


def noto_cjk_installed() -> bool:
    """Whether fontconfig knows Noto Sans CJK (`make system-tools` installs fonts-noto-cjk)."""
    listed = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    return "Noto Sans CJK" in listed


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive, with the United Nations' name in Chinese as its original name."""
    content = copy_content(FIXTURE_SITE, tmp_path_factory.mktemp("cjk") / "content")
    path = content / "organizations/united-nations.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["original_name"] = {"text": CHINESE[0], "lang": CHINESE[1]}
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build(content, content.parent / "output")


def rendered_fonts(page: Any, selector: str) -> list[dict[str, Any]]:
    """The platform fonts Chromium drew the element's text with (DevTools' own report)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


@pytest.mark.parametrize(
    ("url", "name"),
    [("organizations/united-nations/", CHINESE), ("leaders/ban-ki-moon/", KOREAN)],
    ids=["chinese", "korean"],
)
def test_a_name_in_original_script_is_drawn_with_a_cjk_font(browser, site, url, name):
    if not noto_cjk_installed():
        missing_tool("Noto CJK fonts (Debian package fonts-noto-cjk)")
    text, lang, family = name
    selector = f'.original-name span[lang="{lang}"]'
    with serve(site) as base, browser_page(browser) as page:
        page.goto(base + url)
        assert page.inner_text(selector) == text
        stack = page.eval_on_selector(selector, "e => getComputedStyle(e).fontFamily")
        assert family in stack
        fonts = rendered_fonts(page, selector)
        # Every glyph came from the CJK font named for the language: none from a fallback.
        assert [f["familyName"] for f in fonts] == [family]
        assert sum(f["glyphCount"] for f in fonts) == len(text)
        # And the glyphs are real: a CJK glyph is about one em wide, wider than a missing-glyph box
        # drawn in a Latin-only font (Chromium's last resort for a family it cannot find).
        width = page.eval_on_selector(selector, "e => e.getBoundingClientRect().width")
        size = float(
            page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)")
        )
        assert width == pytest.approx(len(text) * size, rel=0.1)
