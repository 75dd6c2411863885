"""Sources cited by id: `make check` and the build refuse an unknown id (with a suggestion), a
source that nobody cites, a source without address or note, a figure or post citing a source its
record does not list, and a malformed post; each as `path:line: field: problem`, all at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, ROOT, build, copy_content
from records import problems as problems_module
from records.problems import ArchiveError, NearMisses
from records.registry import Registry
from records.validation import check_archive, find_problems

E = "content/events/2012/"
S = "content/sources/"

# One file per mistake: (path under content/, text); the problems they must give, in order.
MISTAKES = {
    "events/2012/typo-source.md": """\
---
title: Cites a misspelt source
summary: The id has a typo.
date: 2012-07-16
type: live-qa
platforms: [sina-weibo]
leaders: [ban-ki-moon]
metrics:
  - subject: ban-ki-moon
    measure: followers
    value: 100
    source: news-b
    quote: "It had 100 followers."
posts:
  - author: ban-ki-mon
    platform: weibo
    text: "大家好"
    lang: zh-Hans
    translation: Hello everyone
    source: news-c
sources: [news-aa, news-a]
added: 2026-11-20
---
Body.
""",
    "sources/both.yaml": """\
kind: news-article
publisher: Press
title: Has both
language: en
url: https://example.org/both
url_note: Not needed.
""",
    "sources/neither.yaml": """\
kind: news-article
publisher: Press
title: Has neither
language: en
""",
    "leaders/cites-unknown.yaml": """\
name: Cites unknown
accounts:
  - platform: sina-weibo
    source: un-sg
sources: [un-sgg, neither, both]
""",
}
EXPECTED = [
    f"{E}typo-source.md:12: metrics[0].source: 'news-b' is not among this record's sources "
    "(add it to this record's sources)",
    f"{E}typo-source.md:15: posts[0].author: unknown leader or organization 'ban-ki-mon' "
    "(did you mean 'ban-ki-moon')",
    f"{E}typo-source.md:16: posts[0].platform: unknown platform 'weibo' (did you mean 'sina-weibo')",
    f"{E}typo-source.md:19: posts[0].translation_by: is required with a translation: "
    "'source' or 'archive' (ours)",
    f"{E}typo-source.md:20: posts[0].source: 'news-c' is not among this record's sources "
    "(did you mean 'news-a')",
    f"{E}typo-source.md:21: sources[0]: unknown source 'news-aa' (did you mean 'news-a')",
    "content/leaders/cites-unknown.yaml:4: accounts[0].source: 'un-sg' is not among this file's "
    "sources (add it to this file's sources)",
    "content/leaders/cites-unknown.yaml:5: sources[0]: unknown source 'un-sgg' "
    "(did you mean 'un-sg')",
    f"{S}both.yaml:6: url_note: only for a source without url: delete it, or the url if the "
    "address is wrong",
    f"{S}neither.yaml:1: url: is required: the document's address, or url_note saying why it "
    "has none",
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    for name, text in MISTAKES.items():
        (content / name).write_text(text, encoding="utf-8")
    return content


def test_check_reports_every_source_problem_at_once_with_its_line(content: Path):
    assert [str(p) for p in check_archive(content).problems] == EXPECTED


def test_the_parallel_check_finds_the_same_problems(content: Path):
    assert [str(p) for p in find_problems(content, workers=2).problems] == EXPECTED


def test_the_build_refuses_the_same_problems(content: Path, tmp_path: Path):
    with pytest.raises(ArchiveError) as failure:
        build(content, tmp_path / "output")
    assert [str(p) for p in failure.value.problems] == EXPECTED
    assert not (tmp_path / "output").exists()


def test_a_source_nobody_cites_is_refused_by_check_and_build(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    (content / "sources/orphan.yaml").write_text(
        "kind: study\npublisher: Lab\ntitle: Report\nlanguage: en\nurl: https://example.org/r\n",
        encoding="utf-8",
    )
    expected = [
        f"{S}orphan.yaml:1: (file): no record, leader or organization cites this source: "
        "cite it by its id, or delete it"
    ]
    assert [str(p) for p in check_archive(content).problems] == expected
    with pytest.raises(ArchiveError) as failure:
        build(content, tmp_path / "output")
    assert [str(p) for p in failure.value.problems] == expected


def test_a_source_cited_only_by_a_profile_counts_as_cited(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    assert check_archive(content).problems == []
    profile_only = {"un-sg", "accounts-note"}  # cited by the fixture's leader and organization
    assert profile_only <= set(check_archive(content).registry.source_files)


def test_a_record_with_another_mistake_still_counts_as_citing(tmp_path: Path):
    """A figure with a wrong value must not make its source look uncited: one problem, not two."""
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    record = content / "events/2014/account-launch.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("type: account-launch", "type: launch"),
        encoding="utf-8",
    )
    found = [str(p) for p in check_archive(content).problems]
    assert len(found) == 1 and ": type: unknown event type 'launch'" in found[0]


def test_an_inline_source_of_the_old_format_says_where_it_goes(tmp_path: Path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    record = content / "events/2014/account-launch.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("sources: [s]", "sources:\n  - id: s\n    publisher: P\n    title: T"),
        encoding="utf-8",
    )
    found = [str(p) for p in check_archive(content).problems]
    assert (
        "content/events/2014/account-launch.md:9: sources[0]: sources are cited by id: "
        "move this one to sources/s.yaml and write its id here"
    ) in found


def test_make_check_counts_sources(tmp_path: Path):
    run = subprocess.run(
        [sys.executable, "-m", "editing.check", str(FIXTURE_SITE)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "plugins")},
        check=False,
    )
    count = len(list((FIXTURE_SITE / "sources").glob("*.yaml")))
    assert run.returncode == 0 and f", {count} sources in " in run.stderr


# --- Suggestions at a bounded cost ------------------------------------------------------------


def test_an_unknown_source_among_many_gets_its_near_miss(monkeypatch, tmp_path: Path):
    """Among 20,000 sources, an unknown id is compared with a bounded number of them (the
    registry's near-miss index), so that many typos among many sources cost linear time."""
    seen: list[int] = []
    real = problems_module.did_you_mean

    def counting(value: str, choices: list[str]) -> str:
        seen.append(len(list(choices)))
        return real(value, choices)

    monkeypatch.setattr(problems_module, "did_you_mean", counting)
    registry = Registry(root=tmp_path)
    ids = [f"publisher-{n}-report-{n % 97}" for n in range(20_000)]
    ids.append("china-daily-ban-weibo-chat-2012")
    registry.source_files = {source_id: f"content/sources/{source_id}.yaml" for source_id in ids}
    for typo in ("china-daily-ban-weibo-chat-2021", "china-dialy-ban-weibo-chat-2012"):
        assert registry.reference_problem("source", typo, registry.source_files) == (
            f"unknown source '{typo}' (did you mean 'china-daily-ban-weibo-chat-2012')"
        )
    assert seen and max(seen) <= NearMisses.CANDIDATES
