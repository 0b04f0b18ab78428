"""The checks of the pass (page_checks.py, site_checks.py, each a function
named check_*) and how they run: as one pytest test a page or stylesheet
(a unit, test_checks.py), which runs each of its checks at each viewport
and keeps every check's result on its own (page, viewport, check, outcome,
findings). One test a check cost pytest's own bookkeeping (a few
milliseconds a test, thirty checks a page) on every one of them: on a
twentieth of the small shape, 4,432 tests against 148, 57.4 s against
55.5 s and 22.1 against 18.5 s of the pass's own CPU."""

from __future__ import annotations

import inspect
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression

from segsite.check import page_checks, site_checks
from segsite.check.findings import CheckFailed
from segsite.check.shards import Owned

# The name the pass registers its CheckRun (conftest.py) under.
RUN = "segsite-check-run"
PREFIX = "check_"
# The argument a check takes to note what it re-used (findings.note_reuse);
# it is also given its page_path, viewport, landing_segment or stylesheet,
# and any other argument is a fixture of conftest.py.
NOTES = "notes"


@dataclass(frozen=True)
class Check:
    name: str  # as the report names it: the function's name without check_
    function: Callable
    arguments: tuple[str, ...]
    one_page: bool  # of page_checks.py: it judges its page alone


def all_checks() -> list[Check]:
    """Every check, in the order its module defines them."""
    found = []
    for module in (page_checks, site_checks):
        for name, function in vars(module).items():
            if name.startswith(PREFIX) and inspect.isfunction(function):
                arguments = tuple(inspect.signature(function).parameters)
                found.append(
                    Check(name.removeprefix(PREFIX), function, arguments, module is page_checks)
                )
    return found


@dataclass
class Planned:
    """One check of one subject at one viewport (or none)."""

    check: Check
    params: dict  # page_path, viewport, landing_segment or stylesheet, as it takes them
    label: tuple[str, str, str]  # (page, viewport, check) as the report names it
    order: int  # its place in a full run's results


def plan(checks: list[Check], owned: Owned, viewports, sheets: dict[str, Path]):
    """{unit: its checks}: a unit is a page (with its landing variant, when
    it is a segment's page: the right-variant check compares the two) or a
    stylesheet; the units in the site's order, pages first, and each unit's
    checks in the order of a full run, check by check."""
    units: dict[str, list[Planned]] = {unit: [] for unit in [*owned.pages, *owned.stylesheets]}
    order = 0
    for check in checks:
        for unit, params, page in _subjects(check, owned, viewports, sheets):
            viewport = params.get("viewport")
            label = (page, f"{viewport[0]}x{viewport[1]}" if viewport else "", check.name)
            units.setdefault(unit, []).append(Planned(check, params, label, order))
            order += 1
    return units


def _subjects(check: Check, owned: Owned, viewports, sheets) -> Iterator[tuple[str, dict, str]]:
    """(unit, the check's parameters, the page as the report names it)."""
    arguments = check.arguments
    if "landing_segment" in arguments:
        for generic, segment in owned.variants:
            params = {"landing_segment": (generic, segment)}
            yield f"{generic}for/{segment}/", params, f"{generic}?segment={segment}"
    elif "stylesheet" in arguments:
        for sheet in owned.stylesheets:
            yield sheet, {"stylesheet": sheets[sheet]}, sheet
    elif "page_path" in arguments:
        for page in owned.pages:
            for viewport in viewports if "viewport" in arguments else [None]:
                params = {"page_path": page}
                if viewport is not None:
                    params["viewport"] = tuple(viewport)
                yield page, params, page


class Chooser:
    """-k for the checks: pytest's expression (words, and, or, not,
    parentheses), each word matched as pytest matches a test's name, a
    part of it, upper or lower case: here against the check's name and its
    page (or stylesheet). No expression chooses every check."""

    def __init__(self, text: str):
        try:
            self.expression = Expression.compile(text) if text else None
        except SyntaxError as error:  # pytest's ParseError is one
            raise ValueError(f"-k {text!r}: {error}") from None

    def chooses(self, planned: Planned, unit: str) -> bool:
        if self.expression is None:
            return True
        words = f"{planned.check.name} {planned.label[0]} {unit}".lower()
        return self.expression.evaluate(lambda word, **_: word.lower() in words)


@dataclass
class Ran:
    entry: dict  # the check's result
    verdict: bool  # on its subject: kept for a later run
    trace: str = ""  # the end of the traceback of an error in the check itself


def run(planned: Planned, fixture: Callable[[str], object], notes: list[str]) -> Ran:
    """Runs one check. An error getting what it needs (no browser, no
    server) is no verdict: it fails the run but is never kept.
    ``fixture(name)``: a fixture's value; ``notes``: what it re-used."""
    page, viewport, name = planned.label
    entry = {
        "page": page,
        "viewport": viewport,
        "check": name,
        "outcome": "passed",
        "findings": [],
        "advice": "",
    }
    given = {**planned.params, NOTES: notes}
    try:
        arguments = {a: given[a] if a in given else fixture(a) for a in planned.check.arguments}
    except Exception as error:
        return Ran({**entry, "outcome": "failed", "findings": [described(error)]}, False)
    trace = ""
    try:
        planned.check.function(**arguments)
    except CheckFailed as failure:
        entry.update(outcome="failed", findings=failure.findings, advice=failure.advice)
    except Exception as error:  # an error in the check itself fails it, traceback shown
        entry.update(outcome="failed", findings=[described(error)])
        trace = "".join(traceback.format_exception(error)[-3:])
    if notes:
        entry["reuses"] = "; ".join(notes)
    return Ran(entry, True, trace)


def described(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def fail_unit(unit: str, failed: list[Ran]) -> None:
    """Fails the unit's pytest test, naming each failed check (the report has
    the rest)."""
    lines = [f"{unit}: {len(failed)} of its checks failed"]
    for ran in failed:
        entry = ran.entry
        where = f" {entry['viewport']}" if entry["viewport"] else ""
        lines.append(f"  [{entry['check']}]{where} {'; '.join(entry['findings'])}")
        if ran.trace:
            lines.append(ran.trace)
    pytest.fail("\n".join(lines), pytrace=False)
