"""`make check`: validate records and registries without building the site."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from processes.chunks import WorkerCount
from records.problems import Problem
from records.validation import find_problems

from .changes import ChangesError, changed_scope


def _in_changes(content: Path, base: str, problems: list[Problem]) -> tuple[list[Problem], str]:
    """The problems a pull request is answerable for, and a note of what was left out."""
    changes = changed_scope(content, base or None)
    selected = changes.select(problems)
    hidden = len(problems) - len(selected)
    plural = "s" if hidden != 1 else ""
    return selected, f" in changes since {changes.base} ({hidden} older problem{plural} not shown)"


def main(argv: list[str] | None = None) -> int:
    """Print every problem as `path:line: field: problem`; exit 1 if there is any."""
    parser = argparse.ArgumentParser(prog="make check", description=__doc__)
    parser.add_argument("content", nargs="?", default="content", type=Path, help="content folder")
    parser.add_argument(
        "--format",
        choices=["auto", "plain", "github"],
        default="auto",
        help="github: workflow annotations; auto: github under GitHub Actions, else plain",
    )
    parser.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="BASE",
        help="report only files added, modified or renamed since BASE (default origin/main, else "
        "main), committed or not, and problems the change causes elsewhere",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if not args.content.is_dir():
        print(f"{args.content}: (folder): no such content folder", file=sys.stderr)
        return 2
    checked = find_problems(args.content, WorkerCount())
    problems, scope = checked.problems, ""
    if args.changed is not None:
        try:
            problems, scope = _in_changes(args.content, args.changed, checked.problems)
        except ChangesError as err:
            print(f"{args.content}: (git): {err}", file=sys.stderr)
            return 2
    github = args.format == "github" or (
        args.format == "auto" and os.environ.get("GITHUB_ACTIONS") == "true"
    )
    for problem in problems:
        print(problem.github_annotation() if github else str(problem))
    registry = checked.registry
    summary = (
        f"checked {checked.record_files} record files, "
        f"{len(registry.leaders)} leaders, {len(registry.organizations)} organizations, "
        f"{len(registry.source_files)} sources "
        f"in {time.perf_counter() - started:.2f} s: "
    )
    count = len(problems)
    print(
        summary
        + (f"{count} problem{'s' if count != 1 else ''}" if count else "no problems")
        + scope,
        file=sys.stderr,
    )
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
