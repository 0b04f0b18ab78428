"""The check pass over the published site, started in the background when
the session begins, beside the build, edge and unit tests (which time
nothing); every browser test waits for it to finish first, so none of them
measures frames or layout shifts on cores the pass is using. The test in
tests/site/test_published_check.py then reads its outcome.

This takes the pass (a few minutes on two cores) off the critical path of a
test run without running two browser workloads side by side."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass

import pytest

from tests.conftest import ROOT

PUBLISHED_CHECK = (
    "tests/site/test_published_check.py::test_published_site_passes_the_check_pass_on_both_servers"
)
# Only catches a hang.
HANG_SECONDS = 1800
running_key = pytest.StashKey["PublishedCheck"]()


@dataclass
class PublishedCheck:
    process: subprocess.Popen
    log: object
    outcome: tuple[int, str] | None = None

    @classmethod
    def start(cls) -> PublishedCheck:
        log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in result
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.site.published"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its servers and browsers end with it
        )
        return cls(process, log)

    def result(self) -> tuple[int, str]:
        """(exit code, output), waiting for the pass to end."""
        if self.outcome is None:
            try:
                code = self.process.wait(timeout=HANG_SECONDS)
            except subprocess.TimeoutExpired:
                self.stop()
                code = -1
            self.log.seek(0)
            self.outcome = (code, self.log.read())
            self.log.close()
        return self.outcome

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)


def start_if_selected(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    if any(item.nodeid == PUBLISHED_CHECK for item in session.items):
        session.config.stash[running_key] = PublishedCheck.start()


def published_check(config: pytest.Config) -> PublishedCheck | None:
    return config.stash.get(running_key, None)


def stop(session: pytest.Session) -> None:
    running = published_check(session.config)
    if running is not None:
        running.stop()
