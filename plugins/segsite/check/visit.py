"""One visit of one page at one viewport in Chromium: everything the checks
judge in the browser, gathered once and cached for the session (what the
HTML alone tells is read without it: html_facts.py). A header or footer
drawn alike on an earlier page is not drawn or put through axe again
(shared.py); where the time goes is kept per phase (phases.py)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from segsite.browser import crawler_agent
from segsite.check.page_facts import chrome_pixels, gather_load, run_axe, screenshot
from segsite.check.phases import Phases
from segsite.check.shared import SharedParts

FACTS_JS = (Path(__file__).parent / "facts.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Rules whose outcome can change with the layout: at the second and later
# viewports only these run (the others judge the DOM, which is the same).
AXE_LAYOUT_RULES = [
    "color-contrast",
    "target-size",
    "scrollable-region-focusable",
    "link-in-text-block",
]

# The parts whose pixels are compared between pages (the pixels check);
# every part facts.js keys (these and the blocks of <main>) goes through axe once.
DRAWN_PARTS = ("header", "footer")

# Before any page script: layout shifts, CSP violations and the banner shown on
# each animation frame until the page has loaded (to catch a flash).
RECORDER = """
(() => {
  window.__shifts = []; window.__csp = []; window.__frames = [];
  document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  const keep = entries => { for (const e of entries) if (!e.hadRecentInput) window.__shifts.push(e.value); };
  window.__shiftObserver = new PerformanceObserver(list => keep(list.getEntries()));
  window.__shiftObserver.observe({type: 'layout-shift', buffered: true});
  // Shifts the observer holds but has not delivered yet (its callback is a
  // low-priority task that may run after the frames the pass waits for).
  window.__takeShifts = () => keep(window.__shiftObserver.takeRecords());
  const frame = () => {
    const shown = [...document.querySelectorAll('.banner-variant')]
      .filter(el => getComputedStyle(el).display !== 'none').map(el => el.dataset.banner || '-');
    if (shown.length) window.__frames.push(shown.join(' '));
    if (document.readyState !== 'complete' || window.__frames.length < 3) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""


# A lead form submitted empty, the way a visitor in a hurry does: what the
# page shows then (the error summary, focused, linking to each field). A
# submit the page lets through is stopped here, and reported.
EMPTY_SUBMIT_JS = """
() => {
  const form = document.querySelector('form[data-form]');
  if (!form) return null;
  let letThrough = false;
  form.addEventListener('submit', e => { letThrough = !e.defaultPrevented; e.preventDefault(); });
  // A minifier drops a button's default type=submit.
  form.querySelector('[type=submit], button:not([type])').click();
  const summary = form.querySelector('[data-error-summary]');
  const links = summary ? [...summary.querySelectorAll('a')].map(a => a.getAttribute('href')) : [];
  return {
    letThrough,
    shown: !!summary && !summary.hidden && summary.getClientRects().length > 0,
    focused: !!summary && document.activeElement === summary,
    links,
    broken: links.filter(h => !h.startsWith('#') || !document.getElementById(h.slice(1))),
    unmarked: [...form.querySelectorAll('[required]')]
      .filter(el => el.getAttribute('aria-invalid') !== 'true').map(el => el.name),
  };
}
"""


@dataclass
class Visit:
    path: str
    viewport: tuple[int, int]
    facts: dict = field(default_factory=dict)
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    other_hosts: list[str] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    shifts: float = 0.0
    csp: list[str] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)
    chrome: dict = field(default_factory=dict)  # header/footer: pixel hashes
    screenshot: str | None = None
    overflow: int | None = None  # sideways scroll at the narrow width (first viewport's visit)
    # What was not checked again on this page, and the page it was checked on:
    # {"header pixels": "/en/", "footer axe": "/en/"} (see Visitor.gather_layout).
    reused: dict[str, str] = field(default_factory=dict)
    empty_submit: dict | None = None  # a form page's answer to an empty submit (first viewport)


def listen(page, allowed: set[str], record: list[Visit]) -> None:
    """Records what the tab does into the last Visit of ``record``: console
    errors, failed requests, requests to hosts not ``allowed``."""

    def on_request(request):
        host = urlsplit(request.url).netloc
        if urlsplit(request.url).scheme in ("http", "https") and host not in allowed:
            record[-1].other_hosts.append(request.url)

    page.on("request", on_request)
    # Resources that fail to load are the request checks' findings; the
    # console's echo of them would report one fault twice.
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and record[-1].console.append(m.text)
        ),
    )
    page.on("pageerror", lambda error: record[-1].console.append(str(error)))
    page.on(
        "requestfailed",
        # ERR_ABORTED: the page navigated away while the request was under way.
        lambda r: (
            urlsplit(r.url).netloc in allowed
            and "ERR_ABORTED" not in (r.failure or "")
            and record[-1].failed.append(f"{r.url} ({r.failure})")
        ),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and record[-1].failed.append(f"{r.url} (HTTP {r.status})"),
    )


class Visitor:
    """Opens pages of the served site in one browser tab, as a first-time
    visitor each time: between pages the tab forgets what segsite remembers
    (its web storage; segsite sets no cookie) and its HTTP cache is off, so
    every page loads as in a fresh context, without the cost of one (a new
    context starts a new renderer: about 0.4 s a page on two cores).

    ``light``: the Worker's pass only needs what the edge can change (response
    headers, the variant it keeps, the requests a page makes), so it skips
    axe, screenshots and header pixels, and loads the first viewport only."""

    def __init__(
        self, browser, base_url: str, settings: dict, shots: Path | None, light: bool = False
    ):
        self.browser = browser
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.settings = settings
        self.shots = None if light else shots
        self.light = light
        self.axe_script = None if light else Axe().axe_script
        self._tab = None
        self._cdp = None
        self.shared = SharedParts()
        self.phases = Phases()
        # What the tab does is recorded into the last Visit of this list.
        self.recording: list[Visit] = []

    @property
    def tab(self):
        if self._tab is None:
            # A crawler to segsite's experiments: every page shows its control
            # arm, so a pass sees the same page each time (arm blocks are
            # read from the HTML like every block; the experiment tests show
            # them in the browser).
            context = self.browser.new_context(user_agent=crawler_agent(self.browser))
            context.add_init_script(RECORDER)
            self._tab = context.new_page()
            self._cdp = context.new_cdp_session(self._tab)
            self._cdp.send("Network.enable")
            self._cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            listen(self._tab, {self.host, *self.settings["allowed_hosts"]}, self.recording)
        return self._tab

    @contextlib.contextmanager
    def opened(self, path: str, viewport: tuple[int, int], phase: str = "load"):
        """The tab at ``viewport`` with ``path`` loaded, as (page, visit);
        afterwards the tab forgets the visit. What the page does, reloads
        included, is recorded into the last Visit of ``self.recording``."""
        page, visit = self.tab, Visit(path, viewport)
        self.recording[:] = [visit]
        self._resize(page, viewport)
        try:
            with self.phases(phase):
                self._go(page, path, visit)
            yield page, visit
        finally:
            page.evaluate("localStorage.clear(); sessionStorage.clear()")

    def _go(self, page, path: str, visit: Visit) -> None:
        """Loads ``path`` and reads what the load did (gather_load)."""
        page.goto(self.base_url + path, wait_until="load")
        if urlsplit(page.url).path != urlsplit(path).path:
            # A page that forwards by script (the language chooser): judge
            # the page itself, as its "?stay" link shows it.
            for found in (visit.console, visit.failed, visit.other_hosts):
                found.clear()  # what the forwarded-from load did is not this page's
            page.goto(
                self.base_url + path + ("&" if "?" in path else "?") + "stay",
                wait_until="load",
            )
        gather_load(page, visit)

    def load(self, path: str, viewport, facts: str | None = None) -> Visit:
        """One more first-time load of a page: its shifts, first frames,
        console and requests (and ``facts``: "variant", what it shows of its
        variant), nothing else: no axe, no screenshot."""
        again = "load again (right variant, shift retry)"
        with self.opened(path, tuple(viewport), again) as (page, visit):
            if facts:
                visit.facts = page.evaluate(FACTS_JS, facts)
        return visit

    def visit_all(self, path: str, viewports) -> dict[tuple[int, int], Visit]:
        """One page at each viewport (the light pass: the first only), from one
        load: what depends on the layout (facts, axe's layout rules,
        screenshots, header pixels) is read at each size in turn, as the page
        reflows, and the sideways scroll at the narrow width right after the
        first; what needs a load of its own at a size (layout shifts, the
        first frames, console) comes from a reload at that size. A reload is
        the same browser session: no new visit is counted, and a page opened
        without ?segment= or utm remembers no segment, so it shows what the
        first load showed."""
        viewports = [tuple(v) for v in viewports][: 1 if self.light else None]
        try:
            with self.phases("other (Python, Playwright)"):
                return self._visit_all(path, viewports)
        finally:
            self.phases.page_done()

    def _visit_all(self, path: str, viewports: list) -> dict[tuple[int, int], Visit]:
        with self.opened(path, viewports[0]) as (page, first):
            found = {viewports[0]: first}
            if self.light:
                first.facts = page.evaluate(FACTS_JS, "variant")
                return found
            with self.phases("axe: injection"):
                page.evaluate(self.axe_script)
            size = viewports[0]
            for index, viewport in enumerate(viewports):
                visit = found.setdefault(viewport, Visit(path, viewport))
                if size != viewport:
                    size = self._resize(page, viewport)
                self.gather_layout(page, visit, all_rules=index == 0)
                if index == 0 and viewport == self.first_viewport:
                    narrow = (self.settings["narrow_width"], 640)
                    size = self._resize(page, narrow)
                    with self.phases("facts"):
                        first.overflow = page.evaluate(
                            "document.documentElement.scrollWidth - innerWidth"
                        )
            for viewport in viewports[1:]:
                loaded, visit = Visit(path, viewport), found[viewport]
                self.recording.append(loaded)
                if size != viewport:
                    size = self._resize(page, viewport)
                with self.phases("load"):
                    page.reload(wait_until="load")
                    gather_load(page, loaded)
                visit.shifts, visit.csp, visit.frames = loaded.shifts, loaded.csp, loaded.frames
                visit.console, visit.failed = loaded.console, loaded.failed
                visit.other_hosts = loaded.other_hosts
            # Last: the submit changes the page the other checks read.
            with self.phases("facts"):
                first.empty_submit = page.evaluate(EMPTY_SUBMIT_JS)
        return found

    def _resize(self, page, size: tuple[int, int]) -> tuple[int, int]:
        with self.phases("resize"):
            page.set_viewport_size({"width": size[0], "height": size[1]})
        return size

    @property
    def first_viewport(self) -> tuple[int, int]:
        return tuple(self.settings["viewports"][0])

    def gather_layout(self, page, visit: Visit, all_rules: bool) -> None:
        """What the page shows at the current size: facts, axe, a screenshot,
        the header and footer pixels. A header, footer or block of <main>
        alike on an earlier page (an equal key, see facts.js) was judged
        there: axe leaves it out here, and a header's or footer's pixels are
        that page's."""
        with self.phases("facts"):
            visit.facts = page.evaluate(FACTS_JS)
        parts = visit.facts["parts"]
        keys = {part: key and key["axe"] for part, key in parts.items()}
        drawn_keys = {part: parts[part] and parts[part]["pixels"] for part in DRAWN_PARTS}
        rules = "all" if all_rules else "layout"
        judged = self.shared.judged(keys, rules)
        run_only = (
            {"type": "tag", "values": AXE_TAGS}
            if all_rules
            else {"type": "rule", "values": AXE_LAYOUT_RULES}
        )
        with self.phases(f"axe ({rules} rules)"):
            visit.axe, left_out = run_axe(
                page, run_only, [(part, parts[part]["selector"]) for part in judged]
            )
        self.shared.axed(keys, rules, visit.path)
        if self.shots is not None:
            name = (visit.path.strip("/").replace("/", "_") or "root") + f"-{visit.viewport[0]}.jpg"
            # The whole page at the first viewport (the phone), the first
            # screen at the others: a fifth of the pixels to draw and encode.
            with self.phases("screenshots"):
                screenshot(page, self._cdp, self.shots / name, whole_page=all_rules)
            visit.screenshot = name
        undrawn = self.shared.undrawn(drawn_keys)
        with self.phases("header and footer pixels"):
            drawn = chrome_pixels(page, self._cdp, undrawn) if undrawn else {}
        visit.chrome, reused = self.shared.pixels(drawn_keys, visit.path, drawn)
        visit.reused.update({f"{part} axe": judged[part] for part in left_out})
        visit.reused.update(reused)
