"""The check pass over what CI publishes: `make publish`'s output, served by a
static server with its _headers (every check) and by the Cloudflare Worker
under miniflare (what the edge can change). Part of every test run, so a
plain `pytest` runs what `make test` runs. The pass starts in the
background when the session begins (tests/background.py); this test reads
its outcome (run alone, it starts it itself)."""

from __future__ import annotations

import pytest

from tests.background import PublishedCheck, published_check

pytestmark = [pytest.mark.browser, pytest.mark.quiet_cores]


def test_published_site_passes_the_check_pass_on_both_servers(request):
    running = published_check(request.config) or PublishedCheck.start()
    code, output = running.result()
    print(output[-20000:])
    assert code == 0, output[-8000:]
