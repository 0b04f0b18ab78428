"""The check pass in parts and again after an edit (docs/contract.md, The
check pass), on a new one-language site of four pages: two shards run side
by side (--jobs 2) and merged give what one pass gives, and so do the same
parts joined with --merge; a missing shard fails the merge by name; after one
page's Markdown changes, `segsite check` runs that page's checks again and
re-uses the rest, and `--all` runs every check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.build.test_kit import new_site
from tests.conftest import PINNED_EPOCH

# Every check must come out the same in five passes: none shares the cores
# with the background check pass (layout shifts, first frames).
pytestmark = [pytest.mark.browser, pytest.mark.quiet_cores]


def build(site: Path) -> None:
    """`segsite build` at the pinned date, in a process of its own: Pelican
    loads the settings as the module `pelicanconf`, which later tests that
    import the demo's settings by that name must not find in this process."""
    subprocess.run(
        [sys.executable, "-m", "segsite.cli", "build", "-q"],
        cwd=site,
        env={**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH},
        capture_output=True,
        check=True,
    )


def segsite_check(site: Path, *options: str) -> tuple[int, str, dict]:
    """`segsite check OPTIONS` in ``site``: (exit code, output, results.json)."""
    command = [sys.executable, "-m", "segsite.cli", "check", *options]
    result = subprocess.run(command, cwd=site, capture_output=True, text=True, check=False)
    report = site / (
        options[options.index("--report") + 1] if "--report" in options else "output-check"
    )
    output = result.stdout + result.stderr
    assert (report / "results.json").is_file(), output[-3000:]
    return result.returncode, output, json.loads((report / "results.json").read_text("utf-8"))


def checks(results: dict) -> set[tuple[str, str, str]]:
    return {(r["page"], r["viewport"], r["check"]) for r in results["results"]}


def outcomes(results: dict) -> set[tuple[str, str, str, str]]:
    return {(r["page"], r["viewport"], r["check"], r["outcome"]) for r in results["results"]}


def test_shards_merge_into_the_whole_pass_and_an_edit_rechecks_only_its_page(tmp_path):
    site = new_site(tmp_path / "site", "--languages", "en")
    # One viewport: what is tested here is how checks are split, kept and
    # merged, not the checks themselves (the seeded-fault test has those).
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nSEGSITE_CHECK = {"viewports": [(360, 800)]}\n')
    build(site)
    # One process (the default is a part a core): the split below is compared with it.
    code, output, whole = segsite_check(site, "--jobs", "1")
    assert code == 0 and whole["shard"] == "1/1" and whole["reused"] == 0, output[-3000:]
    assert whole["owned"] == {"pages": 4, "variants": 1, "stylesheets": 1}

    # Two parts side by side (--jobs 2): CI's split and merge in one command.
    code, output, merged = segsite_check(site, "--jobs", "2", "--report", "side-by-side")
    assert code == 0 and merged["complete"], output[-3000:]
    assert "2 parts side by side" in output, output[-3000:]
    assert outcomes(merged) == outcomes(whole)
    assert (site / "side-by-side/shots/en_about-360.jpg").is_file()
    parts = [site / "side-by-side/.parts" / f"{index}-of-2" for index in (1, 2)]
    shards = [json.loads((part / "results.json").read_text("utf-8")) for part in parts]
    for shard in shards:
        assert shard["complete"] and shard["owned"]["pages"]
    assert not checks(shards[0]) & checks(shards[1])
    for kind in ("pages", "variants", "stylesheets"):
        assert shards[0]["owned"][kind] + shards[1]["owned"][kind] == whole["owned"][kind]
    # A page is compared with its language's home page in a shard that does
    # not own that home page.
    owner = next(
        s for s in shards if ("/en/about/", "360x800", "same_header_and_footer") in checks(s)
    )
    assert "/en/" not in {page for page, _, _ in checks(owner)}

    # The parts are shards as CI's machines write them: --merge joins them.
    code, output, merged = segsite_check(
        site, "--merge", str(parts[0]), str(parts[1]), "--report", "merged"
    )
    assert code == 0 and merged["complete"], output[-3000:]
    assert outcomes(merged) == outcomes(whole)
    code, output, _ = segsite_check(site, "--merge", str(parts[0]), "--report", "partial")
    assert code != 0 and "shard 2/2 is missing" in output, output[-3000:]

    about = site / "content/pages/about.en.md"
    about.write_text(about.read_text("utf-8") + "\nWe answer within a day.\n", "utf-8")
    build(site)
    code, output, again = segsite_check(site, "--jobs", "1")
    assert code == 0, output[-3000:]
    assert {r["page"] for r in again["results"] if not r["reused"]} == {"/en/about/"}
    assert again["reused"] == sum(1 for r in whole["results"] if r["page"] != "/en/about/")
    assert f"check pass: {again['checks']} checks ({again['reused']} re-used)" in output
    assert outcomes(again) == outcomes(whole)

    code, output, fresh = segsite_check(site, "--all", "--jobs", "1")
    assert code == 0 and fresh["reused"] == 0 and checks(fresh) == checks(whole), output[-3000:]
