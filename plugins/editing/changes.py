"""What a branch changes, for `make check CHANGED=1`: the files it touches and the problems that
were already there on the base branch, so a pull request is judged on its own changes only."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from records.problems import Problem
from records.registry import relative
from records.validation import check_archive

DEFAULT_BASES = ("origin/main", "main")


class ChangesError(Exception):
    """Git cannot tell what changed (no repository, unknown base); the message says what to do."""


def _git(top: Path, *args: str) -> bytes:
    run = subprocess.run(["git", "-C", str(top), *args], capture_output=True, check=False)
    if run.returncode != 0:
        message = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChangesError(f"git {args[0]} failed: {message[-1] if message else run.returncode}")
    return run.stdout


def _paths(output: bytes) -> list[str]:
    return [p for p in output.decode("utf-8").split("\0") if p]


def _resolve_base(top: Path, base: str | None) -> tuple[str, str]:
    """The base's name and the commit where the branch left it (as `git diff BASE...HEAD` uses)."""
    for candidate in (base,) if base else DEFAULT_BASES:
        try:
            _git(top, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}")
        except ChangesError:
            continue
        return candidate, _git(top, "merge-base", candidate, "HEAD").decode().strip()
    wanted = base or " or ".join(DEFAULT_BASES)
    raise ChangesError(
        f"no branch or commit {wanted} here: fetch it (git fetch origin main) or pass BASE=<branch>"
    )


def _problems_at(top: Path, commit: str, content: Path) -> list[Problem]:
    """Check the content folder as it was at `commit`, from `git archive` in a temporary folder."""
    inside = content.relative_to(top).as_posix()
    run = subprocess.run(
        ["git", "-C", str(top), "archive", "--format=tar", commit, "--", inside],
        capture_output=True,
        check=False,
    )
    if run.returncode != 0:  # the folder did not exist yet: nothing was wrong with it
        return []
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=io.BytesIO(run.stdout)) as tar:
            tar.extractall(folder, filter="data")
        return check_archive(Path(folder) / inside).problems


@dataclass(frozen=True)
class ChangedScope:
    """The files a branch adds, modifies or renames (committed or not) and the base's problems."""

    base: str
    changed: frozenset[str]
    known: frozenset[tuple[str, int, str]]

    def select(self, problems: Iterable[Problem]) -> list[Problem]:
        """Problems in changed files, and problems elsewhere that the change caused (a removed
        leader, a duplicate slug); never the ones the base branch already had in untouched files."""
        return [
            p
            for p in problems
            if p.path in self.changed or (p.path, p.line, p.field) not in self.known
        ]


def changed_scope(content: Path, base: str | None = None) -> ChangedScope:
    """Compare the working tree of the repository holding `content` with its merge base."""
    content = content.resolve()
    try:
        top = Path(_git(content, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    except (ChangesError, FileNotFoundError) as err:
        raise ChangesError(f"{content} is not in a git repository ({err})") from None
    name, merge_base = _resolve_base(top, base)
    # `git diff <merge base>` compares the working tree: committed, staged and unstaged changes.
    touched = _paths(_git(top, "diff", "--name-only", "-z", "-M", "--diff-filter=AMR", merge_base))
    touched += _paths(_git(top, "ls-files", "--others", "--exclude-standard", "-z"))
    changed = frozenset(relative(top / p, content) for p in touched)
    known = frozenset((p.path, p.line, p.field) for p in _problems_at(top, merge_base, content))
    return ChangedScope(name, changed, known)
