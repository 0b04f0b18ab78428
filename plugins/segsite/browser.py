"""Finding and starting Chromium for segsite's own browser work (the report's
thumbnails) and for the tests: Playwright's build where it is installed, else
the system's, or the one SEGSITE_CHROMIUM names."""

from __future__ import annotations

import os
from pathlib import Path

# For a closed network and a root user in CI: no sandbox, no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SYSTEM_CHROMIUMS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_executable(playwright) -> str | None:
    """The executable to launch, or None when Playwright's own build is there."""
    named = os.environ.get("SEGSITE_CHROMIUM")
    if named:
        return named
    own = playwright.chromium.executable_path
    if own and Path(own).exists():
        return None
    for candidate in SYSTEM_CHROMIUMS:
        if Path(candidate).exists():
            return candidate
    raise RuntimeError("No Chromium found: run `make browser`, or set SEGSITE_CHROMIUM")


def launch_args(playwright) -> dict:
    executable = chromium_executable(playwright)
    args = {"args": CHROMIUM_ARGS}
    if executable:
        args["executable_path"] = executable
    return args
