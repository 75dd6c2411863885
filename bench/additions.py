"""Compare two builds of the same content: which files are new, and is every change an addition?

`python -m bench.additions BEFORE AFTER [--allow-new PREFIX ...]` lists the files only one build
has and, for each file both have, checks that the later one only inserts text (the earlier file is
a subsequence of the later one, hunk by hunk). Pagefind's index is left out: its file names vary
between builds of the same content (see tests/test_reproducible.py). Exit status 1 on any removal
or replacement, on a file that disappeared, or on a new file outside the allowed prefixes.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import Counter
from pathlib import Path

SKIPPED = ("pagefind/",)


def files(root: Path) -> set[str]:
    """Every file of a build, relative to its root, Pagefind's left out."""
    found = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    return {f for f in found if not f.startswith(SKIPPED)}


def is_insertion(before: str, after: str) -> bool:
    """`after` is `before` with text inserted and nothing removed or replaced."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


def only_insertions(before: list[str], after: list[str]) -> bool:
    """Line by line, then within each changed hunk character by character."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            return False
        if tag == "replace" and not is_insertion("".join(before[i1:i2]), "".join(after[j1:j2])):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--allow-new", action="append", default=[], metavar="PREFIX")
    args = parser.parse_args(argv)
    old, new = files(args.before), files(args.after)
    added, gone = sorted(new - old), sorted(old - new)
    stray = [f for f in added if not f.startswith(tuple(args.allow_new))]
    changed, altered = Counter[str](), []
    for name in sorted(old & new):
        a, b = (args.before / name).read_bytes(), (args.after / name).read_bytes()
        if a == b:
            continue
        changed[name.split("/")[0]] += 1
        if not only_insertions(
            a.decode("utf-8").splitlines(keepends=True), b.decode("utf-8").splitlines(keepends=True)
        ):
            altered.append(name)
    print(
        f"{len(old & new) - sum(changed.values())} files identical, {len(added)} added, "
        f"{sum(changed.values())} changed by insertions only, {len(altered)} otherwise changed, "
        f"{len(gone)} gone"
    )
    print("added by folder:", dict(Counter(f.split("/")[0] for f in added)))
    print("changed by folder:", dict(changed))
    for label, names in (("gone", gone), ("otherwise changed", altered), ("not allowed", stray)):
        for name in names:
            print(f"{label}: {name}")
    return 1 if gone or altered or stray else 0


if __name__ == "__main__":
    sys.exit(main())
