"""`make html`: build the site into a staging folder and swap it in only when the build is clean."""

from __future__ import annotations

import argparse
import importlib
import logging
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from .completeness import verify_published
from .problems import ArchiveError
from .stamp import BuildStamp

PostBuildStep = Callable[[Path, dict[str, Any]], None]


class BuildFailed(Exception):
    """The build did not produce a site worth publishing; the message says why."""


class _Collector(logging.Handler):
    """Remembers every warning and error that Pelican or a plugin logs during the build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def configured_steps(settings: dict[str, Any]) -> list[PostBuildStep]:
    """The `POST_BUILD` setting names steps as `module:function`, so test builds run them too."""
    steps: list[PostBuildStep] = []
    for name in settings.get("POST_BUILD", []):
        module, _, function = name.partition(":")
        steps.append(getattr(importlib.import_module(module), function))
    return steps


@contextmanager
def _collecting() -> Iterator[_Collector]:
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)


def _swap_in(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with two renames, so readers never see a half-written site."""
    previous = output.with_name(f".{output.name}.previous")
    if previous.exists():
        shutil.rmtree(previous)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    if previous.exists():
        shutil.rmtree(previous)


def build_site(
    settings_file: Path,
    output: Path,
    overrides: dict[str, Any] | None = None,
    post_build: list[PostBuildStep] | None = None,
) -> dict[str, Any]:
    """Build into a staging folder beside `output`; on any problem raise and leave `output` as it was."""
    output = output.resolve()
    staging = output.with_name(f".{output.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    settings = read_settings(
        str(settings_file), override={**(overrides or {}), "OUTPUT_PATH": str(staging)}
    )
    steps = [*configured_steps(settings), verify_published, *(post_build or [])]
    stamp = BuildStamp.for_build(settings, output, steps)
    if stamp is not None and stamp.is_current():
        return settings
    try:
        with _collecting() as collector:
            Pelican(settings).run()
        if collector.records:
            lines = "\n".join(f"{r.levelname}: {r.getMessage()}" for r in collector.records)
            raise BuildFailed(
                f"the build logged {len(collector.records)} warning(s) or error(s):\n{lines}"
            )
        for step in steps:
            step(staging, settings)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, output)
    if stamp is not None:
        stamp.save()
    return settings


def main(argv: list[str] | None = None) -> int:
    """Command line: exit 0 with a fresh `output/`, or 1 with every problem and `output/` untouched."""
    parser = argparse.ArgumentParser(prog="make html", description=__doc__)
    parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("-o", "--output", type=Path, default=Path("output"))
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING)
    started = time.perf_counter()
    try:
        build_site(args.settings, args.output)
    except ArchiveError as err:
        print(err, file=sys.stderr)
    except BuildFailed as err:
        print(f"build failed: {err}", file=sys.stderr)
    except Exception as err:  # a template or plugin bug: say what, keep the old site
        print(f"build failed: {type(err).__name__}: {err}", file=sys.stderr)
    else:
        print(f"built {args.output}/ in {time.perf_counter() - started:.2f} s", file=sys.stderr)
        return 0
    print(f"{args.output}/ was left as it was.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
