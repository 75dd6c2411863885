"""Fill the record cache for every record it lacks, split over the cores, before Pelican reads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from processes.chunks import MIN_RECORDS, map_chunks
from records.markup import BodyRenderer
from records.registry import Registry

from .cache import ReadResult, RecordCache, read_record
from .fingerprint import digest


def read_records(
    paths: list[Path], root: Path, registry: Registry
) -> list[tuple[tuple[str, str], ReadResult] | None]:
    """In a worker: read records for the build, each with the digest of the bytes it was read from
    (None when the file changed while it was read)."""
    renderer = BodyRenderer()
    results: list[tuple[tuple[str, str], ReadResult] | None] = []
    for path in paths:
        before = digest(path.read_bytes())
        result = read_record(path, root, registry, renderer)
        unchanged = digest(path.read_bytes()) == before
        results.append(((str(path), before), result) if unchanged else None)
    return results


def prefetch(
    cache: RecordCache,
    paths: list[Path],
    root: Path,
    registry: Registry,
    count: Callable[[], int],
) -> int:
    """Fill `cache` for every record it lacks, split over `count` processes; returns how many."""
    missing = [path for path in paths if cache.lookup(cache.key(path)) is None]
    if len(missing) < MIN_RECORDS or count() < 2:
        return 0
    for found in map_chunks(read_records, missing, count, root, registry):
        if found is not None:
            cache.add(*found)
    return len(missing)
