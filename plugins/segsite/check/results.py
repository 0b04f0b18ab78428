"""What a check pass leaves behind, the same for one run, one shard and a
merge of shards: results.json (every result, failures repeated under
"failures" for tools that read only those), the HTML report, and the lines
the run ends with."""

from __future__ import annotations

import json
from pathlib import Path

from segsite.check.report import write_report


def write_results(
    report_root: Path, site_root: Path, results: list[dict], seconds: float, about: dict
) -> None:
    """results.json and index.html; ``about``: the run's own fields (its
    shard, what it owned, whether it is complete)."""
    report_root.mkdir(parents=True, exist_ok=True)
    failures = [r for r in results if r["outcome"] == "failed"]
    summary = {
        "seconds": round(seconds, 1),
        "checks": len(results),
        "reused": sum(1 for r in results if r.get("reused")),
        "failed": len(failures),
    }
    (report_root / "results.json").write_text(
        # One line, no indent: Python's C encoder writes only that; the
        # small shape's 94,000 results took seconds in the indenting one.
        json.dumps({**summary, **about, "results": results, "failures": failures}),
        encoding="utf-8",
    )
    write_report(report_root, site_root, results, seconds)


def summary_lines(results: list[dict], seconds: float, report_root: Path, where: str = "") -> list:
    """The line `check pass: N checks (M re-used), F failed, ...`, then one a failure."""
    failures = [r for r in results if r["outcome"] == "failed"]
    reused = sum(1 for r in results if r.get("reused"))
    lines = [
        f"check pass: {len(results)} checks{f' ({reused} re-used)' if reused else ''},"
        f" {len(failures)} failed, {seconds:.0f} s{where}; report: {report_root / 'index.html'}"
    ]
    for failure in failures:
        lines.append(
            f"  FAIL {failure['page']} {failure['viewport']} [{failure['check']}]"
            f"{' (re-used)' if failure.get('reused') else ''}"
            f" {'; '.join(failure['findings'])} -> {failure.get('advice', '')}"
        )
    return lines
