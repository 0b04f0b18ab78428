"""Page weight: the HTML bytes of a built site's landing pages, the generic
pages (``/{lang}/{slug}/``, the homes ``/{lang}/``) apart from the segment
pages (``.../for/{segment}/``)."""

from __future__ import annotations

import statistics
from pathlib import Path


def landing_page_weights(output: Path, content: Path) -> dict[str, dict[str, int]]:
    """Median and largest HTML bytes of the generic and the segment pages."""
    slugs = {path.name.split(".")[0] for path in (content / "landing").glob("*.md")}
    generic, segment = [], []
    for page in output.rglob("index.html"):
        parts = page.relative_to(output).parts[:-1]
        if "for" in parts:
            segment.append(page.stat().st_size)
        elif len(parts) == 1 or (len(parts) == 2 and parts[1] in slugs):
            generic.append(page.stat().st_size)  # a home, or a landing page
    return {"generic": summary(generic), "segment": summary(segment)}


def summary(sizes: list[int]) -> dict[str, int]:
    if not sizes:
        return {"pages": 0, "median_bytes": 0, "max_bytes": 0}
    return {
        "pages": len(sizes),
        "median_bytes": round(statistics.median(sizes)),
        "max_bytes": max(sizes),
    }
