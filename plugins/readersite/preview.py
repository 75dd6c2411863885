"""`make serve`: build the site as `make html` does, serve it as the public host would, rebuild on change.

Pelican's own `--listen` server answers a missing page with an empty reply and lists folders, and
its `--autoreload` build deletes the output folder, Pagefind's index included. This preview builds
with `archive.sitebuild` instead (atomic, with the search index; a broken record keeps the last good
site and prints its problems) and serves with a handler that answers any missing address with the
site's own 404 page and never lists a folder.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

NOT_FOUND_PAGE = "404.html"


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the built site: files and folders' `index.html`; anything else gets the 404 page."""

    def send_head(self) -> Any:
        """Like the base class, but a folder without `index.html` or a missing file is a 404."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # the base class redirects `/timeline` to `/timeline/`
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_not_found()
            return None
        return super().send_head()

    def list_directory(self, path: Any) -> None:
        """Never show a folder's listing: the public host does not."""
        self.send_not_found()

    def send_not_found(self) -> None:
        """Status 404 with the site's own error page (a plain message if the site has none)."""
        page = Path(self.directory) / NOT_FOUND_PAGE
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>Not found</title>"
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not news while previewing; errors still reach the terminal."""


def preview_server(site: Path, host: str, port: int) -> ThreadingHTTPServer:
    """A server for the built site at `site` (the folder may be swapped for a newer build)."""
    return ThreadingHTTPServer((host, port), partial(PreviewHandler, directory=str(site)))


def watched_files(folders: list[Path]) -> dict[Path, int]:
    """Modification times of every file under the folders: what a rebuild depends on."""
    times: dict[Path, int] = {}
    for folder in folders:
        if folder.is_file():
            times[folder] = folder.stat().st_mtime_ns
        elif folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and "__pycache__" not in path.parts:
                    times[path] = path.stat().st_mtime_ns
    return times


def watch(folders: list[Path], rebuild: Callable[[], None], interval: float = 1.0) -> None:
    """Call `rebuild` whenever a file under `folders` is added, removed or changed (polling)."""
    seen = watched_files(folders)
    while True:
        time.sleep(interval)
        now = watched_files(folders)
        if now != seen:
            seen = now
            rebuild()


def main(argv: list[str] | None = None) -> int:
    """Build, serve on `host:port`, and rebuild when content, theme, plugins or settings change."""
    from archive.sitebuild import main as build_main

    parser = argparse.ArgumentParser(prog="make serve", description=__doc__)
    parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("-o", "--output", type=Path, default=Path("output"))
    parser.add_argument("-b", "--bind", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=8000)
    parser.add_argument("--content", type=Path, default=Path("content"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    def rebuild() -> None:
        build_main(["-s", str(args.settings), "-o", str(args.output)])

    rebuild()
    server = preview_server(args.output, args.bind, args.port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(
        f"serving {args.output}/ on http://{args.bind}:{args.port}/ (Ctrl-C stops)", file=sys.stderr
    )
    root = args.settings.resolve().parent
    try:
        watch([args.content, root / "theme", root / "plugins", args.settings], rebuild)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
