"""The code style gate: ruff's lint rules and formatter (configured in
pyproject.toml) over the plugin and the tests, as part of every test run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    # The ruff beside this interpreter (.venv/bin) first: the version pyproject pins.
    command = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if command is None:
        pytest.fail("ruff is not installed: run `make install`")
    return subprocess.run(
        [command, *args, "--no-cache", "plugins", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff_finds_no_lint_problem():
    result = ruff("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted_as_ruff_formats_it():
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
