"""`make bench`, the figures that were once timed tests: the live preview
(save a landing page's Markdown -> `segsite serve` sends the new HTML) and the
check pass over the demo (seconds, pages per second, where its time goes).
Each is measured as a whole process on a copy of the demo in a temporary
folder, with bounded loops."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from segsite.check.command import check_command
from tests.bench.common import EPOCH, ROOT, count_pages
from tests.edge.runtime import free_port

# A bounded wait for any one save to show (a hang, not a figure).
HANG_SECONDS = 60


def demo_copy(folder: Path) -> Path:
    """content/ and segments.yaml of the demo, with settings that take the kit's
    theme and plugin from this checkout."""
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "segments.yaml", folder / "segments.yaml")
    (folder / "settings.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n",
        encoding="utf-8",
    )
    return folder


def site_arguments(site: Path) -> list[str]:
    return [
        "--settings",
        str(site / "settings.py"),
        "--content",
        str(site / "content"),
        "--segments",
        str(site / "segments.yaml"),
        "--output",
        str(site / "output"),
    ]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str) -> float:
    """Seconds until ``url`` holds ``text`` (polled every 10 ms)."""
    started = time.monotonic()
    while time.monotonic() - started < HANG_SECONDS:
        try:
            if text in fetch(url):
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{url} never showed {text!r} within {HANG_SECONDS} s")


def preview_latency(saves: int = 5) -> dict:
    """Median seconds from saving a landing page to `segsite serve` sending it."""
    with tempfile.TemporaryDirectory(prefix="segsite-bench-preview-") as scratch:
        site = demo_copy(Path(scratch))
        port = free_port()
        command = [sys.executable, "-m", "segsite.cli", "serve", *site_arguments(site)]
        server = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=site,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/en/online-store/"
            wait_for(url, "</html>")
            source = site / "content/landing/online-store.en.md"
            original = source.read_text(encoding="utf-8")
            times = []
            for number in range(1, saves + 1):
                marker = f"Preview edit number {number}."
                time.sleep(0.5)  # the watcher is idle again
                source.write_text(original + f"\n{marker}\n", encoding="utf-8")
                times.append(round(wait_for(url, marker), 3))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"saves": saves, "median_s": round(statistics.median(times), 2), "all_s": times}


def check_pass_time() -> dict:
    """Wall seconds of the check pass (every check, both viewports) over the
    demo, pages per second, and seconds per page in each phase."""
    with tempfile.TemporaryDirectory(prefix="segsite-bench-check-") as scratch:
        site = demo_copy(Path(scratch))
        subprocess.run(
            [sys.executable, "-m", "segsite.cli", "build", *site_arguments(site)],
            cwd=site,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
            check=True,
            capture_output=True,
        )
        command, env = check_command(site / "output", site / "settings.py", site / "report")
        phases_file = Path(scratch) / "phases.json"
        env["SEGSITE_CHECK_PHASES"] = str(phases_file)
        started = time.monotonic()
        result = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        wall = time.monotonic() - started
        if result.returncode != 0:
            raise RuntimeError("check pass over the demo failed:\n" + result.stdout[-3000:])
        pages = count_pages(site / "output")
        phases = json.loads(phases_file.read_text(encoding="utf-8"))["seconds"]
    # Where the time goes: seconds per page in each phase of the visits
    # (segsite/check/phases.py); the rest of the wall time is pytest, the
    # browser's start and the checks themselves.
    per_page = {
        name: round(seconds / pages, 3)
        for name, seconds in sorted(phases.items(), key=lambda item: -item[1])
    }
    print(
        "check pass phases, s per page: "
        + ", ".join(f"{name} {seconds}" for name, seconds in per_page.items())
        + f" | rest {round(wall / pages - sum(per_page.values()), 3)}"
    )
    return {
        "pages": pages,
        "wall_s": round(wall, 1),
        "pages_per_s": round(pages / wall, 2),
        "s_per_page": round(wall / pages, 2),
        "phases_s_per_page": per_page,
    }
