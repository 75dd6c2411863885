"""`make check` split over processes reports exactly what the one-process check reports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import FIXTURES
from processes.chunks import MIN_RECORDS
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
