"""What one load of a page did, read in the browser: layout shifts, first
frames and the CSP report (set up by the recorder), the header and footer as
drawn; and the scripts visit.py runs in the page besides facts.js."""

from __future__ import annotations

import hashlib
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from segsite.check.report import shot_name

# Generous: only a browser that stopped answering takes this long.
CAPTURE_TIMEOUT_MS = 60_000
AXE_TIMEOUT_MS = 120_000

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


# The segment a generic page shows, switched in place (Visitor.chosen_variant):
# only to one its segments data lists, as the head script would choose it
# (false: the page cannot be switched; it is loaded again).
SWITCH_SEGMENT_JS = """
segment => {
  const data = document.getElementById("segsite-segments");
  // A page whose segment is fixed (its own page, or one the Worker chose
  // and removed the other variants from) cannot be switched.
  if (document.documentElement.dataset.fixed !== undefined) return false;
  if (!data || !JSON.parse(data.text).segments.some(s => s.id === segment)) return false;
  document.documentElement.dataset.segment = segment;
  return true;
}
"""


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


def chrome_pixels(page, parts) -> dict[str, str]:
    """Hashes of ``parts`` ("header", "footer": the body's own) as drawn.
    Everything else is taken out first, so both sit at the same whole-pixel
    offsets on every page and no neighbour bleeds into a fractional edge
    (which would change the anti-aliasing, not the design); animations are
    stopped (finite ones at their end, endless ones at their start). All is
    put back afterwards: the style attributes, endless animations running."""
    boxes = page.evaluate(
        """parts => {
             window.__hidden = [...document.body.children]
               .filter(el => !["HEADER", "FOOTER"].includes(el.tagName))
               .map(el => [el, el.getAttribute("style")]);
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
    # One capture of each box, in page coordinates. Through Playwright, not
    # a raw DevTools call, for its timeout: a capture the browser never
    # answers (seen once in a CI run: the whole suite hung) fails the
    # check that asked for it instead.
    pixels = {
        part: hashlib.sha256(
            page.screenshot(
                type="png",
                clip={key: box[key] for key in ("x", "y", "width", "height")},
                full_page=True,
                caret="initial",
                timeout=CAPTURE_TIMEOUT_MS,
            )
        ).hexdigest()
        for part, box in boxes.items()
        if box["width"] and box["height"]
    }
    # The style attribute as it was: none left where there was none (the
    # parts' keys read the markup); through the CSSOM, which the page's CSP
    # allows where it forbids inline styles. (Chromium writes a changed
    # inline style back into the attribute when it is next read: read first,
    # or a removed attribute comes back empty.)
    page.evaluate(
        """() => {
             for (const [el, style] of window.__hidden) {
               if (style === null) { el.getAttribute("style"); el.removeAttribute("style"); }
               else el.style.cssText = style;
             }
             for (const animation of window.__stopped) animation.play();
           }"""
    )
    return pixels


def screenshot(page, folder: Path, path: str, viewport, whole_page: bool) -> None:
    """The page at ``path`` as a JPEG for the report (in ``folder``, named by
    report.shot_name): the whole page (at the first viewport, the phone) or
    the first screen (a fifth of the pixels to draw and encode). JPEG: a
    tall page encodes several times faster than PNG. A capture the browser
    does not answer in time leaves the report without that picture."""
    file = folder / shot_name(path, str(viewport[0]))
    try:
        page.screenshot(
            path=str(file),
            type="jpeg",
            quality=70,
            full_page=whole_page,
            caret="initial",
            timeout=CAPTURE_TIMEOUT_MS,
        )
    except PlaywrightTimeoutError:
        file.unlink(missing_ok=True)


# axe over the page (``include`` empty) or over the parts it names, leaving
# out those ``exclude`` names: selectors of the header, the footer, blocks of
# <main> (facts.js), judged on another page. axe preloads by default: every
# stylesheet fetched again (the tab's cache is off; a quarter of a run over
# a few parts) for css-orientation-lock, an experimental rule the pass's
# tags leave out, and the media of autoplaying audio and video, which
# no-autoplay-audio (wcag2a) needs: only those, where there are any.
AXE_RUN = """
async ([runOnly, include, exclude, timeout]) => {
  const elements = selectors => selectors.map(s => document.querySelector(s)).filter(Boolean);
  const context = {exclude: elements(exclude)};
  if (include.length) context.include = elements(include);
  const autoplay = "audio[autoplay], video[autoplay]";
  const media = (context.include || [document]).some(el => el.querySelector(autoplay) || el.matches?.(autoplay));
  const preload = media && {assets: ["media"]};
  // An answer or an error, never a wait without end (an evaluate has no timeout).
  const late = new Promise((_, fail) => setTimeout(() => fail(new Error(`axe did not answer in ${timeout} ms`)), timeout));
  const options = {runOnly, resultTypes: ["violations"], preload};
  const result = await Promise.race([axe.run(context, options), late]);
  return result.violations.map(v => ({id: v.id, help: v.help,
           nodes: v.nodes.map(n => n.target.join(", ")).slice(0, 5)}));
}
"""


def run_axe(page, run_only: dict, include: list[str], exclude: list[str]) -> list[dict]:
    """axe's violations at the current size (see AXE_RUN)."""
    return page.evaluate(AXE_RUN, [run_only, include, exclude, AXE_TIMEOUT_MS])
