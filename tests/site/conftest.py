"""Browser fixtures: a real Chromium through pytest-playwright, and the built
demo served on 127.0.0.1 at a free port."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from segsite.cli import build
from tests.conftest import PINNED_EPOCH, ROOT

# Flags for a closed network and a root user in CI (see DEVELOPERS notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_executable() -> str | None:
    """SEGSITE_CHROMIUM, else Playwright's own build if installed, else the system one."""
    named = os.environ.get("SEGSITE_CHROMIUM")
    if named:
        return named
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        own = playwright.chromium.executable_path
    if own and Path(own).exists():
        return None  # Playwright finds its own build
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if Path(candidate).exists():
            return candidate
    raise RuntimeError("No Chromium found: run `make browser`, or set SEGSITE_CHROMIUM")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = chromium_executable()
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if executable:
        args["executable_path"] = executable
    return args


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 at a free port; returns (base URL, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(ROOT)
        return build(ROOT / "pelicanconf.py", output=tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def demo_url(demo_output):
    base, server = serve(demo_output)
    yield base
    server.shutdown()
    server.server_close()
