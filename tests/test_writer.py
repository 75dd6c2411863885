"""Pages rendered by forked workers are the pages one process renders; a worker's failure fails the build.

The archive must be large enough for workers to start (a few hundred pages): the benchmark's
synthetic archive at 300 records gives about a thousand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from archive.writer import MIN_PAGES_PER_WORKER
from conftest import ROOT, build

from bench.generate import generate


def files(site: Path) -> dict[Path, bytes]:
    """Every file but the search index (whose file names come from its own build)."""
    return {
        p.relative_to(site): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.relative_to(site).parts[0] != "pagefind"
    }


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("synthetic") / "content", 300).content


def test_workers_write_the_pages_one_process_writes(synthetic: Path, tmp_path: Path):
    alone = files(build(synthetic, tmp_path / "alone", {"ARCHIVE_WORKERS": 1}))
    shared = files(build(synthetic, tmp_path / "shared", {"ARCHIVE_WORKERS": 2}))
    pages = [p for p in alone if p.suffix == ".html"]
    assert len(pages) > 2 * MIN_PAGES_PER_WORKER  # so that the workers did run
    assert shared == alone


def test_a_page_that_fails_in_a_worker_fails_the_build(synthetic: Path, tmp_path: Path):
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    article = theme / "templates" / "article.html"
    broken = "{% if article.slug.endswith('-150') %}{{ this_is_not_a_function() }}{% endif %}"
    text = article.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}" + broken, 1
    )
    article.write_text(text, encoding="utf-8")
    with pytest.raises(RuntimeError, match="this_is_not_a_function"):
        build(synthetic, tmp_path / "output", {"ARCHIVE_WORKERS": 2, "THEME": str(theme)})
    assert not (tmp_path / "output").exists()
