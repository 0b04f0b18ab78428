"""One command measured as a whole process, the same way for segsite, Hugo
and plain Pelican: wall seconds from start to exit (interpreter start and
imports included), peak memory of the process and everything it starts, and
the bytes of the folder it wrote."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# How often the memory of the process tree is read while it runs.
SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Measured:
    wall_s: float
    peak_mb: float | None


def measured(command: list[str], cwd: Path, env: dict | None = None) -> Measured:
    """Runs ``command``; raises with its output when it fails."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        peak = PeakMemory(process.pid)
        peak.start()
        returncode = process.wait()
        wall = time.perf_counter() - started
        peak.stop()
        if returncode != 0:
            output.seek(0)
            text = output.read().decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(command)} failed:\n{text[-3000:]}")
    return Measured(wall, peak.megabytes)


class PeakMemory(threading.Thread):
    """The largest memory a process and its descendants held at once, read
    every SAMPLE_SECONDS: the sum of their proportional set sizes, so pages
    that forked render workers share with their parent count once (read
    from Linux's /proc; None elsewhere)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, tree_kb(self.pid))
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self.done.set()
        self.join()

    @property
    def megabytes(self) -> float | None:
        return self.peak_kb / 1024 if self.peak_kb else None


def tree_kb(pid: int) -> int:
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        total += _pss_kb(current)
        pending += _children(current)
    return total


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass  # gone, or no /proc
    return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found += [int(child) for child in children.read().split()]
    except (OSError, ValueError):
        pass
    return found


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
