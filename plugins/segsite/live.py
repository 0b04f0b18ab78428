"""The live preview's builds, in ``segsite serve``'s own long-lived process.

Each build after a save runs in this process, so the interpreter's start and
the imports (about half the time of a fresh ``segsite build`` of the demo)
are paid once. The build itself is ``segsite build`` (cli.build) handed a
``Warm`` (warm.py): content files the watcher did not report changed are
not read again, templates whose source is unchanged are not compiled again,
and the incremental build (render_cache.py) renders only the pages whose
inputs changed. Every other part of the build is made afresh, so the output
is the one a fresh ``segsite build`` writes.

A change to the kit's own Python code cannot be taken in by this process:
its modules are loaded already. From then on each build runs in a fresh
interpreter, as ``segsite build`` (its errors, a syntax error too, show over
the page), and the first that succeeds restarts the serving process, which
then builds in-process again with the new code.
"""

from __future__ import annotations

import subprocess
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .cli import build, build_command
from .problems import SiteInvalid
from .warm import Warm

KIT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SitePaths:
    """The site ``segsite serve`` builds."""

    settings: Path
    content: Path
    segments: Path
    output: Path


@dataclass(frozen=True)
class Outcome:
    """One build: whether it succeeded, its problems (one line each) if
    not, and whether the serving process must restart to run the kit's new
    code."""

    ok: bool
    seconds: float
    problems: tuple[str, ...] = ()
    restart: bool = False


def is_kit_code(path: Path) -> bool:
    """A Python module of the kit: loaded once per process."""
    return path.suffix == ".py" and KIT in path.resolve().parents


class LiveBuilder:
    """Builds one site again and again in this process."""

    def __init__(self, paths: SitePaths, cwd: Path):
        self.paths = paths
        self.cwd = cwd
        self.warm = Warm()
        # The kit's Python code changed since this process loaded it.
        self.code_changed = False

    def build(self, changes: Iterable[Path] = ()) -> Outcome:
        """Build after ``changes`` (the paths the watcher reported)."""
        changed = [Path(path) for path in changes]
        started = time.monotonic()
        if self.code_changed or any(is_kit_code(path) for path in changed):
            self.code_changed = True
            ok, problems = self.build_fresh()
            return Outcome(ok, time.monotonic() - started, problems, restart=ok)
        self.forget(changed)
        ok, problems = self.build_here()
        return Outcome(ok, time.monotonic() - started, problems)

    def forget(self, changed: list[Path]) -> None:
        """Drop the kept reads of changed files; all of them when something
        else in content/ changed (an image: banners read its size)."""
        reads = self.warm.reads
        reads.forget(changed)
        content = self.paths.content
        if any(content in path.parents and path.suffix != ".md" for path in changed):
            reads.forget_all()

    def build_here(self) -> tuple[bool, tuple[str, ...]]:
        paths = self.paths
        try:
            build(
                paths.settings,
                content=paths.content,
                segments=paths.segments,
                output=paths.output,
                warm=self.warm,
            )
        except SiteInvalid as exc:
            return False, tuple(str(exc).splitlines())
        except Exception:  # noqa: BLE001 - a template or the site's settings may raise anything
            return False, tuple(traceback.format_exc().splitlines())
        return True, ()

    def build_fresh(self) -> tuple[bool, tuple[str, ...]]:
        """``segsite build`` in a fresh interpreter, which loads the kit's code anew."""
        paths = self.paths
        command = build_command(paths.settings, paths.content, paths.segments, paths.output)
        result = subprocess.run(command, cwd=self.cwd, capture_output=True, text=True, check=False)
        if result.returncode == 0:
            return True, ()
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        return False, tuple(lines or [f"build failed with exit code {result.returncode}"])
