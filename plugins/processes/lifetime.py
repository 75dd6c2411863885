"""Child processes that never outlive the build that started them.

A build killed with SIGKILL runs no cleanup, so its workers must not rely on being told: the kernel
kills each of them when its parent dies (Linux `prctl(PR_SET_PDEATHSIG)`), and a worker that finds
its parent already gone exits at once. Otherwise an orphan would go on writing pages into a staging
folder that the next build is removing.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a child of `parent`: be killed when `parent` dies, and exit now if it already has."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            os._exit(1)  # no guarantee of dying with the build: do no work at all
    if os.getppid() != parent:
        os._exit(1)


def fork_worker() -> int:
    """`os.fork()` whose child dies with this process; returns the child's pid (0 in the child)."""
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        die_with_parent(parent)
    return pid


def tied_to_this_process() -> Callable[[], None]:
    """A `preexec_fn` for a subprocess (Pagefind): the death signal survives `exec`."""
    return functools.partial(die_with_parent, os.getpid())


def stop(pid: int) -> None:
    """Kill a worker that is no longer wanted and reap it, so that it writes nothing more."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
