"""`make cms`: edit in the browser on this machine. decap-server, Decap CMS's local backend, writes
what the form saves into the working tree, while Pelican previews the site, with the editor at
/admin/, and rebuilds it on every change. Ctrl-C stops both.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from pelican.settings import read_settings

from .settings import PROJECT, read_cms_settings

DECAP_SERVER = Path("decap-server", "dist", "index.js")
POLL_SECONDS = 0.2
STOP_SECONDS = 10


class ServeError(RuntimeError):
    """The editor cannot start: the message says what is missing."""


def server_command(node_modules: Path) -> list[str]:
    """decap-server from the pinned npm package, run by this machine's Node.js."""
    node = shutil.which("node")
    script = node_modules / DECAP_SERVER
    if node is None or not script.is_file():
        raise ServeError(f"{script} (or node) is missing: run `npm ci --ignore-scripts`")
    return [node, str(script)]


def server_environment(backend_url: str, repository: Path) -> dict[str, str]:
    """decap-server listens where the configuration sends the editor, and writes `repository`."""
    address = urlsplit(backend_url)
    return {
        **os.environ,
        "PORT": str(address.port),
        "BIND_HOST": address.hostname or "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(repository),
        "MODE": "fs",
    }


def preview_command(args: argparse.Namespace, backend_url: str) -> list[str]:
    """`make serve` with the editor: Pelican's autoreload and server, CMS_ADMIN on."""
    return [
        sys.executable,
        "-m",
        "pelican",
        str(args.content),
        "--autoreload",
        "--listen",
        "-s",
        str(args.settings),
        "-o",
        str(args.output),
        "-b",
        args.bind,
        "-p",
        str(args.port),
        "-e",
        "CMS_ADMIN=true",
        f"CMS_LOCAL_BACKEND={json.dumps(backend_url)}",
    ]


def _start(
    command: list[str], environment: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Each part in a process group of its own, so that stopping it stops what it started too
    (Pelican's preview runs its server and its rebuilds in child processes)."""
    return subprocess.Popen(command, env=environment, start_new_session=True)


def _signal_group(process: subprocess.Popen[bytes], number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, number)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Ctrl-C to each part, as a terminal would; whatever is left after a while is killed."""
    for process in processes:
        _signal_group(process, signal.SIGINT)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(max(0.0, deadline - time.monotonic()))
        _signal_group(process, signal.SIGKILL)
        process.wait()


def run(args: argparse.Namespace) -> int:
    """Start both; when one stops (or Ctrl-C), stop the other and return the first's status."""
    settings = read_settings(str(args.settings))
    cms = read_cms_settings(settings)
    backend_url = f"http://127.0.0.1:{args.cms_port}/api/v1" if args.cms_port else cms.local_backend
    if not backend_url:
        raise ServeError(f"{args.settings}: CMS_LOCAL_BACKEND is not set")
    args.content = args.content or Path(settings["PATH"])
    repository = args.repository or args.settings.resolve().parent
    server = server_command(cms.node_modules)
    processes = [
        _start(server, server_environment(backend_url, repository)),
        _start(preview_command(args, backend_url)),
    ]
    print(
        f"editor: http://{args.bind}:{args.port}/admin/ (saves into {repository}); Ctrl-C stops it",
        file=sys.stderr,
    )
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        _stop(processes)
        return 0
    stopped = next(p for p in processes if p.returncode is not None)
    _stop(processes)
    return stopped.returncode


def main(argv: list[str] | None = None) -> int:
    """Command line of `make cms`."""
    parser = argparse.ArgumentParser(prog="make cms", description=__doc__)
    parser.add_argument("-s", "--settings", type=Path, default=PROJECT / "pelicanconf.py")
    parser.add_argument("-o", "--output", type=Path, default=Path("output"))
    parser.add_argument("--content", type=Path, help="content folder (default: the settings' PATH)")
    parser.add_argument("--repository", type=Path, help="folder the editor writes (default: ours)")
    parser.add_argument("-b", "--bind", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=8000)
    parser.add_argument("--cms-port", type=int, help="decap-server's port (default: the settings')")
    args = parser.parse_args(argv)
    try:
        return run(args)
    except ServeError as err:
        print(f"make cms: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
