"""The experiment assignment in Python: FNV-1a as published, the shared table
of cases, and the properties the contract needs (an even split by weight,
experiments independent of each other)."""

from __future__ import annotations

import random
from collections import Counter

import yaml

from segsite.experiments import Arm, Experiment, fnv1a32, position
from tests.conftest import FIXTURES

TABLE = yaml.safe_load((FIXTURES / "assignment_cases.yaml").read_text(encoding="utf-8"))
# The chi-square value a test with this many degrees of freedom exceeds with
# probability 0.001 (standard tables).
CHI2_001 = {1: 10.828, 2: 13.816}


def experiment(experiment_id: str) -> Experiment:
    arms = TABLE["experiments"][experiment_id]
    return Experiment(experiment_id, 1, tuple(Arm(a, w, 1) for a, w in arms.items()))


def devices(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.getrandbits(64):x}" for _ in range(count)]


def chi_square(observed: list[int], expected: list[float]) -> float:
    return sum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True))


def test_fnv1a_is_the_published_function():
    # The FNV reference vectors (draft-eastlake-fnv): "", "a", "foobar".
    assert fnv1a32("") == 0x811C9DC5
    assert fnv1a32("a") == 0xE40C292C
    assert fnv1a32("foobar") == 0xBF9CF968


def test_the_shared_table_in_python():
    for case in TABLE["cases"]:
        got = experiment(case["experiment"]).assign(case["device"])
        assert got == case["arm"], case


def test_bounds_follow_the_weights_in_the_order_written():
    assert experiment("three-way").bounds() == [("control", 0.25), ("b", 0.5), ("c", 1)]


def test_arms_split_by_weight():
    three_way = experiment("three-way")
    counts = Counter(three_way.assign(device) for device in devices(20_000, 1))
    observed = [counts["control"], counts["b"], counts["c"]]
    assert chi_square(observed, [5_000, 5_000, 10_000]) < CHI2_001[2], observed


def test_two_experiments_are_independent():
    """A device's arm in one experiment says nothing of its arm in another:
    a 2x2 contingency table of 20,000 devices shows no dependence."""
    first, second = experiment("welcome-headline"), experiment("uneven")
    pairs = Counter((first.assign(d), second.assign(d)) for d in devices(20_000, 2))
    rows = Counter(a for a, _ in pairs.elements())
    columns = Counter(b for _, b in pairs.elements())
    total = sum(pairs.values())
    cells = [(a, b) for a in rows for b in columns]
    observed = [pairs[cell] for cell in cells]
    expected = [rows[a] * columns[b] / total for a, b in cells]
    assert chi_square(observed, expected) < CHI2_001[1], pairs


def test_a_device_id_that_differs_in_one_character_lands_elsewhere():
    """The finalizer spreads neighbouring ids: positions of ids that differ
    only in their last character are not close together."""
    spread = [position("welcome-headline", f"device{c}") for c in "abcdefghij"]
    assert max(spread) - min(spread) > 0.5
