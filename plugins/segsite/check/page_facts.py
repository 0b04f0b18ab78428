"""What one load of a page did, read in the browser: layout shifts, first
frames and the CSP report (set up by visit.py's recorder), and the header and
footer as drawn."""

from __future__ import annotations

import base64
import hashlib


def gather_load(page, visit) -> None:
    """What a load at the current size did: shifts, first frames, CSP (into
    ``visit``, a visit.Visit)."""
    # Late layout shifts: a little time, then three frames (a shift is
    # reported with the frame after the change). A tab the browser stops
    # drawing (hidden, or starved) runs no frame: two seconds end the wait
    # then, rather than the pass hanging on it.
    page.evaluate(
        "() => new Promise(done => { setTimeout(done, 2000); requestAnimationFrame(() =>"
        " requestAnimationFrame(() => requestAnimationFrame(done))); })"
    )
    recorded = page.evaluate(
        "window.__takeShifts(), [window.__shifts, window.__csp, window.__frames]"
    )
    visit.shifts, visit.csp, visit.frames = sum(recorded[0]), recorded[1], recorded[2]


def chrome_pixels(page, cdp, parts) -> dict[str, str]:
    """Hashes of ``parts`` ("header", "footer": the body's own) as drawn.
    Everything else is taken out first, so both sit at the same whole-pixel
    offsets on every page and no neighbour bleeds into a fractional edge
    (which would change the anti-aliasing, not the design); animations are
    stopped (finite ones at their end, endless ones at their start). All is
    put back afterwards: the inline display, endless animations running."""
    boxes = page.evaluate(
        """parts => {
             window.__hidden = [...document.body.children]
               .filter(el => !["HEADER", "FOOTER"].includes(el.tagName))
               .map(el => [el, el.style.display]);
             for (const [el] of window.__hidden) el.style.display = "none";
             window.__stopped = document.getAnimations().filter(a => {
               if (a.effect && a.effect.getComputedTiming().iterations !== Infinity) a.finish();
               else { a.cancel(); return true; }
             });
             return Object.fromEntries(parts
               .map(tag => [tag, document.querySelector("body > " + tag)]).filter(([, el]) => el)
               .map(([tag, el]) => { const r = el.getBoundingClientRect();
                 return [tag, {x: r.left + scrollX, y: r.top + scrollY,
                               width: r.width, height: r.height, scale: 1}]; }));
           }""",
        list(parts),
    )
    # One capture of each box, in page coordinates, straight from the
    # browser: Playwright's own screenshot of a clip as part of the whole page
    # gives the same bytes in about twice the time.
    pixels = {
        part: hashlib.sha256(
            base64.b64decode(
                cdp.send(
                    "Page.captureScreenshot",
                    # Fast PNG: the bytes are hashed, compared with those of
                    # other pages captured alike, and never kept.
                    {
                        "format": "png",
                        "optimizeForSpeed": True,
                        "clip": box,
                        "captureBeyondViewport": True,
                    },
                )["data"]
            )
        ).hexdigest()
        for part, box in boxes.items()
        if box["width"] and box["height"]
    }
    page.evaluate(
        "for (const [el, display] of window.__hidden) el.style.display = display;"
        "for (const animation of window.__stopped) animation.play()"
    )
    return pixels


def screenshot(page, cdp, file, whole_page: bool) -> None:
    """The page as a JPEG for the report: the whole page or the viewport,
    straight from the browser (Playwright's screenshot takes longer for the
    same picture). JPEG: a tall page encodes several times faster than PNG."""
    options = {"format": "jpeg", "quality": 70}
    if whole_page:
        # The width with the scrollbar, as the viewport is wide.
        width, height = page.evaluate(
            "[Math.max(innerWidth, document.documentElement.scrollWidth),"
            " document.documentElement.scrollHeight]"
        )
        options |= {
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            "captureBeyondViewport": True,
        }
    file.write_bytes(base64.b64decode(cdp.send("Page.captureScreenshot", options)["data"]))


# axe over the page, leaving out the parts judged on another page (the
# header, the footer, blocks of <main>: [name, selector] pairs). axe's
# landmark-unique compares only the landmarks it is given: a part stays in
# when a landmark in it shares its role and name (as far as a label,
# labelledby or title tells) with one outside, so that a duplicate on this
# page is still found.
AXE_RUN = """
async ([runOnly, parts]) => {
  const roles = {HEADER: "banner", FOOTER: "contentinfo", NAV: "navigation", ASIDE: "complementary",
                 MAIN: "main", FORM: "form", SECTION: "region", SEARCH: "search"};
  const landmarks = [...document.querySelectorAll(
    "header, footer, nav, aside, main, form, section, search, [role]")]
    .map(el => {
      const role = el.getAttribute("role") || roles[el.tagName];
      const byIds = (el.getAttribute("aria-labelledby") || "").split(/\\s+/)
        .map(id => (document.getElementById(id) || {}).textContent || "").join(" ");
      const name = (byIds.trim() || el.getAttribute("aria-label") || el.getAttribute("title") || "")
        .trim().replace(/\\s+/g, " ").toLowerCase();
      return [el, `${role} ${name}`];
    });
  const skipped = parts.map(([name, selector]) => [name, document.querySelector(selector)]).filter(([, part]) => {
    if (!part) return false;
    const inside = new Set(landmarks.filter(([el]) => part.contains(el)).map(([, key]) => key));
    return !landmarks.some(([el, key]) => !part.contains(el) && inside.has(key));
  });
  const result = await axe.run({exclude: skipped.map(([, part]) => part)},
                               {runOnly, resultTypes: ["violations"]});
  return [result.violations.map(v => ({id: v.id, help: v.help,
           nodes: v.nodes.map(n => n.target.join(", ")).slice(0, 5)})), skipped.map(([name]) => name)];
}
"""


def run_axe(page, run_only: dict, parts) -> tuple[list[dict], list[str]]:
    """(axe's violations, the parts it left out) at the current size."""
    violations, skipped = page.evaluate(AXE_RUN, [run_only, list(parts)])
    return violations, skipped
