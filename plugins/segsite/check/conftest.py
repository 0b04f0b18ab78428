"""The check pass (docs/contract.md, The check pass): every page of a built site, at each
viewport, in Chromium. `segsite check` runs it (see command.py), in the
site's folder: over output/ by default; SEGSITE_CHECK_SITE names another
folder, SEGSITE_CHECK_SETTINGS its settings file (default pelicanconf.py) and
SEGSITE_CHECK_REPORT where the HTML report goes (default output-check/).
SEGSITE_CHECK_URL: the site is already served there (by the Worker, or at the
address make publish wrote into its links); otherwise the pass serves the
folder itself. SEGSITE_CHECK_SHARD=K/N: only the K-th of N parts of the pages
(shards.py); SEGSITE_CHECK_REUSE=1: re-use the kept result of every check
whose key is unchanged (store.py)."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from segsite.browser import launch_args
from segsite.check.results import summary_lines, write_results
from segsite.check.shards import Owned, Shard, owned_by
from segsite.check.site import Site, load_settings
from segsite.check.store import Keys, ResultStore, entry_key, environment, label
from segsite.check.units import RUN, Chooser, Planned, all_checks, fail_unit, plan, run
from segsite.check.views import SWAPPED
from segsite.check.visit import VariantChooser, Visitor
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
try:
    SHARD = Shard.parse(os.environ.get("SEGSITE_CHECK_SHARD"))
except ValueError as error:
    raise pytest.UsageError(f"SEGSITE_CHECK_SHARD={error}") from None
SHARDED = bool(os.environ.get("SEGSITE_CHECK_SHARD"))
# `segsite check` re-uses kept results; `--all`, and the passes tests and
# benchmarks start, run every check (and keep what they find).
REUSE = os.environ.get("SEGSITE_CHECK_REUSE") == "1"


def pytest_configure(config):
    run = CheckRun()
    # -k chooses checks (by name, and page), not the pass's tests, one a
    # page: the run applies it to each check itself (CheckRun.plan).
    run.keyword, config.option.keyword = config.option.keyword, ""
    config.pluginmanager.register(run, RUN)


def check_run(config) -> CheckRun:
    return config.pluginmanager.get_plugin(RUN)


def pytest_generate_tests(metafunc):
    """One test a page and stylesheet this shard owns (all of them unsharded)."""
    if "unit" in metafunc.fixturenames:
        units = list(check_run(metafunc.config).units())
        metafunc.parametrize("unit", units, ids=units)


@pytest.fixture(scope="session")
def browser():
    """Playwright's own Chromium, or the system's (segsite.browser). The
    pass's own fixture, not pytest-playwright's (off in pytest.ini): that
    plugin sets up a fixture and a browser parameter for every check, about
    a millisecond each, and a large site has a hundred thousand checks."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**launch_args(playwright))
        try:
            yield launched
        finally:
            launched.close()


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
def visitor(browser, site, site_url, pytestconfig):
    """The browser tab of the pass. A segment's own page is pictured for the
    report only when a check of it failed: at the end, with the browser
    still open (its look is its generic page's, pictured as it went)."""
    shots = REPORT_ROOT / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    segment_pages = frozenset(
        f"{generic}for/{segment}/" for generic, segment in site.landing_variants()
    )
    visitor = Visitor(
        browser, site_url, site.settings, shots, light=SCOPE == "edge", unpictured=segment_pages
    )
    yield visitor
    if not visitor.light:
        failed = {r["page"] for r in check_run(pytestconfig).results if r["outcome"] == "failed"}
        visitor.picture_failed(failed, site.settings["viewports"])


@pytest.fixture(scope="session")
def chosen_variant(visitor):
    """chosen_variant(generic, segment, viewport): see VariantChooser."""
    return VariantChooser(visitor)


@pytest.fixture(scope="session")
def visits(visitor, site, pytestconfig):
    """visits(path, viewport): the cached Visit of a page (a page's first
    use loads it at every viewport at once, and with a generic page, the
    segment pages of this shard checked in its tab: views.py)."""
    cache, owned = {}, set(check_run(pytestconfig).owned().pages)
    viewports = site.settings["viewports"]

    def get(path, viewport):
        key = (path, tuple(viewport))
        if key not in cache:
            host = None if visitor.light else site.view_host(path)
            if host is None or (host, tuple(viewports[0])) in cache:
                host = path  # visited on its own
            views = () if visitor.light else site.views_of(host)
            views = tuple(view for view in views if view.path in owned)
            cache.update(visitor.visit_all(host, viewports, views))
        return cache[key]

    return get


def pytest_collection_modifyitems(config, items):
    check_run(config).plan(config, items)


def sheet_path(stylesheet: Path) -> str:
    return "/" + stylesheet.relative_to(SITE_ROOT).as_posix()


class CheckRun:
    """One run of the pass: the site, read once per process, and each
    check's outcome as it comes (or, re-used, from the store), for
    results.json and the HTML report."""

    def __init__(self):
        self._site: Site | None = None
        self._owned: Owned | None = None
        self._keys: Keys | None = None
        self._units: dict[str, list[Planned]] | None = None
        self.keyword = ""  # -k: which checks run (see chooser)
        self.store = ResultStore(REPORT_ROOT)
        self.results: list[dict] = []
        self.reused: list[dict] = []
        # Each check's place in a full run, so results keep that order.
        self.order: dict[tuple[str, str, str], int] = {}
        self.to_run: dict[str, list[tuple[Planned, str]]] = {}  # unit: (check, its key)
        self.ran: dict[str, dict] = {}  # key: result, for the store
        self.chosen_out = 0  # checks -k leaves out
        # Units (tests) deselected: by -m, and by the run itself (nothing left to run).
        self.deselected = self.own_deselected = 0
        self.expected = self.finished = 0  # units
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

    @cached_property
    def sheets(self) -> dict[str, Path]:
        """The site's stylesheets, by site path."""
        return {sheet_path(sheet): sheet for sheet in self.site().stylesheets()}

    def owned(self) -> Owned:
        if self._owned is None:
            site = self.site()
            self._owned = owned_by(SHARD, site.pages, site.landing_variants(), list(self.sheets))
        return self._owned

    def keys(self) -> Keys:
        if self._keys is None:
            self._keys = Keys(self.site(), environment(self.site(), SCOPE, SERVED_AT))
        return self._keys

    def units(self) -> dict[str, list[Planned]]:
        """Every check of this shard's share, by unit (units.py)."""
        if self._units is None:
            viewports = self.site().settings["viewports"]
            self._units = plan(all_checks(), self.owned(), viewports, self.sheets)
        return self._units

    @cached_property
    def chooser(self) -> Chooser:
        try:
            return Chooser(self.keyword)
        except ValueError as error:
            raise pytest.UsageError(str(error)) from None

    def plan(self, config, items: list) -> None:
        """Each check's key; with REUSE, a check whose key has a kept result is
        not run: the kept result stands (a kept failure stays a failure). A
        unit with nothing left to run is not run."""
        keys, kept = self.keys(), []
        for item in items:
            unit = item.callspec.params.get("unit") if hasattr(item, "callspec") else None
            if not isinstance(unit, str):
                continue  # pytest's stand-in for no unit at all (a shard with none)
            todo = []
            for planned in self.units()[unit]:
                name = planned.check.name
                if SCOPE == "edge" and name not in EDGE_CHECKS:
                    continue
                if not self.chooser.chooses(planned, unit):
                    self.chosen_out += 1
                    continue
                key = entry_key(
                    planned.label, keys.check(name, planned.params, planned.check.one_page)
                )
                self.order[planned.label] = planned.order
                stored = self.store.get(key) if REUSE else None
                if stored is not None and label(stored) == planned.label:
                    self.reused.append({**stored, "reused": True})
                    self.ran[key] = stored
                else:
                    todo.append((planned, key))
            if todo:
                self.to_run[unit] = todo
                kept.append(item)
        keep = {id(item) for item in kept}
        self.own_deselected += len(items) - len(kept)
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in keep])
        items[:] = kept

    def pytest_deselected(self, items):
        self.deselected += len(items)

    def pytest_collection_finish(self, session):
        self.expected = len(session.items)

    def run_unit(self, unit: str, fixture) -> None:
        """Runs the unit's checks (test_checks.py), each result kept on its own."""
        failed = []
        # A unit's page is one page: whether it is read in another's tab is asked once.
        host = self.site().view_host(unit) if SCOPE == "full" else None
        swapped = f"{SWAPPED}{host}: its body read there, in place of that page's"
        for planned, key in self.to_run.get(unit, []):
            notes = []
            if host and "visits" in planned.check.arguments and "page_path" in planned.params:
                notes.append(swapped)
            ran = run(planned, fixture, notes)
            if ran.verdict:
                self.ran[key] = ran.entry
            self.results.append({**ran.entry, "reused": False})
            if ran.entry["outcome"] == "failed":
                failed.append(ran)
        if failed:
            fail_unit(unit, failed)

    def pytest_runtest_logreport(self, report):
        self.finished += report.when == "teardown"
        self.seconds += report.duration

    def incomplete(self, session) -> str:
        """Why this run does not stand for its whole share of the site, or ''."""
        if session.exitstatus not in (0, 1, 5):
            return f"pytest ended with exit code {int(session.exitstatus)}"
        if self.chosen_out:
            return f"{self.chosen_out} checks left out (-k)"
        if self.deselected > self.own_deselected:
            return f"{self.deselected - self.own_deselected} pages or stylesheets deselected (-m)"
        if self.finished < self.expected:
            return (
                f"{self.expected - self.finished} pages or stylesheets not checked (stopped early)"
            )
        return ""

    def pytest_sessionfinish(self, session):
        results = sorted(self.results + self.reused, key=lambda r: self.order.get(label(r), -1))
        if self._site is None or not (results or SHARDED):
            return
        failed = any(result["outcome"] == "failed" for result in results)
        if session.exitstatus in (0, 5):
            # All re-used (nothing ran) is a complete pass; a re-used failure fails it.
            session.exitstatus = pytest.ExitCode.TESTS_FAILED if failed else pytest.ExitCode.OK
        reason, site, owned = self.incomplete(session), self.site(), self.owned()
        sheets = list(self.sheets)
        self.store.save(self.ran, alive=set(site.pages) | set(sheets))
        every = Owned(site.pages, site.landing_variants(), sheets)
        about = {
            "shard": str(SHARD),
            "scope": SCOPE,
            "owned": owned.counts(),
            "site": every.counts(),
            # The same on every shard of one build: --merge compares them.
            "key": self.keys().whole_site(),
            "complete": not reason,
            "incomplete": reason,
        }
        write_results(REPORT_ROOT, SITE_ROOT, results, self.seconds, about)
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            where = f"; shard {SHARD}: {len(owned.pages)} of {len(site.pages)} pages"
            for line in summary_lines(results, self.seconds, REPORT_ROOT, where if SHARDED else ""):
                reporter.write_line(line)
            if reason:
                reporter.write_line(f"  incomplete: {reason}")
