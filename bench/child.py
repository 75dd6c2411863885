"""One build in a fresh process (our site or plain Pelican), so its time and memory stand alone."""

from __future__ import annotations

import argparse
import json
import logging
import resource
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PLAIN_SETTINGS = Path(__file__).resolve().parent / "plain" / "pelicanconf.py"


def build_ours(content: Path, output: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """`make html` on `content`, with the phase clock hooked in."""
    from . import phases

    phases.install()
    from sitebuild import build as sitebuild

    settings = {
        "PATH": str(content),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        **overrides,
    }
    with phases.CLOCK.span("other"):
        sitebuild.build_site(ROOT / "pelicanconf.py", output, settings)
    return {"phases": phases.CLOCK.result(), "search_cpu": phases.CLOCK.search_cpu}


def build_plain(content: Path, output: Path, cache: Path | None) -> dict[str, Any]:
    """Plain Pelican on the reduced records; with `cache`, its content cache on."""
    from pelican import Pelican
    from pelican.settings import read_settings

    override: dict[str, Any] = {"PATH": str(content), "OUTPUT_PATH": str(output)}
    if cache is not None:
        override |= {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    Pelican(read_settings(str(PLAIN_SETTINGS), override=override)).run()
    return {}


def main() -> None:
    """Command line used by `bench.run`; writes what it measured inside the build as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", choices=["ours", "plain"])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--settings", default="{}", help="JSON overrides for our settings")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    if args.site == "ours":
        report = build_ours(args.content, args.output, json.loads(args.settings))
    else:
        report = build_plain(args.content, args.output, args.cache)
    report["inside"] = time.perf_counter() - started
    if "phases" in report:  # imports and settings count as `other`, so the phases add up
        timed = sum(v for k, v in report["phases"].items() if k != "other")
        report["phases"]["other"] = round(report["inside"] - timed, 4)
    report["self_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["children_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    args.report.write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    main()
