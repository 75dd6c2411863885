"""Where a build's memory goes: the peak resident size of our process at each generator boundary.

`python -m bench.memory CONTENT OUTPUT` builds CONTENT as `make html` does (cache under
OUTPUT-cache) and prints, after each generator's `generate_context` and `generate_output` and at
`finalized`, the seconds since start and the process's peak resident memory (`ru_maxrss`: our
process only; Pagefind and workers are children). A jump names the phase that holds the memory.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    content, output = Path(args[0]), Path(args[1])
    import pelican
    from pelican import signals
    from sitebuild.build import build_site

    started = time.perf_counter()

    def mark(label: str) -> None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{time.perf_counter() - started:7.1f} s  peak {peak:6.0f} MB  {label}", flush=True)

    classes = pelican.Pelican._get_generator_classes

    def timed_classes(self: Any) -> list[type]:
        def wrap(cls: type) -> type:
            class Marked(cls):  # type: ignore[valid-type, misc]
                def generate_context(self) -> None:
                    super().generate_context()
                    mark(f"context of {cls.__name__}")

                def generate_output(self, writer: Any) -> None:
                    super().generate_output(writer)
                    mark(f"output of {cls.__name__}")

            Marked.__name__ = cls.__name__
            return Marked

        return [wrap(cls) for cls in classes(self)]

    pelican.Pelican._get_generator_classes = timed_classes  # type: ignore[method-assign]
    signals.finalized.connect(lambda _: mark("finalized"), weak=False)
    settings = {
        "PATH": str(content),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "CACHE_PATH": f"{output}-cache",
    }
    build_site(ROOT / "pelicanconf.py", output, settings)
    mark("built (verification and search included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
