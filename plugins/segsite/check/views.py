"""Segment pages checked in their generic page's tab, without a load of their own.

A segment page (/en/x/for/ID/) is a page of its own for the checks, but it
is made of what its generic page (/en/x/) is made of: the same <head>
(stylesheets, scripts, Content-Security-Policy, title) with the segment
fixed, and a <body> of its own. Where the two heads are the same, loading
the segment page would run the same scripts over the same styles again;
what differs is the body. So once the generic page is loaded and checked,
each such segment page's own <html> attributes and <body> (its bytes,
parsed by the browser's parser) are put in place of the generic page's,
and the page is read there, at each viewport: facts, axe, overflow, what
its body requests, shifts while its images arrive (visit.SwappedPages).
The generic page's body is put back afterwards. 3,000 of the small
shape's 3,154 pages are segment pages: its sample pass takes about half
the time it took with a load of every page.

What a swapped-in body would not do as a loaded one does disqualifies the
page, which then gets a load of its own: a head that differs in anything
a browser runs or draws (only the social card's tags, the canonical and
alternate links, structured data, the segment rules' list, which a fixed
page leaves empty, and the experiments a crawler is not part of may
differ), or a body with a script (it would not run), an element the
parser treats otherwise with scripting on (noscript), something that
browses or submits (iframe, object, embed, form), a style or inline
handler the page's CSP governs at parse time, or head-only elements
(link, meta, base). A fault written into a segment page is therefore in
the body that is checked, or makes it load on its own.

What the scripts do to a segment page's body once it has loaded, the swap
does too (head.js's marks on <html>, segsite.js's segment on the CTAs and
the switcher); the scripts' own run on a segment page is covered by one
segment page of each language, which always loads on its own."""

from __future__ import annotations

import json
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# <head> elements no check reads and the browser does not fetch or run.
UNREAD_HEAD = (
    'link[rel="canonical"]',
    'link[rel="alternate"]',
    'meta[property^="og:"]',
    'meta[name^="twitter:"]',
    'script[type="application/ld+json"]',
)
SEGMENT_RULES = "script#segsite-segments"
# A page's experiments and the inline arms script right after them: the pass
# visits as a crawler, which every experiment shows its control arm, so for
# it they change nothing on the page (arms.js leaves <html data-arm> unset).
EXPERIMENTS = "script#segsite-experiments"
# Body elements a swapped-in body would not treat as a loaded page does.
NOT_SWAPPABLE = (
    "noscript, iframe, frame, frameset, object, embed, form, template,"
    " link, meta, base, style, [style], [autofocus]"
)


# How the result of a check of a swapped-in page begins (conftest.py); the
# report counts those pages by it.
SWAPPED = "the load of "


@dataclass(frozen=True)
class View:
    """A segment page checked in its generic page's tab: ``html`` is its
    whole text (the browser parses it and takes its body and <html>)."""

    path: str
    generic: str
    html: str


def head_signature(tree: LexborHTMLParser, fixed: bool) -> str | None:
    """The <head> as far as a browser runs or draws it; ``fixed``: with the
    segment rules as a segment page carries them (none). None: no head, or
    rules that are no JSON object."""
    head = tree.head
    if head is None:
        return None
    parts, after_experiments = [], False
    for node in head.iter(include_text=False):
        arms = after_experiments and node.tag == "script" and not node.attributes
        after_experiments = node.css_matches(EXPERIMENTS)
        if arms or after_experiments or any(node.css_matches(s) for s in UNREAD_HEAD):
            continue
        if node.css_matches(SEGMENT_RULES):
            try:
                rules = json.loads(node.text(deep=True))
            except ValueError:
                return None
            if not isinstance(rules, dict):
                return None
            if fixed:
                rules["segments"] = []
            parts.append(f"segment rules {json.dumps(rules, sort_keys=True)}")
            continue
        parts.append(node.html or "")
    return "\n".join(parts)


@dataclass(frozen=True)
class Host:
    """What a generic page's segment pages are compared with, read once."""

    head: str | None  # its head_signature, with the segment rules a fixed page has
    dev_scripts: frozenset[str]  # its body's development scripts (the preview bar's)


def read_host(generic_html: str) -> Host:
    generic = LexborHTMLParser(generic_html)
    scripts = frozenset(node.html for node in generic.css("body script[data-dev-only][src]"))
    return Host(head_signature(generic, fixed=True), scripts)


def swappable(generic_html: str, page_html: str) -> bool:
    """Whether the segment page ``page_html`` can be checked in the tab of its
    generic page ``generic_html`` (see the module's text)."""
    return swappable_in(read_host(generic_html), page_html)


def swappable_in(host: Host, page_html: str) -> bool:
    """swappable(), with the generic page read already (``host``)."""
    page = LexborHTMLParser(page_html)
    html, body = page.root, page.body
    if html is None or body is None or "data-fixed" not in html.attributes:
        return False
    if any(name.lower().startswith("on") for node in body.traverse() for name in node.attributes):
        return False
    if any(name.lower() == "style" or name.lower().startswith("on") for name in html.attributes):
        return False  # the swap sets them by script, where they do not act as parsed ones
    if body.css_first(NOT_SWAPPABLE) is not None:
        return False
    # The one script a body may hold: the development preview bar's, as the
    # generic page holds it too (what it shows on a segment page, SWAP_JS
    # writes; it ran on the generic page, so its load is checked there).
    if any(node.html not in host.dev_scripts for node in body.css("script")):
        return False
    mine = head_signature(page, fixed=False)
    return mine is not None and mine == host.head


# The segment page's <html> attributes and body in place of the generic
# page's (kept for RESTORE_JS), as a loaded segment page has them once its
# scripts ran: head.js marks <html> (data-segment, data-js), segsite.js puts
# the segment on the CTAs and marks it in the switcher (its announce()).
# Then its images arrive (or fail; lazy ones are not waited for) and three
# frames pass, so the shifts they cause are recorded (with no image to wait
# for, nothing is left to move it: no script of the page runs again).
# Returns [shifts, CSP reports, sideways scroll] of the swap (the scroll read
# here saves a round trip at the narrow width). One segment page's body may
# replace another's: the generic page's own is kept from the first swap.
# (What the scripts do here, the equality test of tests/site/test_check_views.py
# holds against a segment page loaded on its own.)
SWAP_JS = """
async html => {
  const root = document.documentElement;
  if (!window.__host) {
    window.__host = {body: document.body, attributes: [...root.attributes].map(a => [a.name, a.value])};
  }
  const parsed = new DOMParser().parseFromString(html, "text/html");
  for (const a of [...root.attributes]) root.removeAttribute(a.name);
  for (const a of parsed.documentElement.attributes) root.setAttribute(a.name, a.value);
  const segment = root.dataset.segment = root.dataset.fixed;
  root.dataset.js = "";
  const body = document.adoptNode(parsed.body);
  body.querySelectorAll("a[data-cta]").forEach(a => a.setAttribute("data-segment", segment));
  body.querySelectorAll("[data-switch]").forEach(a => a.getAttribute("data-switch") === segment
    ? a.setAttribute("aria-current", "true") : a.removeAttribute("aria-current"));
  // And the development preview bar's script (preview.js) its segment and rule.
  const why = body.querySelector("[data-preview-why]");
  if (why) why.textContent = segment + " · " + (root.dataset.edge || "page");
  window.__takeShifts();
  window.__shifts = []; window.__csp = [];
  document.body.replaceWith(body);
  const arrived = [...body.querySelectorAll("img")].filter(i => i.loading !== "lazy" && !i.complete)
    .map(i => new Promise(done => { i.addEventListener("load", done); i.addEventListener("error", done); }));
  if (arrived.length) {
    // Two seconds at most each: a tab the browser stops drawing runs no frame.
    const bounded = promise => Promise.race([promise, new Promise(done => setTimeout(done, 2000))]);
    await bounded(Promise.all(arrived));
    await bounded(new Promise(done => requestAnimationFrame(() =>
      requestAnimationFrame(() => requestAnimationFrame(done)))));
    window.__takeShifts();
  }
  return [window.__shifts.reduce((sum, value) => sum + value, 0), window.__csp,
          document.documentElement.scrollWidth - innerWidth];
}
"""

# The generic page's own body and <html> attributes back, as SWAP_JS found them.
RESTORE_JS = """
() => {
  const host = window.__host, root = document.documentElement;
  if (!host) return;
  delete window.__host;
  for (const a of [...root.attributes]) root.removeAttribute(a.name);
  for (const [name, value] of host.attributes) root.setAttribute(name, value);
  document.body.replaceWith(host.body);
}
"""
