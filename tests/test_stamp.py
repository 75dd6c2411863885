"""A build whose inputs have not changed since the current output was built is skipped; any change
to the content, the settings, the theme, the plugins' code, or to the output itself builds again.

A build swaps in a new output folder, so the folder's inode tells whether a build ran."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, ROOT, build, copy_content, parse

EVENT = "events/2012/full-day-chat/index.html"


@pytest.fixture
def site(tmp_path: Path) -> dict:
    """A copy of the fixture archive and of the theme, built once with caching on."""
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    settings = {"ARCHIVE_CACHE": True, "CACHE_PATH": str(tmp_path / "cache"), "THEME": str(theme)}
    output = build(content, tmp_path / "output", settings)
    return {"content": content, "theme": theme, "settings": settings, "output": output}


def rebuilt(site: dict, **changes) -> bool:
    """Build again; True when a new output folder was swapped in."""
    before = site["output"].stat().st_ino
    build(site["content"], site["output"], {**site["settings"], **changes})
    return site["output"].stat().st_ino != before


def test_an_unchanged_archive_is_not_built_again(site: dict):
    before = {p: p.read_bytes() for p in site["output"].rglob("*") if p.is_file()}
    assert not rebuilt(site)
    assert {p: p.read_bytes() for p in site["output"].rglob("*") if p.is_file()} == before


def test_an_edited_record_builds_again(site: dict):
    record = site["content"] / "events/2012/full-day-chat.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("Full-day live chat", "Edited chat"), encoding="utf-8")
    assert rebuilt(site)
    assert parse(site["output"] / EVENT).h1.get_text(strip=True) == "Edited chat"


def test_a_settings_change_builds_again(site: dict):
    assert rebuilt(site, SITESUBTITLE="Another subtitle")


def test_a_theme_change_builds_again(site: dict):
    base = site["theme"] / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<body>", "<body class=x>"))
    assert rebuilt(site)
    assert parse(site["output"] / EVENT).body["class"] == ["x"]


def test_a_plugin_code_change_builds_again(site: dict, tmp_path: Path):
    plugins = tmp_path / "more-plugins"
    (plugins / "extra").mkdir(parents=True)
    (plugins / "extra" / "__init__.py").write_text("VALUE = 1\n")
    paths = [str(ROOT / "plugins"), str(plugins)]
    assert rebuilt(site, PLUGIN_PATHS=paths)
    assert not rebuilt(site, PLUGIN_PATHS=paths)
    (plugins / "extra" / "__init__.py").write_text("VALUE = 2\n")
    assert rebuilt(site, PLUGIN_PATHS=paths)


def test_a_damaged_output_is_built_again(site: dict):
    (site["output"] / EVENT).unlink()
    assert rebuilt(site)
    assert (site["output"] / EVENT).is_file()
    (site["output"] / EVENT).write_text("changed by hand", encoding="utf-8")
    assert rebuilt(site)
    assert parse(site["output"] / EVENT).h1 is not None


def test_without_the_cache_every_build_runs(site: dict):
    assert rebuilt(site, ARCHIVE_CACHE=False)
    assert rebuilt(site, ARCHIVE_CACHE=False)


# --- Digests an earlier build took are trusted only while the file is provably the same --------


def test_a_file_unchanged_since_its_digest_was_taken_is_not_read_again(tmp_path: Path):
    from sitebuild.fingerprint import FileDigests

    record = tmp_path / "record.md"
    record.write_text("title: One\n", encoding="utf-8")
    first = FileDigests()
    digest = first.of(record)
    entry = first.taken[str(record)]
    entry[5] += 10_000_000_000  # taken long after the file last changed: not a racy file
    trusted = FileDigests({str(record): entry})
    assert trusted.of(record) == digest
    assert not trusted.changed  # read from the earlier build's table, not from the file
    # The same size and the same modification time, set back by hand: the change time and the
    # inode still say the file changed, so it is read again.
    status = record.stat()
    record.write_text("title: Two\n", encoding="utf-8")
    os.utime(record, ns=(status.st_atime_ns, status.st_mtime_ns))
    again = FileDigests({str(record): entry})
    assert again.of(record) != digest
    assert again.changed


def test_a_file_changed_just_before_its_digest_was_taken_is_read_again(tmp_path: Path):
    from sitebuild.fingerprint import FileDigests

    record = tmp_path / "record.md"
    record.write_text("title: One\n", encoding="utf-8")
    first = FileDigests()
    first.of(record)
    racy = FileDigests(dict(first.taken))  # taken within two seconds of the last change
    racy.of(record)
    assert racy.changed
