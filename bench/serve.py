"""How long an editor waits in `make serve`: from saving a record to the corrected page in the browser.

`python -m bench.serve --count 1000 --runs 5` generates the synthetic archive of `make bench`,
starts `make serve`'s program on it (its own process, output and cache under a temporary folder),
opens one record's page in Chromium (Debian's, as the browser tests use) and, `--runs` times,
appends a sentence to that record's body and times until the open page shows it: the file
watcher, the incremental build, the page's poll of the preview (every 200 ms) and its reload.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from .generate import generate

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SERVE = (sys.executable, "-m", "sitebuild.serve")


def free_port() -> int:
    """A port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(terminal: Path, text: str, count: int, process: subprocess.Popen[bytes]) -> None:
    """Until the preview has said `text` `count` times."""
    deadline = time.monotonic() + 600
    while terminal.read_text(encoding="utf-8").count(text) < count:
        said = terminal.read_text(encoding="utf-8")
        if process.poll() is not None or time.monotonic() > deadline or "build failed" in said:
            raise RuntimeError(terminal.read_text(encoding="utf-8"))
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="archive-serve-") as name:
        folder = Path(name)
        archive = generate(folder / "content", args.count)
        event = archive.events[len(archive.events) // 2]
        record = archive.content / event.relative_path
        settings = folder / "settings.py"
        settings.write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
            f"PATH = {str(archive.content)!r}\nCACHE_PATH = {str(folder / 'cache')!r}\n",
            encoding="utf-8",
        )
        port = free_port()
        terminal = folder / "terminal.txt"
        process = subprocess.Popen(
            [*SERVE, "-s", str(settings), "-o", str(folder / "output"), "-p", str(port)],
            cwd=ROOT,  # as `make serve` runs: the settings' relative paths are the project's
            env={**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"},
            stdout=subprocess.DEVNULL,
            stderr=terminal.open("w", encoding="utf-8"),
        )
        waits: list[float] = []
        builds: list[float] = []
        try:
            wait_for(terminal, "built ", 1, process)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/events/{event.year}/{event.slug}/")
                for run in range(args.runs):
                    marker = f"Corrected in save {run}."
                    started = time.perf_counter()
                    with record.open("a", encoding="utf-8") as out:
                        out.write(f"\n{marker}\n")
                    page.wait_for_function(
                        f"document.body && document.body.innerText.includes({marker!r})",
                        timeout=600_000,
                        polling=20,
                    )
                    waits.append(time.perf_counter() - started)
                    wait_for(terminal, "built ", run + 2, process)
                    said = terminal.read_text(encoding="utf-8").rsplit("built ", 1)[1]
                    builds.append(float(said.split(" in ", 1)[1].split(" s", 1)[0]))
                    time.sleep(1)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=60)
    print(
        f"`python -m bench.serve --count {args.count} --runs {args.runs}`: a saved edit in the "
        f"browser after {statistics.median(waits):.2f} s (median; each: "
        f"{', '.join(f'{w:.2f}' for w in waits)} s), of which the build "
        f"{statistics.median(builds):.2f} s (median; each: {', '.join(f'{b:.2f}' for b in builds)} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
