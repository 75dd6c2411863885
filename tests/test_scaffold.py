"""`make new-event/new-leader/new-organization`: the right file, every field, placeholders that fail
`make check` until an editor fills them, and no existing record ever overwritten."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, ROOT, copy_content
from editing.scaffold import PLACEHOLDER, slugify
from editing.scaffold import main as scaffold_main
from records.schema import (
    Account,
    EventRecord,
    LeaderRecord,
    Metric,
    OrganizationRecord,
    Post,
    Role,
    SourceRecord,
)
from records.validation import check_archive
from records.yamlsource import parse_yaml, read_text, split_front_matter

# What an editor writes over each placeholder: (pattern of the placeholder line, replacement).
EVENT_FILLING = [
    (r'summary: ""', "summary: The Secretary-General answers questions on Weibo."),
    (rf"platforms: \[{PLACEHOLDER}\]", "platforms: [sina-weibo]"),
    (rf"leaders: \[{PLACEHOLDER}\]", "leaders: [ban-ki-moon]"),
    (rf"organizations: \[{PLACEHOLDER}\]", "organizations: []"),
    (rf"sources: \[{PLACEHOLDER}\]", "sources: [un-sg]"),
]
BODY = "The Secretary-General answered questions from Weibo users for an hour.\n"
ROLE_FILLING = [
    (r'title: ""', "title: Secretary-General"),
    (rf"source: {PLACEHOLDER}", "source: un-sg"),
]
PROFILE_FILLING = [
    (r'bio: ""', "bio: A diplomat, written in our own words."),
    (rf"platform: {PLACEHOLDER}", "platform: twitter"),
    (rf"source: {PLACEHOLDER}", "source: un-sg"),
    (rf"sources: \[{PLACEHOLDER}\]", "sources: [un-sg]"),
]
SOURCE_FILLING = [
    (rf"date: {PLACEHOLDER}", "date: 2012-07-17"),
    (rf"language: {PLACEHOLDER}", "language: en"),
]


def scaffold(content: Path, *args: str) -> subprocess.CompletedProcess:
    """The scaffold's command line, as the Makefile runs it."""
    return subprocess.run(
        [sys.executable, "-m", "editing.scaffold", "--content", str(content), *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "plugins")},
        check=False,
    )


@pytest.fixture
def new(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    """The scaffold's `main` in this process, for the many small cases: (exit code, stderr)."""

    def run(content: Path, *args: str) -> tuple[int, str]:
        code = scaffold_main(["--content", str(content), *args])
        return code, capsys.readouterr().err

    return run


def check(content: Path) -> tuple[int, list[str]]:
    """`make check`'s command line: exit code and the problems it prints."""
    run = subprocess.run(
        [sys.executable, "-m", "editing.check", str(content), "--format", "plain"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "plugins")},
        check=False,
    )
    return run.returncode, run.stdout.splitlines()


def problems_in(content: Path) -> list[str]:
    """The same check in this process, for the many small cases."""
    return [str(p) for p in check_archive(content).problems]


def fill(text: str, filling: list[tuple[str, str]], skip: int | None = None) -> str:
    """Replace the value of each placeholder line (first match, comments kept), except `skip`."""
    for index, (pattern, replacement) in enumerate(filling):
        if index == skip:
            continue
        text, count = re.subn(
            rf"^(\s*(?:- )?){pattern}(?=\s|$)", rf"\g<1>{replacement}", text, count=1, flags=re.M
        )
        assert count == 1, f"no placeholder line matches {pattern!r}"
    return text


def placeholder_lines(text: str) -> set[int]:
    """Lines where a field holds a placeholder (not the explanatory comments)."""
    return {
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(rf'^\s*(- )?\w+: (""|\[?{PLACEHOLDER}\]?)(\s|$)', line)
    }


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(FIXTURE_SITE, tmp_path / "content")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Ban Ki-moon's Weibo chat", "ban-ki-moons-weibo-chat"),
        ("Stéphane Dujarric — “Q&A”, 2012", "stephane-dujarric-qa-2012"),
        ("under_score  and   spaces", "under-score-and-spaces"),
        ("联合国 on WeChat", "lian-he-guo-on-wechat"),
        ("--Leading and trailing--", "leading-and-trailing"),
    ],
)
def test_slugify_gives_lowercase_ascii_hyphenated_names(text, slug):
    assert slugify(text) == slug


def test_slugify_cuts_long_titles_at_a_word_boundary():
    slug = slugify("word " * 40)
    assert len(slug) <= 80 and slug.endswith("word") and re.fullmatch(r"[a-z0-9-]+", slug)


def test_new_event_lands_at_its_year_and_slug_and_fails_check_until_filled(content: Path):
    run = scaffold(
        content,
        "event",
        "--title",
        "Ban Ki-moon's Weibo chat",
        "--date",
        "2012-07",
        "--type",
        "live-qa",
    )
    assert run.returncode == 0, run.stderr
    path = content / "events/2012/ban-ki-moons-weibo-chat.md"
    assert "content/events/2012/ban-ki-moons-weibo-chat.md" in run.stdout
    text = path.read_text(encoding="utf-8")

    code, problems = check(content)
    assert code == 1
    shown = "content/events/2012/ban-ki-moons-weibo-chat.md"
    assert all(p.startswith(shown + ":") for p in problems), "only the new record is blamed"
    blamed_lines = {int(p.split(":")[1]) for p in problems}
    assert placeholder_lines(text) <= blamed_lines, "every placeholder is reported at its line"
    assert any(": (body): the Markdown body is empty" in p for p in problems)

    path.write_text(fill(text, EVENT_FILLING) + BODY, encoding="utf-8")
    code, problems = check(content)
    assert (code, problems) == (0, [])


@pytest.mark.parametrize("left", range(len(EVENT_FILLING)))
def test_each_event_placeholder_alone_fails_check(new, content: Path, left: int):
    new(content, "event", "--title", "A chat", "--date", "2012-07-16", "--type", "live-qa")
    path = content / "events/2012/a-chat.md"
    text = path.read_text(encoding="utf-8")
    pattern = EVENT_FILLING[left][0]
    line = next(n for n, t in enumerate(text.splitlines(), 1) if re.match(rf"^\s*{pattern}", t))
    path.write_text(fill(text, EVENT_FILLING, skip=left) + BODY, encoding="utf-8")
    problems = problems_in(content)
    assert any(p.startswith(f"content/events/2012/a-chat.md:{line}: ") for p in problems), problems


def test_an_empty_body_alone_fails_check(new, content: Path):
    new(content, "event", "--title", "A chat", "--date", "2012-07-16", "--type", "live-qa")
    path = content / "events/2012/a-chat.md"
    path.write_text(fill(path.read_text(encoding="utf-8"), EVENT_FILLING), encoding="utf-8")
    problems = problems_in(content)
    assert [p.split(": ", 2)[1] for p in problems] == ["(body)"]


def test_new_event_has_every_field_present_and_commented(new, content: Path):
    new(content, "event", "--title", "A chat", "--date", "2012", "--type", "award")
    text = read_text(content / "events/2012/a-chat.md")
    front, _, _ = split_front_matter(text)
    data = parse_yaml(front).data
    assert set(data) == set(EventRecord.model_fields)
    assert data["sources"] == [PLACEHOLDER]
    lines = front.splitlines()
    for key, model in (("metrics", Metric), ("posts", Post)):
        start = next(n for n, line in enumerate(lines) if line.startswith(f"{key}:"))
        end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith("#  "))
        example = "\n".join(line[1:] for line in lines[start + 1 : end])
        assert set(parse_yaml(example).data[0]) == set(model.model_fields), f"{key} example"
    for number, line in enumerate(lines):
        if re.match(r"^[a-z_]+:", line):
            assert "#" in line or lines[number - 1].startswith("#"), f"uncommented: {line}"
    assert data["date"] == "2012" or data["date"] == 2012
    assert data["type"] == "award"


@pytest.mark.parametrize(
    ("command", "folder", "model", "extra"),
    [
        ("leader", "leaders", LeaderRecord, []),
        ("organization", "organizations", OrganizationRecord, ["--kind", "ministry"]),
    ],
)
def test_new_profile_has_every_field_and_fails_until_filled(
    content: Path, command, folder, model, extra
):
    run = scaffold(content, command, "--name", "Stéphane Dujarric", *extra)
    assert run.returncode == 0, run.stderr
    path = content / folder / "stephane-dujarric.yaml"
    text = path.read_text(encoding="utf-8")
    data = parse_yaml(text).data
    assert set(data) == set(model.model_fields)
    assert set(data["accounts"][0]) == set(Account.model_fields)
    assert data["sources"] == [PLACEHOLDER]
    if model is LeaderRecord:
        assert set(data["roles"][0]) == set(Role.model_fields)
    assert data["name"] == "Stéphane Dujarric"

    code, problems = check(content)
    assert code == 1
    assert all(p.startswith(f"content/{folder}/stephane-dujarric.yaml:") for p in problems)
    assert placeholder_lines(text) <= {int(p.split(":")[1]) for p in problems}

    filling = ROLE_FILLING + PROFILE_FILLING if model is LeaderRecord else PROFILE_FILLING
    path.write_text(fill(text, filling), encoding="utf-8")
    code, problems = check(content)
    assert (code, problems) == (0, [])


def test_new_source_has_every_field_and_fails_until_filled_and_cited(content: Path):
    run = scaffold(
        content,
        "source",
        "--title",
        "UN chief visits China, interacts with Weibo followers",
        "--publisher",
        "China Daily",
        "--kind",
        "news-article",
        "--url",
        "http://usa.chinadaily.com.cn/china/2012-07/17/content_15592104.htm",
    )
    assert run.returncode == 0, run.stderr
    path = content / "sources/china-daily-un-chief-visits-china-interacts-with-weibo-followers.yaml"
    shown = f"content/{path.relative_to(content)}"
    assert shown in run.stdout
    text = path.read_text(encoding="utf-8")
    data = parse_yaml(text).data
    assert set(data) == set(SourceRecord.model_fields)
    assert data["publisher"] == "China Daily" and data["kind"] == "news-article"
    assert data["url"] == "http://usa.chinadaily.com.cn/china/2012-07/17/content_15592104.htm"

    code, problems = check(content)
    assert code == 1
    assert all(p.startswith(shown + ":") for p in problems), "only the new source is blamed"
    assert placeholder_lines(text) <= {int(p.split(":")[1]) for p in problems}
    assert f"{shown}:1: (file): no record, leader or organization cites this source" in "\n".join(
        problems
    )

    path.write_text(fill(text, SOURCE_FILLING), encoding="utf-8")
    assert [p.split(": ", 2)[1] for p in problems_in(content)] == ["(file)"], "only uncited"
    record = content / "events/2012/full-day-chat.md"
    cited = record.read_text(encoding="utf-8").replace("sources: [", f"sources: [{path.stem}, ", 1)
    record.write_text(cited, encoding="utf-8")
    assert check(content) == (0, [])


def test_an_existing_record_is_never_overwritten(new, content: Path):
    target = content / "events/2012/full-day-chat.md"
    before = target.read_bytes()
    code, err = new(
        content, "event", "--title", "Full-day chat", "--date", "2012-07-16", "--type", "live-qa"
    )
    assert code == 2
    assert "content/events/2012/full-day-chat.md already exists" in err
    assert target.read_bytes() == before


def test_a_slug_taken_in_another_year_is_refused(new, content: Path):
    code, err = new(
        content, "event", "--title", "Account launch", "--date", "2015", "--type", "award"
    )
    assert code == 2
    assert "already used by content/events/2014/account-launch.md" in err
    assert not (content / "events/2015").exists()


def test_a_registry_slug_is_not_reused_across_leaders_and_organizations(new, content: Path):
    code, err = new(content, "leader", "--name", "UNICEF")
    assert code == 2
    assert "already used by content/organizations/unicef.yaml" in err
    assert not (content / "leaders/unicef.yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["event", "--title", "x", "--date", "2012-13", "--type", "award"],
            "DATE='2012-13' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            ["event", "--title", "x", "--date", "16 July 2012", "--type", "award"],
            "DATE='16 July 2012' is not a date",
        ),
        (
            ["event", "--title", "x", "--date", "2012", "--type", "live-chat"],
            "TYPE='live-chat' is not an event type (did you mean 'live-qa'); known types: ",
        ),
        (["event", "--title", "", "--date", "2012", "--type", "award"], "TITLE is required"),
        (
            ["event", "--title", "!!!", "--date", "2012", "--type", "award"],
            "gives no usable slug: pass SLUG=",
        ),
        (
            ["--slug", "Bad_Slug", "event", "--title", "x", "--date", "2012", "--type", "award"],
            "SLUG='Bad_Slug' is not a slug",
        ),
        (
            ["organization", "--name", "A body", "--kind", "agency"],
            "KIND='agency' is not a kind of organization (did you mean 'un-agency')",
        ),
        (["leader", "--name", "  "], "NAME is required"),
        (
            ["source", "--title", "T", "--publisher", "P", "--kind", "news-artcle"],
            "KIND='news-artcle' is not a kind of source (did you mean 'news-article')",
        ),
        (
            ["source", "--title", "T", "--publisher", "", "--kind", "study"],
            "PUBLISHER is required",
        ),
        (
            ["source", "--title", "T", "--publisher", "P", "--kind", "study", "--url", "ftp://x"],
            "URL='ftp://x' is not an http(s) address",
        ),
    ],
)
def test_bad_arguments_are_refused_at_once_with_a_clear_message(new, content: Path, args, message):
    before = sorted(p for p in content.rglob("*"))
    code, err = new(content, *args)
    assert code == 2
    assert message in err
    assert err.startswith("make new-")
    assert sorted(p for p in content.rglob("*")) == before, "nothing is written"


def test_make_target_passes_titles_through_as_typed(content: Path):
    title = """It's the "$5" day: `ticks` & more"""
    run = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "new-event",
            f"CONTENT={content}",
            f"TITLE={title}",
            "DATE=2013-12-02",
            "TYPE=campaign",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    path = content / "events/2013/its-the-5-day-ticks-more.md"
    front, _, _ = split_front_matter(read_text(path))
    data = parse_yaml(front).data
    assert data["title"] == title
    assert data["date"] == "2013-12-02" and data["type"] == "campaign"
