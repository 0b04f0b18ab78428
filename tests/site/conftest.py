"""Browser fixtures: a real Chromium through pytest-playwright, and the built
demo served on 127.0.0.1 at a free port (segsite's own static server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from segsite.static_server import serving
from tests.background import background_jobs
from tests.conftest import build_demo


@pytest.fixture(autouse=True)
def _cores_to_ourselves(request):
    """Tests marked quiet_cores measure frames and layout shifts: each waits
    until the background jobs (the check pass over the published site, then
    the longest check-pass tests: tests/background.py) have finished. (They
    run last: tests/conftest.py puts them there.)"""
    running = background_jobs(request.config)
    if running is not None and request.node.get_closest_marker("quiet_cores"):
        running.wait_all()


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def demo_url(demo_output):
    with serving(demo_output) as base:
        yield base
