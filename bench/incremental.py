"""`make bench-incremental`: the incremental build against plain Pelican's cached rebuild.

`python -m bench.incremental --count 10000 --runs 1` generates the synthetic archive of `make
bench` (`bench.generate`), builds it once with each tool (caches on; plain Pelican twice, so that
its content cache is warm), then, alternating ours and plain Pelican, each build in its own
process with the output on tmpfs, times:

- a full build of each, from an empty output and an empty cache, search (Pagefind) timed apart;
- a rebuild with nothing changed;
- a rebuild after one record's body is corrected (plain Pelican: the same record edited);
- a rebuild of ours after one leader's name is changed (plain Pelican has no registry).

For our rebuilds it counts the files written again (a file the incremental build reused keeps
its inode: it is hard-linked from the last build), by kind, and says how long Pagefind ran.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from .measure import Measurement
from .run import TMPFS, Bench, Sources, edit_record, prepare


def inodes(output: Path) -> dict[str, tuple[int, int]]:
    """Each file of a built site with its inode and modification time (a reused file keeps both;
    a file written again may get a freed inode, never the old time)."""
    found: dict[str, tuple[int, int]] = {}
    for folder, _, files in os.walk(output):
        for name in files:
            status = Path(folder, name).stat()
            found[Path(folder, name).relative_to(output).as_posix()] = (
                status.st_ino,
                status.st_mtime_ns,
            )
    return found


def kind(name: str) -> str:
    """What sort of output a file is, for the counts."""
    top, _, rest = name.partition("/")
    if top == "events":
        return "record pages" if rest.endswith(".html") else "citation files"
    if top == "feeds":
        return "feed page" if rest == "index.html" else "feeds"
    if top in {"timeline", "leaders", "organizations", "types", "platforms", "countries"}:
        return "listing and profile pages"
    return {"pagefind": "search index", "data": "data files"}.get(top, "other pages")


def rewritten(
    before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
) -> Counter[str]:
    """Files of `after` that are not the same file as in `before`, by kind."""
    return Counter(kind(n) for n, i in after.items() if before.get(n) != i)


def rename_leader(sources: Sources, run: int) -> str:
    """What an editor does to a registry entry: correct one leader's name. The leader named in
    the most records is chosen, the worst case."""
    counts = Counter(slug for e in sources.archive.events for slug in e.front.get("leaders", []))
    slug = counts.most_common(1)[0][0]
    path = sources.ours / "leaders" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(?m)^name: (.*)$", lambda m: f"name: {m.group(1)} R{run}", text, count=1),
        encoding="utf-8",
    )
    return slug


def line(label: str, measured: Measurement, files: Counter[str] | None = None) -> str:
    search = measured.phases.get("search", 0.0)
    text = (
        f"| {label} | {measured.wall:.2f} s | {measured.wall - search:.2f} s | "
        f"{measured.user + measured.system:.2f} s | {search:.2f} s |"
    )
    if files is not None:
        text += " " + (", ".join(f"{n:,} {k}" for k, n in sorted(files.items())) or "none") + " |"
    return text


def rebuilt_pair(
    bench: Bench, sources: Sources, outputs: tuple[Path, Path], label: str
) -> list[str]:
    """A rebuild of ours, with the files it wrote again, then plain Pelican's cached rebuild."""
    ours, plain = outputs
    before = inodes(ours)
    measured = bench.build("ours", sources, ours, fresh=False)
    return [
        line(f"{label}, ours", measured, rewritten(before, inodes(ours))),
        line(f"{label}, plain Pelican", bench.build("plain", sources, plain, fresh=False)),
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="make bench-incremental", description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as scratch_name:
        scratch = Path(scratch_name)
        log(f"generating {args.count} records in {scratch}")
        sources: Sources = prepare(scratch / "large", args.count)
        bench = Bench(scratch, None, log)
        folder = Path(tempfile.mkdtemp(dir=TMPFS, prefix="archive-bench-"))
        load = [os.getloadavg()[0]]
        try:
            ours, plain = folder / "ours-output", folder / "plain-output"
            for run in range(args.runs):
                log(f"full builds, round {run + 1}")
                full = bench.build("ours", sources, folder / "ours-full")
                rows.append(line(f"full build, ours (round {run + 1})", full))
                full = bench.build("plain", sources, folder / "plain-full")
                rows.append(line(f"full build, plain Pelican (round {run + 1})", full))
            log("first builds with the caches on")
            bench.build("ours", sources, ours)
            bench.build("plain", sources, plain)
            bench.build("plain", sources, plain, fresh=False)
            event = sources.archive.events[len(sources.archive.events) // 2]
            for run in range(args.runs):
                log(f"rebuilds, round {run + 1}")
                rows += rebuilt_pair(bench, sources, (ours, plain), "nothing changed")
                edit_record(sources.ours / event.relative_path, run)
                edit_record(sources.plain / event.relative_path, run)
                rows += rebuilt_pair(bench, sources, (ours, plain), "one record edited")
                slug = rename_leader(sources, run)
                before = inodes(ours)
                measured = bench.build("ours", sources, ours, fresh=False)
                rows.append(
                    line(
                        f"leader `{slug}` renamed, ours", measured, rewritten(before, inodes(ours))
                    )
                )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        load.append(os.getloadavg()[0])
    print(
        f"`python -m bench.incremental --count {args.count} --runs {args.runs}`, "
        f"load average {load[0]:.1f} at the start, {load[1]:.1f} at the end\n"
    )
    print(
        "| build (output on tmpfs) | wall | wall, search apart | CPU | search | files written again |"
    )
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(r if r.count("|") == 7 else r + " |" for r in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
