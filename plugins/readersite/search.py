"""Post-build step: index the event pages of the staged site with Pagefind, and check the index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from processes.lifetime import tied_to_this_process
from records.urls import EVENTS_SECTION
from sitebuild.build import BuildFailed
from sitebuild.memo import step_files

BUNDLE = "pagefind"
EVENT_PAGES = f"{EVENTS_SECTION}/*/*/index.html"
MARKER = "data-pagefind-body"


def searchable_pages(site: Path) -> list[Path]:
    """Event pages that mark their record for indexing (redirects of old slugs do not)."""
    return [p for p in sorted(site.glob(EVENT_PAGES)) if MARKER in p.read_text(encoding="utf-8")]


def indexed_page_count(site: Path) -> int:
    """How many pages Pagefind says it indexed, read from the bundle's entry file."""
    entry = json.loads((site / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


# What Pagefind reads (every HTML file under events/, as its --glob says) and writes: an incremental
# build whose event pages were all reused reuses the last index.
@step_files(reads=f"{EVENTS_SECTION}/*.html", writes=BUNDLE)
def index_site(site: Path, settings: dict[str, Any]) -> None:
    """Run the pinned Pagefind binary over the event pages; fail the build if any page is missing."""
    pages = searchable_pages(site)
    if not pages:
        return  # an archive without records: the search page says so and loads no index
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--glob",
        f"{EVENTS_SECTION}/**/*.html",
        "--output-subdir",
        BUNDLE,
        "--silent",
    ]
    # Pagefind dies with the build, so that a killed build leaves no process writing its staging.
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, preexec_fn=tied_to_this_process()
    )
    if result.returncode != 0:
        raise BuildFailed(f"pagefind exited with {result.returncode}:\n{result.stderr.strip()}")
    indexed = indexed_page_count(site)
    if indexed != len(pages):
        raise BuildFailed(f"pagefind indexed {indexed} of {len(pages)} event pages")
