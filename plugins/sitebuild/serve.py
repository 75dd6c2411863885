"""`make serve`: build as `make html` does, serve `output/`, and build again as files change.

Every build is `make html`'s (staged, checked, swapped in, search index included; one at a time),
so the preview never deletes what `make html` built. A missing page gets the site's own 404 page
with status 404 and no folder is ever listed, as on the public host. A build that fails leaves the last good site in place and says why: in the terminal, and in
a banner on every page served until a build succeeds again (an error page when there is no site).
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
_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)


class BuildStatus:
    """The last build's failure (None after a success), read by the request handlers."""

    def __init__(self) -> None:
        self.failure: str | None = None


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
        """Serve the page, with the failure's banner when the last build failed."""
        failure = self.status.failure
        if failure is None:
            if self.get_path_that_exists(self.path.split("?", 1)[0]) is None:
                self.send_not_found()
            else:
                # Pelican's own method (untyped, called through super(), which the
                # configuration's `untyped_calls_exclude` cannot name).
                super().do_GET()  # type: ignore[no-untyped-call]
            return
        found = self.get_path_that_exists(self.path.split("?", 1)[0])
        if found is not None:
            path = Path(self.translate_path(found))
            page = path / "index.html" if path.is_dir() else path
            if page.suffix != ".html" or not page.is_file():
                super().do_GET()  # type: ignore[no-untyped-call]
                return
            html = page.read_bytes()
            at = match.end() if (match := _BODY.search(html)) else 0
            self._send(200, html[:at] + banner(failure) + html[at:])
        else:
            self._send(503, b"<!doctype html><title>Build failed</title><body>" + banner(failure))

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
        self._send(404, body)

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
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
            status.failure = build_and_report(args.settings, args.output, command)
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
