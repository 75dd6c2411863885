"""The costliest bodies `make check` accepts: for each Markdown construct known to make
Python-Markdown slow or recurse, the largest body made of it that passes the bounds of
`records.bodybounds`, and its rendering time per character against ordinary prose.

`python -m bench.bodies` prints the table (BENCHMARKS.md, "Bodies"); nothing here is timed in the
test suite, which only renders bodies at the bounds (tests/test_input_bounds.py).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from records.bodybounds import body_problems
from records.events import MAX_BODY_CHARACTERS
from records.markup import BodyRenderer

PROSE = (
    "The Secretary-General answered questions from [Weibo users](https://example.org/x) for an "
    "hour, and *many* of them asked about jobs, peace and the climate. "
)
# Each repeated as often as one block allows, then that block as often as the body allows.
CONSTRUCTS = [
    "[", "![", "*[", "[^", "> [", "- [", "1. [", "(", "<", "<http://", "<a>", "<<", "&", "\\*",
    "\\", "`", "*a* ", "[x](y) ", "<b>a</b> ", "> ", ">", "- ", "+ ", "1. ", "1. - ", "- 1. ",
    "    - x\n", "> - > - x\n", "-\n", "#\n", "\n=", "*\n\n", "[\n\n", "term\n: def\n",
    "term\n: def\n\n", "*[A]: b\n", "[^1]: n\n", "x[^1] ", "| a | b |\n", "```\nx\n```\n",
    '<div markdown="1">\n',
]  # fmt: skip


def _seconds(renderer: BodyRenderer, text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        renderer.render(text)
        best = min(best, time.process_time() - started)
    return best


def _largest(make: Callable[[int], str], limit: int) -> str | None:
    """The largest `make(n)` within the body size that `body_problems` accepts."""
    low, high, found = 1, limit, None
    while low <= high:
        middle = (low + high) // 2
        text = make(middle)
        if len(text) <= MAX_BODY_CHARACTERS and text.strip() and not body_problems(text):
            found, low = text, middle + 1
        else:
            high = middle - 1
    return found


def costliest(runs: int = 3) -> tuple[float, list[tuple[str, int, float]]]:
    """(prose seconds per character, [(construct, body length, seconds)]), costliest first."""
    renderer = BodyRenderer()
    prose = (PROSE * (MAX_BODY_CHARACTERS // len(PROSE) + 1))[:MAX_BODY_CHARACTERS]
    per_character = _seconds(renderer, prose, runs) / len(prose)
    rows = []
    for construct in CONSTRUCTS:
        block = _largest(lambda n, c=construct: c * n, MAX_BODY_CHARACTERS // len(construct) + 1)
        if block is None:
            continue
        unit = block.rstrip("\n") + "\n\n"
        body = _largest(lambda n, u=unit: u * n, MAX_BODY_CHARACTERS // len(unit) + 1) or block
        rows.append((construct, len(body), _seconds(renderer, body, runs)))
    rows.sort(key=lambda row: row[2] / row[1], reverse=True)
    return per_character, rows


def main(argv: list[str] | None = None) -> int:
    """Print the table: construct, body length, time, and time per character against prose."""
    parser = argparse.ArgumentParser(prog="python -m bench.bodies", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="best of this many renderings")
    parser.add_argument("--top", type=int, default=12, help="rows to print")
    args = parser.parse_args(argv)
    prose, rows = costliest(args.runs)
    print(f"prose: {prose * 1e6:.2f} µs per character ({prose * MAX_BODY_CHARACTERS * 1e3:.0f} ms "
          f"for {MAX_BODY_CHARACTERS:,} characters)")  # fmt: skip
    print("| construct | body (characters) | rendering | per character, × prose |")
    print("| --- | ---: | ---: | ---: |")
    for construct, length, seconds in rows[: args.top]:
        shown = repr(construct).replace("|", "\\|")
        print(f"| `{shown}` | {length:,} | {seconds * 1e3:.0f} ms | "
              f"{seconds / length / prose:.1f}× |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
