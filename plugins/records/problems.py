"""Problems found in records, reported all at once as `path:line: field: problem (suggestion)`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .characters import printable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, with where it is and, when we can tell, how to fix it."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}: {self.field}: {self.message}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command."""
        text = (
            f"{self.field}: {self.message}".replace("%", "%25")
            .replace("\r", "%0D")
            .replace("\n", "%0A")
        )
        path = printable(self.path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
        return f"::error file={path},line={self.line}::{text}"


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x')` hint for a near-miss reference, or nothing.

    Its cost grows with the number of choices: for a registry, use `NearMisses` instead."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}')" if close else ""


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class NearMisses:
    """`did_you_mean` against one large set of names, at a cost bounded by the query's length.

    Comparing a misspelt reference with every name of a registry makes checking an archive with
    many of them quadratic. Names are indexed by their three-letter pieces; a query is compared
    (with difflib's ratio, as `did_you_mean` does) only with the CANDIDATES names sharing most
    pieces with it, and pieces that more than COMMON names share are not counted. Sets no larger
    than CANDIDATES give exactly `did_you_mean`'s answer.
    """

    CANDIDATES = 32
    COMMON = 2000

    def __init__(self, names: Iterable[str]) -> None:
        self.names = list(dict.fromkeys(names))
        self.index: dict[str, list[int]] = {}
        if len(self.names) > self.CANDIDATES:
            for number, name in enumerate(self.names):
                for gram in _trigrams(name):
                    self.index.setdefault(gram, []).append(number)

    def hint(self, value: str) -> str:
        """` (did you mean 'x')`, or nothing."""
        if len(self.names) <= self.CANDIDATES:
            return did_you_mean(value, self.names)
        shared: dict[int, int] = {}
        for gram in _trigrams(value):
            holders = self.index.get(gram, ())
            if len(holders) <= self.COMMON:
                for number in holders:
                    shared[number] = shared.get(number, 0) + 1
        best = sorted(shared, key=lambda number: (-shared[number], number))[: self.CANDIDATES]
        return did_you_mean(value, [self.names[number] for number in sorted(best)])


class ArchiveError(Exception):
    """The build stops: the archive has problems, all listed in the message."""

    exitcode = 1

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        listing = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the archive:\n{listing}")
