"""A/B experiments inside segments: the ``experiments:`` map of segments.yaml,
its checks, and the assignment of a device to an arm.

Assignment (the same arithmetic runs in runtime/assign.js, for the browser
and both edge runtimes; tests/fixtures/assignment_cases.yaml holds the cases
all of them must agree on):

1. ``h`` = FNV-1a, 32 bits, over the text ``<experiment id>:<device id>``
   (both ASCII: a slug, and the random id the head script keeps);
2. MurmurHash3's 32-bit finalizer (``fmix32``) mixes ``h``, so that ids
   differing in their last character land far apart;
3. the position is ``h / 2**32``, in [0, 1); each arm owns a share of [0, 1)
   in the order written, by weight, and the arm whose share holds the
   position is the device's. The shares travel as cumulative upper bounds
   computed here once, so every runtime compares with the same numbers.

A device keeps its arm on every page and visit (the id is kept); the
experiment id in the hashed text makes experiments independent.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, replace
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .fields import Cta, parse_cta
from .options import ARM, EXPERIMENT
from .optiontypes import Field, read_options
from .valuetypes import is_slug, slug_problem

CONTROL = "control"
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
MASK32 = 0xFFFFFFFF
LAST_MILLISECOND = 8_640_000_000_000_000  # the last instant a JavaScript Date holds


@dataclass(frozen=True)
class Arm:
    id: str
    weight: float
    line: int
    banner: str | None = None
    banner_line: int = 0
    sections: tuple[str, ...] | None = None
    sections_line: int = 0
    cta: Cta | None = None


@dataclass(frozen=True)
class Experiment:
    id: str
    line: int
    arms: tuple[Arm, ...]
    segments: tuple[str, ...] | None = None
    segments_line: int = 0
    pages: tuple[str, ...] | None = None
    pages_line: int = 0
    starts: datetime.date | None = None
    ends: datetime.date | None = None

    def bounds(self) -> list[tuple[str, float]]:
        """(arm id, cumulative upper bound) in the order written; the last is 1."""
        total = sum(arm.weight for arm in self.arms)
        running, result = 0.0, []
        for arm in self.arms:
            running += arm.weight
            result.append((arm.id, running / total))
        result[-1] = (result[-1][0], 1)
        return result

    def assign(self, device: str) -> str:
        at = position(self.id, device)
        return next(arm for arm, upper in self.bounds() if at < upper)

    def takes_part(self, segment: str) -> bool:
        return self.segments is None or segment in self.segments

    def runs_on(self, page: str) -> bool:
        return self.pages is None or page in self.pages

    def has_ended(self, today: datetime.date) -> bool:
        return self.ends is not None and self.ends < today

    def overlaps(self, other: Experiment) -> bool:
        """True when both may run on one page for one segment on one day."""
        pages = self.pages is None or other.pages is None or set(self.pages) & set(other.pages)
        segments = (
            self.segments is None
            or other.segments is None
            or set(self.segments) & set(other.segments)
        )
        first = max(self.starts or datetime.date.min, other.starts or datetime.date.min)
        last = min(self.ends or datetime.date.max, other.ends or datetime.date.max)
        return bool(pages and segments and first <= last)

    def changing_arms(self) -> tuple[Arm, ...]:
        return tuple(arm for arm in self.arms if arm.id != CONTROL)


def fnv1a32(text: str) -> int:
    value = FNV_OFFSET
    for char in text:
        value = ((value ^ ord(char)) * FNV_PRIME) & MASK32
    return value


def fmix32(value: int) -> int:
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & MASK32
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & MASK32
    return value ^ (value >> 16)


def position(experiment_id: str, device: str) -> float:
    """Where a device falls in [0, 1) for one experiment."""
    return fmix32(fnv1a32(f"{experiment_id}:{device}")) / 2**32


def view_key(segment: str, experiment: str, arm: str) -> str:
    """The token that marks a block one arm of one segment shows (``data-variant``)."""
    return f"{segment}@{experiment}.{arm}"


def segment_of_key(key: str) -> str:
    """The segment of a ``data-variant`` token: a segment id or a view key."""
    return key.split("@", 1)[0]


def view_selector(key: str) -> str:
    """The CSS selector of the <html> that shows the blocks marked ``key``:
    the head script sets data-segment, and data-arm only for an arm that
    changes the page."""
    segment, _, arm = key.partition("@")
    if arm:
        return f'html[data-segment="{segment}"][data-arm="{arm}"]'
    return f'html[data-segment="{segment}"]:not([data-arm])'


def arm_keys(experiments: tuple[Experiment, ...], segment_ids: tuple[str, ...], today) -> list[str]:
    """Every view key an experiment that has not ended can show, site-wide."""
    return [
        view_key(segment, experiment.id, arm.id)
        for experiment in experiments
        if not experiment.has_ended(today)
        for segment in segment_ids
        if experiment.takes_part(segment)
        for arm in experiment.changing_arms()
    ]


def experiments_data(experiments: list[Experiment], timezone: str) -> Markup:
    """The page's experiments for the head script, as JSON escaped for a
    <script> element: each with its segments, arms' upper bounds and its days
    as milliseconds (from: the first day's midnight in the site's timezone;
    until: the midnight after the last day; an open start is 0, an open end
    the last millisecond a JavaScript Date holds)."""
    zone = zoneinfo.ZoneInfo(timezone)

    def midnight(day: datetime.date) -> int:
        start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
        return int(start.timestamp() * 1000)

    return htmlsafe_json_dumps(
        [
            {
                "id": experiment.id,
                "segments": list(experiment.segments) if experiment.segments is not None else None,
                "arms": [[arm, upper] for arm, upper in experiment.bounds()],
                "from": midnight(experiment.starts) if experiment.starts else 0,
                "until": midnight(experiment.ends + datetime.timedelta(days=1))
                if experiment.ends
                else LAST_MILLISECOND,
            }
            for experiment in experiments
        ]
    )


def parse_experiments(raw: Any, line: int, file: Field) -> tuple[Experiment, ...]:
    """The ``experiments:`` map; every problem goes to ``file``'s log."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not raw:
        file.error("'experiments' must map experiment ids to experiments", line)
        return ()
    found: list[Experiment] = []
    for experiment_id, value in raw.items():
        at = raw.line_of(experiment_id)
        if not is_slug(experiment_id):
            file.error(slug_problem(experiment_id, "experiment id"), at)
            continue
        experiment = _experiment(experiment_id, value, at, file)
        if experiment is None:
            continue
        clash = next((other for other in found if other.overlaps(experiment)), None)
        if clash is not None:
            file.error(
                f"experiment '{experiment_id}' runs on a page, for a segment and on days"
                f" that experiment '{clash.id}' also does: give them different pages,"
                " segments or dates (one experiment per page and segment at a time)",
                at,
            )
            continue
        found.append(experiment)
    return tuple(found)


def _experiment(experiment_id: str, raw: Any, line: int, file: Field) -> Experiment | None:
    where = f"experiment '{experiment_id}'"
    if not isinstance(raw, dict):
        file.error(f"{where} must be a mapping with at least 'arms'", line)
        return None
    at = file.entry(where, raw.line)
    values = read_options(raw, EXPERIMENT, at)
    problems_before = len(file.log.errors)
    starts, ends = values["starts"], values["ends"]
    if starts and ends and ends < starts:
        file.error(f"{where}: 'ends' ({ends}) is before 'starts' ({starts})", raw.line_of("ends"))
    arms = _arms(values["arms"], raw.line_of("arms"), at)
    if len(file.log.errors) > problems_before or arms is None:
        return None
    return Experiment(
        id=experiment_id,
        line=line,
        arms=arms,
        segments=values["segments"],
        segments_line=raw.line_of("segments"),
        pages=values["pages"],
        pages_line=raw.line_of("pages"),
        starts=starts,
        ends=ends,
    )


def _arms(raw: Any, line: int, experiment: Field) -> tuple[Arm, ...] | None:
    where = experiment.subject
    if raw is None:
        return None
    if not isinstance(raw, dict) or len(raw) < 2:
        experiment.error(
            f"{where}: 'arms' must map arm ids to arms, at least 'control' and one more", line
        )
        return None
    if CONTROL not in raw:
        experiment.error(
            f"{where}: no 'control' arm: add `control: {{weight: 50}}` (the page as it stands)",
            line,
        )
        return None
    arms = []
    for arm_id, value in raw.items():
        arm_line = raw.line_of(arm_id)
        if not is_slug(arm_id):
            experiment.error(f"{where}: {slug_problem(arm_id, 'arm id')}", arm_line)
            continue
        arm = _arm(arm_id, value, arm_line, experiment)
        if arm is not None:
            arms.append(arm)
    return tuple(arms) if len(arms) == len(raw) else None


def _arm(arm_id: str, raw: Any, line: int, experiment: Field) -> Arm | None:
    where = f"{experiment.subject}: arm '{arm_id}'"
    if not isinstance(raw, dict):
        experiment.error(f"{where} must be a mapping with at least 'weight'", line)
        return None
    at = replace(experiment, line=raw.line, subject=where)
    errors_before = len(experiment.log.errors)
    values = read_options(raw, ARM, at)
    changes = [key for key in ("banner", "sections", "cta") if values[key] is not None]
    if arm_id == CONTROL and changes:
        experiment.error(
            f"{where}: control is the page as it stands: remove '{changes[0]}'",
            raw.line_of(changes[0]),
        )
    cta = None
    if values["cta"] is not None:
        cta = parse_cta(
            values["cta"],
            where=f"{where} cta",
            line=raw.line_of("cta"),
            path=experiment.path,
            log=experiment.log,
            languages=experiment.languages,
        )
    if len(experiment.log.errors) > errors_before:
        return None
    return Arm(
        id=arm_id,
        weight=values["weight"],
        line=raw.line,
        banner=values["banner"],
        banner_line=raw.line_of("banner"),
        sections=values["sections"],
        sections_line=raw.line_of("sections"),
        cta=cta,
    )
