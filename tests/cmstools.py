"""What the editor's tests share: the pinned npm packages and decap-server on a free port."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from webtools import ROOT, missing_tool

NODE_MODULES = ROOT / "node_modules"
DECAP_SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"
DECAP_BUNDLE = NODE_MODULES / "decap-cms" / "dist" / "decap-cms.js"
WAIT_SECONDS = 60


def require_decap() -> None:
    """Skip by hand, fail under CI, when the editor's npm packages are not installed."""
    for needed in (DECAP_BUNDLE, DECAP_SERVER):
        if not needed.is_file():
            missing_tool(
                f"{needed.relative_to(NODE_MODULES).parts[0]} ({needed.relative_to(ROOT)})"
            )
    if shutil.which("node") is None:
        missing_tool("Node.js (Debian package nodejs)")


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(api: str, body: dict) -> object | None:
    """decap-server's answer to one request, or None while it does not answer."""
    request = urllib.request.Request(
        api, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return json.load(response)
    except OSError:
        return None


def wait_until(condition, what: str, seconds: float = WAIT_SECONDS) -> None:
    """Poll `condition` until it holds, failing with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


@contextmanager
def decap_server(repository: Path, port: int) -> Iterator[str]:
    """decap-server from the pinned npm package, writing into `repository`; yields its API."""
    require_decap()
    api = f"http://127.0.0.1:{port}/api/v1"
    environment = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(repository),
        "MODE": "fs",
    }
    process = subprocess.Popen(
        [str(shutil.which("node")), str(DECAP_SERVER)],
        env=environment,
        cwd=repository,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(
            lambda: process.poll() is not None or post(api, {"action": "info"}), "decap-server"
        )
        assert process.poll() is None, "decap-server stopped"
        yield api
    finally:
        process.terminate()
        process.wait(10)
