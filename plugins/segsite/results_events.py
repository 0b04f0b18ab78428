"""Exported experiment events, read for ``segsite results``: JSON lines or
CSV, one event per line or row (the README's "Reading the results" is the
format's contract).

Every problem in every file is collected as ``file:line: message`` before
the command stops, like the build's validation; a field nobody reads (an
export's own extra column) is a warning, once per file and name.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any

from .problems import ProblemLog, suggest
from .reading import read_text
from .valuetypes import is_slug, slug_problem

# A CSV file without a header row has these columns, in this order.
FIELDS = (
    "timestamp",
    "visitor",
    "event",
    "segment",
    "rule",
    "page",
    "lang",
    "experiments",
    "cta",
    "channel",
)
# Every event has these; ``experiments`` may be empty on a conversion from a
# page without a running experiment.
REQUIRED = ("timestamp", "visitor", "event", "segment")
# The browser's event names, and the short names an export may use.
KINDS = {
    "exposure": "exposure",
    "conversion": "conversion",
    "segsite:exposure": "exposure",
    "segsite:conversion": "conversion",
}
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
# An export of a busy site runs far past a page's 10 MB; past this it is
# better split by date (events are counted the same across files).
EVENTS_MAX_BYTES = 256 * 2**20


@dataclass(frozen=True, slots=True)
class Event:
    """One exposure or conversion. ``timestamp`` is aware (UTC when the file
    gave no offset); ``experiments`` holds (experiment id, arm id) pairs."""

    kind: str
    visitor: str
    timestamp: datetime.datetime
    segment: str
    experiments: tuple[tuple[str, str], ...]
    rule: str = ""
    page: str = ""
    lang: str = ""
    cta: str = ""
    channel: str = ""
    # Where it was read: named in warnings, not part of what the event is.
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


def read_events(paths: Iterable[Path], log: ProblemLog) -> list[Event]:
    """Every event of every file, in file order; problems go to ``log``."""
    events: list[Event] = []
    for path in paths:
        text = read_text(path, log, max_bytes=EVENTS_MAX_BYTES)
        if text is None:
            continue
        reader = FileEvents(path, log)
        if is_json_lines(path, text):
            events.extend(reader.json_lines(text))
        else:
            events.extend(reader.csv_rows(text))
    return events


def is_json_lines(path: Path, text: str) -> bool:
    """By the file's extension, else by its first character (``{`` opens a JSON line)."""
    suffix = path.suffix.lower()
    if suffix in JSON_LINES_SUFFIXES or suffix in CSV_SUFFIXES:
        return suffix in JSON_LINES_SUFFIXES
    return text.lstrip().startswith("{")


def parse_experiments_cell(cell: str, problems: list[str]) -> dict[str, str] | None:
    """A CSV cell ``welcome-headline=bold-offer;other=control`` (or a JSON
    object) as a dict; None after adding to ``problems`` what is wrong."""
    cell = cell.strip()
    if cell.startswith("{"):
        try:
            return json.loads(cell)  # experiment_pairs checks it is an object
        except ValueError as error:
            problems.append(
                f"'experiments' is not a JSON object ({error.msg} at column {error.colno})"
            )
            return None
    pairs: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in cell.split(";"))):
        experiment, equals, arm = part.partition("=")
        if not equals:
            problems.append(
                f"'experiments' part '{part}' is not EXPERIMENT=ARM: write it like"
                " 'welcome-headline=bold-offer;other=control'"
            )
            return None
        pairs[experiment.strip()] = arm.strip()
    return pairs


@dataclass
class FileEvents:
    """Reads one file's events; what is wrong goes to ``log`` under its name."""

    path: Path
    log: ProblemLog
    warned: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    pairs: dict[tuple, tuple] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.shown = self.log.display_path(self.path)  # once: it resolves folders

    def json_lines(self, text: str) -> list[Event]:
        events = []
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as error:
                self.log.error(
                    self.path,
                    number,
                    f"not a JSON object ({error.msg} at column {error.colno}):"
                    ' each line must be one event, like {"event": "exposure", ...}',
                )
                continue
            if not isinstance(value, dict):
                self.log.error(
                    self.path, number, "not a JSON object: each line must be one event {...}"
                )
                continue
            event = self.event(value, number)
            if event is not None:
                events.append(event)
        return events

    def csv_rows(self, text: str) -> list[Event]:
        rows = csv.reader(io.StringIO(text, newline=""), strict=True)
        columns: tuple[str, ...] | None = None
        events = []
        ended = 0  # the line the previous row ended on: a quoted cell may span lines
        try:
            for row in rows:
                number, ended = ended + 1, rows.line_num
                row = [cell.strip() for cell in row]
                if not any(row):
                    continue
                if columns is None:
                    columns = self.columns(row, number)
                    if columns is None:
                        return []
                    if columns is not FIELDS:
                        continue  # the header row (FIELDS itself only without one)
                if len(row) != len(columns):
                    self.log.error(
                        self.path,
                        number,
                        f"{len(row)} cells, but there are {len(columns)} columns:"
                        " quote a cell that holds a comma",
                    )
                    continue
                values = {name: cell for name, cell in zip(columns, row, strict=True) if cell}
                event = self.event(values, number, from_csv=True)
                if event is not None:
                    events.append(event)
        except csv.Error as error:
            self.log.error(self.path, rows.line_num, f"not CSV ({error}): check the quoting")
        return events

    def columns(self, row: list[str], number: int) -> tuple[str, ...] | None:
        """The columns a file's first row gives: its header's names, or FIELDS
        itself when the row is an event; None after reporting a first row the
        file cannot be read with."""
        names = [cell.lower() for cell in row]
        if "event" not in names or "visitor" not in names:  # no header: an event
            if len(row) == len(FIELDS):
                return FIELDS
            if len(row) == 1 and any(mark in row[0] for mark in ";\t"):
                self.log.error(
                    self.path, number, "one cell: separate the cells with commas, not ';' or tabs"
                )
                return None
            self.log.error(
                self.path,
                number,
                f"{len(row)} cells and no header row: start the file with a header naming"
                f" the columns, or give the {len(FIELDS)} columns {', '.join(FIELDS)}",
            )
            return None
        doubled = sorted({name for name in names if names.count(name) > 1})
        missing = [name for name in (*REQUIRED, "experiments") if name not in names]
        for name in doubled:
            self.log.error(self.path, number, f"column '{name}' is named twice: keep one")
        if missing:
            self.log.error(
                self.path,
                number,
                f"the header has no column {', '.join(repr(n) for n in missing)}:"
                f" name the columns {', '.join(REQUIRED)} and experiments at least",
            )
        return None if doubled or missing else tuple(names)

    def event(self, values: dict[str, Any], line: int, from_csv: bool = False) -> Event | None:
        """The event of one line or row, or None after reporting what is wrong with it."""
        not_text = []
        for name, value in values.items():
            if name not in FIELDS:
                self.unknown_field(name, line)
            elif name != "experiments" and value is not None and not isinstance(value, str):
                not_text.append(f"'{name}' must be text, not {json.dumps(value)}")
        missing = [repr(name) for name in REQUIRED if not values.get(name)]
        problems = (
            [
                f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing:"
                f" every event has {', '.join(REQUIRED)}"
            ]
            if missing
            else []
        )
        problems.extend(not_text)
        if problems:
            return self._report(line, problems)
        kind = KINDS.get(values["event"])
        if kind is None:
            problems.append(
                f"'event' is '{values['event']}', not 'exposure' or 'conversion'"
                f"{suggest(values['event'], KINDS)}"
            )
        timestamp = _timestamp(values["timestamp"], problems)
        if not self.is_id(values["segment"]):
            problems.append(slug_problem(values["segment"], "'segment'"))
        experiments = values.get("experiments") or {}
        if from_csv and isinstance(experiments, str):
            experiments = parse_experiments_cell(experiments, problems)
        pairs = () if experiments is None else self.experiment_pairs(experiments, problems)
        if kind == "exposure" and not pairs and not problems:
            problems.append("an exposure must name its experiment in 'experiments'")
        if problems:
            return self._report(line, problems)
        # Each text once in memory: an export repeats its few segments, pages
        # and ids over and over.
        return Event(
            kind,
            intern(values["visitor"]),
            timestamp,
            intern(values["segment"]),
            self.pairs.setdefault(pairs, pairs),
            intern(values.get("rule") or ""),
            intern(values.get("page") or ""),
            intern(values.get("lang") or ""),
            intern(values.get("cta") or ""),
            intern(values.get("channel") or ""),
            self.shown,
            line,
        )

    def unknown_field(self, name: str, line: int) -> None:
        if name not in self.warned:
            self.warned.add(name)
            self.log.warning(
                self.path,
                line,
                f"field '{name}' is not an event field and is left out{suggest(name, FIELDS)}",
            )

    def is_id(self, value: Any) -> bool:
        """``is_slug``, remembering the ids seen: a file repeats a handful of them."""
        if isinstance(value, str) and value in self.ids:
            return True
        if is_slug(value):
            self.ids.add(value)
            return True
        return False

    def experiment_pairs(self, value: Any, problems: list[str]) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict):
            problems.append(
                f"'experiments' must map experiment ids to arm ids, not {json.dumps(value)}"
            )
            return ()
        pairs = []
        for experiment, arm in value.items():
            if not self.is_id(experiment):
                problems.append(slug_problem(experiment, "experiment"))
            elif not self.is_id(arm):
                problems.append(slug_problem(arm, f"the arm of experiment '{experiment}'"))
            else:
                pairs.append((experiment, arm))
        return tuple(pairs)

    def _report(self, line: int, problems: list[str]) -> None:
        self.log.error(self.path, line, "; ".join(problems))


def _timestamp(text: str, problems: list[str]) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        problems.append(
            f"'timestamp' '{text}' is not an ISO 8601 time: write it like 2026-11-15T09:30:00Z"
        )
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)
    # No offset: taken as UTC, so times from one file compare with another's.
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
