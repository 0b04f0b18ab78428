"""Browser fixtures: a real Chromium through pytest-playwright, and the built
demo served on 127.0.0.1 at a free port."""

from __future__ import annotations

import fnmatch
import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.background import published_check
from tests.conftest import build_demo

# tests/site/check is the check pass over a built site, not a test of the
# kit: it runs when a site is named (`make check`, the check-pass tests and
# the published check set SEGSITE_CHECK_SITE), so a plain `pytest` never
# stops on a missing output/.
collect_ignore = [] if os.environ.get("SEGSITE_CHECK_SITE") else ["check"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # (path pattern, [(header, value)]) from the folder's _headers file, as
    # Netlify and Cloudflare Pages apply it (make publish writes one).
    header_rules: tuple = ()

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def end_headers(self):
        path = urlsplit(self.path).path
        for pattern, headers in self.header_rules:
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()


def read_headers_file(folder: Path) -> tuple:
    """The rules of ``folder/_headers``: a path pattern, then indented
    ``Name: value`` lines."""
    rules: list = []
    file = folder / "_headers"
    for line in file.read_text(encoding="utf-8").splitlines() if file.is_file() else []:
        if line and not line[0].isspace():
            rules.append((line.strip(), []))
        elif line.strip() and rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return tuple(rules)


def serve(folder: Path, port: int = 0):
    """Serve ``folder`` on 127.0.0.1 (at a free port unless given), with the
    headers its _headers file names; returns (base URL, server)."""
    handler = functools.partial(
        type("Handler", (_QuietHandler,), {"header_rules": read_headers_file(folder)}),
        directory=str(folder),
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(autouse=True)
def _cores_to_ourselves(request):
    """Tests marked quiet_cores measure frames and layout shifts: each waits
    until the check pass over the published site, running in the background
    since the session began (tests/background.py), has finished. (They run
    last: tests/conftest.py puts them there.)"""
    running = published_check(request.config)
    if running is not None and request.node.get_closest_marker("quiet_cores"):
        running.result()


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def demo_url(demo_output):
    base, server = serve(demo_output)
    yield base
    server.shutdown()
    server.server_close()
