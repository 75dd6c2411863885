"""The real web tools the site is checked with: vnu, axe-core, headless Chromium, a local server.

`make test` installs every tool (see the Makefile's `test-tools`). Run by hand without one, a test
is skipped with the command that installs it; under CI (`CI=true`) a missing tool is a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_TOOLS = ROOT / "node_modules"
VNU_JAR = NODE_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = NODE_TOOLS / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Debian's Chromium as root in a closed network: no sandbox, no calls home, a fresh profile.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "run `make test-tools` (or `make test`)"


def missing_tool(what: str) -> None:
    """Skip when run by hand; fail under CI, where every tool must be installed."""
    message = f"{what} is not installed: {INSTALL_HINT}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def java() -> str:
    """The machine's Java, which runs vnu.jar."""
    found = shutil.which("java")
    if found is None:
        missing_tool("java (Debian package default-jre-headless)")
    return str(found)


def vnu_jar() -> Path:
    """The Nu HTML Checker from the pinned npm package `vnu-jar`."""
    if not VNU_JAR.is_file():
        missing_tool(f"vnu.jar ({VNU_JAR.relative_to(ROOT)})")
    return VNU_JAR


def axe_source() -> str:
    """axe-core's browser build from the pinned npm package."""
    if not AXE_SCRIPT.is_file():
        missing_tool(f"axe-core ({AXE_SCRIPT.relative_to(ROOT)})")
    return AXE_SCRIPT.read_text(encoding="utf-8")


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request to the test output."""

    def log_message(self, *args: Any) -> None:
        return


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site over HTTP on a free loopback port, as a browser needs for modules."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the whole run, driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("Playwright for Python")
    if not os.access(CHROMIUM, os.X_OK):
        missing_tool(f"Chromium ({CHROMIUM}, Debian package chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@contextmanager
def browser_page(browser: Any, **options: Any) -> Iterator[Any]:
    """A fresh page in its own context (own storage; options such as `java_script_enabled`)."""
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()
