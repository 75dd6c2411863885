"""Benchmark: build a synthetic archive of N events and report build time and the largest pages.

    PYTHONPATH=plugins .venv/bin/python benchmarks/large_archive.py --events 10000

The records are generated from the fixture registry (tests/fixtures/site) into a temporary folder,
with dates of every precision, so the listings meet the sizes a grown archive would give them.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from archive.sitebuild import build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"
TYPES = ["live-qa", "award", "account-launch", "campaign", "video-message", "milestone"]
PLATFORMS = ["sina-weibo", "wechat", "twitter", "facebook", "instagram"]
PEOPLE = [("leaders", "ban-ki-moon"), ("leaders", "david-cameron"), ("organizations", "unicef")]


def write_events(content: Path, count: int, seed: int = 1) -> None:
    """Write `count` valid records spread over 2009–2026, a tenth with month- or year-only dates."""
    chance = random.Random(seed)
    for n in range(count):
        year = chance.randint(2009, 2026)
        roll = chance.random()
        if roll < 0.05:
            date = f"{year}"
        elif roll < 0.1:
            date = f"{year}-{chance.randint(1, 12):02d}"
        else:
            date = f"{year}-{chance.randint(1, 12):02d}-{chance.randint(1, 28):02d}"
        kind, slug = chance.choice(PEOPLE)
        platforms = ", ".join(chance.sample(PLATFORMS, chance.randint(1, 2)))
        folder = content / "events" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"event-{n:05d}.md").write_text(
            f"---\ntitle: Synthetic event {n}\nsummary: A generated event used to measure page sizes.\n"
            f"date: {date}\ntype: {chance.choice(TYPES)}\nplatforms: [{platforms}]\n{kind}: [{slug}]\n"
            "sources:\n  - id: s\n    publisher: Benchmark\n    title: Generated\n"
            "added: 2026-01-01\n---\nGenerated body.\n",
            encoding="utf-8",
        )


def main() -> None:
    """Build the synthetic archive and print the figures the timeline's split is chosen on."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(FIXTURE, content, ignore=shutil.ignore_patterns("events"))
        write_events(content, args.events)
        output = Path(folder) / "output"
        overrides = {"PATH": str(content), "THEME": str(ROOT / "theme")}
        overrides["PLUGIN_PATHS"] = [str(ROOT / "plugins")]
        started = time.perf_counter()
        build_site(ROOT / "pelicanconf.py", output, overrides)
        elapsed = time.perf_counter() - started
        listings = [
            p
            for p in output.rglob("index.html")
            if p.relative_to(output).parts[0] not in ("events", "about")
        ]
        sizes = sorted(((p.stat().st_size, p.relative_to(output)) for p in listings), reverse=True)
        print(f"{args.events} events built in {elapsed:.1f} s; {len(listings)} listing pages")
        for size, path in sizes[:5]:
            print(f"  {size / 1024:8.0f} KiB  {path}")


if __name__ == "__main__":
    main()
