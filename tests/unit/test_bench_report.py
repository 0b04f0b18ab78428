"""What `make bench` prints for a shape (tests/bench/run.py): the check pass's
lines only for what was measured, and the shards' balance."""

from __future__ import annotations

from tests.bench.run import report

TOOL = {"wall_s": 10.0, "bytes": 2_000_000, "peak_mb": 100}
RATIOS = {"wall_s": 1.0, "bytes": 1.0, "peak_mb": 1.0}
WEIGHT = {"pages": 3, "median_bytes": 30_000, "max_bytes": 31_000}


def result(**check) -> dict:
    return {
        "shape": "large",
        "pages": 9904,
        "segsite": TOOL,
        "hugo": None,
        "pelican": TOOL,
        "segsite_vs_hugo": None,
        "segsite_vs_pelican": RATIOS,
        "rebuild_after_one_edit_s": 1.5,
        "live_preview": {"median_s": 0.5, "saves": 5, "all_s": [0.5], "build_median_s": 0.4},
        "page_weight": {"generic": WEIGHT, "segment": WEIGHT},
        "machine": {"cpus": 2, "python": "3.11.7"},
        "check_sample": None,
        "check_shards": None,
        **check,
    }


def test_a_shape_without_a_check_pass_prints_no_check_line():
    printed = report(result())
    assert "check pass" not in printed
    assert printed.startswith("large: 9,904 pages, 2 cores")


def test_the_shards_line_gives_each_shard_and_the_longest_against_the_mean():
    shards = [
        {"shard": f"{k}/2", "pages": 100, "wall_s": wall, "failed": k - 1}
        for k, wall in ((1, 90.0), (2, 110.0))
    ]
    printed = report(
        result(check_shards={"shards": shards, "mean_s": 100.0, "longest_over_mean": 1.1})
    )
    line = printed.splitlines()[-1]
    assert "`segsite check --all --shard K/2`" in line
    assert "100 pages in 90.0 s, 100 pages in 110.0 s" in line
    assert "longest 1.1 of their mean (100.0 s), 1 failed" in line
