"""Every built page, the stylesheet and the icon pass the Nu HTML Checker (vnu) with no errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from webtools import java, vnu_jar

# A page with a known error, checked in the same run: proves that vnu ran and reports errors.
BROKEN_PAGE = """<!doctype html>
<html lang="en"><head><title>control</title></head>
<body><ul><p>a paragraph where only list items may be</p></ul></body></html>
"""
THEME_FILES = [ROOT / "theme/static/css/site.css", ROOT / "theme/static/icon.svg"]


def html_files(site: Path) -> list[Path]:
    """Every HTML page the build wrote (Pagefind's bundle has none)."""
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def control_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("vnu-control") / "broken.html"
    page.write_text(BROKEN_PAGE, encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def vnu_errors(fixture_site: Path, real_site: Path, control_page: Path) -> dict[Path, list[str]]:
    """One JVM run over every file of both sites; errors grouped by file."""
    files = [*html_files(fixture_site), *html_files(real_site), *THEME_FILES, control_page]
    command = [java(), "-jar", str(vnu_jar()), "--errors-only", "--format", "json"]
    command += ["--also-check-css", "--also-check-svg", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    report = json.loads(result.stderr)
    errors: dict[Path, list[str]] = {}
    for message in report["messages"]:
        assert message["type"] in ("error", "non-document-error"), message
        path = Path(message["url"].removeprefix("file:"))
        errors.setdefault(path, []).append(
            f"{path.name}:{message.get('lastLine', '?')}: {message['message']}"
        )
    return errors


def errors_under(errors: dict[Path, list[str]], site: Path) -> list[str]:
    return [line for path, lines in errors.items() if path.is_relative_to(site) for line in lines]


def test_vnu_reports_the_known_error(vnu_errors, control_page):
    assert any("not allowed as child of element" in e for e in vnu_errors[control_page])


def test_fixture_site_pages_are_valid(vnu_errors, fixture_site):
    assert len(html_files(fixture_site)) >= 8
    assert errors_under(vnu_errors, fixture_site) == []


def test_real_site_pages_are_valid(vnu_errors, real_site):
    assert html_files(real_site)
    assert errors_under(vnu_errors, real_site) == []


def test_stylesheet_and_icon_are_valid(vnu_errors):
    assert [e for path in THEME_FILES for e in vnu_errors.get(path, [])] == []
