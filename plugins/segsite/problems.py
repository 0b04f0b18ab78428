"""Problems found while reading a site, reported together as ``file:line: message``.

Validation collects every problem first and stops once, so an
editor fixes a whole batch per build instead of one error per run.
"""

from __future__ import annotations

import difflib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("segsite")

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located in a file."""

    file: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "" if self.severity == ERROR else "warning: "
        return f"{location}: {prefix}{self.message}"


class SiteInvalid(Exception):
    """The site's input has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the site input:\n{lines}")


@dataclass
class ProblemLog:
    """Collects problems of one build; paths are shown relative to ``root``."""

    root: Path
    problems: list[Problem] = field(default_factory=list)

    def display_path(self, path: Path | str) -> str:
        # The folders resolved, not the file: a link is named where it is, not
        # by what it points to.
        path = Path(os.path.abspath(path))
        try:
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, path: Path | str, line: int, message: str) -> None:
        self.problems.append(Problem(self.display_path(path), line, message, ERROR))

    def warning(self, path: Path | str, line: int, message: str) -> None:
        self.problems.append(Problem(self.display_path(path), line, message, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def raise_if_failed(self, strict: bool = False) -> None:
        """Log warnings; raise SiteInvalid if there are errors (or warnings when strict)."""
        failing = self.problems if strict else self.errors
        if failing:
            raise SiteInvalid(sorted(set(failing), key=_report_order))
        for warning in self.warnings:
            # Through logging, so `pelican --fatal warnings` turns them into errors.
            logger.warning("%s", warning)


def _report_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.file, problem.line, problem.message)


def suggest(word: str, known: list[str] | tuple[str, ...] | set[str]) -> str:
    """A `` (did you mean 'x'?)`` suffix for the nearest known word, or ''."""
    matches = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
