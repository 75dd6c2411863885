"""The GitHub workflows pass actionlint and do what CONTRIBUTING.md promises: pull requests get the
changed-records check and the tests; main is built with publishconf.py and deployed to Pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github/workflows"
ACTIONLINT = Path(sys.executable).parent / "actionlint"  # from the pinned test dependency group


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", "-oneline", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def uses(job: dict) -> dict[str, dict]:
    return {step["uses"].split("@")[0]: step for step in steps(job) if "uses" in step}


def test_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["publish.yml", "pull-request.yml"]
    run = actionlint(*files)
    assert (run.returncode, run.stdout + run.stderr) == (0, "")


def test_actionlint_really_lints(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.head_commit.message }}\n"
        "      - uses: actions/checkout@v7\n        with:\n          fetch_depth: 0\n",
        encoding="utf-8",
    )
    run = actionlint(broken)
    assert run.returncode == 1
    assert "potentially untrusted" in run.stdout and '"fetch_depth" is not defined' in run.stdout


def test_pull_requests_check_changed_records_against_their_base_and_run_the_tests():
    flow = workflow("pull-request.yml")
    assert set(flow["on"]) == {"pull_request"}
    assert flow["permissions"] == {"contents": "read"}
    records, tests = flow["jobs"]["records"], flow["jobs"]["test"]
    checkout = uses(records)["actions/checkout"]
    assert checkout["with"]["fetch-depth"] == 0, "the base branch is needed to diff against"
    check = next(step for step in steps(records) if "make check" in step.get("run", ""))
    assert check["run"] == 'make check CHANGED=1 BASE="origin/$BASE_REF"'
    assert check["env"] == {"BASE_REF": "${{ github.base_ref }}"}, "no expression inlined in run"
    assert "bash .ci/run" in runs(tests)
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_main_is_built_with_publishconf_and_deployed_to_pages():
    flow = workflow("publish.yml")
    assert flow["on"]["push"] == {"branches": ["main"]}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "make check" in runs(build) and "make publish" in runs(build)
    publish = subprocess.run(
        ["make", "-n", "publish"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "-s publishconf.py -o output" in publish.stdout
    assert uses(build)["actions/upload-pages-artifact"]["with"] == {"path": "output"}
    assert "actions/configure-pages" in uses(build)
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "actions/deploy-pages" in uses(deploy)
    assert flow["concurrency"]["cancel-in-progress"] is False


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_actions_are_official_and_pinned_to_a_release(name: str):
    for job in workflow(name)["jobs"].values():
        for step in steps(job):
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]
                if step["uses"].startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False


def test_the_make_commands_the_workflows_run_exist():
    for command in ("check CHANGED=1 BASE=origin/main", "check", "publish", "test"):
        run = subprocess.run(
            ["make", "-n", *command.split()], capture_output=True, text=True, cwd=ROOT, check=False
        )
        assert run.returncode == 0, run.stderr
    dry = subprocess.run(
        ["make", "-n", "check", "CHANGED=1", "BASE=origin/main"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert '-m editing.check "content" --changed origin/main' in dry.stdout
