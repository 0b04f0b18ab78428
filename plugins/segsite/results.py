"""What an experiment's events say: per experiment, for all segments and for
each segment, every arm's exposed and converted visitors, its conversion
rate, the difference against control with a 95% interval, and a
sample-ratio-mismatch test against the configured weights.

Pure functions over events (results_events.py reads them); results_report.py
writes the tables, results_command.py is ``segsite results``.

Who counts (README, "Reading the results"):
- a visitor is exposed to an arm when an exposure event of that visitor
  names the experiment with that arm; their segment is the one of their
  first such exposure, so each arm's visitors split over the segments;
- an exposed visitor converted when a conversion event of theirs names the
  same experiment and arm, at or after that first exposure.

The interval is Newcombe's hybrid score interval (his method 10, 1998): each
rate's Wilson score interval, combined. Unlike the textbook Wald interval it
keeps close to 95% coverage with few visitors and with rates near 0 (a 2%
conversion rate is common), needs no iteration and never leaves [-1, 1].
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import NormalDist

from .experiments import CONTROL
from .problems import Problem, suggest
from .results_events import Event

CONFIDENCE = 0.95
Z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)  # 1.959964...
# Sample-ratio mismatch: a p-value this small means the split is broken, not unlucky.
SRM_P = 0.001
EPSILON = sys.float_info.epsilon


@dataclass(frozen=True)
class ArmResult:
    arm: str
    weight: float
    exposed: int
    converted: int
    # Against control (None for control itself, or when either arm has no visitor).
    difference: float | None = None
    interval: tuple[float, float] | None = None

    @property
    def rate(self) -> float | None:
        return self.converted / self.exposed if self.exposed else None


@dataclass(frozen=True)
class SampleRatio:
    """Pearson's chi-square goodness of fit of exposed visitors to the weights."""

    chi_square: float
    degrees: int
    p_value: float

    @property
    def mismatch(self) -> bool:
        return self.p_value < SRM_P


@dataclass(frozen=True)
class Group:
    """One experiment's arms among one segment's visitors (``segment`` None: all)."""

    segment: str | None
    arms: tuple[ArmResult, ...]
    sample_ratio: SampleRatio | None

    @property
    def exposed(self) -> int:
        return sum(arm.exposed for arm in self.arms)


@dataclass(frozen=True)
class ExperimentResult:
    id: str
    groups: tuple[Group, ...]  # all segments first, then each segment by id
    # Visitors exposed to more than one arm (their storage was cleared, or
    # the export mixes devices under one id): counted in each.
    in_several_arms: int = 0


@dataclass(frozen=True)
class Results:
    experiments: tuple[ExperimentResult, ...]
    events: int
    warnings: tuple[Problem, ...] = ()


def summarize(events: Iterable[Event], weights: Mapping[str, Mapping[str, float]]) -> Results:
    """The results of every configured experiment (``weights``: experiment
    id -> arm id -> weight, in the order written). Events naming an
    experiment or arm not configured are left out, with one warning each."""
    events = list(events)
    unknown: dict[str, list[Event]] = defaultdict(list)
    first: dict[tuple[str, str, str], Event] = {}  # (experiment, arm, visitor) -> first exposure
    for event in events:
        for experiment, arm in event.experiments:
            if experiment not in weights or arm not in weights[experiment]:
                unknown[experiment if experiment not in weights else f"{experiment}:{arm}"].append(
                    event
                )
                continue
            if event.kind == "exposure":
                key = (experiment, arm, event.visitor)
                if key not in first or event.timestamp < first[key].timestamp:
                    first[key] = event
    converted = {
        key
        for event in events
        if event.kind == "conversion"
        for experiment, arm in event.experiments
        if (key := (experiment, arm, event.visitor)) in first
        and event.timestamp >= first[key].timestamp
    }
    results = tuple(
        _experiment(experiment, arms, first, converted) for experiment, arms in weights.items()
    )
    warnings = tuple(_unknown_warning(name, found, weights) for name, found in unknown.items())
    return Results(results, len(events), warnings)


def _experiment(experiment, arms, first, converted) -> ExperimentResult:
    # (segment, arm) -> exposed visitors; None: all segments.
    exposed: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    arms_of: dict[str, set[str]] = defaultdict(set)
    for (name, arm, visitor), event in first.items():
        if name == experiment:
            exposed[None, arm].add(visitor)
            exposed[event.segment, arm].add(visitor)
            arms_of[visitor].add(arm)
    segments = sorted({segment for segment, _ in exposed if segment is not None})
    groups = []
    for segment in (None, *segments):
        counts = [
            (
                arm,
                weight,
                len(exposed[segment, arm]),
                sum((experiment, arm, visitor) in converted for visitor in exposed[segment, arm]),
            )
            for arm, weight in arms.items()
        ]
        groups.append(group(segment, counts))
    several = sum(len(visited) > 1 for visited in arms_of.values())
    return ExperimentResult(experiment, tuple(groups), several)


def group(segment: str | None, counts: list[tuple[str, float, int, int]]) -> Group:
    """One table: ``counts`` is (arm, weight, exposed, converted) per arm."""
    control = next(((n, x) for arm, _, n, x in counts if arm == CONTROL), None)
    arms = []
    for arm, weight, exposed, converted in counts:
        difference = interval = None
        if arm != CONTROL and control is not None and control[0] and exposed:
            difference = converted / exposed - control[1] / control[0]
            interval = newcombe_interval(converted, exposed, control[1], control[0])
        arms.append(ArmResult(arm, weight, exposed, converted, difference, interval))
    observed = [exposed for _, _, exposed, _ in counts]
    ratio = sample_ratio(observed, [weight for _, weight, _, _ in counts])
    return Group(segment, tuple(arms), ratio)


def wilson_interval(successes: int, trials: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval of a proportion (trials > 0)."""
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_interval(x1: int, n1: int, x2: int, n2: int, z: float = Z) -> tuple[float, float]:
    """Newcombe's hybrid score interval of p1 - p2 (p1 = x1/n1, p2 = x2/n2)."""
    p1, p2 = x1 / n1, x2 / n2
    low1, high1 = wilson_interval(x1, n1, z)
    low2, high2 = wilson_interval(x2, n2, z)
    difference = p1 - p2
    return (
        difference - math.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2),
        difference + math.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2),
    )


def sample_ratio(observed: list[int], weights: list[float]) -> SampleRatio | None:
    """Chi-square goodness of fit of ``observed`` to ``weights``; None
    without visitors or with fewer than two arms."""
    total = sum(observed)
    if total == 0 or len(observed) < 2:
        return None
    scale = total / sum(weights)
    chi_square = sum(
        (seen - w * scale) ** 2 / (w * scale) for seen, w in zip(observed, weights, strict=True)
    )
    degrees = len(observed) - 1
    return SampleRatio(chi_square, degrees, chi_square_p(chi_square, degrees))


def chi_square_p(statistic: float, degrees: int) -> float:
    """P(X >= statistic) for X chi-square with ``degrees`` degrees of freedom:
    the regularized upper incomplete gamma Q(degrees / 2, statistic / 2)."""
    return upper_gamma(degrees / 2, statistic / 2)


def upper_gamma(a: float, x: float) -> float:
    """Q(a, x), regularized: by its series below a + 1, else by its continued
    fraction (modified Lentz), each to double precision (Numerical Recipes 6.2)."""
    if x <= 0:
        return 1.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1 / a
        n = a
        while abs(term) > abs(total) * EPSILON:
            n += 1
            term *= x / n
            total += term
        return max(0.0, 1 - total * math.exp(log_front))
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    fraction = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        fraction *= step
        if abs(step - 1) <= EPSILON:
            break
    return math.exp(log_front) * fraction


def _unknown_warning(name: str, found: list[Event], weights) -> Problem:
    experiment, _, arm = name.partition(":")
    where = found[0]
    more = len(found) - 1
    others = f" (and {more:,} more event{'s' if more != 1 else ''})" if more else ""
    if arm:
        what = (
            f"experiment '{experiment}' has no arm '{arm}'{suggest(arm, list(weights[experiment]))}"
        )
    else:
        what = f"no experiment '{experiment}' in segments.yaml{suggest(experiment, list(weights))}"
    return Problem(
        where.file,
        where.line,
        f"{what}{others}: its events are left out (an experiment or arm removed from"
        " segments.yaml, or a typo in the export)",
        "warning",
    )
