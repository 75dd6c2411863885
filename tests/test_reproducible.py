"""Reproducible and atomic builds: same content, same bytes; a failed build changes nothing.

Two builds of one archive run in separate processes that differ in everything that must not
matter: hash seed (set and dict order), time zone, the clock (libfaketime moves the second build
years ahead), file modification times, the order files were created in, and the folders used.
"""

from __future__ import annotations

import difflib
import gzip
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, REAL_CONTENT, ROOT, build, copy_content
from records.problems import ArchiveError
from sitebuild.build import BuildFailed, build_site
from test_hostile import CASES, SHOWN, install

Tree = dict[str, bytes]
# Pagefind (the search index) writes its filter indexes in Rust hash-map order, random in every
# process, so the filter files, and the meta and entry files that name them by their hashes,
# differ between builds of the same content (upstream: Pagefind/pagefind#638, "filter/metadata
# indexes still change"). Everything else, its fragments and word index included, must be
# byte-identical; the filter files must hold the same bytes in some order.
PAGEFIND_FILTER = re.compile(r"pagefind/filter/en_[0-9a-f]+\.pf_filter")
PAGEFIND_NAMING_FILTERS = re.compile(
    r"pagefind/(pagefind\.en_[0-9a-f]+\.pf_meta|pagefind-entry\.json)"
)


def tree(folder: Path) -> Tree:
    """Every file of a built site by its relative path, with its exact bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def unordered(site: Tree) -> tuple[Tree, list[bytes]]:
    """The tree less Pagefind's hash-ordered files, and the filter files' bytes, each sorted."""
    kept = {
        name: data
        for name, data in site.items()
        if not (PAGEFIND_FILTER.fullmatch(name) or PAGEFIND_NAMING_FILTERS.fullmatch(name))
    }
    filters = sorted(
        bytes(sorted(gzip.decompress(data)))
        for name, data in site.items()
        if PAGEFIND_FILTER.fullmatch(name)
    )
    return kept, filters


def differences(first: Tree, second: Tree) -> list[str]:
    """Files only in one tree, and the first differing lines of files in both."""
    found = [f"only in one build: {name}" for name in sorted(first.keys() ^ second.keys())]
    for name in sorted(first.keys() & second.keys()):
        if first[name] != second[name]:
            diff = difflib.unified_diff(
                first[name].decode("utf-8", "replace").splitlines(),
                second[name].decode("utf-8", "replace").splitlines(),
                lineterm="",
                n=0,
            )
            found.append(f"{name}:\n" + "\n".join(list(diff)[2:8]))
    return found


def copy_tree(source: Path, target: Path, *, reverse: bool, mtime: int) -> Path:
    """Copy a content tree creating files in sorted or reverse order, all with one mtime."""
    for path in sorted(source.rglob("*"), reverse=reverse):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(path.read_bytes())
        os.utime(destination, (mtime, mtime))
    return target


def build_in_process(
    content: Path, output: Path, base: str, *, seed: str, tz: str, clock: str | None
) -> Path:
    """`python -m sitebuild.build` in a fresh interpreter with the given seed, zone and clock."""
    settings = output.parent / f"{output.name}-settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom {base} import *\n"
        f"PATH = {str(content)!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "sitebuild.build", "-s", str(settings), "-o", str(output)]
    if clock:
        faketime = shutil.which("faketime")
        if faketime is None:
            pytest.fail("faketime (libfaketime) is missing: `make test` installs it")
        command = [faketime, clock, *command]
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}",
        "PYTHONHASHSEED": seed,
        "TZ": tz,
    }
    run = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stderr
    return output


def hostile_content(folder: Path) -> Path:
    """The fixture archive with every record of the hostile corpus that builds."""
    content = copy_content(FIXTURE_SITE, folder)
    for name in SHOWN:
        install(CASES[name], content)
    return content


@pytest.mark.parametrize(
    ("source", "base"),
    [("real", "pelicanconf"), ("hostile", "publishconf")],
)
def test_two_builds_in_different_conditions_are_byte_identical(source, base, tmp_path):
    original = REAL_CONTENT if source == "real" else hostile_content(tmp_path / "original")
    first_content = copy_tree(
        original, tmp_path / "a" / "content", reverse=False, mtime=1_600_000_000
    )
    second_content = copy_tree(original, tmp_path / "b" / "c2", reverse=True, mtime=1_000_000_000)
    first = build_in_process(
        first_content, tmp_path / "a" / "output", base, seed="0", tz="UTC", clock=None
    )
    second = build_in_process(
        second_content,
        tmp_path / "b" / "site",
        base,
        seed="4242",
        tz="Pacific/Kiritimati",
        clock="2041-06-15 12:34:56",
    )
    (one, loose_one), (two, loose_two) = unordered(tree(first)), unordered(tree(second))
    assert len(one) > 20 and any(name.startswith("feeds/") for name in one)
    assert differences(one, two) == []
    assert loose_one == loose_two, "Pagefind's filter indexes hold the same bytes in some order"


def test_building_other_content_in_between_leaves_no_trace(tmp_path):
    # Plugins run again in the same process (make serve's autoreload): no state may survive.
    first, loose_first = unordered(tree(build(FIXTURE_SITE, tmp_path / "first")))
    build(hostile_content(tmp_path / "other"), tmp_path / "between")
    again, loose_again = unordered(tree(build(FIXTURE_SITE, tmp_path / "again")))
    assert differences(first, again) == []
    assert loose_first == loose_again


def test_a_good_rebuild_replaces_the_whole_site(tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    output = build(content, tmp_path / "output")
    (content / "events/2014/account-launch.md").unlink()
    (content / "sources/s.yaml").unlink()  # the source only that record cited
    build(content, output)
    assert not (output / "events/2014/account-launch").exists()
    assert "events/2014/account-launch/" not in (output / "feeds/all.atom.xml").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"]


# --- A failed build leaves the previous site exactly as it was -----------------------------------


def _broken_record(content: Path, folder: Path) -> dict:
    (content / "events/2014/broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    return {}


def _broken_theme(replace: str, by: str) -> Callable[[Path, Path], dict]:
    def breaks(content: Path, folder: Path) -> dict:
        theme = Path(shutil.copytree(ROOT / "theme", folder / "theme"))
        template = theme / "templates/article.html"
        text = template.read_text(encoding="utf-8")
        assert replace in text
        template.write_text(text.replace(replace, by, 1), encoding="utf-8")
        return {"THEME": str(theme)}

    return breaks


FAILURES: dict[str, tuple[Callable[[Path, Path], dict], type[BaseException], str]] = {
    "broken record": (_broken_record, ArchiveError, "events/2014/broken.md:2: (file): YAML syntax"),
    "template syntax error": (
        _broken_theme("{% block content %}", "{% block content %}{% if %}"),
        Exception,
        "Expected an expression",
    ),
    "template error while rendering": (
        _broken_theme("{{ record.title }}", "{{ record.no_such_field.deeper }}"),
        Exception,
        "no_such_field",
    ),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failed_build_leaves_the_previous_site_byte_identical(failure, tmp_path):
    breaks, error, message = FAILURES[failure]
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    output = build(content, tmp_path / "output")
    before = tree(output)
    settings = breaks(content, tmp_path)
    with pytest.raises(error, match=re.escape(message)):
        build(content, output, settings)
    assert differences(before, tree(output)) == []
    assert not list(tmp_path.glob(".output.*")), "no staging or previous folder is left behind"


def _failing_step(exception: BaseException) -> Callable[[Path, dict], None]:
    def step(staging: Path, settings: dict) -> None:
        assert (staging / "index.html").is_file(), "post-build steps see the finished staging site"
        raise exception

    return step


@pytest.mark.parametrize(
    "exception",
    [BuildFailed("a post-build check failed"), KeyboardInterrupt()],
    ids=["post-build check", "interrupted"],
)
def test_a_build_stopped_after_pelican_wrote_everything_changes_nothing(exception, tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    output = build(content, tmp_path / "output")
    before = tree(output)
    overrides = {"PATH": str(content), "THEME": str(ROOT / "theme")}
    with pytest.raises(type(exception)):
        build_site(ROOT / "pelicanconf.py", output, overrides, [_failing_step(exception)])
    assert differences(before, tree(output)) == []
    assert not list(tmp_path.glob(".output.*"))


def test_make_html_says_a_template_error_left_the_site_as_it_was(tmp_path):
    content = copy_content(FIXTURE_SITE, tmp_path / "content")
    output = build(content, tmp_path / "output")
    before = tree(output)
    theme = _broken_theme("{{ record.title }}", "{{ record.no_such_field.deeper }}")(
        content, tmp_path
    )
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(content)!r}\nTHEME = {theme['THEME']!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "sitebuild.build", "-s", str(settings), "-o", str(output)],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"},
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "build failed: UndefinedError:" in run.stderr
    assert run.stderr.rstrip().endswith(f"{output}/ was left as it was.")
    assert differences(before, tree(output)) == []
