"""Problems found in records, reported all at once as `path:line: field: problem (suggestion)`."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, with where it is and, when we can tell, how to fix it."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command."""
        text = (
            f"{self.field}: {self.message}".replace("%", "%25")
            .replace("\r", "%0D")
            .replace("\n", "%0A")
        )
        return f"::error file={self.path},line={self.line}::{text}"


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x')` hint for a near-miss reference, or nothing."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}')" if close else ""


# Up to this many choices, difflib compares the value with each one; past it, `Suggester` first
# narrows them down, so that a suggestion costs the same in an archive of any size.
DIRECT_CHOICES = 200
MAX_SCANNED = 2000
MAX_RANKED = 50


@dataclass
class Suggester:
    """`did_you_mean` over many slugs at a bounded cost per lookup.

    Candidates are the slugs that share a hyphen-separated word (or the first three letters) with
    the unknown one, rarest words first and at most MAX_SCANNED of them; the MAX_RANKED sharing
    the most words are then compared by difflib. Without the bound, an archive with many typos
    among many sources would pay for a comparison of every typo with every source.
    """

    choices: list[str]
    by_key: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        index: defaultdict[str, list[str]] = defaultdict(list)
        if len(self.choices) > DIRECT_CHOICES:
            for choice in self.choices:
                for key in _keys(choice):
                    index[key].append(choice)
        self.by_key = dict(index)

    def hint(self, value: str) -> str:
        """` (did you mean 'x')`, or nothing."""
        if len(self.choices) <= DIRECT_CHOICES:
            return did_you_mean(value, self.choices)
        counts: Counter[str] = Counter()
        budget = MAX_SCANNED
        for key in sorted(_keys(value), key=lambda k: len(self.by_key.get(k, ()))):
            taken = self.by_key.get(key, [])[:budget]
            counts.update(taken)
            budget -= len(taken)
            if budget <= 0:
                break
        return did_you_mean(value, [choice for choice, _ in counts.most_common(MAX_RANKED)])


def _keys(slug: str) -> set[str]:
    return {*slug.split("-"), f"^{slug[:3]}"}


class ArchiveError(Exception):
    """The build stops: the archive has problems, all listed in the message."""

    exitcode = 1

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        listing = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the archive:\n{listing}")
