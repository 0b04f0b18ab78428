"""The background jobs of the test session (tests/background.py) always end
and always say how: a job that cannot start, runs too long or ignores
SIGTERM fails its reading test instead of leaving the quiet tests waiting
(a job thread that died once kept a CI run waiting until CI's own limit)."""

from __future__ import annotations

import sys
import threading

from tests import background
from tests.background import BackgroundJobs, Job

# Only catches a hang of the code under test.
ENDS_WITHIN = 60


def run_in_thread(job: Job) -> None:
    threading.Thread(target=job.run, daemon=True).start()
    assert job.done.wait(timeout=ENDS_WITHIN), "the job's thread never said it ended"


def test_a_job_that_cannot_start_ends_and_says_why(monkeypatch):
    monkeypatch.setattr(background, "START_PAUSE_SECONDS", 0)
    job = Job(["/nonexistent/segsite-test-command"])
    run_in_thread(job)
    code, output = job.result()
    assert code == -1
    assert "FileNotFoundError" in output and "segsite-test-command" in output


def test_a_job_that_outlives_the_lanes_is_stopped_and_fails(monkeypatch):
    monkeypatch.setattr(background, "LANES_SECONDS", 1)
    monkeypatch.setattr(background, "STOP_GRACE_SECONDS", 5)
    job = Job([sys.executable, "-c", "import time; time.sleep(600)"])
    running = BackgroundJobs({"slow": job})
    running.start()
    running.wait_all()
    code, output = job.result()
    assert code != 0
    assert job.process.poll() is not None


def test_stopping_a_job_that_ignores_sigterm_kills_it(monkeypatch, tmp_path):
    monkeypatch.setattr(background, "STOP_GRACE_SECONDS", 1)
    ready = tmp_path / "ready"
    ignores_term = (
        "import pathlib, signal, sys, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "pathlib.Path(sys.argv[1]).touch()\n"
        "time.sleep(600)\n"
    )
    job = Job([sys.executable, "-c", ignores_term, str(ready)])
    threading.Thread(target=job.run, daemon=True).start()
    for _ in range(ENDS_WITHIN * 10):
        if ready.exists():
            break
        job.done.wait(timeout=0.1)
    assert ready.exists(), "the job never started"
    job.stop()
    assert job.done.wait(timeout=ENDS_WITHIN)
    assert job.result()[0] == -9  # SIGTERM was ignored; SIGKILL ended it
