"""One build object per Pelican run: runs in one process are as independent as separate processes.

Two different sites are built one after the other in this process with `Pelican(...).run()`, a
failed run between them (Pelican sends no `finalized` after a failure), and each output is
compared byte for byte with the same site built by a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from archive.runs import live_runs, pelican_signals
from conftest import FIXTURE_SITE, ROOT, copy_content
from pelican import Pelican
from pelican.settings import read_settings
from records.problems import ArchiveError
from sitebuild.build import run_pelican
from test_reproducible import differences, tree

# A Pelican run in a fresh interpreter: the project's settings file with overrides (JSON).
ALONE = (
    "import json, sys\n"
    "from pelican import Pelican\n"
    "from pelican.settings import read_settings\n"
    "Pelican(read_settings(sys.argv[1], override=json.loads(sys.argv[2]))).run()\n"
)


def overrides(content: Path, output: Path, **more: object) -> dict[str, object]:
    """Settings of a test run: this content and output, the project's theme and plugins."""
    return {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "ARCHIVE_CACHE": False,
        **more,
    }


def run_here(settings_file: str, override: dict[str, object]) -> None:
    """`Pelican(...).run()` in this process, as autoreload or a test does."""
    Pelican(read_settings(str(ROOT / settings_file), override=override)).run()


def run_alone(settings_file: str, override: dict[str, object]) -> None:
    """The same run in a fresh interpreter: nothing of an earlier run can reach it."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"}
    command = [sys.executable, "-c", ALONE, str(ROOT / settings_file), json.dumps(override)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr


def other_site(folder: Path) -> Path:
    """The fixture archive less one record (and the source only it cites), plus a new record."""
    content = copy_content(FIXTURE_SITE, folder)
    (content / "events/2014/account-launch.md").unlink()
    (content / "sources/s.yaml").unlink()
    chat = (content / "events/2012/full-day-chat.md").read_text(encoding="utf-8")
    (content / "events/2012/second-chat.md").write_text(
        chat.replace("Full-day live chat", "A second live chat", 1), encoding="utf-8"
    )
    return content


def broken_site(folder: Path) -> Path:
    """The fixture archive with a record whose YAML does not parse: the run fails half-way."""
    content = copy_content(FIXTURE_SITE, folder)
    (content / "events/2014/broken.md").write_text(
        "---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8"
    )
    return content


def test_two_sites_and_a_failure_in_one_process_match_separate_processes(tmp_path):
    first = overrides(copy_content(FIXTURE_SITE, tmp_path / "first"), tmp_path / "out-1")
    second = overrides(
        other_site(tmp_path / "second"),
        tmp_path / "out-2",
        SITENAME="Another archive",
        FEED_SITEURL="https://example.org/archive",
        FEED_MAX_ITEMS=2,
        RELATIVE_URLS=False,
    )
    failing = overrides(broken_site(tmp_path / "broken"), tmp_path / "out-broken")

    run_here("pelicanconf.py", first)
    with pytest.raises(ArchiveError, match=r"broken\.md:2"):
        run_here("pelicanconf.py", failing)
    assert live_runs(), "a failed run leaves its receivers connected until the next run starts"
    run_here("pelicanconf.py", second)
    assert live_runs() == [], "a run that ends sends `finalized`, which ends every plugin's run"

    run_alone("pelicanconf.py", {**first, "OUTPUT_PATH": str(tmp_path / "alone-1")})
    run_alone("pelicanconf.py", {**second, "OUTPUT_PATH": str(tmp_path / "alone-2")})
    for here, alone in (("out-1", "alone-1"), ("out-2", "alone-2")):
        built, expected = tree(tmp_path / here), tree(tmp_path / alone)
        assert len(built) > 20
        assert differences(built, expected) == [], here
    assert "Another archive" in (tmp_path / "out-2/index.html").read_text(encoding="utf-8")
    sitemap = (tmp_path / "out-2/sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/archive/events/2012/second-chat/" in sitemap
    assert "events/2014/account-launch/" not in sitemap and "127.0.0.1" not in sitemap


def test_the_build_ends_a_failed_runs_receivers_at_once(tmp_path):
    connected = {id(s): len(s.receivers) for s in pelican_signals()}
    failing = overrides(broken_site(tmp_path / "broken"), tmp_path / "out")
    with pytest.raises(ArchiveError):
        run_pelican(read_settings(str(ROOT / "pelicanconf.py"), override=failing))
    assert live_runs() == []
    after = {id(s): len(s.receivers) for s in pelican_signals()}
    # Only plugins' `initialized` receivers (module functions, connected once) may be new.
    grown = [s.name for s in pelican_signals() if after[id(s)] > connected[id(s)]]
    assert set(grown) <= {"initialized"}


def test_a_plugin_an_earlier_run_loaded_does_nothing_in_a_run_without_it(tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    run_here("pelicanconf.py", overrides(content, tmp_path / "all", CMS_ADMIN=True))
    plugins = ["archive", "feeds", "redirects", "pages", "readersite"]  # no exports, no cms
    run_here(
        "pelicanconf.py", overrides(content, tmp_path / "some", PLUGINS=plugins, CMS_ADMIN=True)
    )
    assert (tmp_path / "all/data/events.json").is_file()
    assert (tmp_path / "all/admin/index.html").is_file()
    assert not (tmp_path / "some/data").exists()
    assert not (tmp_path / "some/admin").exists()
    assert (tmp_path / "some/events/2012/full-day-chat/index.html").is_file()
