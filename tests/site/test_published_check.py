"""The check pass over what CI publishes: `make publish`'s output, served by a
static server with its _headers (every check) and by the Cloudflare Worker
under miniflare (what the edge can change). Part of every test run, so a
plain `pytest` runs what `make test` runs. The pass starts in the
background when the session begins (tests/background.py); this test reads
its outcome (run alone, it starts it itself). So do the groups of tests run
beside the session."""

from __future__ import annotations

import pytest

from tests.background import (
    BACKGROUND_GROUPS,
    PUBLISHED_CHECK,
    background_tests_job,
    job_for,
    published_check_job,
    runner,
)

pytestmark = [pytest.mark.browser, pytest.mark.quiet_cores]


def test_published_site_passes_the_check_pass_on_both_servers(request):
    code, output = outcome(request, PUBLISHED_CHECK, published_check_job)
    print(output[-20000:])
    assert code == 0, output[-8000:]


@pytest.mark.parametrize("group", list(BACKGROUND_GROUPS))
def test_background_tests_pass(request, group):
    """A group of tests run in a pytest of its own beside this session
    (tests/background.py); their report is this test's output."""
    tests = list(BACKGROUND_GROUPS[group])
    code, output = outcome(request, runner(group), lambda: background_tests_job(tests))
    print(output[-20000:])
    assert code == 0, output[-8000:]


def outcome(request, nodeid: str, make_job) -> tuple[int, str]:
    """The background job's result; run alone, the test runs the job itself."""
    job = job_for(request.config, nodeid)
    if job is None:
        job = make_job()
        job.run()
    return job.result()
