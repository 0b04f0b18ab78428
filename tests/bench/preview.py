"""`make bench`, the figures that were once timed tests: the live preview
(save a landing page's Markdown -> `segsite serve` sends the new HTML) and the
check pass over the demo (seconds, pages per second, where its time goes).
Each is measured from outside the processes it starts, on sites in temporary
folders, with bounded loops."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from segsite.check.command import check_command, default_jobs
from tests.bench.common import EPOCH, ROOT, count_pages
from tests.edge.runtime import free_port

# A bounded wait for any one save to show (a hang, not a figure).
HANG_SECONDS = 60
STARTUP_HANG_SECONDS = 600
# What `segsite serve` prints after each build.
BUILT_RE = re.compile(r"segsite serve: built in ([0-9.]+) s")


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


def site_arguments(
    site: Path,
    settings: str = "settings.py",
    content: str = "content",
    segments: str = "segments.yaml",
    output: str = "output",
) -> list[str]:
    """The path options of a site laid out under ``site``."""
    return [
        "--settings",
        str(site / settings),
        "--content",
        str(site / content),
        "--segments",
        str(site / segments),
        "--output",
        str(site / output),
    ]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, hang_seconds: float = HANG_SECONDS) -> float:
    """Seconds until ``url`` holds ``text`` (polled every 10 ms)."""
    started = time.monotonic()
    while time.monotonic() - started < hang_seconds:
        try:
            if text in fetch(url):
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{url} never showed {text!r} within {hang_seconds} s")


def demo_preview_latency(saves: int = 5) -> dict:
    """The live preview on a copy of the demo, saving a landing page."""
    with tempfile.TemporaryDirectory(prefix="segsite-bench-preview-") as scratch:
        site = demo_copy(Path(scratch))
        source = site / "content/landing/online-store.en.md"
        return preview_latency(site, site_arguments(site), source, "/en/online-store/", saves)


def preview_latency(
    site: Path, arguments: list[str], source: Path, url_path: str, saves: int = 5
) -> dict:
    """Median seconds from saving ``source`` to `segsite serve` sending the
    new HTML at ``url_path``; and the median of the serving process's own
    build times (its log), the rest being the file watcher and the request."""
    port = free_port()
    log = site / "serve.log"
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "segsite.cli", "serve", *arguments, "--port", str(port)],
            cwd=site,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    original = source.read_text(encoding="utf-8")
    try:
        url = f"http://127.0.0.1:{port}{url_path}"
        wait_for(url, "</html>", STARTUP_HANG_SECONDS)  # its first build may be a full one
        times = []
        for number in range(1, saves + 1):
            marker = f"Preview edit number {number}."
            time.sleep(0.5)  # the watcher is idle again
            source.write_text(original + f"\n{marker}\n", encoding="utf-8")
            times.append(round(wait_for(url, marker), 3))
    finally:
        server.terminate()
        server.wait(timeout=30)
        source.write_text(original, encoding="utf-8")
    builds = [float(seconds) for seconds in BUILT_RE.findall(log.read_text(encoding="utf-8"))]
    return {
        "saves": saves,
        "median_s": round(statistics.median(times), 2),
        "all_s": times,
        "build_median_s": round(statistics.median(builds[-saves:]), 2),
    }


def check_pass_time() -> dict:
    """Wall seconds of the check pass (every check, both viewports) over the
    demo as `segsite check --all` runs it (its parts side by side, one a
    core), pages per second, and seconds per page in each phase (the
    parts' together)."""
    with tempfile.TemporaryDirectory(prefix="segsite-bench-check-") as scratch:
        site = demo_copy(Path(scratch))
        subprocess.run(
            [sys.executable, "-m", "segsite.cli", "build", *site_arguments(site)],
            cwd=site,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
            check=True,
            capture_output=True,
        )
        timed = timed_check(site / "output", site / "settings.py", site / "report", cli=True)
        if timed["code"] != 0:
            raise RuntimeError("check pass over the demo failed:\n" + timed["output"])
        parts = default_jobs(None)
        return {**timed_figures(timed, count_pages(site / "output"), parts), "parts": parts}


def timed_check(
    output: Path,
    settings: Path,
    report: Path,
    shard: str | None = None,
    reuse: bool = False,
    cli: bool = False,
) -> dict:
    """One `segsite check --all` of a built site (``shard``: "K/N", a part of
    its pages; ``reuse``: `segsite check`, re-using kept results; ``cli``:
    the command itself, in parts side by side, else one pass): its wall
    seconds, failed, run and re-used checks, the pages it owned and the
    seconds of each of its phases (segsite/check/phases.py)."""
    if cli:
        command = [sys.executable, "-m", "segsite.cli", "check", "--settings", str(settings)]
        command += ["--output", str(output), "--report", str(report)]
        command += (["--shard", shard] if shard else []) + ([] if reuse else ["--all"])
        env = dict(os.environ)
    else:
        command, env = check_command(output, settings, report, shard=shard, reuse=reuse)
    phases_file = report.parent / f"{report.name}-phases.json"
    phases_file.unlink(missing_ok=True)  # the totals of this run only
    env["SEGSITE_CHECK_PHASES"] = str(phases_file)
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    results_file = report / "results.json"
    if not results_file.is_file():
        raise RuntimeError("the check pass wrote no results:\n" + result.stdout[-3000:])
    results = json.loads(results_file.read_text(encoding="utf-8"))
    return {
        "wall": wall,
        "code": result.returncode,
        "failed": results["failed"],
        "ran": results["checks"] - results["reused"],
        "reused": results["reused"],
        "owned_pages": results["owned"]["pages"],
        # No file: nothing ran in the browser or read a page (all re-used).
        "phases": json.loads(phases_file.read_text(encoding="utf-8"))["seconds"]
        if phases_file.is_file()
        else {},
        "output": result.stdout[-3000:],
    }


def timed_figures(timed: dict, pages: int, parts: int = 1) -> dict:
    """Seconds, pages per second and, per page, each phase; the rest of the
    wall time is pytest, the browser's start and the checks themselves. In
    ``parts`` side by side, the phases are the parts' seconds together (each
    slower than alone: they share the cores), and no rest is told."""
    wall = timed["wall"]
    per_page = {
        name: round(seconds / pages, 3)
        for name, seconds in sorted(timed["phases"].items(), key=lambda item: -item[1])
    }
    print(
        "check pass phases, s per page: "
        + ", ".join(f"{name} {seconds}" for name, seconds in per_page.items())
        + (
            f" | rest {round(wall / pages - sum(per_page.values()), 3)}"
            if parts == 1
            else f" | {parts} parts together"
        )
    )
    return {
        "pages": pages,
        "wall_s": round(wall, 1),
        "pages_per_s": round(pages / wall, 2),
        "s_per_page": round(wall / pages, 2),
        "phases_s_per_page": per_page,
        "failed": timed["failed"],
    }
