"""One visit of one page at one viewport in Chromium: everything the checks
judge, gathered once and cached for the session."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

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

# Before any page script: layout shifts, CSP violations and the banner shown on
# each animation frame until the page has loaded (to catch a flash).
RECORDER = """
(() => {
  window.__shifts = []; window.__csp = []; window.__frames = [];
  document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
  }).observe({type: 'layout-shift', buffered: true});
  const frame = () => {
    const shown = [...document.querySelectorAll('.banner-variant')]
      .filter(el => getComputedStyle(el).display !== 'none').map(el => el.dataset.banner || '-');
    if (shown.length) window.__frames.push(shown.join(' '));
    if (document.readyState !== 'complete' || window.__frames.length < 3) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
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


class Visitor:
    """Opens pages of the served site; one browser, a fresh context per visit."""

    def __init__(self, browser, base_url: str, settings: dict, shots: Path | None):
        self.browser = browser
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.settings = settings
        self.shots = shots
        self.axe_script = Axe().axe_script

    def open(self, path: str, viewport: tuple[int, int]):
        context = self.browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        context.add_init_script(RECORDER)
        page = context.new_page()
        visit = Visit(path, viewport)
        allowed = {self.host, *self.settings["allowed_hosts"]}

        def on_request(request):
            host = urlsplit(request.url).netloc
            if urlsplit(request.url).scheme in ("http", "https") and host not in allowed:
                visit.other_hosts.append(request.url)

        page.on("request", on_request)
        # Resources that fail to load are the request checks' findings; the
        # console's echo of them would report one fault twice.
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and not m.text.startswith("Failed to load resource")
                and visit.console.append(m.text)
            ),
        )
        page.on("pageerror", lambda error: visit.console.append(str(error)))
        page.on(
            "requestfailed",
            # ERR_ABORTED: the page navigated away while the request was under way.
            lambda r: (
                urlsplit(r.url).netloc in allowed
                and "ERR_ABORTED" not in (r.failure or "")
                and visit.failed.append(f"{r.url} ({r.failure})")
            ),
        )
        page.on(
            "response",
            lambda r: r.status >= 400 and visit.failed.append(f"{r.url} (HTTP {r.status})"),
        )
        page.goto(self.base_url + path, wait_until="load")
        if urlsplit(page.url).path != urlsplit(path).path:
            # A page that forwards by script (the language chooser): judge the
            # page itself, as its "?stay" link shows it.
            for found in (visit.console, visit.failed, visit.other_hosts):
                found.clear()  # what the forwarded-from load did is not this page's
            page.goto(
                self.base_url + path + ("&" if "?" in path else "?") + "stay", wait_until="load"
            )
        return context, page, visit

    def visit(self, path: str, viewport: tuple[int, int]) -> Visit:
        first = tuple(viewport) == tuple(self.settings["viewports"][0])
        context, page, visit = self.open(path, viewport)
        try:
            page.wait_for_timeout(50)  # late layout shifts
            visit.facts = page.evaluate(FACTS_JS)
            visit.shifts = sum(page.evaluate("window.__shifts"))
            visit.csp = page.evaluate("window.__csp")
            visit.frames = page.evaluate("window.__frames")
            page.evaluate(self.axe_script)
            run_only = (
                {"type": "tag", "values": AXE_TAGS}
                if first
                else {"type": "rule", "values": AXE_LAYOUT_RULES}
            )
            result = page.evaluate(
                "runOnly => axe.run(document, {runOnly, resultTypes: ['violations']})", run_only
            )
            visit.axe = [
                {
                    "id": v["id"],
                    "help": v["help"],
                    "nodes": [", ".join(n["target"]) for n in v["nodes"]][:5],
                }
                for v in result["violations"]
            ]
            if self.shots is not None:
                name = (path.strip("/").replace("/", "_") or "root") + f"-{viewport[0]}.jpg"
                # JPEG: a tall page encodes several times faster than as PNG.
                page.screenshot(
                    path=str(self.shots / name), full_page=True, type="jpeg", quality=70
                )
                visit.screenshot = name
            visit.chrome = self.chrome_pixels(page)
            if first:
                page.evaluate("for (const el of document.body.children) el.style.display = ''")
                page.set_viewport_size({"width": self.settings["narrow_width"], "height": 640})
                visit.overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        finally:
            context.close()
        return visit

    @staticmethod
    def chrome_pixels(page) -> dict[str, str]:
        """Hashes of the header and footer as drawn. Everything else is taken
        out first, so both sit at the same whole-pixel offsets on every page and
        no neighbour bleeds into a fractional edge (which would change the
        anti-aliasing, not the design)."""
        page.evaluate(
            "for (const el of document.body.children)"
            " if (!['HEADER', 'FOOTER'].includes(el.tagName)) el.style.display = 'none'"
        )
        pixels = {}
        for part in ("header", "footer"):
            locator = page.locator(part).first
            if locator.count():
                pixels[part] = hashlib.sha256(locator.screenshot(animations="disabled")).hexdigest()
        return pixels
