"""``segsite results`` output: a plain-text table per experiment for the
terminal, and the same as one HTML page (no script, no other host, every
text escaped: a local report one opens from disk)."""

from __future__ import annotations

import textwrap
from html import escape

from .results import CONFIDENCE, SRM_P, ArmResult, ExperimentResult, Group, Results, SampleRatio

ALL_SEGMENTS = "all segments"
INTERVAL = f"{CONFIDENCE:.0%} interval"
COLUMNS = (
    "segment",
    "arm",
    "share (weight)",
    "exposed",
    "converted",
    "rate",
    f"vs control ({INTERVAL})",
)


def rate_text(arm: ArmResult) -> str:
    return "-" if arm.rate is None else f"{arm.rate:.2%}"


def share_text(arm: ArmResult, group: Group, total_weight: float) -> str:
    share = f"{arm.exposed / group.exposed:.1%}" if group.exposed else "-"
    return f"{share} ({arm.weight / total_weight:.0%})"


def difference_text(arm: ArmResult) -> str:
    """``+4.97 pp (+4.08 to +5.86): higher``; empty for control."""
    if arm.difference is None or arm.interval is None:
        return "" if arm.arm == "control" else "-"
    low, high = arm.interval
    verdict = "higher" if low > 0 else "lower" if high < 0 else "no clear difference"
    return f"{arm.difference * 100:+.2f} pp ({low * 100:+.2f} to {high * 100:+.2f}): {verdict}"


def p_text(p_value: float) -> str:
    return "p < 0.0001" if p_value < 0.0001 else f"p = {p_value:.4f}"


def sample_ratio_text(ratio: SampleRatio | None) -> str:
    if ratio is None:
        return "sample ratio: no visitors yet"
    test = f"{p_text(ratio.p_value)}; chi-square {ratio.chi_square:.2f}, {ratio.degrees} df"
    if not ratio.mismatch:
        return f"sample ratio: fits the weights ({test})"
    return f"SAMPLE RATIO MISMATCH ({test}): the differences above cannot be trusted"


def group_rows(group: Group) -> list[tuple[str, ...]]:
    total_weight = sum(arm.weight for arm in group.arms)
    return [
        (
            (group.segment or ALL_SEGMENTS) if index == 0 else "",
            arm.arm,
            share_text(arm, group, total_weight),
            f"{arm.exposed:,}",
            f"{arm.converted:,}",
            rate_text(arm),
            difference_text(arm),
        )
        for index, arm in enumerate(group.arms)
    ]


def experiment_heading(experiment: ExperimentResult) -> str:
    arms = ", ".join(f"{arm.arm} {arm.weight:g}" for arm in experiment.groups[0].arms)
    return f"Experiment {experiment.id} (weights: {arms})"


def notes(experiment: ExperimentResult) -> list[str]:
    found = []
    if any(g.sample_ratio is not None and g.sample_ratio.mismatch for g in experiment.groups):
        found.append(
            f"A sample ratio mismatch (p under {SRM_P}) means the visitors do not split as"
            " the weights say: look for what loses one arm's visitors or events (an arm's"
            " page failing or redirecting, a filter in the export) before trusting a difference."
        )
    several = experiment.in_several_arms
    if several:
        found.append(
            f"{several:,} visitor{'s were' if several != 1 else ' was'} exposed to more than"
            " one arm (storage cleared, or one id for several devices) and count in each."
        )
    return found


def terminal_text(results: Results) -> str:
    """Every experiment as an aligned plain-text block."""
    blocks = [f"{results.events:,} events read."]
    for experiment in results.experiments:
        rows: list[tuple[str, ...]] = [COLUMNS]
        ratios = []
        for group in experiment.groups:
            rows.extend(group_rows(group))
            ratios.append((len(rows), group))
        widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
        lines = [experiment_heading(experiment), ""]
        for number, row in enumerate(rows, 1):
            cells = [
                cell.rjust(width) if 2 <= i <= 5 else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip())
            for end, group in ratios:
                if end == number:
                    lines.append(" " * (widths[0] + 2) + sample_ratio_text(group.sample_ratio))
        lines.extend(f"\n{textwrap.fill(note, 100)}" for note in notes(experiment))
        blocks.append("\n".join(lines))
    if not results.experiments:
        blocks.append("No experiment in segments.yaml: nothing to report.")
    return "\n\n".join(blocks) + "\n"


STYLE = """
body { font-family: system-ui, sans-serif; margin: 1rem; color: #1f2937; max-inline-size: 70rem; }
section { border-block-start: 1px solid #ccc; padding-block: 0.5rem; }
table { border-collapse: collapse; margin-block: 1rem 0.25rem; }
caption { text-align: start; font-weight: bold; }
th, td { padding: 0.25rem 0.75rem; border-block-end: 1px solid #e5e7eb; text-align: start; }
th.number, td.number { text-align: end; font-variant-numeric: tabular-nums; }
.mismatch { color: #b91c1c; font-weight: bold; } .note { font-style: italic; }
"""


def group_table(group: Group) -> str:
    rows = group_rows(group)
    head = "".join(
        f'<th scope="col" class="number">{escape(name)}</th>'
        if 2 <= i <= 5
        else f'<th scope="col">{escape(name)}</th>'
        for i, name in enumerate(COLUMNS)
        if i > 0
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="number">{escape(cell)}</td>' if 2 <= i <= 5 else f"<td>{escape(cell)}</td>"
            for i, cell in enumerate(row)
            if i > 0
        )
        + "</tr>"
        for row in rows
    )
    ratio = group.sample_ratio
    verdict = "mismatch" if ratio is not None and ratio.mismatch else "ratio"
    return (
        f"<table><caption>{escape(group.segment or ALL_SEGMENTS)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f'<p class="{verdict}">{escape(sample_ratio_text(ratio))}</p>'
    )


def html_page(results: Results, sources: list[str]) -> str:
    """The whole report as one HTML document."""
    sections = (
        "".join(
            f'<section id="{escape(experiment.id, quote=True)}">'
            f"<h2>{escape(experiment_heading(experiment))}</h2>"
            + "".join(group_table(group) for group in experiment.groups)
            + "".join(f'<p class="note">{escape(note)}</p>' for note in notes(experiment))
            + "</section>"
            for experiment in results.experiments
        )
        or "<p>No experiment in segments.yaml: nothing to report.</p>"
    )
    warnings = "".join(f"<li>{escape(str(problem))}</li>" for problem in results.warnings)
    files = ", ".join(escape(source) for source in sources)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Experiment results</title>
<style>{STYLE}</style></head><body><main>
<h1>Experiment results</h1>
<p>{results.events:,} events from {files}. A visitor is exposed to the arm of their first
exposure event; they converted with a conversion event of that arm at or after it.
"vs control" is the difference in conversion rate, in percentage points, with its
{INTERVAL} (Newcombe's hybrid score interval): "higher" or "lower" only when the
whole interval is on that side of 0.</p>
{f"<h2>Warnings</h2><ul>{warnings}</ul>" if warnings else ""}
{sections}
</main></body></html>
"""
