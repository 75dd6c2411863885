"""The record cache: reused only while the record, the registry, the settings and the code are the same.

Each test marks every cached body (a "poisoned" cache, its entries re-signed as the build would):
a page shows the mark exactly when the build took its record from the cache. A cache file that is
damaged, truncated, replaced (by a pickle that would run code) or tracked by git is never trusted:
the build reads the records again, or refuses, and its site is the site of an uncached build."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import pickle
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, ROOT, build, copy_content, parse
from records.problems import ArchiveError
from sitebuild import fingerprint
from sitebuild.build import BuildFailed
from sitebuild.cache import CACHE_FILE
from sitebuild.cacheformat import decode, encode

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


def entries(cache: Path) -> tuple[bytes, list[bytes]]:
    """The cache file's header and its entry lines."""
    first, *lines = (cache / CACHE_FILE).read_bytes().split(b"\n")
    return first, [line for line in lines if line]


def poison(cache: Path) -> None:
    """Replace every cached body by the mark, re-signing each entry under the cache's fingerprint."""
    first, lines = entries(cache)
    fingerprint = json.loads(first)["fingerprint"]
    poisoned = [first]
    for line in lines:
        meta = json.loads(line.split(b"\t")[2])
        key = (meta["path"], meta["bytes"])
        result = decode(line, key, fingerprint)
        assert result is not None
        poisoned.append(
            encode(key, dataclasses.replace(result, html=f"<p>{MARK}</p>"), fingerprint)
        )
    (cache / CACHE_FILE).write_bytes(b"\n".join(poisoned) + b"\n")


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
    # Another output folder, so that every page is rendered (into the same one, the incremental
    # build would reuse the unchanged pages: see test_incremental).
    site = build(content, tmp_path / "again", cached(cache))
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


def test_a_build_hashes_the_plugins_code_once_for_its_stamp_and_its_cache(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    hashed: list[list[str]] = []
    code_fingerprint = fingerprint.code_fingerprint

    def counted(paths: list[str]) -> str:
        hashed.append(paths)
        return code_fingerprint(paths)

    monkeypatch.setattr(fingerprint, "code_fingerprint", counted)
    cache = tmp_path / "cache"
    build(content, tmp_path / "output", cached(cache))
    assert len(hashed) == 1
    build(content, tmp_path / "again", cached(cache))  # the cache still matches: same hash
    poison(cache)
    assert len(hashed) == 2
    assert marked(build(content, tmp_path / "third", cached(cache))) == EVENT_PAGES


def test_a_broken_cache_file_is_ignored(content: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / CACHE_FILE).write_bytes(b"not a cache")
    site = build(content, tmp_path / "output", cached(cache))
    assert marked(site) == []
    assert (site / EVENT_PAGES[0]).is_file()


# --- A damaged or planted cache is a miss, never code run or wrong output ----------------------


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, bytes]:
    return files(build(FIXTURE_SITE, tmp_path_factory.mktemp("plain") / "output"))


@pytest.fixture
def warm(content: Path, tmp_path: Path) -> Path:
    """A cache filled by one build of the archive."""
    cache = tmp_path / "cache"
    build(content, tmp_path / "first", cached(cache))
    assert len(entries(cache)[1]) == len(EVENT_PAGES)
    return cache


def rebuilt(content: Path, cache: Path, folder: Path, caplog: pytest.LogCaptureFixture) -> Path:
    """Build again into a new folder, keeping what the build said about its cache."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="archive.run"):
        return build(content, folder, cached(cache))


def cache_report(caplog: pytest.LogCaptureFixture) -> str:
    return next(r.getMessage() for r in caplog.records if "from the cache" in r.getMessage())


@pytest.mark.parametrize("where", [0.02, 0.2, 0.45, 0.7, 0.97])
def test_a_flipped_byte_anywhere_in_an_entry_is_a_miss_and_the_site_is_right(
    where, content, warm, tmp_path, plain_site, caplog
):
    first, lines = entries(warm)
    damaged = []
    for line in lines:  # one byte of every entry, at the same share of its length
        at = int(len(line) * where)
        damaged.append(line[:at] + bytes([line[at] ^ 0x01]) + line[at + 1 :])
    (warm / CACHE_FILE).write_bytes(b"\n".join([first, *damaged]) + b"\n")
    site = rebuilt(content, warm, tmp_path / "output", caplog)
    assert files(site) == plain_site
    # An entry whose key is damaged is not found at all; any other is found and refused.
    damaged = 0 if where * len(lines[0]) < 40 else len(EVENT_PAGES)
    assert cache_report(caplog) == (
        f"archive: {len(EVENT_PAGES)} records read, 0 from the cache, "
        f"{damaged} damaged cache entries read again"
    )
    # The damaged entries were replaced: the next build takes every record from the cache.
    rebuilt(content, warm, tmp_path / "again", caplog)
    assert cache_report(caplog).startswith(f"archive: 5 records read, {len(EVENT_PAGES)} from")


def test_a_flipped_byte_in_the_header_discards_the_file(content, warm, tmp_path, plain_site):
    data = bytearray((warm / CACHE_FILE).read_bytes())
    data[20] ^= 0x01
    (warm / CACHE_FILE).write_bytes(bytes(data))
    assert files(build(content, tmp_path / "output", cached(warm))) == plain_site


@pytest.mark.parametrize("keep", [0, 1, 0.5, 0.99])
def test_a_truncated_cache_is_a_miss_for_what_is_missing(keep, content, warm, tmp_path, plain_site):
    data = (warm / CACHE_FILE).read_bytes()
    (warm / CACHE_FILE).write_bytes(data[: int(len(data) * keep)] if keep < 1 else data[:-30])
    assert files(build(content, tmp_path / "output", cached(warm))) == plain_site


class _Planted:
    """What a pull request could force-add as a cache: unpickling it runs a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_in_place_of_the_cache_is_never_unpickled(content, tmp_path, plain_site):
    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "code-ran"
    planted = pickle.dumps(("fingerprint", _Planted(marker)))
    for name in (CACHE_FILE, "archive-records.pickle"):
        (cache / name).write_bytes(planted)
    assert files(build(content, tmp_path / "output", cached(cache))) == plain_site
    assert not marker.exists()


def test_a_cache_that_git_tracks_is_refused_and_nothing_is_read(content, warm, tmp_path):
    poison(warm)
    git = ["git", "-C", str(tmp_path), "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], check=True)
    (tmp_path / ".gitignore").write_text("cache/\n")
    subprocess.run([*git, "add", "-f", f"cache/{CACHE_FILE}"], check=True)
    output = tmp_path / "output"
    with pytest.raises(
        BuildFailed, match=rf"cache/ holds files that git tracks \(cache/{CACHE_FILE}\)"
    ):
        build(content, output, cached(warm))
    assert not output.exists()
    subprocess.run([*git, "rm", "-q", "--cached", f"cache/{CACHE_FILE}"], check=True)
    assert marked(build(content, output, cached(warm))) == EVENT_PAGES  # untracked: trusted again


@pytest.mark.parametrize("stamp", [b"[]", b"null", b'{"fingerprint": 1}', b"\xff\xfe"])
def test_a_damaged_build_stamp_means_build_again(stamp, content, tmp_path, plain_site):
    cache = tmp_path / "cache"
    output = build(content, tmp_path / "output", cached(cache))
    for file in cache.glob("archive-stamp-*.json"):
        file.write_bytes(stamp)
    inode = output.stat().st_ino
    assert files(build(content, output, cached(cache))) == plain_site
    assert output.stat().st_ino != inode, "built again"


def test_every_real_record_reads_back_from_the_cache_as_it_was_read():
    from conftest import REAL_CONTENT
    from records.events import event_files
    from records.markup import BodyRenderer
    from records.registry import load_registry
    from sitebuild.cache import read_record

    root = REAL_CONTENT.resolve()
    registry, _ = load_registry(root)
    renderer = BodyRenderer()
    for path in event_files(root):
        result = read_record(path, root, registry, renderer)
        key = (str(path), "bytes")
        line = encode(key, result, "fingerprint")
        assert line is not None, f"{path} would never be kept"
        assert decode(line, key, "fingerprint") == result
        assert decode(line, key, "another fingerprint") is None
