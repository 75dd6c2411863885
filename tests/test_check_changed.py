"""`make check CHANGED=1`: on a branch, only the records it changes are reported (with their lines),
plus what the change breaks elsewhere; never problems that the base branch already had."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, FIXTURES, ROOT, install_cited_sources

BAD = FIXTURES / "bad-records"
NEW_RECORD = "content/events/2012/unknown-leader.md"  # leaders[0] on line 7 is unknown
OLD_PROBLEM = "content/events/2012/unknown-type.md"  # already broken on main


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    run = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return run.stdout


def check(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "editing.check", "content", *args],
        capture_output=True,
        text=True,
        cwd=repo,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": os.environ["PATH"], **(env or {})},
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose main branch holds the fixture archive and one record broken long ago;
    the work happens on the branch `new-record`."""
    repo = tmp_path / "archive"
    shutil.copytree(FIXTURE_SITE, repo / "content")
    shutil.copy(BAD / "unknown-type.md", repo / OLD_PROBLEM)
    install_cited_sources((repo / OLD_PROBLEM).read_bytes(), BAD, repo / "content")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "content")
    git(repo, "commit", "--quiet", "-m", "archive on main")
    git(repo, "switch", "--quiet", "-c", "new-record")
    return repo


def add_broken_record(repo: Path, commit: bool = True) -> None:
    shutil.copy(BAD / "unknown-leader.md", repo / NEW_RECORD)
    install_cited_sources((repo / NEW_RECORD).read_bytes(), BAD, repo / "content")
    if commit:
        git(repo, "add", "content")
        git(repo, "commit", "--quiet", "-m", "add a record")


def test_a_branch_with_one_broken_record_reports_only_that_record_with_lines(repo: Path):
    add_broken_record(repo)
    run = check(repo, "--changed", "main", "--format", "plain")
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{NEW_RECORD}:7: leaders[0]: unknown leader 'ban-ki-mon' (did you mean 'ban-ki-moon')"
    ]
    assert "in changes since main (1 older problem not shown)" in run.stderr

    whole = check(repo, "--format", "plain")
    assert {line.split(":")[0] for line in whole.stdout.splitlines()} == {NEW_RECORD, OLD_PROBLEM}


def test_annotations_point_at_the_line_in_the_front_matter_under_github_actions(repo: Path):
    add_broken_record(repo)
    run = check(repo, "--changed", "main", env={"GITHUB_ACTIONS": "true"})
    assert run.stdout.splitlines() == [
        f"::error file={NEW_RECORD},line=7::leaders[0]: unknown leader 'ban-ki-mon' "
        "(did you mean 'ban-ki-moon')"
    ]


def test_uncommitted_and_untracked_changes_count(repo: Path):
    add_broken_record(repo, commit=False)
    chat = repo / "content/events/2012/full-day-chat.md"
    chat.write_text(chat.read_text().replace("type: live-qa", "type: live-chat"), encoding="utf-8")
    run = check(repo, "--changed", "main", "--format", "plain")
    assert run.returncode == 1
    assert sorted(
        line.split(":", 2)[0] + ":" + line.split(":", 2)[1] for line in run.stdout.splitlines()
    ) == [
        "content/events/2012/full-day-chat.md:5",
        f"{NEW_RECORD}:7",
    ]


def test_a_good_branch_passes_even_when_the_base_has_older_problems(repo: Path):
    (repo / "content/events/2014/second-launch.md").write_text(
        (repo / "content/events/2014/account-launch.md").read_text(), encoding="utf-8"
    )
    chat = repo / "content/events/2014/second-launch.md"
    chat.write_text(chat.read_text().replace("Account launch", "Second launch"), encoding="utf-8")
    run = check(repo, "--changed", "main", "--format", "plain")
    assert (run.returncode, run.stdout) == (0, "")
    assert "no problems in changes since main (1 older problem not shown)" in run.stderr


def test_a_renamed_record_is_checked_under_its_new_name(repo: Path):
    git(repo, "mv", "content/events/2012/month-only-award.md", "content/events/2012/award.md")
    award = repo / "content/events/2012/award.md"
    award.write_text(award.read_text().replace("date: 2012-07", "date: 2012-13"), encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "rename")
    run = check(repo, "--changed", "main", "--format", "plain")
    # The rename also breaks the link another record makes to the old address: the change's fault.
    assert run.stdout.splitlines() == [
        "content/events/2012/award.md:4: date: '2012-13' is not a date: write YYYY, YYYY-MM or "
        "YYYY-MM-DD, as precise as the source",
        "content/events/2012/full-day-chat.md:28: body: links to /events/2012/month-only-award/ "
        "which is no record",
    ]


def test_records_broken_by_a_registry_change_are_reported_though_untouched(repo: Path):
    git(repo, "rm", "--quiet", "content/leaders/david-cameron.yaml")
    git(repo, "commit", "--quiet", "-m", "remove a leader")
    run = check(repo, "--changed", "main", "--format", "plain")
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "content/events/2013/multi-day-visit.md:8: leaders[0]: unknown leader 'david-cameron'"
    ]


def test_a_duplicate_slug_is_reported_even_when_blamed_on_the_older_file(repo: Path):
    target = repo / "content/events/2011/full-day-chat.md"
    target.parent.mkdir()
    source = (repo / "content/events/2012/full-day-chat.md").read_text()
    target.write_text(source.replace("date: 2012-07-16", "date: 2011-07-16"), encoding="utf-8")
    run = check(repo, "--changed", "main", "--format", "plain")
    assert run.returncode == 1
    assert (
        "slug 'full-day-chat' is already used by content/events/2011/full-day-chat.md" in run.stdout
    )


def test_an_unknown_base_is_a_clear_error(repo: Path):
    run = check(repo, "--changed", "upstream/trunk")
    assert run.returncode == 2
    assert "no branch or commit upstream/trunk here" in run.stderr


def test_without_a_base_name_origin_main_or_main_is_used(repo: Path):
    add_broken_record(repo)
    run = check(repo, "--changed", "--format", "plain")
    assert run.stdout.splitlines()[0].startswith(f"{NEW_RECORD}:7: ")
    assert "changes since main" in run.stderr


def test_make_check_changed_runs_the_same_check(repo: Path):
    add_broken_record(repo)
    run = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "check-changed",
            f"CONTENT={repo / 'content'}",
            "BASE=main",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
        check=False,
    )
    assert run.returncode != 0
    reported = [line for line in run.stdout.splitlines() if line.startswith("content/")]
    assert reported == [
        f"{NEW_RECORD}:7: leaders[0]: unknown leader 'ban-ki-mon' (did you mean 'ban-ki-moon')"
    ]
