"""`make serve`: a Markdown edit reaches the open browser by itself; a broken
segments.yaml shows its problems in the browser while the last good site
stays served, and fixing it brings the site back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import PINNED_EPOCH, ROOT
from tests.site.helpers import readme_screenshot


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tiny_site):
    port = free_port()
    log = open(tiny_site / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "segsite.cli",
            "serve",
            "--settings",
            str(tiny_site / "settings.py"),
            "--content",
            str(tiny_site / "content"),
            "--segments",
            str(tiny_site / "segments.yaml"),
            "--output",
            str(tiny_site / "output"),
            "--port",
            str(port),
        ],
        cwd=tiny_site,
        env={**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH, "PYTHONPATH": str(ROOT / "plugins")},
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/en/", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        log.close()
        pytest.fail("segsite serve did not start: " + (tiny_site / "serve.log").read_text())
    yield base, tiny_site
    process.terminate()
    process.wait(timeout=10)
    log.close()


# Only catches a hang: how fast the edit arrives is a figure in `make bench`,
# never an assertion (a busy machine must not fail the run).
HANG_MS = 30_000


def test_an_edit_shows_in_the_open_browser_without_a_manual_reload(browser, served):
    base, site = served
    page = browser.new_page()
    page.goto(base + "/en/about/")
    assert page.locator("main").inner_text().strip().endswith("About en.")
    page.wait_for_timeout(600)  # the reload script has polled once
    source = site / "content/pages/about.en.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("About en.", "About us, edited."),
        encoding="utf-8",
    )
    page.get_by_text("About us, edited.").wait_for(timeout=HANG_MS)


@pytest.mark.readme_screenshots
def test_a_broken_file_shows_an_error_page_and_the_last_good_site_stays(browser, served):
    base, site = served
    page = browser.new_page(viewport={"width": 900, "height": 300})
    page.goto(base + "/en/")
    page.wait_for_timeout(600)
    segments = site / "segments.yaml"
    good = segments.read_text(encoding="utf-8")
    segments.write_text(good.replace("    priority: 5", "    priorty: 5"), encoding="utf-8")
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
