"""The content folder as the check and the build may read it: real files and folders only.

A symbolic link anywhere under content/ (a record, a leader, a page, the vocabulary, a year folder,
the events folder itself) could publish a file from outside the repository, and a dangling one
makes the build fail on a file that is not there; a file name that is not UTF-8 or that holds a
control character cannot be shown in a message or a URL. Each is refused with its path, and
nothing is read through it: the walk never follows a link, and the files it returns are the only
ones the check and the build read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .characters import name_problem
from .problems import Problem


@dataclass
class ContentTree:
    """Every regular file under the content folder, and a problem for everything else found."""

    root: Path
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def under(self, folder: str) -> list[Path]:
        """The regular files under `root/folder`, at any depth, sorted."""
        prefix = f"{self.root / folder}{os.sep}"  # a string test: 30,000 files at 10,000 records
        return sorted(p for p in self.files if str(p).startswith(prefix))


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def scan_content(root: Path) -> ContentTree:
    """Walk `root` without following links; refuse links, odd names and special files."""
    tree = ContentTree(root)
    if not root.is_dir():
        return tree
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as err:
            tree.problems.append(
                Problem(_shown(folder, root), 1, "(folder)", f"cannot be read: {err.strerror}")
            )
            continue
        for entry in entries:
            path = folder / entry.name
            problem = name_problem(entry.name)
            if problem is not None:
                tree.problems.append(Problem(_shown(path, root), 1, "(file name)", problem))
            elif entry.is_symlink():
                kind = "(folder)" if entry.is_dir() else "(file)"
                target = "a folder" if entry.is_dir() else "a file"
                dangling = "" if os.path.exists(path) else " to nothing"  # noqa: PTH110
                tree.problems.append(
                    Problem(
                        _shown(path, root),
                        1,
                        kind,
                        f"is a symbolic link{dangling}: everything under content/ must be a real "
                        f"file or folder of the repository (a link could publish {target} from "
                        f"outside it); put {target} itself there instead",
                    )
                )
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif entry.is_file(follow_symlinks=False):
                tree.files.append(path)
            else:
                tree.problems.append(
                    Problem(
                        _shown(path, root),
                        1,
                        "(file)",
                        "is not a regular file (a pipe, socket or device)",
                    )
                )
    tree.files.sort(key=lambda path: path.parts)  # the order of paths, without their slow `<`
    return tree
