"""Shared fixtures: build a small archive once per module into a temporary folder and parse it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_SITE = FIXTURES / "site"
REAL_CONTENT = ROOT / "content"


def build(
    content: Path, output: Path, settings: dict | None = None, settings_file: str = "pelicanconf.py"
) -> Path:
    """Build `content` with the project's real settings, plugins and theme into `output`."""
    from sitebuild.build import build_site

    overrides = {
        "PATH": str(content),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "ARCHIVE_CACHE": False,
    }
    build_site(ROOT / settings_file, output, {**overrides, **(settings or {})})
    return output


def copy_content(source: Path, target: Path) -> Path:
    """A writable copy of a content tree, for tests that add or break records."""
    shutil.copytree(source, target)
    return target


_CITED = re.compile(rb"(?:^|[\r\n])sources: \[([^\]\r\n]*)\]")


def cited_source_ids(record: bytes) -> list[str]:
    """The ids of a record's `sources: [...]` line, read from its bytes (any encoding or line
    ending the corpus uses; none when the line cannot be found, e.g. in UTF-16)."""
    match = _CITED.search(record)
    if not match:
        return []
    return [i.strip().decode("ascii", "replace") for i in match.group(1).split(b",") if i.strip()]


def install_cited_sources(record: bytes, corpus: Path, content: Path) -> list[Path]:
    """Copy the source files `record` cites from `corpus/sources/` into `content/sources/`, as a
    pull request adding the record would; a source the content already has must be the same file."""
    installed = []
    for source_id in cited_source_ids(record):
        source = corpus / "sources" / f"{source_id}.yaml"
        if not source.is_file():
            continue
        target = content / "sources" / source.name
        if target.exists():
            assert target.read_bytes() == source.read_bytes(), f"two different {source.name}"
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        installed.append(target)
    return installed


def drop_uncited_sources(content: Path) -> list[str]:
    """Delete the source files that `make check` says nothing cites (after records were removed),
    as an editor removing records would; returns their ids."""
    from records.validation import check_archive

    dropped = []
    for problem in check_archive(content).problems:
        if problem.message.startswith("no record, leader or organization cites this source"):
            path = content.parent / problem.path
            path.unlink()
            dropped.append(path.stem)
    return dropped


def parse(path: Path) -> BeautifulSoup:
    """Parse one built HTML page."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture archive, built once per test module."""
    return build(FIXTURE_SITE, tmp_path_factory.mktemp("fixture-site") / "output")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real archive in `content/`, built once per test module."""
    return build(REAL_CONTENT, tmp_path_factory.mktemp("real-site") / "output")


@pytest.fixture
def page() -> Callable[[Path, str], BeautifulSoup]:
    """`page(site, "events/2012/x/")` parses the page at that URL."""

    def load(site: Path, url: str) -> BeautifulSoup:
        target = site / url
        return parse(target / "index.html" if url.endswith("/") or not url else target)

    return load


pytest_plugins = ["webtools"]
