"""The record cache: reused only while the record, the registry, the settings and the code are the same.

Each test marks every cached body (a "poisoned" cache): a page shows the mark exactly when the
build took its record from the cache."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest
from archive.problems import ArchiveError
from conftest import FIXTURE_SITE, ROOT, build, copy_content, parse

RECORD = "events/2012/full-day-chat.md"
MARK = "taken-from-the-cache"
EVENT_PAGES = [
    "events/2012/full-day-chat/index.html",
    "events/2012/month-only-award/index.html",
    "events/2012/year-only-space/index.html",
    "events/2013/multi-day-visit/index.html",
    "events/2014/account-launch/index.html",
]


def cached(cache: Path) -> dict:
    return {"ARCHIVE_CACHE": True, "CACHE_PATH": str(cache)}


def files(site: Path) -> dict[Path, bytes]:
    """Every page, feed and data file (the search index names its files after its build)."""
    return {
        p.relative_to(site): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.relative_to(site).parts[0] != "pagefind"
    }


def poison(cache: Path) -> None:
    """Replace every cached body by the mark, keeping the cache's fingerprint."""
    file = cache / "archive-records.pickle"
    fingerprint, entries = pickle.loads(file.read_bytes())
    marked = {k: dataclasses.replace(v, html=f"<p>{MARK}</p>") for k, v in entries.items()}
    file.write_bytes(pickle.dumps((fingerprint, marked)))


def marked(site: Path) -> list[str]:
    return [p for p in EVENT_PAGES if MARK in (site / p).read_text(encoding="utf-8")]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(FIXTURE_SITE, tmp_path / "content")


def test_cached_builds_write_the_same_site_as_uncached(content: Path, tmp_path: Path):
    plain = files(build(content, tmp_path / "plain"))
    cache = tmp_path / "cache"
    cold = files(build(content, tmp_path / "cold", cached(cache)))
    warm = files(build(content, tmp_path / "warm", cached(cache)))
    assert plain == cold == warm


def test_an_unchanged_archive_is_read_from_the_cache(content: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    build(content, tmp_path / "output", cached(cache))
    poison(cache)
    # Another output folder: the same one would be left as it is (nothing changed, see test_stamp).
    assert marked(build(content, tmp_path / "again", cached(cache))) == EVENT_PAGES


def test_an_edited_record_is_read_again(content: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    build(content, tmp_path / "output", cached(cache))
    poison(cache)
    record = content / RECORD
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("Full-day live chat", "Edited chat"), encoding="utf-8")
    site = build(content, tmp_path / "output", cached(cache))
    assert marked(site) == EVENT_PAGES[1:]
    page = parse(site / EVENT_PAGES[0])
    assert page.h1.get_text(strip=True) == "Edited chat"
    assert page.select_one(".body em").get_text() == "many"


def test_a_registry_change_checks_every_record_again(content: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    build(content, tmp_path / "output", cached(cache))
    poison(cache)
    leader = content / "leaders/david-cameron.yaml"
    leader.write_text(leader.read_text(encoding="utf-8") + "bio: Edited.\n", encoding="utf-8")
    assert marked(build(content, tmp_path / "output", cached(cache))) == []
    (content / "leaders/ban-ki-moon.yaml").unlink()
    with pytest.raises(ArchiveError, match=r"full-day-chat.md:\d+: leaders\[0\]: unknown leader"):
        build(content, tmp_path / "output", cached(cache))


def test_a_settings_change_invalidates_the_cache(content: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    build(content, tmp_path / "output", cached(cache))
    poison(cache)
    changed = {**cached(cache), "SITESUBTITLE": "Another subtitle"}
    assert marked(build(content, tmp_path / "output", changed)) == []


def test_a_plugin_code_change_invalidates_the_cache(content: Path, tmp_path: Path):
    plugins = tmp_path / "more-plugins"
    (plugins / "extra").mkdir(parents=True)
    (plugins / "extra" / "__init__.py").write_text("VALUE = 1\n")
    cache = tmp_path / "cache"
    settings = {**cached(cache), "PLUGIN_PATHS": [str(ROOT / "plugins"), str(plugins)]}
    build(content, tmp_path / "output", settings)
    poison(cache)
    (plugins / "extra" / "__init__.py").write_text("VALUE = 2\n")
    assert marked(build(content, tmp_path / "output", settings)) == []


def test_a_broken_cache_file_is_ignored(content: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "archive-records.pickle").write_bytes(b"not a pickle")
    site = build(content, tmp_path / "output", cached(cache))
    assert marked(site) == []
    assert (site / EVENT_PAGES[0]).is_file()
