"""Read the records that the cache lacks on every core, before Pelican asks for them one by one."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .cache import ReadResult, RecordCache, read_record
from .fingerprint import digest
from .markup import BodyRenderer
from .registry import Registry

# Below this many records, starting worker processes costs more than it saves.
MIN_RECORDS = 200


def workers(settings: dict[str, Any]) -> int:
    """ARCHIVE_WORKERS, or the cores this process may run on."""
    configured = settings.get("ARCHIVE_WORKERS")
    return int(configured) if configured else len(os.sched_getaffinity(0))


def _read_chunk(
    paths: list[Path], root: Path, registry: Registry
) -> list[tuple[tuple[str, str], ReadResult]]:
    """In a worker: read records whose bytes stay the same while they are read."""
    renderer = BodyRenderer()
    results = []
    for path in paths:
        before = digest(path.read_bytes())
        result = read_record(path, root, registry, renderer)
        if digest(path.read_bytes()) == before:
            results.append(((str(path), before), result))
    return results


def prefetch(
    cache: RecordCache, paths: list[Path], root: Path, registry: Registry, count: int
) -> int:
    """Fill `cache` for every record it lacks, split over `count` processes; returns how many."""
    missing = [path for path in paths if cache.stored.get(cache.key(path)) is None]
    if count < 2 or len(missing) < MIN_RECORDS:
        return 0
    chunks = [missing[i::count] for i in range(count)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        futures = [pool.submit(_read_chunk, chunk, root, registry) for chunk in chunks]
        for future in futures:
            for key, result in future.result():
                cache.add(key, result)
    return len(missing)
