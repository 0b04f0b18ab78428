"""How to start the check pass over a built site, for everything that runs
it as a process of its own (`segsite check`, the published pass, the
seeded-fault test, the benchmark): one pytest run over this folder, told
what to check by environment variables (see conftest.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CHECK_FOLDER = Path(__file__).resolve().parent


def check_command(
    site: Path,
    settings: Path,
    report: Path,
    *,
    url: str | None = None,
    scope: str = "full",
    pytest_args: tuple[str, ...] = (),
) -> tuple[list[str], dict[str, str]]:
    """(command, environment) that check ``site`` (its settings file, where the
    report goes; ``url`` where it is served already, else the pass serves it)."""
    env = {
        **os.environ,
        "SEGSITE_CHECK_SITE": str(Path(site).resolve()),
        "SEGSITE_CHECK_SETTINGS": str(Path(settings).resolve()),
        "SEGSITE_CHECK_REPORT": str(Path(report).resolve()),
        "SEGSITE_CHECK_SCOPE": scope,
    }
    if url:
        env["SEGSITE_CHECK_URL"] = url
    # The pass's own pytest.ini (-c): a site's or a repository's pytest
    # configuration (addopts, warnings as errors, testpaths) must not change
    # what the check pass does; its rootdir is this folder.
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(CHECK_FOLDER),
        "-c",
        str(CHECK_FOLDER / "pytest.ini"),
        "--rootdir",
        str(CHECK_FOLDER),
    ]
    return command + list(pytest_args), env
