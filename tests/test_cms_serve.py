"""`make cms`: decap-server and the preview with /admin/ run together, and stop together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cmstools import WAIT_SECONDS, free_port, post, require_decap
from conftest import FIXTURE_SITE, ROOT, copy_content


def fetch(url: str) -> bytes | None:
    """The body at `url`, or None while nothing answers there."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read()
    except OSError:
        return None


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def make_cms(tmp_path: Path, port: int, cms_port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`make cms` on a copy of the fixture archive, in its own process group like a terminal's."""
    require_decap()
    repository = tmp_path / "repository"
    content = copy_content(FIXTURE_SITE, repository / "content")
    command = [
        sys.executable,
        "-m",
        "cms.serve",
        "-s",
        str(ROOT / "pelicanconf.py"),
        "--content",
        str(content),
        "--repository",
        str(repository),
        "-o",
        str(tmp_path / "output"),
        "-p",
        str(port),
        "--cms-port",
        str(cms_port),
    ]
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    process = subprocess.Popen(
        command, env=environment, cwd=tmp_path, start_new_session=True, stderr=subprocess.PIPE
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for(condition, what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert process.poll() is None, f"make cms stopped: {process.stderr.read().decode()}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)


def test_make_cms_serves_the_editor_and_its_backend_and_ctrl_c_stops_both(tmp_path):
    port, cms_port = free_port(), free_port()
    with make_cms(tmp_path, port, cms_port) as process:
        config = f"http://127.0.0.1:{port}/admin/config.yml"
        wait_for(lambda: fetch(config) is not None, "the preview with /admin/", process)
        assert f"url: http://127.0.0.1:{cms_port}/api/v1" in fetch(config).decode()
        api = f"http://127.0.0.1:{cms_port}/api/v1"
        assert post(api, {"action": "info"})["type"] == "local_fs"
        folder = {"folder": "content/events", "extension": "md", "depth": 2}
        listed = post(api, {"action": "entriesByFolder", "params": {"branch": "main", **folder}})
        assert listed, "decap-server reads the records of the working tree"
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the terminal
        assert process.wait(WAIT_SECONDS) == 0
        assert not listening(port) and not listening(cms_port)
        with pytest.raises(ProcessLookupError):
            os.killpg(process.pid, 0)  # nothing of the group is left running


def test_when_one_part_cannot_start_make_cms_stops_the_other_and_fails(tmp_path):
    port, cms_port = free_port(), free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", cms_port))
        taken.listen()
        with make_cms(tmp_path, port, cms_port) as process:
            assert process.wait(WAIT_SECONDS) != 0
            assert not listening(port)
