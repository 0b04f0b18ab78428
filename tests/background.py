"""Work started in the background when the session begins, side by side and
beside the tests of this session:

1. the check pass over the published site (tests/site/published.py), read
   by tests/site/test_published_check.py;
2. each group of BACKGROUND_GROUPS (the longest check-pass tests; the edge
   tests; report, campaign, serve and the 400-device split) in a pytest of
   its own, read by test_background_tests_pass[<group>] there; in this
   session those tests are deselected.

Every browser test that measures frames or layout shifts (quiet_cores)
waits for all of them to finish first, so none measures on cores they use.

Run alone (a file, a -k), a test runs here as always: the jobs start only
when their reading test is selected. With all of them running, the two cores
of the machine CI runs on were busy for about 94% of the run with the whole
Chromium (read from /proc/stat around a fresh-clone `bash .ci/run`); the
headless shell (segsite/browser.py) took the run from 11.6 to 7.5 minutes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field

import pytest

from tests.conftest import ROOT

PUBLISHED_CHECK = (
    "tests/site/test_published_check.py::test_published_site_passes_the_check_pass_on_both_servers"
)
BACKGROUND_RUNNER = "tests/site/test_published_check.py::test_background_tests_pass"
# Groups of tests run in a pytest of their own each, beside this session:
# folders, files, or one test. None of them measures frames or shifts.
BACKGROUND_GROUPS = {
    "longest-checks": (
        "tests/site/test_check_pass.py",
        "tests/site/test_check_random_faults.py",
        "tests/site/test_check_shards.py",
        "tests/site/test_site_shapes.py",
        "tests/build/test_kit.py::"
        "test_the_wheel_installs_into_a_new_environment_and_builds_checks_and_serves_a_new_site",
    ),
    "edge": ("tests/edge",),
    "browser": (
        "tests/site/test_report.py",
        "tests/site/campaign",
        "tests/site/test_serve.py",
        "tests/site/test_experiments.py::test_fresh_devices_split_across_arms_and_keep_their_arm",
    ),
}
# A group that starts when another has ended, so that it does not compete
# with the first jobs for the cores. In a fresh-clone run on two cores (the
# terminal summary prints when each job ran), in the Chromium headless shell:
# published check 0-237 s, longest checks 0-341 s, edge 0-243 s, browser
# 243-375 s, this session's own tests 398 s (with the whole browser: 386,
# 549, 285, 285-564 and 642 s).
STARTS_AFTER = {"browser": "edge"}
# Only catches a hang: a job still running this long after the session began
# is stopped, and its reading test fails with what it printed. Normal lanes end
# within about 600 s; with the session's own tests and the quiet ones after it,
# a hung job still leaves CI well inside its limit.
LANES_SECONDS = 1500
# Starting a process can fail for a moment on a loaded machine (fork: EAGAIN,
# ENOMEM); a start is tried this often, a pause apart, before the job fails.
START_ATTEMPTS = 3
START_PAUSE_SECONDS = 1
# How long a stopped job has to end after SIGTERM, then after SIGKILL.
STOP_GRACE_SECONDS = 30
jobs_key = pytest.StashKey["BackgroundJobs"]()


@dataclass
class Job:
    """One command, run when its turn comes; its exit code and output.

    Whatever happens, ``done`` is set and ``outcome`` says what happened: a
    job that cannot start, or dies in its thread, fails its reading test with
    the traceback instead of leaving the tests that wait for it waiting."""

    command: list[str]
    after: Job | None = None  # started once this one has ended
    done: threading.Event = field(default_factory=threading.Event)
    process: subprocess.Popen | None = None
    outcome: tuple[int, str] | None = None
    cancelled: bool = False
    # Seconds since the session's start when the job started and ended: the
    # terminal summary prints them, so a slow suite shows which lane it waits on.
    span: tuple[float, float] | None = None

    def run(self, session_start: float | None = None) -> None:
        started = time.monotonic()
        # One deadline for the whole session's jobs (a job run alone: its own).
        deadline = (started if session_start is None else session_start) + LANES_SECONDS
        try:
            if self.after is not None:
                self.after.done.wait()
                started = time.monotonic()
            self.outcome = self._run_logged(deadline)
        except BaseException:  # whatever it is, the reading test reports it
            self.outcome = (-1, "the background job failed:\n" + traceback.format_exc())
        finally:
            origin = started if session_start is None else session_start
            self.span = (started - origin, time.monotonic() - origin)
            self.done.set()

    def _run_logged(self, deadline: float) -> tuple[int, str]:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
            if self.cancelled or time.monotonic() >= deadline:
                return (-1, "stopped before it started")
            self.process = self._start(log)
            try:
                code = self.process.wait(timeout=max(deadline - time.monotonic(), 0))
                note = ""
            except subprocess.TimeoutExpired:
                self.stop()
                code, note = -1, f"\nstopped: running {LANES_SECONDS} s after the session began"
            log.seek(0)
            return (code, log.read() + note)

    def _start(self, log) -> subprocess.Popen:
        attempt = 1
        while True:
            try:
                return subprocess.Popen(
                    self.command,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its servers and browsers end with it
                )
            except OSError:
                if attempt == START_ATTEMPTS:
                    raise
                attempt += 1
                time.sleep(START_PAUSE_SECONDS)

    def result(self) -> tuple[int, str]:
        """(exit code, output), waiting for the job to end."""
        if not self.done.wait(timeout=LANES_SECONDS + 120):
            return (-1, "the background job did not end")
        return self.outcome

    def stop(self) -> None:
        """Ends the job and everything it started; never raises."""
        self.cancelled = True
        process = self.process
        if process is None or process.poll() is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
                process.wait(timeout=STOP_GRACE_SECONDS)
                return
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue


def published_check_job() -> Job:
    return Job([sys.executable, "-m", "tests.site.published"])


def background_tests_job(nodeids: list[str]) -> Job:
    return Job([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *nodeids])


@dataclass
class BackgroundJobs:
    """The jobs by reading test's nodeid, each run in a thread of its own."""

    jobs: dict[str, Job]
    started: float = field(default_factory=time.monotonic)

    def start(self) -> None:
        for job in self.jobs.values():
            threading.Thread(target=job.run, args=(self.started,), daemon=True).start()

    def spans(self) -> list[str]:
        """When each finished job ran, in seconds since the session began."""
        return [
            f"{nodeid.rpartition('::')[2]}: {job.span[0]:.0f}-{job.span[1]:.0f} s"
            for nodeid, job in self.jobs.items()
            if job.span is not None
        ]

    def wait_all(self) -> None:
        """Waits for every job; each stops itself LANES_SECONDS after the
        session began (its reading test then fails)."""
        for job in self.jobs.values():
            job.result()

    def stop(self) -> None:
        for job in self.jobs.values():
            job.stop()


def start_if_selected(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    selected = {item.nodeid for item in session.items}
    jobs: dict[str, Job] = {}
    if PUBLISHED_CHECK in selected:
        jobs[PUBLISHED_CHECK] = published_check_job()
    for group, tests in BACKGROUND_GROUPS.items():
        if runner(group) not in selected:
            continue
        moved = [item for item in session.items if in_group(item.nodeid, tests)]
        if moved:
            session.config.hook.pytest_deselected(items=moved)
            session.items[:] = [item for item in session.items if item not in moved]
            jobs[runner(group)] = background_tests_job([item.nodeid for item in moved])
    for group, first in STARTS_AFTER.items():
        if runner(group) in jobs and runner(first) in jobs:
            jobs[runner(group)].after = jobs[runner(first)]
    if jobs:
        running = BackgroundJobs(jobs)
        session.config.stash[jobs_key] = running
        running.start()


def runner(group: str) -> str:
    """The nodeid of the test that reads a group's report."""
    return f"{BACKGROUND_RUNNER}[{group}]"


def in_group(nodeid: str, tests: tuple[str, ...]) -> bool:
    return any(
        nodeid == one or nodeid.startswith((one + "::", one + "/", one + "[")) for one in tests
    )


def background_jobs(config: pytest.Config) -> BackgroundJobs | None:
    return config.stash.get(jobs_key, None)


def job_for(config: pytest.Config, nodeid: str) -> Job | None:
    running = background_jobs(config)
    return running.jobs.get(nodeid) if running else None


def summarize(terminal, config: pytest.Config) -> None:
    running = background_jobs(config)
    if running is not None and running.spans():
        terminal.write_line("background jobs ran: " + "; ".join(running.spans()))


def stop(session: pytest.Session) -> None:
    running = background_jobs(session.config)
    if running is not None:
        running.stop()
