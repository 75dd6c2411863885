"""One build at a time into an output folder: a lock file beside it, held while the build runs.

The lock is a POSIX record lock (`fcntl.lockf`): the kernel drops it when its process dies however
it dies, and forked workers do not inherit it, so a killed build never blocks the next one. The
file names the holder, so that a refused build can say which process to wait for. It is removed
when the build ends; a build that took the lock on a file another build had just removed starts
over on the new file, so that two builds never hold locks on two different files.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class BuildBusy(Exception):
    """Another build holds the lock on this output folder."""


def _holder(handle: int) -> str:
    """`pid 1234: python -m sitebuild.build ...` as the holder wrote it (or a plain phrase)."""
    with contextlib.suppress(OSError):
        text = os.pread(handle, 300, 0).decode("utf-8", "replace").strip()
        if text:
            return text
    return "a process that has not yet written its pid"


def _try_lock(lock_file: Path) -> int:
    """The open, locked lock file's descriptor; raises BuildBusy naming the holder."""
    while True:
        handle = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            holder = _holder(handle)
            os.close(handle)
            if err.errno in (errno.EACCES, errno.EAGAIN):
                raise BuildBusy(holder) from None
            raise
        opened = os.fstat(handle)
        try:
            current = lock_file.stat()
        except FileNotFoundError:
            current = None
        if current is not None and (current.st_dev, current.st_ino) == (
            opened.st_dev,
            opened.st_ino,
        ):
            return handle
        os.close(handle)  # its holder removed it as we opened it: lock the new one


@contextlib.contextmanager
def build_lock(lock_file: Path, command: str) -> Iterator[None]:
    """Hold the lock for the duration of the block, naming this process and `command` in it."""
    handle = _try_lock(lock_file)
    try:
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"pid {os.getpid()}: {command}\n".encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_file.unlink()  # before unlocking: a build waiting on this file then starts over
        os.close(handle)
