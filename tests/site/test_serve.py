"""`make serve`: one long-lived `segsite serve` process on 127.0.0.1. A
Markdown edit reaches the open browser through the server's event stream
(no polling); a broken file shows its problems over the page while the last
good site stays served, and fixing it brings the page back; what the
process builds is byte for byte what a fresh `segsite build` writes; a change
to the kit's own Python code restarts the process."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from segsite.cli import build_command
from segsite.serve import EVENTS_PATH
from tests.conftest import PINNED_EPOCH, ROOT, tree
from tests.site.helpers import readme_screenshot

# Only catches a hang: how fast an edit arrives is a figure in `make bench`,
# never an assertion (a busy machine must not fail the run).
HANG_S = 30
HANG_MS = HANG_S * 1000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_options(site: Path) -> list[str]:
    return [
        f"--{name}={site / file}"
        for name, file in (
            ("settings", "settings.py"),
            ("content", "content"),
            ("segments", "segments.yaml"),
            ("output", "output"),
        )
    ]


def start_serving(site: Path, plugins: Path = ROOT / "plugins"):
    """`segsite serve` of ``site`` in its own process, with the kit from
    ``plugins``; returns (process, base URL) once it serves."""
    port = free_port()
    log = open(site / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 - the process owns it
    process = subprocess.Popen(
        [sys.executable, "-m", "segsite.cli", "serve", *site_options(site), f"--port={port}"],
        cwd=site,
        env={**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH, "PYTHONPATH": str(plugins)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + HANG_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/en/", timeout=1):
                return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail("segsite serve did not start: " + (site / "serve.log").read_text())


@pytest.fixture
def served(tiny_site):
    process, base = start_serving(tiny_site)
    yield base, tiny_site
    process.terminate()
    process.wait(timeout=10)


class BuildEvents:
    """The server's event stream, read as a page's EventSource reads it."""

    def __init__(self, base: str):
        self.stream = urllib.request.urlopen(base + EVENTS_PATH, timeout=HANG_S)

    def next(self) -> dict:
        for raw in self.stream:
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("data: "):
                return json.loads(line[len("data: ") :])
        raise AssertionError("the event stream ended")

    def next_build(self, after: dict) -> dict:
        """The next state with another site (a build that succeeded)."""
        state = self.next()
        while state["build"] == after["build"]:
            state = self.next()
        return state


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_reaches_the_open_page_through_the_event_stream_not_by_polling(browser, served):
    base, site = served
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.goto(base + "/en/")
    assert "Body for everyone." in page.locator("main").inner_text()
    edit(site / "content/landing/home.en.md", "Body for everyone.", "Body, edited for everyone.")
    page.get_by_text("Body, edited for everyone.").wait_for(timeout=HANG_MS)
    # A poller would have asked several times by now; a stream asks nothing more.
    page.wait_for_timeout(1000)
    kinds = [(request.resource_type, request.url.removeprefix(base)) for request in requests]
    assert [kind for kind in kinds if kind[0] in ("fetch", "xhr")] == []
    # One stream per page load: the page before the edit, and after its reload.
    loads = kinds.count(("document", "/en/"))
    assert loads >= 2
    assert kinds.count(("eventsource", EVENTS_PATH)) == loads


@pytest.mark.readme_screenshots
def test_a_broken_file_shows_an_error_page_and_the_last_good_site_stays(browser, served):
    base, site = served
    page = browser.new_page(viewport={"width": 900, "height": 300})
    page.goto(base + "/en/")
    segments = site / "segments.yaml"
    good = segments.read_text(encoding="utf-8")
    edit(segments, "    priority: 5", "    priorty: 5")
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=HANG_MS)
    readme_screenshot(page, "build-error.png")
    assert (
        "segments.yaml:10: unknown key 'priorty' in segment 'returning' (did you mean 'priority'?)"
        in alert.inner_text()
    )
    # The last good site is still what the server sends.
    with urllib.request.urlopen(base + "/en/") as response:
        assert "Main-banner-en" in response.read().decode("utf-8")
    segments.write_text(good, encoding="utf-8")
    alert.wait_for(state="detached", timeout=HANG_MS)
    assert page.locator(".banner-headline:visible").inner_text() == "Main-banner-en"


def test_the_serving_process_writes_what_a_fresh_build_writes(served, tmp_path):
    base, site = served
    events = BuildEvents(base)
    state = events.next()
    # A landing page's Markdown: rendered again in place, its pages only.
    edit(site / "content/landing/offer.en.md", "Offer body en.", "Offer body en, edited.")
    state = events.next_build(state)
    # A section: every page that shows it, a whole build in the same process.
    edit(site / "content/sections/setup.en.md", "Setup text en", "Setup text en, edited")
    state = events.next_build(state)
    # A broken segments.yaml, then fixed: the failed build leaves nothing behind.
    segments = site / "segments.yaml"
    good = segments.read_text(encoding="utf-8")
    edit(segments, "    priority: 5", "    priorty: 5")
    while not state["problems"]:
        state = events.next()
    segments.write_text(good, encoding="utf-8")
    events.next_build(state)
    fresh = tmp_path / "fresh"
    subprocess.run(
        build_command(site / "settings.py", site / "content", site / "segments.yaml", fresh),
        cwd=site,
        env={**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH},
        check=True,
        capture_output=True,
    )
    served_files, fresh_files = tree(site / "output"), tree(fresh)
    assert sorted(served_files) == sorted(fresh_files)
    assert [name for name in fresh_files if served_files[name] != fresh_files[name]] == []
    assert "Offer body en, edited." in served_files["en/offer/index.html"].decode("utf-8")
    assert "Setup text en, edited" in served_files["en/index.html"].decode("utf-8")


def test_a_change_to_the_kits_python_code_restarts_the_serving_process(
    browser, tiny_site, tmp_path
):
    # A copy of the kit, so the test may change its code.
    plugins = tmp_path / "plugins"
    shutil.copytree(ROOT / "plugins" / "segsite", plugins / "segsite", ignore=_pycache)
    process, base = start_serving(tiny_site, plugins)
    try:
        page = browser.new_page()
        page.goto(base + "/en/about/")
        edit(plugins / "segsite/live.py", '"""The live preview', '"""The live preview,')
        edit(tiny_site / "content/pages/about.en.md", "About en.", "About, after the restart.")
        page.get_by_text("About, after the restart.").wait_for(timeout=HANG_MS)
        log = (tiny_site / "serve.log").read_text(encoding="utf-8")
        assert "the kit's Python code changed; restarting to load it" in log
        assert process.poll() is None  # the same process, started afresh
    finally:
        process.terminate()
        process.wait(timeout=10)


def _pycache(folder, names):
    return [name for name in names if name == "__pycache__"]
