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
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from segsite.browser import launch_args
from segsite.check.findings import CheckFailed
from segsite.check.results import summary_lines, write_results
from segsite.check.shards import Owned, Shard, owned_by
from segsite.check.site import Site, load_settings
from segsite.check.store import Keys, ResultStore, entry_key, environment, label
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


RUN = "segsite-check-run"


def pytest_configure(config):
    config.pluginmanager.register(CheckRun(), RUN)


def check_run(config) -> CheckRun:
    return config.pluginmanager.get_plugin(RUN)


def pytest_generate_tests(metafunc):
    """Every page, variant and stylesheet this shard owns (all of them unsharded)."""
    run = check_run(metafunc.config)
    site, owned = run.site(), run.owned()
    names = metafunc.fixturenames
    if "landing_segment" in names:
        pairs = owned.variants
        metafunc.parametrize("landing_segment", pairs, ids=[f"{p}?segment={s}" for p, s in pairs])
    elif "stylesheet" in names:
        sheets = [s for s in site.stylesheets() if sheet_path(s) in owned.stylesheets]
        metafunc.parametrize(
            "stylesheet", sheets, ids=[str(s.relative_to(site.root)) for s in sheets]
        )
    elif "page_path" in names:
        metafunc.parametrize("page_path", owned.pages)
    if "viewport" in names:
        viewports = site.settings["viewports"]
        metafunc.parametrize("viewport", viewports, ids=[f"{w}x{h}" for w, h in viewports])


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
    """The edge scope keeps the checks whose answer the Worker can change;
    then the checks with a kept result that still holds are re-used."""
    run = check_run(config)
    if SCOPE == "edge":
        run.deselect(
            config,
            items,
            [item for item in items if item.originalname.removeprefix("test_") in EDGE_CHECKS],
        )
    run.plan(config, items)


def params_of(item) -> dict:
    callspec = getattr(item, "callspec", None)
    return callspec.params if callspec else {}


def stands_in_for_nothing(params: dict) -> bool:
    """pytest's one skipped item for an empty parametrization (its value a
    marker, not a path or pair): a shard that owns no page, variant or
    stylesheet of a check's kind."""
    return any(
        not isinstance(params[name], str | tuple | list | Path)
        for name in ("page_path", "landing_segment", "stylesheet")
        if name in params
    )


def sheet_path(stylesheet: Path) -> str:
    return "/" + stylesheet.relative_to(SITE_ROOT).as_posix()


def labelled(params: dict, name: str) -> tuple[str, str, str]:
    """(page, viewport, check) as the report names a check, whatever its shape."""
    page = params.get("page_path")
    if "landing_segment" in params:
        page = f"{params['landing_segment'][0]}?segment={params['landing_segment'][1]}"
    if "stylesheet" in params:
        page = sheet_path(params["stylesheet"])
    viewport = params.get("viewport")
    return page, f"{viewport[0]}x{viewport[1]}" if viewport else "", name.removeprefix("test_")


@pytest.fixture(autouse=True)
def _label(request):
    """Page, viewport and check for the report."""
    page, viewport, check = labelled(params_of(request.node), request.node.originalname)
    request.node.user_properties += [("page", page), ("viewport", viewport), ("check", check)]
    if SCOPE == "full" and "visits" in request.fixturenames and page:
        host = check_run(request.config).site().view_host(page)
        if host:
            request.node.user_properties.append(
                ("reuses", f"{SWAPPED}{host}: its body read there, in place of that page's")
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and isinstance(call.excinfo.value, CheckFailed):
        failure = call.excinfo.value
        report.user_properties += [("findings", failure.findings), ("advice", failure.advice)]


class CheckRun:
    """One run of the pass: the site, read once per process, and each
    check's outcome as it comes (or, re-used, from the store), for
    results.json and the HTML report."""

    def __init__(self):
        self._site: Site | None = None
        self._owned: Owned | None = None
        self._keys: Keys | None = None
        self.store = ResultStore(REPORT_ROOT)
        self.results: list[dict] = []
        self.reused: list[dict] = []
        # Each check's place in a full run, so results keep that order.
        self.order: dict[tuple[str, str, str], int] = {}
        self.key_of: dict[str, str] = {}  # node id: the key its result is kept under
        self.ran: dict[str, dict] = {}  # key: result, for the store
        self.deselected = self.own_deselected = self.expected = self.finished = 0
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

    def owned(self) -> Owned:
        if self._owned is None:
            site = self.site()
            sheets = [sheet_path(sheet) for sheet in site.stylesheets()]
            self._owned = owned_by(SHARD, site.pages, site.landing_variants(), sheets)
        return self._owned

    def keys(self) -> Keys:
        if self._keys is None:
            self._keys = Keys(self.site(), environment(self.site(), SCOPE, SERVED_AT))
        return self._keys

    def deselect(self, config, items: list, kept: list) -> None:
        keep = {id(item) for item in kept}
        self.own_deselected += len(items) - len(kept)
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in keep])
        items[:] = kept

    def plan(self, config, items: list) -> None:
        """Each check's key; with REUSE, a check whose key has a kept result is
        not run: the kept result stands (a kept failure stays a failure)."""
        keys, kept = self.keys(), []
        for item in items:
            params = params_of(item)
            if stands_in_for_nothing(params):
                continue
            triple = labelled(params, item.originalname)
            one_page = item.path.name == "test_pages.py"
            key = entry_key(triple, keys.check(triple[2], params, one_page))
            self.order[triple] = len(self.order)
            stored = self.store.get(key) if REUSE else None
            if stored is not None and label(stored) == triple:
                self.reused.append({**stored, "reused": True})
                self.ran[key] = stored
            else:
                self.key_of[item.nodeid] = key
                kept.append(item)
        self.deselect(config, items, kept)

    def pytest_deselected(self, items):
        self.deselected += len(items)

    def pytest_collection_finish(self, session):
        self.expected = len(session.items)

    def pytest_runtest_logreport(self, report):
        self.finished += report.when == "teardown"
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
            "findings": [],
            "advice": "",
        }
        if report.failed:
            entry["findings"] = props.get("findings") or [str(report.longrepr).splitlines()[-1]]
            entry["advice"] = props.get("advice", "")
        reuses = [value for name, value in report.user_properties if name == "reuses"]
        if reuses:
            entry["reuses"] = "; ".join(reuses)
        # A failed setup (no browser, say) is no verdict on the page: never kept.
        if report.when == "call" and report.nodeid in self.key_of:
            self.ran[self.key_of[report.nodeid]] = entry
        self.results.append({**entry, "reused": False})

    def incomplete(self, session) -> str:
        """Why this run does not stand for its whole share of the site, or ''."""
        if session.exitstatus not in (0, 1, 5):
            return f"pytest ended with exit code {int(session.exitstatus)}"
        if self.deselected > self.own_deselected:
            return f"{self.deselected - self.own_deselected} checks deselected (-k or -m)"
        if self.finished < self.expected:
            return f"{self.expected - self.finished} checks did not run (stopped early)"
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
        sheets = [sheet_path(sheet) for sheet in site.stylesheets()]
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
