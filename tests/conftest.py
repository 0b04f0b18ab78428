"""Shared test helpers: real Pelican builds into temporary folders, HTML read
with a real (html5lib) parser."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from segsite.browser import launch_args
from segsite.cli import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    """The Chromium every browser test launches: Playwright's own, or the
    system's (segsite.browser), from the session's one Playwright."""
    return {**browser_type_launch_args, **launch_args(playwright)}


FIXTURES = ROOT / "tests" / "fixtures"
# 2026-11-15, the date the demo and fixtures are checked at: loyalty-week runs,
# summer-sale-2026 has ended, nowruz-2027 has not started.
PINNED_EPOCH = "1794700800"


@pytest.fixture(autouse=True)
def pinned_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)


def read_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "html5lib")


def make_tiny_site(site: Path, extra_settings: str = "") -> Path:
    """A writable copy of the tiny fixture site in ``site``: content/,
    segments.yaml and settings.py (the demo's settings, then ``extra_settings``)."""
    shutil.copytree(FIXTURES / "tiny", site / "content")
    shutil.copy(FIXTURES / "tiny-segments.yaml", site / "segments.yaml")
    (site / "settings.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa\n"
        "SEGSITE_DEFAULT_BANNER = None\n"
        "SEGSITE_MENU = ['home', 'offer', 'about']\n" + extra_settings,
        encoding="utf-8",
    )
    return site


@pytest.fixture
def tiny_site(tmp_path) -> Path:
    return make_tiny_site(tmp_path / "site")


def build_pinned(site: Path, output: Path | None = None, **kwargs) -> Path:
    """build_site at the pinned date, from the site's folder (for module fixtures)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(site)
        return build_site(site, output, **kwargs)


def build_demo(output: Path) -> Path:
    """The demo site at the pinned date, into ``output``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(ROOT)
        return build(ROOT / "pelicanconf.py", output=output)


def build_site(site: Path, output: Path | None = None, **kwargs) -> Path:
    """Build a site folder made by ``tiny_site`` (or shaped like it)."""
    return build(
        site / "settings.py",
        content=site / "content",
        segments=site / "segments.yaml",
        output=output or site.parent / "output",
        **kwargs,
    )


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def shown_to_segment(doc: BeautifulSoup, selector: str, segment: str | None = None) -> list:
    """Elements matching ``selector`` that CSS shows to ``segment`` (default: the
    page's own <html data-segment>): every data-variant block around them lists it."""
    segment = segment or doc.html["data-segment"]
    found = []
    for element in doc.select(selector):
        blocks = [element, *element.parents]
        if all(
            segment in block.get("data-variant", "").split()
            for block in blocks
            if getattr(block, "get", None) and block.get("data-variant") is not None
        ):
            found.append(element)
    return found


def pytest_configure(config):
    """One social-card cache for the session (segsite/card_drawing.py): each
    card is drawn by the first publish that needs it, not by every publish."""
    if "SEGSITE_CARD_CACHE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="segsite-cards-")
        os.environ["SEGSITE_CARD_CACHE"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def pytest_collection_modifyitems(config, items):
    """Tests that need the cores to themselves (quiet_cores) run last, after
    the background check pass; everything else runs beside it. They first
    wait for the background jobs, which are stopped after LANES_SECONDS, so
    their hang timeout (pyproject's ``timeout``) counts that wait too."""
    from tests.background import LANES_SECONDS

    items.sort(key=lambda item: item.get_closest_marker("quiet_cores") is not None)
    if not config.pluginmanager.hasplugin("timeout"):  # pytest-timeout: the test extra
        return
    for item in items:
        if item.get_closest_marker("quiet_cores") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(LANES_SECONDS + 900))


def pytest_collection_finish(session):
    from tests import background

    background.start_if_selected(session)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from tests import background

    background.summarize(terminalreporter, config)


def pytest_sessionfinish(session, exitstatus):
    from tests import background

    background.stop(session)  # a run stopped early (-x, Ctrl-C) leaves nothing behind
