"""`make check` split over processes reports exactly what the one-process check reports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import FIXTURES
from processes.chunks import MIN_RECORDS
from records.registry import load_registry
from records.validation import check_archive, find_problems

from bench.generate import generate


def test_parallel_check_finds_the_same_problems_including_across_chunks(tmp_path: Path):
    content = generate(tmp_path / "content", MIN_RECORDS + 20).content
    events = sorted((content / "events").rglob("*.md"))
    # A duplicate slug whose two files fall in different chunks, and broken records in both.
    twin = events[0]
    duplicate = content / "events" / "1999" / twin.name
    duplicate.parent.mkdir()
    shutil.copy(twin, duplicate)
    duplicate.write_text(
        re.sub(r"^date: .*$", "date: 1999", twin.read_text(encoding="utf-8"), count=1, flags=re.M),
        encoding="utf-8",
    )
    for broken, target in (("unknown-leader", events[1]), ("bad-month", events[2])):
        shutil.copy(FIXTURES / "bad-records" / f"{broken}.md", target)

    expected = check_archive(content).problems
    parallel = find_problems(content, workers=2)

    assert parallel.problems == expected
    assert parallel.record_files == len(events) + 1
    assert any(
        p.path.endswith(f"{twin.parent.name}/{twin.name}")
        and p.message.endswith(f"is already used by content/events/1999/{twin.name}")
        for p in expected
    ), [str(p) for p in expected]
    assert any("unknown leader 'ban-ki-mon'" in p.message for p in expected)
    assert any("is not a date" in p.message for p in expected)


def test_source_files_checked_over_workers_give_the_same_registry_and_problems(tmp_path: Path):
    content = generate(tmp_path / "content", MIN_RECORDS + 20).content
    sources = sorted((content / "sources").glob("*.yaml"))
    assert len(sources) > 2 * MIN_RECORDS  # enough for the source files to be split too
    # Broken source files at both ends of the list (so in different chunks), a refused name
    # between them, and one that libyaml must read (a comment after a value).
    sources[0].write_text("kind: news-article\npublisher: P\ntitle: T\nlanguage: en\n", "utf-8")
    sources[-1].write_text("kind: [unclosed\n", encoding="utf-8")
    sources[len(sources) // 2].write_text(
        "kind: news-article\npublisher: P # note\ntitle: T\nlanguage: en\nurl: https://a.org/\n",
        encoding="utf-8",
    )
    (content / "sources" / "Not_A_Slug.yaml").write_text("kind: x\n", encoding="utf-8")

    one = load_registry(content)
    split = load_registry(content, 2)
    problems_only = load_registry(content, 2, keep_sources=False)

    assert split[1] == one[1]
    assert split[0].sources == one[0].sources and split[0].files == one[0].files
    assert split[0].source_files == one[0].source_files == problems_only[0].source_files
    assert problems_only[1] == one[1] and problems_only[0].sources == {}
    shown = [str(p) for p in one[1]]
    assert any(f"{sources[0].name}:1: url: is required" in p for p in shown), shown
    assert any(f"{sources[-1].name}:1: (file): YAML syntax" in p for p in shown), shown
    assert any("Not_A_Slug.yaml:1: (file name)" in p for p in shown), shown
    assert any("quote the value" in p for p in shown), shown
    assert len(one[0].sources) == len(sources) - 2  # a missing url is not a shape error

    assert find_problems(content, workers=2).problems == check_archive(content).problems
