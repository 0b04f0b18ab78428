"""The check pass's HTML report: a screenshot of every page at every width,
failures marked, for people who would rather look than read."""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path


def shot_name(page: str, width: str) -> str:
    return (page.strip("/").replace("/", "_") or "root") + f"-{width}.jpg"


def write_report(report_root: Path, site_root: Path, results: list[dict], seconds: float) -> None:
    failures = defaultdict(list)
    for result in results:
        if result["outcome"] == "failed":
            page = (result["page"] or "").split("?")[0]
            failures[page].append(result)
    pages = sorted(
        {(r["page"] or "").split("?")[0] for r in results if (r["page"] or "").endswith("/")}
    )
    shots = report_root / "shots"
    rows = []
    for page in pages:
        images = "".join(
            f'<figure><a href="shots/{html.escape(p.name)}"><img src="shots/{html.escape(p.name)}"'
            f' alt="{html.escape(page)} at {p.stem.rsplit("-", 1)[1]} px" loading="lazy" width="180"></a>'
            f"<figcaption>{p.stem.rsplit('-', 1)[1]} px</figcaption></figure>"
            for p in sorted(
                shots.glob(shot_name(page, "*")), key=lambda p: int(p.stem.rsplit("-", 1)[1])
            )
        )
        problems = "".join(
            f"<li><strong>{html.escape(f['check'])}</strong>"
            f"{' at ' + html.escape(f['viewport']) if f['viewport'] else ''}"
            f"{' (' + html.escape(f['page']) + ')' if f['page'] != page else ''}: "
            f"{html.escape('; '.join(f['findings']))}"
            f"{' <em>' + html.escape(f['advice']) + '</em>' if f.get('advice') else ''}</li>"
            for f in failures.get(page, [])
        )
        status = "fail" if problems else "pass"
        rows.append(
            f'<section class="{status}"><h2><a href="../{html.escape(site_root.name)}{html.escape(page)}">'
            f"{html.escape(page)}</a> <span>{'failed' if problems else 'passed'}</span></h2>"
            f'<div class="shots">{images}</div>{f"<ul>{problems}</ul>" if problems else ""}</section>'
        )
    other = [f for page, found in failures.items() if page not in pages for f in found]
    other_html = "".join(
        f"<li><strong>{html.escape(f['check'])}</strong> {html.escape(f['page'] or '')}: "
        f"{html.escape('; '.join(f['findings']))}</li>"
        for f in other
    )
    count = sum(len(v) for v in failures.values())
    document = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Check pass: {count} failure{"s" if count != 1 else ""}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; color: #1f2937; }}
section {{ border-block-start: 1px solid #ddd; padding-block: 0.5rem; }}
section.fail h2 span {{ color: #b91c1c; }} section.pass h2 span {{ color: #047857; }}
h2 {{ font-size: 1rem; }} .shots {{ display: flex; gap: 1rem; flex-wrap: wrap; }}
figure {{ margin: 0; }} img {{ border: 1px solid #ccc; block-size: auto; }}
li {{ margin-block-end: 0.25rem; }}
</style></head><body>
<h1>Check pass: {count} failure{"s" if count != 1 else ""}, {len(results)} checks, {seconds:.0f} s</h1>
{f"<h2>Site-wide</h2><ul>{other_html}</ul>" if other_html else ""}
{"".join(rows)}
</body></html>
"""
    (report_root / "index.html").write_text(document, encoding="utf-8")
