"""`make serve`: build as `make html` does, serve `output/`, and build again as files change.

Every build is `make html`'s (staged, checked, swapped in, search index included; one at a time),
so the preview never deletes what `make html` built. A missing page gets the site's own 404 page
with status 404 and no folder is ever listed, as on the public host. A build that fails leaves the
last good site in place and says why: in the terminal, and in a banner on every page served until a
build succeeds again (an error page when there is no site). Every page served asks the preview, five
times a second (a request of a few bytes), whether a build has ended since it was served, and reloads itself when one has: a saved
edit (or the error it causes) shows in the open browser without touching it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import signal
import sys
import threading
from html import escape
from pathlib import Path
from typing import Any

from pelican.log import init as init_logging
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer
from pelican.settings import read_settings
from pelican.utils import wait_for_changes

from .build import build_and_report

NOT_FOUND_PAGE = "404.html"
# Where a served page asks which build the preview is at (not a file of the site: `__` names no
# slug, so no page can have this address).
BUILD_ADDRESS = "/__build__"
RELOAD_EVERY_MS = 200
_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


class BuildStatus:
    """The last build's failure (None after a success) and how many builds have ended, read by the
    request handlers while the main thread builds."""

    def __init__(self) -> None:
        self.failure: str | None = None
        self.generation = 0

    def ended(self, failure: str | None) -> None:
        """A build ended: pages served before it reload themselves."""
        self.failure = failure
        self.generation += 1


def reload_script(generation: int) -> bytes:
    """What a served page runs: reload once the preview has ended a build after `generation`."""
    return (
        "<script>(function () {"
        f'var served = "{generation}";'
        "setInterval(function () {"
        f'fetch("{BUILD_ADDRESS}", {{cache: "no-store"}})'
        ".then(function (r) { return r.ok ? r.text() : served; })"
        ".then(function (now) { if (now !== served) { location.reload(); } })"
        ".catch(function () {});"
        f"}}, {RELOAD_EVERY_MS});"
        "})();</script>"
    ).encode()


def with_preview(html: bytes, status: BuildStatus) -> bytes:
    """A page as the preview serves it: the failure's banner at the top while the last build
    failed, and the reload script at the end."""
    generation, failure = status.generation, status.failure
    if failure is not None:
        at = match.end() if (match := _BODY.search(html)) else 0
        html = html[:at] + banner(failure) + html[at:]
    end = match.start() if (match := _BODY_END.search(html)) else len(html)
    return html[:end] + reload_script(generation) + html[end:]


def banner(failure: str) -> bytes:
    """What a page shows above itself while the last build failed."""
    return (
        '<div role="alert" style="border:3px solid #b00;background:#fee;color:#000;'
        'padding:1em;margin:0;font:1rem/1.4 sans-serif">'
        "<strong>The last build failed: this is the last good site.</strong>"
        f'<pre style="white-space:pre-wrap;margin:.5em 0 0">{escape(failure)}</pre></div>'
    ).encode()


class PreviewHandler(ComplexHTTPRequestHandler):
    """Pelican's preview server, which shows the last build's failure on every page."""

    status: BuildStatus

    def do_GET(self) -> None:
        """Serve the page with the reload script, and the failure's banner when the last build
        failed; anything else as Pelican's preview serves it."""
        address = self.path.split("?", 1)[0]
        if address == BUILD_ADDRESS:
            self._send(200, str(self.status.generation).encode(), "text/plain; charset=utf-8")
            return
        found = self.get_path_that_exists(address)
        if found is None:
            if self.status.failure is None:
                self.send_not_found()
            else:
                self._send(
                    503,
                    with_preview(b"<!doctype html><title>Build failed</title><body>", self.status),
                )
            return
        path = Path(self.translate_path(found))
        page = path / "index.html" if path.is_dir() and found.endswith("/") else path
        if page.suffix != ".html" or not page.is_file():
            # Pelican's own method (untyped, called through super(), which the configuration's
            # `untyped_calls_exclude` cannot name).
            super().do_GET()  # type: ignore[no-untyped-call]
            return
        self._send(200, with_preview(page.read_bytes(), self.status))

    def get_path_that_exists(self, original_path: str) -> str | None:
        """Pelican's look-up of `/x`, `/x.html`, `/x/index.html`, without its warning per miss."""
        for suffix in self.SUFFIXES:
            if suffix == "/" and not original_path.endswith("/"):
                continue  # the base class redirects `/timeline` to `/timeline/`
            path = original_path.rstrip("/") + suffix
            if Path(self.translate_path(path)).exists():
                return path
        return None

    def list_directory(self, path: Any) -> None:
        """Never list a folder (one without `index.html`): the public host does not."""
        self.send_not_found()

    def send_not_found(self) -> None:
        """Status 404 with the site's own error page (a plain message if the site has none)."""
        page = Path(self.translate_path("/" + NOT_FOUND_PAGE))
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>Not found</title>"
        self._send(404, with_preview(body, self.status))

    def _send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, msg_format: str, *args: Any) -> None:
        """Requests are not worth a line each in the terminal, where build errors are shown."""


def main(argv: list[str] | None = None) -> int:
    """Command line: serve until Ctrl-C, building once at the start and after every change."""
    parser = argparse.ArgumentParser(prog="make serve", description=__doc__)
    parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("-o", "--output", type=Path, default=Path("output"))
    parser.add_argument("-b", "--bind", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=8000)
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    status = BuildStatus()
    handler = type("Handler", (PreviewHandler,), {"status": status})
    RootedHTTPServer.allow_reuse_address = True
    server = RootedHTTPServer(str(args.output.resolve()), (args.bind, args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(
        f"serving {args.output}/ on http://{args.bind}:{args.port}/ (Ctrl-C stops)", file=sys.stderr
    )
    command = " ".join(["make serve: python -m sitebuild.serve", *(argv or sys.argv[1:])])
    settings: dict[str, Any] = {}  # what to watch: the last settings that could be read
    try:
        while True:
            status.ended(build_and_report(args.settings, args.output, command))
            with contextlib.suppress(Exception):  # a broken settings file: the build said why
                settings = read_settings(str(args.settings))
            changed = wait_for_changes(str(args.settings), settings)
            print(f"changed: {', '.join(sorted(path for _, path in changed))}", file=sys.stderr)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
