"""What the benchmark's parts share: the checkout, the pinned date, page counts."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# 2026-11-15, the date the demo and the tests are built at.
EPOCH = "1794700800"


def count_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html"))
