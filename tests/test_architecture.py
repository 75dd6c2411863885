"""The layers of ARCHITECTURE.md hold: read from the import statements of every module in plugins/.

The records library imports nothing of Pelican and, of ours, only `processes` (worker processes,
below everything); no core package imports an output plugin. A test on the source, because a lazy import inside a function (the way
the nothing-lost check once reached into the feeds plugin) is an import all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
OUTPUT_PLUGINS = {"pages", "feeds", "exports", "readersite", "redirects", "cms"}
CORE = {"records", "archive", "sitebuild", "processes", "editing"}
OURS = OUTPUT_PLUGINS | CORE


def imported(package: str) -> dict[str, set[str]]:
    """Each module of `package` (by path) with the top-level packages it imports, at any depth."""
    found: dict[str, set[str]] = {}
    for path in sorted((PLUGINS / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(PLUGINS))] = names
    return found


def test_every_package_of_plugins_is_in_a_layer():
    packages = {p.name for p in PLUGINS.iterdir() if (p / "__init__.py").is_file()}
    assert packages == OURS


def test_worker_processes_know_nothing_of_records_or_pelican():
    wrong = {
        m: sorted(n & (OURS - {"processes"} | {"pelican"}))
        for m, n in imported("processes").items()
    }
    assert {m: n for m, n in wrong.items() if n} == {}


def test_the_records_library_imports_no_pelican_and_only_processes_of_ours():
    wrong = {
        module: sorted(names & (OURS - {"records", "processes"} | {"pelican"}))
        for module, names in imported("records").items()
    }
    assert {m: n for m, n in wrong.items() if n} == {}


@pytest.mark.parametrize("package", sorted(CORE))
def test_no_core_package_imports_an_output_plugin(package):
    wrong = {m: sorted(names & OUTPUT_PLUGINS) for m, names in imported(package).items()}
    assert {m: n for m, n in wrong.items() if n} == {}


def test_editors_tools_do_not_need_the_pelican_adapter_or_the_build():
    wrong = {m: sorted(n & {"archive", "sitebuild"}) for m, n in imported("editing").items()}
    assert {m: n for m, n in wrong.items() if n} == {}
