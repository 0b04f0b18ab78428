"""Where a check pass's time goes: seconds per phase of the page visits (and
of reading the HTML), for `make bench` (tests/bench/preview.py). With
SEGSITE_CHECK_PHASES naming a file (one that does not exist yet), the totals
so far are written there as JSON after each phase; without it nothing is
written (the timing itself costs next to nothing). A phase inside another
counts for itself only, so the phases add up to the time measured. The
visitor and the site each keep their own; both write into the one file.
`segsite check --jobs N` gives each part a file of its own and adds them up
(add_up): the seconds are then the parts' together, not the wall time's."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections import Counter
from pathlib import Path


class Phases:
    def __init__(self):
        named = os.environ.get("SEGSITE_CHECK_PHASES")
        self.file = Path(named) if named else None
        self.seconds: Counter[str] = Counter()
        self.pages = 0
        self._open: list[list] = []  # [name, since] of the phases under way

    @contextlib.contextmanager
    def __call__(self, name: str):
        self._switch()
        self._open.append([name, time.perf_counter()])
        try:
            yield
        finally:
            self._switch()
            self._open.pop()
            if not self._open:
                self._write()

    def _switch(self) -> None:
        """Counts the time since the last switch to the innermost open phase."""
        now = time.perf_counter()
        if self._open:
            self.seconds[self._open[-1][0]] += now - self._open[-1][1]
            self._open[-1][1] = now
        if len(self._open) > 1:
            self._open[-2][1] = now

    def page_done(self) -> None:
        self.pages += 1
        self._write()

    def _write(self) -> None:
        if not self.file:
            return
        kept = json.loads(self.file.read_text(encoding="utf-8")) if self.file.is_file() else {}
        seconds = {**kept.get("seconds", {}), **{k: round(v, 3) for k, v in self.seconds.items()}}
        pages = max(kept.get("pages", 0), self.pages)
        self.file.write_text(json.dumps({"pages": pages, "seconds": seconds}), encoding="utf-8")


def part_phases(named: str, index: int) -> Path:
    """The phases file of part ``index`` of a run split into parts (--jobs)."""
    return Path(f"{named}.part-{index}")


def add_up(parts: list[Path], total: Path) -> None:
    """The parts' phases files summed into ``total`` (a part that wrote
    none adds nothing); the parts' files are removed."""
    pages, seconds = 0, Counter()
    for part in parts:
        if part.is_file():
            data = json.loads(part.read_text(encoding="utf-8"))
            pages += data["pages"]
            seconds.update(data["seconds"])
            part.unlink()
    rounded = {name: round(value, 3) for name, value in seconds.items()}
    total.write_text(json.dumps({"pages": pages, "seconds": rounded}), encoding="utf-8")
