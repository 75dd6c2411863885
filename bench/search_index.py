"""Indexing a built site for search, four ways, timed alternately and checked for the same bundle.

    python -m bench.search_index SITE --runs 3 [--variants cli,service,record,wrapper]

SITE is a site built without its search step (`POST_BUILD=[]`); each run writes SITE/pagefind,
which is moved aside, compared by content with the first `cli` bundle (bench.pagefind_bundle), and
deleted. Each run is a process of its own, so its CPU time (Pagefind's included) and peak memory
stand alone. The variants:

- `cli`: `python -m pagefind --site SITE --glob events/**/*.html`, the post-build step before
  issue 18 (Pagefind reads the pages itself, on every core).
- `service`: Pagefind's service mode through bench.pagefind_service: we read each event page
  once, as the build would hand it over, and send it with its URL (`AddFile`, `add_html_file`).
- `record`: `add_custom_record` (`AddRecord`) with the text, meta, filters and sort of each page,
  prepared beforehand from the `cli` bundle and the pages: the best case for building records from
  the records themselves. It cannot give what Pagefind reads from the HTML (heading weights and
  the anchors of sub-results), which the comparison shows.
- `wrapper`: Pagefind's own Python API, `PagefindIndex.add_html_file` per page; slow by design
  (its reader takes one answer per 0.1 s), so it is not in the default list.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .measure import median, run_process
from .pagefind_bundle import Bundle, differences, read_bundle

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("cli", "service", "record", "wrapper")
DEFAULT_VARIANTS = ("cli", "service", "record")
BUNDLE = "pagefind"
EVENT_PAGES = "events/*/*/index.html"
MARKER = "data-pagefind-body"
SORT = re.compile(r'data-pagefind-sort="([^":]+):([^"]*)"')


def event_pages(site: Path) -> Iterator[tuple[str, str]]:
    """(URL, HTML) of each page that marks its record for indexing, read once each."""
    for page in sorted(site.glob(EVENT_PAGES)):
        html = page.read_text(encoding="utf-8")
        if MARKER in html:
            yield f"/{page.parent.relative_to(site).as_posix()}/", html


def sort_values(site: Path) -> dict[str, dict[str, str]]:
    """URL -> sort name -> value, from the pages' `data-pagefind-sort` attributes."""
    return {url: dict(SORT.findall(html)) for url, html in event_pages(site)}


def run_cli(site: Path, _records: list[dict[str, Any]]) -> int:
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    command += ["--glob", "events/**/*.html", "--output-subdir", BUNDLE, "--silent"]
    subprocess.run(command, check=True)
    return -1  # Pagefind finds the pages itself; the bundle says how many it indexed


def run_service(site: Path, _records: list[dict[str, Any]]) -> int:
    from .pagefind_service import index_html

    return len(index_html(event_pages(site), site / BUNDLE))


def run_record(site: Path, records: list[dict[str, Any]]) -> int:
    from .pagefind_service import new_index

    with new_index() as (service, index_id):
        sent = [service.send({"type": "AddRecord", "index_id": index_id, **r}) for r in records]
        for message_id in sent:
            service.wait(message_id, "IndexedFile")
        output = {"type": "WriteFiles", "index_id": index_id, "output_path": str(site / BUNDLE)}
        service.request(output, "WriteFiles")
    return len(records)


def run_wrapper(site: Path, _records: list[dict[str, Any]]) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    async def index() -> int:
        count = 0
        config = IndexConfig(output_path=str(site / BUNDLE))
        async with PagefindIndex(config=config) as pagefind:
            for url, html in event_pages(site):
                await pagefind.add_html_file(content=html, url=url)
                count += 1
        return count

    return asyncio.run(index())


RUNNERS: dict[str, Callable[[Path, list[dict[str, Any]]], int]] = {
    "cli": run_cli,
    "service": run_service,
    "record": run_record,
    "wrapper": run_wrapper,
}


def own_peak_mb() -> float:
    """This process's peak resident memory since its `exec` (`ru_maxrss` carries the parent's)."""
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    [kilobytes] = re.findall(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(kilobytes) / 1024


def one_run(variant: str, site: Path, records_file: Path, report: Path) -> None:
    """In a process of its own: index `site` one way and write what it cost as JSON.

    The prepared records are read before the clock starts: for `record`, only Pagefind's work and
    the pipe are timed, the best case for records the build would make from its own data.
    """
    records = json.loads(records_file.read_text(encoding="utf-8")) if variant == "record" else []
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    pages = RUNNERS[variant](site, records)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(
        a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime
        for a, b in zip(after, before, strict=True)
    )
    result = {
        "wall": wall,
        "cpu": cpu,
        "pages_sent": pages,
        "python_peak_mb": own_peak_mb(),
        "pagefind_peak_mb": after[1].ru_maxrss / 1024,
    }
    report.write_text(json.dumps(result), encoding="utf-8")


def prepare_records(site: Path, reference: Bundle, path: Path) -> None:
    """What `add_custom_record` would be given: the text, meta and filters Pagefind read, the sort."""
    sorts = sort_values(site)
    records = [
        {
            "url": url,
            "content": fragment["content"],
            "language": "en",
            "meta": fragment["meta"],
            "filters": fragment["filters"],
            "sort": sorts[url],
        }
        for url, fragment in reference.fragments.items()
    ]
    path.write_text(json.dumps(records), encoding="utf-8")


def measure(variant: str, site: Path, scratch: Path, run: int) -> tuple[dict[str, Any], Path]:
    """One run of `variant` in its own process; its bundle is moved to `scratch`.

    Peaks: the child's own is `VmHWM` (per process image, so nothing inherited); Pagefind's is the
    largest of the child's children (`RUSAGE_CHILDREN`).
    """
    report = scratch / f"{variant}-{run}.json"
    command = [sys.executable, "-m", "bench.search_index", str(site), "--one", variant]
    command += ["--records", str(scratch / "records.json"), "--report", str(report)]
    outer = run_process(command, ROOT)
    measured = json.loads(report.read_text(encoding="utf-8"))
    measured["outer_wall"] = outer.wall
    kept = scratch / f"{variant}-{run}"
    (site / BUNDLE).rename(kept)
    return measured, kept


def in_child(*arguments: str) -> None:
    """A step that decodes bundles, in a process of its own: this one stays small, so that the
    peak its measured children inherit from it (Linux keeps `ru_maxrss` across `exec`) is small."""
    command = [sys.executable, "-m", "bench.search_index", *arguments]
    subprocess.run(command, cwd=ROOT, check=True)


def bench(site: Path, runs: int, variants: list[str], scratch: Path) -> dict[str, Any]:
    """A first, untimed `cli` run gives the reference bundle (and the records); then `runs`
    rounds of every variant, each round starting one variant later than the last.

    This process never decodes a bundle (`in_child`), so it stays small.
    """
    if (site / BUNDLE).exists():
        raise SystemExit(f"{site / BUNDLE} exists: build the site with POST_BUILD=[] first")
    pages = sum(1 for _ in event_pages(site))
    _, reference = measure("cli", site, scratch, -1)
    in_child(str(site), "--prepare", str(reference), "--records", str(scratch / "records.json"))
    results: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    checked: dict[str, list[str]] = {}
    for run in range(runs):
        shift = run % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            measured, kept = measure(variant, site, scratch, run)
            results[variant].append(measured)
            print(f"run {run + 1} {variant}: {measured['wall']:.2f} s", file=sys.stderr)
            if variant not in checked:  # decoding a bundle takes a while: the first run of each
                found = scratch / "differences.json"
                in_child(str(site), "--compare", str(reference), str(kept), "--report", str(found))
                checked[variant] = json.loads(found.read_text(encoding="utf-8"))
            shutil.rmtree(kept)
    indexed = json.loads((reference / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {
        "site": str(site),
        "pages": pages,
        "indexed": sum(language["page_count"] for language in indexed["languages"].values()),
        "runs": runs,
        "variants": {
            v: {
                "wall": median([r["wall"] for r in results[v]]),
                "cpu": median([r["cpu"] for r in results[v]]),
                "walls": [round(r["wall"], 2) for r in results[v]],
                "python_peak_mb": max(r["python_peak_mb"] for r in results[v]),
                "pagefind_peak_mb": max(r["pagefind_peak_mb"] for r in results[v]),
                "differences": checked[v],
            }
            for v in variants
        },
    }


def show(result: dict[str, Any]) -> str:
    lines = [
        f"{result['site']}: {result['pages']} event pages, {result['indexed']} indexed by the CLI;"
        f" median of {result['runs']} alternating runs",
        f"{'variant':<9} {'wall s':>7} {'CPU s':>7} {'python MB':>10} {'pagefind MB':>12}  bundle",
    ]
    for name, v in result["variants"].items():
        same = "same as cli" if not v["differences"] else "; ".join(v["differences"])
        lines.append(
            f"{name:<9} {v['wall']:>7.2f} {v['cpu']:>7.2f} {v['python_peak_mb']:>10.0f}"
            f" {v['pagefind_peak_mb']:>12.0f}  {same}  (walls {v['walls']})"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", default=",".join(DEFAULT_VARIANTS))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--one", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--records", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--compare", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    site = args.site.resolve()
    if args.one:
        one_run(args.one, site, args.records, args.report)
        return
    if args.prepare:
        prepare_records(site, read_bundle(args.prepare), args.records)
        return
    if args.compare:
        reference, found = (read_bundle(bundle) for bundle in args.compare)
        lines = differences(reference, found, sort_values(site))
        args.report.write_text(json.dumps(lines), encoding="utf-8")
        return
    variants = [v.strip() for v in args.variants.split(",")]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variants {unknown}; choose from {', '.join(VARIANTS)}")
    with tempfile.TemporaryDirectory(prefix="search-index-") as scratch:
        result = bench(site, args.runs, variants, Path(scratch))
    print(show(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
