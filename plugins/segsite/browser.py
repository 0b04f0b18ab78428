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
# The headless shell first: it is what Playwright itself launches for headless
# work, Blink without the browser around it, and it takes less of the cores
# (the demo's check pass: 94 s against 114 s with the whole browser, 2 cores).
SYSTEM_CHROMIUMS = (
    "/usr/bin/chromium-headless-shell",
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
)


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


def crawler_agent(browser) -> str:
    """The browser's own user agent, marked as a crawler. segsite counts no
    experiment exposure for a crawler and shows it every experiment's control
    arm (js/arms.js), so the check pass and the report see the same page on
    every run, not the arm a random device id falls in."""
    page = browser.new_page()
    try:
        return page.evaluate("navigator.userAgent") + " segsite-check-bot"
    finally:
        page.close()
