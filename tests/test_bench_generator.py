"""The benchmark's synthetic archive stays valid against the real schema and registries."""

from __future__ import annotations

from pathlib import Path

from records.dates import Precision
from records.validation import check_archive

from bench.generate import generate, load_vocabulary


def test_synthetic_archive_passes_the_archive_checks(tmp_path: Path):
    generate(tmp_path / "content", 50)
    checked = check_archive(tmp_path / "content")
    assert checked.problems == []
    assert len(checked.events) == 50
    assert len(checked.registry.leaders) == 300
    assert len(checked.registry.organizations) == 100


def test_synthetic_archive_covers_the_vocabulary_and_every_date_precision(tmp_path: Path):
    events = check_archive(generate(tmp_path / "content", 50).content).events
    vocabulary = load_vocabulary()
    assert {e.record.type for e in events} == set(vocabulary.types)
    assert {p for e in events for p in e.record.platforms} == set(vocabulary.platforms)
    assert {e.record.date.precision for e in events} == set(Precision)
    assert any(e.record.metrics for e in events)
    assert any(e.record.end_date for e in events)
    assert all(e.body.count("](") >= 2 for e in events)
    words = [len(e.body.split()) for e in events]
    assert min(words) >= 100 and 130 <= sum(words) / len(words) <= 180


def test_synthetic_archive_is_deterministic(tmp_path: Path):
    first = generate(tmp_path / "a", 20).content
    second = generate(tmp_path / "b", 20).content
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
