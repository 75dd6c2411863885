"""Every kind of broken record gets `path:line: field: problem`, and fails the build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, FIXTURES, ROOT, build, copy_content, install_cited_sources
from records.problems import ArchiveError
from records.validation import check_archive

BAD = FIXTURES / "bad-records"

# file in bad-records/ -> (where it goes under events/, line, field, part of the message)
CASES = {
    "missing-title": ("2012", 2, "title", "is required"),
    "bad-month": ("2012", 4, "date", "'2012-13' is not a date"),
    "impossible-day": ("2012", 4, "date", "'2012-02-30' is not a date"),
    "unknown-leader": (
        "2012",
        7,
        "leaders[0]",
        "unknown leader 'ban-ki-mon' (did you mean 'ban-ki-moon')",
    ),
    "unknown-type": ("2012", 5, "type", "unknown event type 'live-chat' (did you mean 'live-qa')"),
    "unknown-platform": (
        "2012",
        6,
        "platforms[0]",
        "unknown platform 'weibo' (did you mean 'sina-weibo')",
    ),
    "source-without-publisher": ("2012", 1, "publisher", "is required"),
    "no-sources": ("2012", 8, "sources", "needs at least one entry"),
    "metric-without-source": ("2012", 9, "metrics[0].source", "is required"),
    "metric-cites-missing-source": (
        "2012",
        12,
        "metrics[0].source",
        "'un-new' is not among this record's sources (did you mean 'un-news')",
    ),
    "metric-subject-not-involved": (
        "2012",
        9,
        "metrics[0].subject",
        "'united-nations' is not among this record's leaders or organizations",
    ),
    "malformed-yaml": ("2012", 3, "(file)", "YAML syntax"),
    "platforms-not-a-list": ("2012", 6, "platforms", "must be a list, not str 'sina-weibo'"),
    "title-not-text": ("2012", 2, "title", "valid string, got int 2012"),
    "misspelt-field": ("2012", 9, "addded", "unknown field (did you mean 'added')"),
    "nobody-involved": (
        "2012",
        2,
        "leaders/organizations",
        "name at least one leader or organization",
    ),
    "wrong-year-folder": ("2012", 4, "date", "year 2013 does not match the folder 2012/"),
    "end-before-start": ("2012", 5, "end_date", "2012-07-10 is before the date 2012-07-16"),
    "javascript-url": ("2012", 4, "url", "'javascript:alert(1)' is not an http(s) URL"),
    "empty-body": ("2012", 2, "(body)", "the Markdown body is empty"),
    "unclosed-front-matter": ("2012", 1, "(file)", "front matter is never closed"),
    "yaml-alias": ("2012", 2, "(file)", "YAML anchors (`&t`) and aliases are not allowed"),
    "added-month-only": ("2012", 9, "added", "must be a full day (YYYY-MM-DD)"),
    "listed-twice": ("2012", 6, "platforms[1]", "'sina-weibo' is listed twice"),
    "Bad_Slug": ("2012", 1, "(file name)", "'Bad_Slug' is not a slug"),
    "duplicate-slug": (
        "2013",
        1,
        "(file name)",
        "slug 'full-day-chat' is already used by content/events/2012/full-day-chat.md",
    ),
    "not-utf8": ("2012", 2, "(file)", "not UTF-8"),
}
TARGET_NAME = {"duplicate-slug": "full-day-chat"}
# Cases whose mistake is in the source file the record cites (bad-records/sources/), not in it.
BLAMED = {
    "source-without-publisher": "content/sources/s-source-without-publisher.yaml",
    "javascript-url": "content/sources/s-javascript-url.yaml",
}


def test_every_bad_record_file_has_an_expected_outcome():
    assert {p.stem for p in BAD.glob("*.md")} == set(CASES)
    assert len(CASES) >= 15


def _install(case: str, content: Path) -> Path:
    year, *_ = CASES[case]
    target = content / "events" / year / f"{TARGET_NAME.get(case, case)}.md"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes((BAD / f"{case}.md").read_bytes())
    install_cited_sources(target.read_bytes(), BAD, content)
    return target


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_names_file_line_field_and_problem(case: str, tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    target = _install(case, content)
    year, line, field, message = CASES[case]
    shown = BLAMED.get(case, f"content/events/{year}/{target.name}")
    problems = check_archive(content).problems
    assert problems, "a broken record must be reported"
    assert {p.path for p in problems} == {shown}, "only the broken file is blamed"
    matching = [p for p in problems if p.field == field and message in p.message]
    assert matching, f"expected {field}: …{message}… in {[str(p) for p in problems]}"
    assert matching[0].line == line
    assert str(matching[0]).startswith(f"{shown}:{line}: {field}: ")


@pytest.mark.parametrize("case", sorted(CASES))
def test_build_fails_on_the_same_problem(case: str, tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    _install(case, content)
    _, line, field, message = CASES[case]
    with pytest.raises(ArchiveError) as failure:
        build(content, tmp_path / "output")
    assert any(
        p.field == field and message in p.message and p.line == line for p in failure.value.problems
    )
    assert not (tmp_path / "output").exists(), "a failed build writes no site"


def test_check_command_lists_every_problem_at_once_and_fails(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    for case in CASES:
        _install(case, content)
    run = subprocess.run(
        [sys.executable, "-m", "editing.check", str(content), "--format", "plain"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT / "plugins")},
        check=False,
    )
    assert run.returncode == 1
    blamed = {line.split(":", 1)[0] for line in run.stdout.splitlines()}
    assert len(blamed) == len(CASES)
    assert "problems" in run.stderr


def test_check_command_is_quiet_and_succeeds_on_good_content(tmp_path: Path):
    run = subprocess.run(
        [sys.executable, "-m", "editing.check", str(FIXTURE_SITE)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "plugins")},
        check=False,
    )
    assert run.returncode == 0, run.stdout
    assert run.stdout == ""
    assert "no problems" in run.stderr


def test_github_format_emits_annotations(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    _install("unknown-leader", content)
    run = subprocess.run(
        [sys.executable, "-m", "editing.check", str(content), "--format", "github"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT / "plugins")},
        check=False,
    )
    assert run.stdout.startswith(
        "::error file=content/events/2012/unknown-leader.md,line=7::leaders[0]: unknown leader"
    )
