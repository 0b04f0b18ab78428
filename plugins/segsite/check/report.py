"""The check pass's HTML report: the findings first, grouped, then a
screenshot of every page at every width, failures marked, for people who
would rather look than read.

A fault in a shared part (a partial, the stylesheet) fails the same check
with the same words on every page. Listed page by page, 3,000 copies of it
would bury the one page with a fault of its own, so each distinct finding
is one entry with the pages it was seen on, the rarest first. The report is
one file plus its screenshots: no script, no other host, every text escaped."""

from __future__ import annotations

import functools
import html
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from segsite.check.views import SWAPPED

# What a finding says in place of its own page's path or URL, so that the
# same fault on many pages reads the same ("[this page] (HTTP 404)").
THIS_PAGE = "[this page]"


def shot_stem(page: str) -> str:
    """What names a page's screenshots (and its section of the report)."""
    return page.strip("/").replace("/", "_") or "root"


def shot_name(page: str, width: str) -> str:
    return f"{shot_stem(page)}-{width}.jpg"


def base_path(page: str | None) -> str:
    """The HTML page a result belongs to ("/en/?segment=vip" is "/en/")."""
    return (page or "").split("?")[0]


def anchor(page: str) -> str:
    return "page-" + shot_stem(base_path(page))


@functools.lru_cache(maxsize=4096)
def _page_pattern(page: str) -> re.Pattern | None:
    """The ways a finding can name ``page``: its path (with or without the
    query, the trailing slash or index.html), alone or as a full URL. A path
    only counts standing alone: "/en/" inside "/en/about/" is another page."""
    base = base_path(page)
    forms = {page, base, base + "index.html" if base.endswith("/") else base}
    if base.endswith("/") and len(base) > 1:
        forms.add(base[:-1])
    paths = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True) if form)
    if not paths:
        return None
    url = r"[a-z][a-z0-9+.-]*://[^\s/\"'<>]+"
    alone = r"(?<![\w/.%-])"
    named = rf"(?:{url}|{alone})(?:{paths})"
    if base == "/":
        # The root's path is a lone "/", as in "a / b": only its URL names it.
        named = rf"{url}(?:{paths})|{alone}/index\.html"
    return re.compile(rf"(?:{named})(?![\w/.%-])", re.IGNORECASE)


def without_page(text: str, page: str | None) -> str:
    """``text`` with what names ``page`` (its path or URL) taken out."""
    pattern = _page_pattern(page) if page else None
    return pattern.sub(THIS_PAGE, text) if pattern else text


@dataclass
class Group:
    """One check's one finding (its page taken out), and where it was seen."""

    check: str
    finding: str
    advice: str
    pages: dict[str, set[str]] = field(default_factory=dict)  # page: viewports

    def sort_key(self) -> tuple:
        return (len(self.pages), self.check, self.finding)


def group_findings(results: list[dict]) -> list[Group]:
    """Every failed result's findings, one Group per (check, finding text),
    the findings seen on the fewest pages first."""
    groups: dict[tuple[str, str], Group] = {}
    for result in results:
        if result.get("outcome") != "failed":
            continue
        check, page = result.get("check") or "", result.get("page") or ""
        for finding in result.get("findings") or [""]:
            text = without_page(str(finding), page)
            group = groups.setdefault((check, text), Group(check, text, result.get("advice") or ""))
            group.pages.setdefault(page, set())
            if result.get("viewport"):
                group.pages[page].add(result["viewport"])
    return sorted(groups.values(), key=Group.sort_key)


def _viewport_order(viewport: str) -> tuple:
    width = viewport.split("x")[0]
    return (int(width) if width.isdigit() else 0, viewport)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def group_html(group: Group, sectioned: set[str]) -> str:
    items = []
    for page in sorted(group.pages):
        label = html.escape(page) if page else "the whole site"
        if base_path(page) in sectioned:
            label = f'<a href="#{html.escape(anchor(page))}">{label}</a>'
        sizes = sorted(group.pages[page], key=_viewport_order)
        at = f" at {html.escape(', '.join(sizes))}" if sizes else ""
        items.append(f"<li>{label}{at}</li>")
    count = _plural(len(group.pages), "page")
    # One page's list is open: a fault on a single page is the one to see.
    state = " open" if len(group.pages) == 1 else ""
    advice = f'<p class="advice">{html.escape(group.advice)}</p>' if group.advice else ""
    return (
        f'<li class="group" data-pages="{len(group.pages)}">'
        f'<p><strong class="check">{html.escape(group.check)}</strong>: '
        f'<span class="finding">{html.escape(group.finding or "(no details)")}</span></p>'
        f'{advice}<details{state}><summary>{count}</summary><ul class="pages">'
        f"{''.join(items)}</ul></details></li>"
    )


def shots_by_page(report_root: Path) -> dict[str, list[tuple[int, str]]]:
    """The screenshots in the report, by the page part of their name
    (shot_stem): (width, file name), narrowest first. Listed once for the
    report, not once a page."""
    found = defaultdict(list)
    folder = report_root / "shots"
    for name in sorted(os.listdir(folder)) if folder.is_dir() else ():
        stem, _, width = name.removesuffix(".jpg").rpartition("-")
        if name.endswith(".jpg") and width.isdigit():
            found[stem].append((int(width), name))
    for shots in found.values():
        shots.sort()
    return found


def page_html(
    page: str, failures: list[dict], shots: list[tuple[int, str]], site_root: Path
) -> str:
    """``shots``: the page's (width, file name), from shots_by_page."""
    images = "".join(
        f'<figure><a href="shots/{html.escape(name)}"><img src="shots/{html.escape(name)}"'
        f' alt="{html.escape(page)} at {width} px" loading="lazy" width="180"></a>'
        f"<figcaption>{width} px</figcaption></figure>"
        for width, name in shots
    )
    problems = "".join(
        f"<li><strong>{html.escape(f['check'])}</strong>"
        f"{' at ' + html.escape(f['viewport']) if f.get('viewport') else ''}"
        f"{' (' + html.escape(f['page']) + ')' if f['page'] != page else ''}: "
        f"{html.escape('; '.join(f.get('findings') or []))}"
        f"{' <em>' + html.escape(f['advice']) + '</em>' if f.get('advice') else ''}</li>"
        for f in failures
    )
    status = "fail" if problems else "pass"
    return (
        f'<section class="{status}" id="{html.escape(anchor(page))}">'
        f'<h2><a href="../{html.escape(site_root.name)}{html.escape(page)}">'
        f"{html.escape(page)}</a> <span>{'failed' if problems else 'passed'}</span></h2>"
        f'<div class="shots">{images}</div>{f"<ul>{problems}</ul>" if problems else ""}</section>'
    )


STYLE = """
body { font-family: system-ui, sans-serif; margin: 1rem; color: #1f2937; }
section { border-block-start: 1px solid #ddd; padding-block: 0.5rem; }
section.fail h2 span { color: #b91c1c; } section.pass h2 span { color: #047857; }
h2 { font-size: 1rem; } .shots { display: flex; gap: 1rem; flex-wrap: wrap; }
figure { margin: 0; } img { border: 1px solid #ccc; block-size: auto; }
li { margin-block-end: 0.25rem; }
.groups > li { margin-block-end: 0.75rem; } .groups p { margin-block: 0; }
.advice { font-style: italic; } summary { cursor: pointer; }
"""


def reuse_summary(results: list[dict]) -> str:
    """What was not checked again, in one paragraph (each check's own
    "reuses" in results.json names the page it re-used)."""
    swapped, parts = set(), 0
    for result in results:
        # A swap's note, when there is one, comes first, and has no "; " in it.
        first, _, rest = (result.get("reuses") or "").partition("; ")
        if first.startswith(SWAPPED):
            swapped.add(base_path(result["page"]))
        parts += bool(rest or (first and not first.startswith(SWAPPED)))
    said = []
    if parts:
        said.append(
            f"{_plural(parts, 'check')} re-used a part (header, footer, block of"
            " <main>) judged alike on another page"
        )
    if swapped:
        said.append(
            "read in their generic page's tab, their body swapped in, without a load"
            f" of their own: {_plural(len(swapped), 'segment page')}"
        )
    text = "; ".join(said)
    return f'<p class="reuse">{html.escape(text[:1].upper() + text[1:])}.</p>' if said else ""


def write_report(report_root: Path, site_root: Path, results: list[dict], seconds: float) -> None:
    failures = defaultdict(list)
    for result in results:
        if result["outcome"] == "failed":
            failures[base_path(result["page"])].append(result)
    pages = sorted({base_path(r["page"]) for r in results if base_path(r["page"]).endswith("/")})
    groups = group_findings(results)
    findings = "".join(group_html(group, set(pages)) for group in groups)
    shots = shots_by_page(report_root)
    rows = "".join(
        page_html(page, failures.get(page, []), shots.get(shot_stem(page), []), site_root)
        for page in pages
    )
    count = sum(len(v) for v in failures.values())
    title = f"Check pass: {_plural(count, 'failure')}"
    summary = (
        f'<section class="findings"><h2>{_plural(len(groups), "distinct finding")},'
        f' the rarest first</h2><ol class="groups">{findings}</ol></section>'
        if groups
        else ""
    )
    document = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{STYLE}</style></head><body>
<h1>{title}, {len(results)} checks, {seconds:.0f} s</h1>
{reuse_summary(results)}
{summary}
{rows}
</body></html>
"""
    (report_root / "index.html").write_text(document, encoding="utf-8")
