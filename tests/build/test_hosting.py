"""Host configuration: the GitHub Actions workflow and netlify.toml run
commands that exist, in the order that keeps a failing site unpublished."""

from __future__ import annotations

import importlib.metadata
import re
import shlex
import shutil
import tomllib

import yaml

from segsite.edge import NETLIFY_FILE
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
# Commands a GitHub-hosted Ubuntu runner has, besides what the steps install.
RUNNER_COMMANDS = {"sudo"}


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m[1] for m in re.finditer(r"^([A-Za-z][\w-]*):", text, re.MULTILINE)}


def commands_in(script: str) -> list[list[str]]:
    """Each simple command of a shell script (lines, &&, ;, |), as words,
    without leading VAR=value assignments."""
    commands = []
    for line in script.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part, comments=True)
            while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
                words = words[1:]
            if words:
                commands.append(words)
    return commands


def declared_commands() -> set[str]:
    """Commands `make install` puts into .venv/bin: segsite's own scripts and
    those of the dependencies pyproject.toml names (looked up in their metadata)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    commands = set(project.get("scripts", {})) | {"python", "pip"}
    requirements = project["dependencies"] + [
        r for extra in project.get("optional-dependencies", {}).values() for r in extra
    ]
    for requirement in requirements:
        name = re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0]
        try:
            entry_points = importlib.metadata.distribution(name).entry_points
        except importlib.metadata.PackageNotFoundError:
            continue
        commands |= {e.name for e in entry_points if e.group == "console_scripts"}
    return commands


def assert_command_exists(words: list[str]) -> None:
    if words[0] == "sudo":
        words = words[1:]
    program = words[0]
    if program == "make":
        targets = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        assert targets, f"bare `make`: name the target in {words}"
        missing = set(targets) - make_targets()
        assert not missing, f"no Makefile target {missing}"
    elif program.startswith(".venv/bin/"):
        # Installed into .venv by `make install`: a console script of segsite or
        # of one of its declared dependencies (a fact about the code, not about
        # which machine ran `make install`).
        name = program.removeprefix(".venv/bin/")
        assert name in declared_commands(), (
            f"{program}: no dependency in pyproject.toml provides it"
        )
    else:
        assert program in RUNNER_COMMANDS or shutil.which(program), f"no command {program}"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_runs_on_a_push_to_main():
    # YAML reads the key `on` as True.
    trigger = workflow().get("on") or workflow().get(True)
    assert trigger["push"]["branches"] == ["main"]


def test_every_command_the_workflow_runs_exists():
    steps = [step for job in workflow()["jobs"].values() for step in job["steps"]]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs
    for script in runs:
        for words in commands_in(script):
            assert_command_exists(words)
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), step["uses"]


def test_workflow_tests_then_publishes_then_deploys():
    jobs = workflow()["jobs"]
    build_runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    test_at = next(i for i, run in enumerate(build_runs) if "make test" in run)
    publish_at = next(i for i, run in enumerate(build_runs) if "make publish" in run)
    upload_at = next(
        i
        for i, step in enumerate(jobs["build"]["steps"])
        if step.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert test_at < publish_at < upload_at
    assert jobs["build"]["steps"][upload_at]["with"]["path"].rstrip("/") == "output"
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_netlify_builds_with_make_publish_and_finds_the_edge_function():
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))["build"]
    for words in commands_in(config["command"]):
        assert_command_exists(words)
    assert "make publish" in config["command"]
    assert config["publish"] == "output"
    # make publish writes the function where netlify.toml looks for it.
    assert config["edge_functions"] == "output/" + NETLIFY_FILE.rsplit("/", 1)[0]
