"""A build killed at any instant, or run beside another, never leaves a broken output/ or a lie.

Each fault test kills `make html` (SIGKILL: no cleanup runs) at one named instant of its run
(`sitebuild.build.CHECKPOINTS`, the swap's steps included) with tests/saboteur.py, then runs the
next build, which fails on a broken record: output/ must then hold a complete site (the old one,
or the new one if the killed build had decided its swap) and the last line must say which.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, ROOT, build, copy_content
from readersite.search import indexed_page_count, searchable_pages
from saboteur import running
from sitebuild.build import CHECKPOINTS, main
from sitebuild.swap import SWAP_POINTS

from bench.generate import generate

RECORD = "events/2012/full-day-chat.md"
NEW_TITLE = "Edited chat"
# From this instant on, the killed build's site has passed every check and its swap is decided.
DECIDED = CHECKPOINTS.index("journal-written")
ENV = {
    "PATH": os.environ["PATH"],
    "PYTHONPATH": os.pathsep.join(str(p) for p in (ROOT / "plugins", ROOT, ROOT / "tests")),
}


def site_files(site: Path) -> dict[str, bytes]:
    """Every file but the search index (its file names come from its own build); the index
    must be whole: it counts exactly the event pages of the site beside it."""
    assert indexed_page_count(site) == len(searchable_pages(site))
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.relative_to(site).parts[0] != "pagefind"
    }


def edit(content: Path) -> Path:
    record = content / RECORD
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("Full-day live chat", NEW_TITLE), encoding="utf-8")
    return content


def break_a_record(content: Path) -> None:
    (content / "events/2014/broken.md").write_text("---\ntitle: [unclosed\n---\nx\n", "utf-8")


def settings_file(folder: Path, content: Path, **extra: object) -> Path:
    """A settings module for `make html` in a subprocess: the real settings, this content."""
    lines = [
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *",
        f"PATH = {str(content)!r}",
        f"THEME = {str(ROOT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]",
        "ARCHIVE_CACHE = False",
        *(f"{key} = {value!r}" for key, value in extra.items()),
    ]
    path = folder / "settings.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_html(folder: Path, settings: Path, *saboteur: str) -> subprocess.Popen:
    """`make html` into folder/output, through the saboteur when it is given instructions."""
    command = [sys.executable, "-m", "sitebuild.build"]
    if saboteur:
        command = [sys.executable, str(ROOT / "tests/saboteur.py"), *saboteur, "--"]
    return subprocess.Popen(
        [*command, "-s", str(settings), "-o", "output"],
        cwd=folder,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=300)
    return process.returncode, stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".output*"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture archive built before and after the edit, for comparisons."""
    folder = tmp_path_factory.mktemp("references")
    old = build(FIXTURE_SITE, folder / "old")
    new = build(edit(copy_content(FIXTURE_SITE, folder / "content")), folder / "new")
    return {"old": old, "new": new}


@pytest.fixture
def archive(tmp_path: Path, sites: dict[str, Path]) -> dict[str, Path]:
    """An edited copy of the archive whose output/ still holds the site built before the edit."""
    shutil.copytree(sites["old"], tmp_path / "output")
    content = edit(copy_content(FIXTURE_SITE, tmp_path / "content"))
    return {"folder": tmp_path, "content": content, "settings": settings_file(tmp_path, content)}


def test_every_instant_of_the_swap_is_a_checkpoint():
    assert CHECKPOINTS[-len(SWAP_POINTS) :] == SWAP_POINTS
    assert len(set(CHECKPOINTS)) == len(CHECKPOINTS)


@pytest.mark.parametrize("point", CHECKPOINTS)
def test_a_build_killed_at_any_instant_is_recovered_by_the_next(point, archive, sites):
    folder = archive["folder"]
    code, _ = finished(make_html(folder, archive["settings"], "--kill-at", point))
    assert code == -signal.SIGKILL, f"the build was not killed at {point}"
    break_a_record(archive["content"])
    code, stderr = finished(make_html(folder, archive["settings"]))
    assert code == 1
    assert "events/2014/broken.md:2: (file): YAML syntax" in stderr
    decided = CHECKPOINTS.index(point) >= DECIDED
    expected = sites["new"] if decided else sites["old"]
    assert site_files(folder / "output") == site_files(expected)
    recovered = point in ("journal-written", "output-moved")
    assert ("put in place the site of a build that was interrupted" in stderr) == recovered
    last = stderr.rstrip().splitlines()[-1]
    if recovered:
        assert last == (
            "output/ holds the site that the recovery above put in place; "
            "this build changed nothing else."
        )
    else:
        assert last == "output/ was left as it was."
    assert leftovers(folder) == [], "the failed build removed what the killed one left"


def test_a_killed_first_build_leaves_no_site_and_says_so(tmp_path):
    content = edit(copy_content(FIXTURE_SITE, tmp_path / "content"))
    settings = settings_file(tmp_path, content)
    code, _ = finished(make_html(tmp_path, settings, "--kill-at", "checked"))
    assert code == -signal.SIGKILL
    break_a_record(content)
    code, stderr = finished(make_html(tmp_path, settings))
    assert code == 1
    assert stderr.rstrip().endswith("there is no output/: no build has succeeded into it yet.")
    assert leftovers(tmp_path) == [] and not (tmp_path / "output").exists()


def test_the_swap_survives_a_crash_during_recovery_too(archive, sites):
    folder = archive["folder"]
    code, _ = finished(make_html(folder, archive["settings"], "--kill-at", "output-moved"))
    assert code == -signal.SIGKILL
    assert not (folder / "output").exists(), "killed between the two renames"
    # The next build recovers the swap, then is killed too; the one after recovers nothing more.
    code, _ = finished(make_html(folder, archive["settings"], "--kill-at", "recovered"))
    assert code == -signal.SIGKILL
    assert site_files(folder / "output") == site_files(sites["new"])
    code, stderr = finished(make_html(folder, archive["settings"]))
    assert code == 0, stderr
    assert site_files(folder / "output") == site_files(sites["new"])
    assert leftovers(folder) == []


def test_ctrl_c_during_the_swap_waits_for_the_swap_to_end(archive, sites):
    folder = archive["folder"]
    flag = folder / "pause"
    build = make_html(
        folder, archive["settings"], "--pause-at", "output-moved", "--signal", str(flag)
    )
    deadline = time.monotonic() + 120
    while not flag.with_name("pause.reached").exists():
        assert build.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    build.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert build.poll() is None, "the build did not stop between the two renames"
    flag.with_name("pause.go").touch()
    code, stderr = finished(build)
    assert code == 130
    assert stderr.rstrip().endswith("build interrupted.\noutput/ holds the new site.")
    assert site_files(folder / "output") == site_files(sites["new"])


# --- Two builds at once ----------------------------------------------------------------------


@pytest.mark.parametrize("point", ["built", "journal-written"])
def test_a_second_build_refuses_while_the_first_runs_and_touches_nothing(point, archive, sites):
    folder = archive["folder"]
    flag = folder / "pause"
    first = make_html(folder, archive["settings"], "--pause-at", point, "--signal", str(flag))
    try:
        deadline = time.monotonic() + 120
        while not flag.with_name("pause.reached").exists():
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        before = sorted(p.name for p in folder.iterdir())
        code, stderr = finished(make_html(folder, archive["settings"]))
        assert code == 1
        assert stderr.strip() == (
            f"another build is writing output/ (pid {first.pid}: python -m sitebuild.build "
            f"-s {archive['settings']} -o output): wait for it to end, or stop it, then build "
            "again. This build did not start and changed nothing."
        )
        assert sorted(p.name for p in folder.iterdir()) == before
    finally:
        flag.with_name("pause.go").touch()
    code, stderr = finished(first)
    assert code == 0, stderr
    assert site_files(folder / "output") == site_files(sites["new"])
    assert leftovers(folder) == []


def test_two_builds_started_together_give_one_whole_site(archive, sites):
    folder = archive["folder"]
    builds = [make_html(folder, archive["settings"]) for _ in range(2)]
    results = [finished(b) for b in builds]
    assert any(code == 0 for code, _ in results), results
    for code, stderr in results:
        assert code == 0 or "another build is writing output/" in stderr, stderr
    assert site_files(folder / "output") == site_files(sites["new"])
    assert leftovers(folder) == []


def test_a_build_into_a_folder_that_does_not_exist_yet_makes_it(tmp_path, sites):
    output = build(FIXTURE_SITE, tmp_path / "not" / "yet" / "output")
    assert site_files(output) == site_files(sites["old"])
    assert leftovers(output.parent) == []


def test_a_stale_lock_file_of_a_killed_build_does_not_block(archive, sites):
    folder = archive["folder"]
    (folder / ".output.lock").write_text("pid 999999 (a build killed long ago)\n")
    code, stderr = finished(make_html(folder, archive["settings"]))
    assert code == 0, stderr
    assert site_files(folder / "output") == site_files(sites["new"])
    assert leftovers(folder) == []


# --- Workers die with their build ------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough records for the cold-read workers to start (processes.chunks.MIN_RECORDS)."""
    return generate(tmp_path_factory.mktemp("synthetic") / "content", 250).content


def test_read_workers_die_with_a_killed_build_and_the_next_build_runs_at_once(synthetic, tmp_path):
    pid_file = tmp_path / "workers"
    doomed = settings_file(
        tmp_path,
        synthetic,
        PLUGINS=["archive", "feeds", "redirects", "pages", "exports", "readersite", "saboteur"],
        ARCHIVE_WORKERS=2,
        SABOTAGE_SLOW_READS=0.1,
        SABOTAGE_KILL_AFTER_FORK=str(pid_file),
    )
    # Wait for the main process only: an orphan would hold the pipes of `communicate()` open.
    terminal = tmp_path / "terminal.txt"
    with terminal.open("w") as out:
        command = [sys.executable, "-m", "sitebuild.build", "-s", str(doomed), "-o", "output"]
        code = subprocess.run(command, cwd=tmp_path, env=ENV, stderr=out, check=False).returncode
    assert code == -signal.SIGKILL, terminal.read_text()
    workers = [int(pid) for pid in pid_file.read_text().split()]
    assert workers, "a read worker was started"
    # Reading its 125 slowed records would take a worker over 12 s: it must die with its parent.
    deadline = time.monotonic() + 5
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(pid) for pid in workers)
    code, stderr = finished(make_html(tmp_path, settings_file(tmp_path, synthetic)))
    assert code == 0, stderr
    assert len(searchable_pages(tmp_path / "output")) == 250
    assert leftovers(tmp_path) == []


# --- After the swap: what could not be tidied up is said, and the next build tidies it ---------


def test_a_stamp_or_an_old_site_that_cannot_be_removed_is_reported_with_the_new_site_in_place(
    archive, sites, capsys, monkeypatch
):
    folder = archive["folder"]
    cache = folder / "cache"
    settings = settings_file(folder, archive["content"], ARCHIVE_CACHE=True, CACHE_PATH=str(cache))
    # The stamp cannot be written (a folder stands at its name) and the old site cannot be removed.
    from sitebuild import swap
    from sitebuild.stamp import BuildStamp

    real_remove = swap._remove_tree

    def undeletable(path: Path) -> None:
        if path.name == ".output.previous" and path.exists():
            raise PermissionError(13, "Permission denied", str(path))
        real_remove(path)

    monkeypatch.setattr(swap, "_remove_tree", undeletable)
    original = BuildStamp.forget

    def blocked(stamp: BuildStamp) -> None:
        original(stamp)
        stamp.file.mkdir(parents=True)

    monkeypatch.setattr(BuildStamp, "forget", blocked)
    monkeypatch.chdir(folder)
    assert main(["-s", str(settings), "-o", "output"]) == 0
    stderr = capsys.readouterr().err
    assert "holds the new site, but could not remove the replaced site .output.previous/" in stderr
    assert (
        "holds the new site, but could not save the build stamp, so the next build runs" in stderr
    )
    assert "left as it was" not in stderr
    assert stderr.rstrip().splitlines()[-1].startswith("built output/ in ")
    assert site_files(folder / "output") == site_files(sites["new"])
    assert (folder / ".output.previous").is_dir()
    monkeypatch.undo()
    assert [p.is_dir() for p in cache.glob("archive-stamp-*")] == [True], "nothing else left"
    for stamp in cache.glob("archive-stamp-*"):
        stamp.rmdir()
    monkeypatch.chdir(folder)
    assert main(["-s", str(settings), "-o", "output"]) == 0
    assert leftovers(folder) == []
