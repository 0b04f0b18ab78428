"""The check pass over what CI publishes: `make publish`'s output, served by a
static server with its _headers (every check) and by the Cloudflare Worker
under miniflare (what the edge can change). Part of every test run, so a
plain `pytest` runs what `make test` runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

# Only catches a hang (the pass takes a few minutes on two cores).
HANG_SECONDS = 1800


def test_published_site_passes_the_check_pass_on_both_servers():
    result = subprocess.run(
        [sys.executable, "-m", "tests.site.check.published"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_SECONDS,
        check=False,
    )
    print(result.stdout[-20000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
