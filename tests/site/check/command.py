"""How to start the check pass over a built site, for everything that runs
it as a process of its own (make check, the published pass, the seeded-fault
test, the benchmark): one pytest run over tests/site/check, told what to check
by environment variables (see conftest.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


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
        "SEGSITE_CHECK_SITE": str(site),
        "SEGSITE_CHECK_SETTINGS": str(settings),
        "SEGSITE_CHECK_REPORT": str(report),
        "SEGSITE_CHECK_SCOPE": scope,
    }
    if url:
        env["SEGSITE_CHECK_URL"] = url
    command = [sys.executable, "-m", "pytest", "tests/site/check", "-q", "-p", "no:cacheprovider"]
    return command + list(pytest_args), env
