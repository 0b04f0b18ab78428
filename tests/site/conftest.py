"""Browser fixtures: a real Chromium through pytest-playwright, and the built
demo served on 127.0.0.1 at a free port."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from segsite.browser import launch_args
from tests.conftest import build_demo


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return {**browser_type_launch_args, **launch_args(playwright)}


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
    return build_demo(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def demo_url(demo_output):
    base, server = serve(demo_output)
    yield base
    server.shutdown()
    server.server_close()
