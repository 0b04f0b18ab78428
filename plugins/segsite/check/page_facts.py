"""What one load of a page did, read in the browser: layout shifts, first
frames and the CSP report (set up by visit.py's recorder), and the header and
footer as drawn."""

from __future__ import annotations

import hashlib


def gather_load(page, visit) -> None:
    """What a load at the current size did: shifts, first frames, CSP (into
    ``visit``, a visit.Visit)."""
    # Late layout shifts: a little time, then three frames (a shift is
    # reported with the frame after the change).
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() =>"
        " requestAnimationFrame(() => requestAnimationFrame(done))))"
    )
    visit.shifts = sum(page.evaluate("window.__shifts"))
    visit.csp = page.evaluate("window.__csp")
    visit.frames = page.evaluate("window.__frames")


def chrome_pixels(page) -> dict[str, str]:
    """Hashes of the header and footer as drawn. Everything else is taken
    out first, so both sit at the same whole-pixel offsets on every page and
    no neighbour bleeds into a fractional edge (which would change the
    anti-aliasing, not the design)."""
    page.evaluate(
        "for (const el of document.body.children)"
        " if (!['HEADER', 'FOOTER'].includes(el.tagName)) el.style.display = 'none'"
    )
    # Their boxes, then one clipped capture each (a locator's screenshot
    # also scrolls and waits for stability: twice the time, same pixels).
    boxes = page.evaluate(
        """() => Object.fromEntries(["header", "footer"]
             .map(tag => [tag, document.querySelector(tag)]).filter(([, el]) => el)
             .map(([tag, el]) => { const r = el.getBoundingClientRect();
               return [tag, {x: r.left + scrollX, y: r.top + scrollY,
                             width: r.width, height: r.height}]; }))"""
    )
    return {
        part: hashlib.sha256(
            page.screenshot(clip=box, full_page=True, animations="disabled")
        ).hexdigest()
        for part, box in boxes.items()
        if box["width"] and box["height"]
    }
