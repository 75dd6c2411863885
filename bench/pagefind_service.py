"""Pagefind's service mode (`pagefind --service`), spoken directly: what bench.search_index
measures against the CLI, Pagefind's Python API without the wrapper's wait.

Pagefind's Python package wraps the same service in asyncio, but its reader wakes every 0.1 s and
takes one answer per wake, so indexing N pages one by one costs at least N × 0.1 s (measured:
about 200 s for 2,000 pages), and it starts the binary with no way to make it die with the build.
The protocol is small: each message is a JSON object, base64-encoded and ended by a comma, and
each answer names the message it answers. Here one thread reads the answers while this one writes
the requests, so the pipe never fills up in either direction; the service handles one request at
a time (Pagefind's `src/service/mod.rs`), where the CLI parses pages on every core.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any

from pagefind.service import get_executable
from processes.lifetime import tied_to_this_process

SEPARATOR = b","
WINDOW = 64  # requests in flight: enough to keep Pagefind busy, few enough to bound memory


class PagefindError(Exception):
    """Pagefind refused a request, or its service stopped; the message is Pagefind's own."""


class _Answers:
    """Answers read from the service's stdout by a thread of their own, by message id."""

    def __init__(self, stdout: int) -> None:
        self._received: dict[int, dict[str, Any]] = {}
        self._unmatched: list[str] = []
        self._closed = False
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(stdout,), daemon=True)
        self._thread.start()

    def _read(self, stdout: int) -> None:
        pending = b""
        try:
            while chunk := os.read(stdout, 1 << 20):
                *messages, pending = (pending + chunk).split(SEPARATOR)
                with self._ready:
                    for message in messages:
                        self._store(json.loads(base64.b64decode(message)))
                    self._ready.notify_all()
        except ValueError as error:  # not the protocol: say so rather than wait forever
            with self._ready:
                self._unmatched.append(f"unreadable answer from pagefind: {error}")
        finally:
            with self._ready:
                self._closed = True
                self._ready.notify_all()

    def _store(self, answer: dict[str, Any]) -> None:
        payload = answer["payload"]
        if answer.get("message_id") is None:  # a message the service could not even read
            self._unmatched.append(payload.get("message", str(payload)))
        else:
            self._received[answer["message_id"]] = payload

    def wait(self, message_id: int) -> dict[str, Any]:
        """The answer to `message_id`, once it has come; PagefindError if it never will."""
        with self._ready:
            self._ready.wait_for(
                lambda: message_id in self._received or self._closed or bool(self._unmatched)
            )
            if self._unmatched:
                raise PagefindError("; ".join(self._unmatched))
            if message_id not in self._received:
                raise PagefindError("the pagefind service stopped before answering")
            return self._received.pop(message_id)


class PagefindService:
    """One `pagefind --service` process: send requests, then wait for their answers by id."""

    def __init__(self) -> None:
        binary = get_executable()
        if binary is None:
            raise PagefindError("the pagefind binary is not installed (pagefind[bin])")
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        # Pagefind dies with the build, so that a killed build leaves no process writing its staging.
        self._process = subprocess.Popen(
            [str(binary), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            preexec_fn=tied_to_this_process(),
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin = self._process.stdin
        self._answers = _Answers(self._process.stdout.fileno())
        self._last_id = 0

    def send(self, payload: dict[str, Any]) -> int:
        """Queue one request; returns its message id, to `wait` for later."""
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": payload})
        try:
            self._stdin.write(base64.b64encode(message.encode("utf-8")) + SEPARATOR)
        except BrokenPipeError as error:
            raise PagefindError(self._stopped()) from error
        return self._last_id

    def wait(self, message_id: int, expected: str) -> dict[str, Any]:
        """The answer to a request sent earlier, which must be of type `expected`."""
        self._stdin.flush()
        try:
            answer = self._answers.wait(message_id)
        except PagefindError as error:
            raise PagefindError(f"{error}{self._stopped()}") from None
        if answer["type"] == "Error":
            raise PagefindError(answer["message"])
        if answer["type"] != expected:
            raise PagefindError(f"pagefind answered {answer['type']} to a {expected} request")
        return answer

    def request(self, payload: dict[str, Any], expected: str) -> dict[str, Any]:
        return self.wait(self.send(payload), expected)

    def _stopped(self) -> str:
        """What the service printed before it stopped, if it did."""
        code = self._process.poll()
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", "replace").strip()
        return (f" (exit status {code})" if code is not None else "") + (
            f":\n{said}" if said else ""
        )

    def close(self) -> None:
        """End of input: the service exits; a service that does not is killed."""
        with suppress(BrokenPipeError):
            self._stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._stderr.close()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error is not None:
            self._process.kill()  # nothing more may be written after a failure
        self.close()


@contextmanager
def new_index(config: dict[str, Any] | None = None) -> Iterator[tuple[PagefindService, int]]:
    """A service with one empty index in it: `(service, index_id)`."""
    with PagefindService() as service:
        created = service.request({"type": "NewIndex", "config": config}, "NewIndex")
        yield service, created["index_id"]


def index_html(pages: Iterable[tuple[str, str]], output: Path) -> list[dict[str, Any]]:
    """Index `pages` (URL, HTML) and write the bundle to `output`; Pagefind's answer for each page.

    At most `WINDOW` pages are in the pipe at once, so memory does not grow with the archive.
    """
    indexed: list[dict[str, Any]] = []
    with new_index() as (service, index_id):
        sent: deque[int] = deque()
        for url, html in pages:
            sent.append(
                service.send(
                    {"type": "AddFile", "index_id": index_id, "url": url, "file_contents": html}
                )
            )
            if len(sent) > WINDOW:
                indexed.append(service.wait(sent.popleft(), "IndexedFile"))
        indexed.extend(service.wait(message_id, "IndexedFile") for message_id in sent)
        service.request(
            {"type": "WriteFiles", "index_id": index_id, "output_path": str(output)}, "WriteFiles"
        )
    return indexed
