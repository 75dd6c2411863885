"""Work on many records split over the cores: forked children beside this process, results in order."""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from .lifetime import fork_worker, stop

# Below this many records, starting worker processes costs more than it saves.
MIN_RECORDS = 200
Item = TypeVar("Item")
Result = TypeVar("Result")


def available_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0))


def workers(settings: dict[str, Any]) -> int:
    """ARCHIVE_WORKERS, or every available core."""
    configured = settings.get("ARCHIVE_WORKERS")
    return int(configured) if configured else available_cores()


def _run_in_child(
    function: Callable[..., list[Any]], chunk: list[Any], args: tuple, pipe: int
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


def _receive(pid: int, reader: int) -> tuple[str, Any]:
    """A child's result (or its failure), once it has sent it and exited."""
    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    except BaseException:  # interrupted while waiting: the child's work is not wanted
        stop(pid)
        raise
    os.waitpid(pid, 0)
    return pickle.loads(data) if data else ("error", f"worker {pid} died without a result")


def map_chunks(
    function: Callable[..., list[Result]], items: list[Item], count: int, *args: Any
) -> list[Result]:
    """`function(chunk, *args)` over `count` interleaved chunks of `items`, results in input order.

    This process computes the first chunk while forked children compute the others, so only the
    children's results cross a pipe. Children die with this process; if this process's own chunk
    fails, they are killed rather than waited for."""
    if count < 2 or len(items) < MIN_RECORDS:
        return function(items, *args)
    children: list[tuple[int, int, int]] = []
    results: list[Any] = [None] * len(items)
    outcomes = []
    gc.freeze()  # children share the parent's objects instead of copying them
    try:
        for start in range(1, count):
            reader, writer = os.pipe()
            pid = fork_worker()
            if pid == 0:
                os.close(reader)
                _run_in_child(function, items[start::count], args, writer)
            os.close(writer)
            children.append((start, pid, reader))
        results[0::count] = function(items[0::count], *args)
        while children:
            start, pid, reader = children.pop(0)
            outcomes.append((start, _receive(pid, reader)))
    finally:
        for _, pid, reader in children:  # only after a failure here: their work is not wanted
            stop(pid)
            os.close(reader)
        gc.unfreeze()
    for start, (status, value) in outcomes:
        if status != "ok":
            raise RuntimeError(f"a worker process failed:\n{value}")
        results[start::count] = value
    return results
