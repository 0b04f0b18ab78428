"""How `segsite check --shard K/N` splits a site (segsite/check/shards.py), and
how many parts `segsite check` runs side by side by default (command.py)."""

from __future__ import annotations

import json
from pathlib import Path

from segsite.check import command
from segsite.check.phases import add_up, part_phases
from segsite.check.shards import Shard, owned_by

PAGES = [
    "/en/",
    "/en/about/",
    "/en/for/a/",
    "/en/for/b/",
    "/en/offer/",
    "/en/offer/for/a/",
    "/en/orphan/for/a/",  # no generic page /en/orphan/: a group of its own
]
VARIANTS = [("/en/", "a"), ("/en/", "b"), ("/en/offer/", "a")]
SHEETS = ["/theme/css/site.css"]


def shares(count: int):
    return [owned_by(Shard(k, count), PAGES, VARIANTS, SHEETS) for k in range(1, count + 1)]


def test_each_page_variant_and_sheet_is_owned_once():
    for count in (1, 2, 3, 5):
        parts = shares(count)
        assert sorted(p for part in parts for p in part.pages) == sorted(PAGES)
        assert sorted(v for part in parts for v in part.variants) == sorted(VARIANTS)
        assert sorted(s for part in parts for s in part.stylesheets) == SHEETS


def test_a_generic_page_its_segment_pages_and_variants_go_together():
    for count in (2, 3, 5):
        for part in shares(count):
            if "/en/" in part.pages:
                assert {"/en/for/a/", "/en/for/b/"} <= set(part.pages)
                assert {("/en/", "a"), ("/en/", "b")} <= set(part.variants)
            if "/en/offer/" in part.pages:
                assert "/en/offer/for/a/" in part.pages and ("/en/offer/", "a") in part.variants


def test_the_split_is_the_same_every_time_and_spreads_groups():
    assert [p.pages for p in shares(3)] == [p.pages for p in shares(3)]
    # Five groups of pages and a stylesheet over five shards: none is empty.
    assert all(part.pages or part.stylesheets for part in shares(5))


def test_segsite_check_runs_a_part_a_core_unless_it_is_a_shard(monkeypatch):
    monkeypatch.setattr(command.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert command.default_jobs(None) == command.default_jobs(None, ()) == 2
    assert command.default_jobs("2/4") == 1
    assert command.default_jobs(None, ("-k", "contrast")) == 1
    monkeypatch.setattr(command.os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert command.default_jobs(None) == command.MOST_JOBS


def test_the_parts_phases_add_up_into_the_runs_file(tmp_path):
    named = str(tmp_path / "phases.json")
    part_phases(named, 1).write_text(json.dumps({"pages": 3, "seconds": {"load": 1.5}}))
    part_phases(named, 2).write_text(json.dumps({"pages": 2, "seconds": {"load": 1, "axe": 2}}))
    add_up([part_phases(named, 1), part_phases(named, 2), part_phases(named, 3)], Path(named))
    assert json.loads(Path(named).read_text()) == {
        "pages": 5,
        "seconds": {"load": 2.5, "axe": 2},
    }
    assert not part_phases(named, 1).exists()
