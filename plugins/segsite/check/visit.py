"""One visit of one page at one viewport in Chromium: everything the checks
judge in the browser, gathered once and cached for the session (what the
HTML alone tells is read without it: html_facts.py). A header or footer
drawn alike on an earlier page is not drawn or put through axe again
(shared.py); where the time goes is kept per phase (phases.py)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from segsite.browser import crawler_agent
from segsite.check.axe_parts import PartsAxe
from segsite.check.page_facts import (
    EMPTY_SUBMIT_JS,
    RECORDER,
    SWITCH_SEGMENT_JS,
    chrome_pixels,
    gather_load,
    screenshot,
)
from segsite.check.phases import Phases
from segsite.check.shared import SharedParts
from segsite.check.views import RESTORE_JS, SWAP_JS, View

FACTS_JS = (Path(__file__).parent / "facts.js").read_text(encoding="utf-8")
# Handed back as one JSON string: Playwright's own (de)serialization of a
# value walks it node by node on both sides, a quarter of a call's time.
FACTS_AS_JSON = f"part => JSON.stringify(({FACTS_JS})(part))"


# SWITCH_SEGMENT_JS and, when it switched, what the page shows of its
# variant: one round trip a segment.
SWITCHED_VARIANT = (
    f'segment => ({SWITCH_SEGMENT_JS})(segment) ? JSON.stringify(({FACTS_JS})("variant")) : null'
)


def read_facts(page, part: str | None = None) -> dict:
    """What facts.js reads of the page (``part`` "variant": only that)."""
    return json.loads(page.evaluate(FACTS_AS_JSON, part))


# The parts whose pixels are compared between pages (the pixels check);
# every part facts.js keys (these, the body's other children, the blocks of
# <main>, the rest of the page) goes through axe once (axe_parts.py).
DRAWN_PARTS = ("header", "footer")


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
        self,
        browser,
        base_url: str,
        settings: dict,
        shots: Path | None,
        light: bool = False,
        unpictured: frozenset[str] = frozenset(),
    ):
        self.browser = browser
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.settings = settings
        self.shots = None if light else shots
        self.light = light
        self.unpictured = unpictured
        self.loads = 0  # loads of a page into the tab so far
        self._tab = None
        self._cdp = None
        self.shared = SharedParts()
        self.phases = Phases()
        self.axe = PartsAxe(self.shared, self.phases, None if light else Axe().axe_script)
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
        self.axe.new_load()
        self.loads += 1
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
                visit.facts = read_facts(page, facts)
        return visit

    def visit_all(
        self, path: str, viewports, views: tuple[View, ...] = ()
    ) -> dict[tuple[str, tuple[int, int]], Visit]:
        """One page at each viewport (the light pass: the first only), from one
        load, by (page, viewport): what depends on the layout (facts, axe's
        layout rules, screenshots, header pixels) is read at each size in
        turn, as the page reflows, and the sideways scroll at the narrow
        width right after the first; what needs a load of its own at a size
        (layout shifts, the first frames, console) comes from a reload at
        that size. A reload is the same browser session: no new visit is
        counted, and a page opened without ?segment= or utm remembers no
        segment, so it shows what the first load showed. ``views``: its
        segment pages read in its tab at each size too (views.py)."""
        viewports = [tuple(v) for v in viewports][: 1 if self.light else None]
        views = () if self.light else views
        try:
            with self.phases("other (Python, Playwright)"):
                return self._visit_all(path, viewports, views)
        finally:
            self.phases.page_done()
            self.phases.pages += len(views)

    def _visit_all(self, path: str, viewports: list, views) -> dict:
        with self.opened(path, viewports[0]) as (page, first):
            found = {(path, viewports[0]): first}
            if self.light:
                first.facts = read_facts(page, "variant")
                return found
            size, swapped = viewports[0], SwappedPages(self, views)
            for index, viewport in enumerate(viewports):
                visit = found.setdefault((path, viewport), Visit(path, viewport))
                if size != viewport:
                    size = self._resize(page, viewport)
                self.gather_layout(page, visit, all_rules=index == 0)
                swapped.read(page, viewport, found, all_rules=index == 0)
                if index == 0 and viewport == self.first_viewport:
                    size = self._resize(page, (self.settings["narrow_width"], 640))
                    first.overflow = self.overflow(page)
                    swapped.read_overflow(page, viewport, found)
            for viewport in viewports[1:]:
                loaded, visit = Visit(path, viewport), found[(path, viewport)]
                self.recording.append(loaded)
                if size != viewport:
                    size = self._resize(page, viewport)
                with self.phases("load"):
                    page.reload(wait_until="load")
                    self.axe.new_load()
                    gather_load(page, loaded)
                visit.shifts, visit.csp, visit.frames = loaded.shifts, loaded.csp, loaded.frames
                visit.console, visit.failed = loaded.console, loaded.failed
                visit.other_hosts = loaded.other_hosts
            # Last: the submit changes the page the other checks read.
            with self.phases("facts"):
                first.empty_submit = page.evaluate(EMPTY_SUBMIT_JS)
        return found

    def overflow(self, page) -> int:
        """How far the page scrolls sideways at the current size."""
        with self.phases("facts"):
            return page.evaluate("document.documentElement.scrollWidth - innerWidth")

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
        that page's. When the rest of the page is alike too, axe runs only
        over the parts new here, and not at all when there are none."""
        with self.phases("facts"):
            visit.facts = read_facts(page)
        rules = "all" if all_rules else "layout"
        visit.axe, left_out = self.axe.judge(page, visit.path, visit.facts, rules)
        # Every page but a segment's own page, whose look is its generic
        # page's with other blocks (pictured only if it fails: picture_failed).
        if self.shots is not None and visit.path not in self.unpictured:
            with self.phases("screenshots"):
                screenshot(page, self.shots, visit.path, visit.viewport, all_rules)
        parts = visit.facts["parts"]
        drawn_keys = {part: parts[part] and parts[part]["pixels"] for part in DRAWN_PARTS}
        undrawn = self.shared.undrawn(drawn_keys)
        with self.phases("header and footer pixels"):
            drawn = chrome_pixels(page, undrawn) if undrawn else {}
        visit.chrome, reused = self.shared.pixels(drawn_keys, visit.path, drawn)
        visit.reused.update({f"{part} axe": page_path for part, page_path in left_out.items()})
        visit.reused.update(reused)

    def picture_failed(self, paths, viewports) -> None:
        """Pictures of the pages not pictured as the pass went (segment
        pages) that failed a check, at each viewport, for the report."""
        viewports = [tuple(v) for v in viewports]
        for path in sorted(set(paths) & self.unpictured):
            with self.opened(path, viewports[0], "screenshots") as (page, _):
                for index, viewport in enumerate(viewports):
                    if index:
                        self._resize(page, viewport)
                    screenshot(page, self.shots, path, viewport, index == 0)


class SwappedPages:
    """A generic page's segment pages read in its tab (views.py), at the
    size the tab has: each one's body swapped in place of the generic
    page's in turn, which is put back afterwards. What a body does as it
    comes in (requests, console, CSP reports, shifts) is recorded as its
    page's own: what a visit of its own gathers, but for the first frames."""

    PHASE = "segment pages swapped in"

    def __init__(self, visitor: Visitor, views: tuple[View, ...]):
        self.visitor = visitor
        self.views = views

    def read(self, page, viewport, found: dict, all_rules: bool) -> None:
        """Each one's Visit at ``viewport`` into ``found``, by (page, viewport)."""
        for view in self.views:
            visit = found[(view.path, viewport)] = Visit(view.path, viewport)
            with self._swapped(page, view, visit):
                self.visitor.gather_layout(page, visit, all_rules)
        self._restore(page)

    def read_overflow(self, page, viewport, found: dict) -> None:
        """Each one's sideways scroll at the current (narrow) size, into its
        Visit at ``viewport``; what it requests at this width (srcset) too."""
        for view in self.views:
            visit, narrow = found[(view.path, viewport)], Visit(view.path, viewport)
            with self._swapped(page, view, narrow) as overflow:
                visit.overflow = overflow
            visit.console += narrow.console
            visit.failed += narrow.failed
            visit.other_hosts += narrow.other_hosts
        self._restore(page)

    @contextlib.contextmanager
    def _swapped(self, page, view: View, visit: Visit):
        """``view`` in the tab, what it does recorded into ``visit``; yields
        its sideways scroll at the current size."""
        visit.reused["load"] = view.generic
        recording = self.visitor.recording
        recording.append(visit)
        try:
            with self.visitor.phases(self.PHASE):
                visit.shifts, visit.csp, overflow = page.evaluate(SWAP_JS, view.html)
            yield overflow
        finally:
            recording.remove(visit)

    def _restore(self, page) -> None:
        if self.views:
            with self.visitor.phases(self.PHASE):
                page.evaluate(RESTORE_JS)


class VariantChooser:
    """What a first-time visitor of ``generic?segment=<segment>`` is shown
    (FACTS_JS "variant"), with the first frames and the shifts of that load.
    The first segment asked of a generic page loads it; while the tab still
    holds that load, the next segments are switched to in place, as the
    head script would have chosen them: their blocks are shown by the
    page's styles for <html data-segment>, and how the script chooses
    before the first frame is the same code, seen on the first load
    ("frames" and "shifts" are then None)."""

    def __init__(self, visitor: Visitor):
        self.visitor = visitor
        self._holding: tuple | None = None  # (generic, viewport, the tab's load)

    def __call__(self, generic: str, segment: str, viewport) -> dict:
        visitor, viewport = self.visitor, tuple(viewport)
        if self._holding == (generic, viewport, visitor.loads):
            with visitor.phases("right variant, switched in place"):
                switched = visitor.tab.evaluate(SWITCHED_VARIANT, segment)
                if switched is not None:
                    return {**json.loads(switched), "frames": None, "shifts": None}
        visit = visitor.load(f"{generic}?segment={segment}", viewport, facts="variant")
        self._holding = (generic, viewport, visitor.loads)
        return {**visit.facts, "frames": visit.frames, "shifts": visit.shifts}
