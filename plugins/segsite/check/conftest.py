"""The check pass (docs/contract.md, The check pass): every page of a built site, at each
viewport, in Chromium. `segsite check` runs it (see command.py), in the
site's folder: over output/ by default; SEGSITE_CHECK_SITE names another
folder, SEGSITE_CHECK_SETTINGS its settings file (default pelicanconf.py) and
SEGSITE_CHECK_REPORT where the HTML report goes (default output-check/).
SEGSITE_CHECK_URL: the site is already served there (by the Worker, or at the
address make publish wrote into its links); otherwise the pass serves the
folder itself. The browser fixtures are pytest-playwright's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from segsite.browser import launch_args
from segsite.check.findings import CheckFailed
from segsite.check.report import write_report
from segsite.check.site import Site, load_settings
from segsite.check.visit import Visitor
from segsite.static_server import serving

SITE_ROOT = Path(os.environ.get("SEGSITE_CHECK_SITE", "output")).resolve()
REPORT_ROOT = Path(os.environ.get("SEGSITE_CHECK_REPORT", "output-check")).resolve()
SERVED_AT = os.environ.get("SEGSITE_CHECK_URL") or None
# "full" (default): every check. "edge": the pass over the site as the
# Cloudflare Worker serves it, after a full pass over the same files from a
# static server. The Worker sends the same bytes for a page it leaves generic
# (no rule matched), so the layout, accessibility and text checks would judge
# identical pages again; what only the Worker can break is what it adds or
# changes: its response headers (the CSP must still let every script run),
# its routing of every page and asset, the language and direction of what it
# sends, and the pages it personalizes itself (other variants removed), which
# must show what the segment's own page shows.
SCOPE = os.environ.get("SEGSITE_CHECK_SCOPE", "full")
if SCOPE not in ("full", "edge"):
    raise pytest.UsageError(f"SEGSITE_CHECK_SCOPE={SCOPE!r}: use full or edge")
EDGE_CHECKS = frozenset(
    {
        "lang_and_dir",
        "no_console_errors",
        "no_failed_requests",
        "no_requests_to_other_hosts",
        "right_variant_for_each_segment",
    }
)


RUN = "segsite-check-run"


def pytest_configure(config):
    config.pluginmanager.register(CheckRun(), RUN)


def check_run(config) -> CheckRun:
    return config.pluginmanager.get_plugin(RUN)


def pytest_generate_tests(metafunc):
    site = check_run(metafunc.config).site()
    names = metafunc.fixturenames
    if "landing_segment" in names:
        pairs = site.landing_variants()
        metafunc.parametrize("landing_segment", pairs, ids=[f"{p}?segment={s}" for p, s in pairs])
    elif "stylesheet" in names:
        sheets = site.stylesheets()
        metafunc.parametrize(
            "stylesheet", sheets, ids=[str(s.relative_to(site.root)) for s in sheets]
        )
    elif "page_path" in names:
        metafunc.parametrize("page_path", site.pages)
    if "viewport" in names:
        viewports = site.settings["viewports"]
        metafunc.parametrize("viewport", viewports, ids=[f"{w}x{h}" for w, h in viewports])


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    """Playwright's own Chromium, or the system's (segsite.browser)."""
    return {**browser_type_launch_args, **launch_args(playwright)}


@pytest.fixture(scope="session")
def site(pytestconfig) -> Site:
    return check_run(pytestconfig).site()


@pytest.fixture(scope="session")
def site_url(site):
    if SERVED_AT:
        yield SERVED_AT
        return
    with serving(site.root) as base:
        yield base


@pytest.fixture(scope="session")
def visitor(browser, site, site_url):
    shots = REPORT_ROOT / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    return Visitor(browser, site_url, site.settings, shots, light=SCOPE == "edge")


@pytest.fixture(scope="session")
def visits(visitor, site):
    """visits(path, viewport): the cached Visit of a page (a page's first
    use loads it at every viewport at once)."""
    cache = {}

    def get(path, viewport):
        key = (path, tuple(viewport))
        if key not in cache:
            for size, visit in visitor.visit_all(path, site.settings["viewports"]).items():
                cache[(path, size)] = visit
        return cache[key]

    return get


def pytest_collection_modifyitems(config, items):
    """The edge scope keeps the checks whose answer the Worker can change."""
    if SCOPE != "edge":
        return
    kept = [item for item in items if item.originalname.removeprefix("test_") in EDGE_CHECKS]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


@pytest.fixture(autouse=True)
def _label(request):
    """Page, viewport and check for the report, whatever the test's shape."""
    params = getattr(request.node, "callspec", None)
    params = params.params if params else {}
    page = params.get("page_path") or (params.get("landing_segment") or [None])[0]
    if "landing_segment" in params:
        page = f"{params['landing_segment'][0]}?segment={params['landing_segment'][1]}"
    if "stylesheet" in params:
        page = "/" + params["stylesheet"].relative_to(SITE_ROOT).as_posix()
    viewport = params.get("viewport")
    request.node.user_properties += [
        ("page", page),
        ("viewport", f"{viewport[0]}x{viewport[1]}" if viewport else ""),
        ("check", request.node.originalname.removeprefix("test_")),
    ]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and isinstance(call.excinfo.value, CheckFailed):
        failure = call.excinfo.value
        report.user_properties += [("findings", failure.findings), ("advice", failure.advice)]


class CheckRun:
    """One run of the pass: the site, read once per process, and each
    check's outcome as it comes, for results.json and the HTML report."""

    def __init__(self):
        self._site: Site | None = None
        self.results: list[dict] = []
        # Seconds spent in the check pass's own tests (setup, call, teardown).
        self.seconds = 0.0

    def site(self) -> Site:
        if self._site is None:
            if not SITE_ROOT.is_dir():
                raise pytest.UsageError(
                    f"{SITE_ROOT} does not exist: build it first (`segsite build`)"
                )
            self._site = Site(SITE_ROOT, load_settings(), base_url=SERVED_AT)
        return self._site

    def pytest_runtest_logreport(self, report):
        props = dict(report.user_properties)
        if "check" not in props:
            return
        self.seconds += report.duration
        if report.when != "call" and not (report.when == "setup" and report.failed):
            return
        entry = {
            "page": props.get("page"),
            "viewport": props.get("viewport"),
            "check": props.get("check"),
            "outcome": report.outcome,
        }
        if report.failed:
            entry["findings"] = props.get("findings") or [str(report.longrepr).splitlines()[-1]]
            entry["advice"] = props.get("advice", "")
        self.results.append(entry)

    def pytest_sessionfinish(self, session):
        if not self.results:
            return
        REPORT_ROOT.mkdir(parents=True, exist_ok=True)
        failures = [r for r in self.results if r["outcome"] == "failed"]
        summary = {"seconds": round(self.seconds, 1), "checks": len(self.results)}
        (REPORT_ROOT / "results.json").write_text(
            json.dumps({**summary, "failures": failures}, indent=1), encoding="utf-8"
        )
        write_report(REPORT_ROOT, SITE_ROOT, self.results, self.seconds)
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line(
                f"check pass: {len(self.results)} checks, {len(failures)} failed,"
                f" {self.seconds:.0f} s; report: {REPORT_ROOT / 'index.html'}"
            )
            for failure in failures:
                reporter.write_line(
                    f"  FAIL {failure['page']} {failure['viewport']} [{failure['check']}]"
                    f" {'; '.join(failure['findings'])} -> {failure.get('advice', '')}"
                )
