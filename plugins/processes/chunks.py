"""Work on many records split over the cores: forked children beside this process, results in order."""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from collections.abc import Callable, Mapping
from typing import Any, BinaryIO, TypeVar

from .lifetime import fork_worker, stop

# Below this many records, starting worker processes costs more than it saves.
MIN_RECORDS = 200
Item = TypeVar("Item")
Result = TypeVar("Result")


def available_cores() -> int:
    """The cores this process may run on, where the system says so (Linux), else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Workers are forked children; where there is no `fork` (Windows), one process does it all."""
    return hasattr(os, "fork")


class WorkerCount:
    """How many processes a job may use: a configured number, else every available core.

    Worked out on the first job large enough to split, then kept: a small build, or `make check`
    on a handful of records, never asks the system."""

    def __init__(self, configured: int | None = None) -> None:
        self.configured = configured
        self._count: int | None = None

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> WorkerCount:
        """ARCHIVE_WORKERS when it is set (1 turns the workers off), else every available core."""
        configured = settings.get("ARCHIVE_WORKERS")
        return cls(int(configured) if configured else None)

    def __call__(self) -> int:
        if self._count is None:
            wanted = self.configured if self.configured else available_cores()
            self._count = max(1, wanted) if can_fork() else 1
        return self._count


def workers(settings: Mapping[str, Any]) -> WorkerCount:
    """ARCHIVE_WORKERS, or every available core, decided when a job first needs to know."""
    return WorkerCount.from_settings(settings)


def _run_in_child(
    function: Callable[..., list[Any]], chunk: list[Any], args: tuple[Any, ...], pipe: int
) -> None:
    """Forked child: send `function(chunk, *args)` (or the failure) through `pipe`, never return."""
    status = 0
    try:
        payload = pickle.dumps(("ok", function(chunk, *args)), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        payload = pickle.dumps(("error", traceback.format_exc()))
        status = 1
    try:
        with os.fdopen(pipe, "wb") as out:
            out.write(payload)
    finally:
        os._exit(status)


def _receive(pid: int, pipe: BinaryIO) -> tuple[str, Any]:
    """A child's result (or its failure), once it has sent it and exited."""
    with pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(data) if data else ("error", f"worker {pid} died without a result")


def map_chunks(
    function: Callable[..., list[Result]],
    items: list[Item],
    count: int | Callable[[], int],
    *args: Any,
) -> list[Result]:
    """`function(chunk, *args)` over `count` interleaved chunks of `items`, results in input order.

    This process computes the first chunk while forked children compute the others, so only the
    children's results cross a pipe. `count` may be a `WorkerCount`, asked only when `items` are
    enough to split. Every child is joined, or killed and reaped if anything fails here (this
    process's own chunk, a child's, or an interruption): none outlives the call."""
    if len(items) < MIN_RECORDS:
        return function(items, *args)
    count = count() if callable(count) else count
    if count < 2 or not can_fork():
        return function(items, *args)
    children: list[tuple[int, int, BinaryIO]] = []
    results: list[Any] = [None] * len(items)
    outcomes = []
    gc.freeze()  # children share the parent's objects instead of copying them
    try:
        for start in range(1, count):
            reader, writer = os.pipe()
            try:
                pid = fork_worker()
            except BaseException:
                os.close(reader)
                os.close(writer)
                raise
            if pid == 0:
                os.close(reader)
                _run_in_child(function, items[start::count], args, writer)
            os.close(writer)
            children.append((start, pid, os.fdopen(reader, "rb")))
        results[0::count] = function(items[0::count], *args)
        while children:
            start, pid, pipe = children[0]
            outcomes.append((start, _receive(pid, pipe)))
            children.pop(0)
    finally:
        for _, pid, pipe in children:  # only after a failure here: their work is not wanted
            stop(pid)
            pipe.close()
        gc.unfreeze()
    for start, (status, value) in outcomes:
        if status != "ok":
            raise RuntimeError(f"a worker process failed:\n{value}")
        results[start::count] = value
    return results
