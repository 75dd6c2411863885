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
    """A ` (did you mean 'x')` hint for a near-miss reference, or nothing."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}')" if close else ""


class ArchiveError(Exception):
    """The build stops: the archive has problems, all listed in the message."""

    exitcode = 1

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        listing = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the archive:\n{listing}")
