"""`make bench`: the build benchmark. Generates a synthetic site of each shape
outside content/ and builds it with segsite (real plugins and theme), then
the same number of ordinary Markdown pages with Hugo (when installed) and
with plain Pelican, in the same run. Prints wall seconds, bytes written and
peak memory, each as a ratio against Hugo and plain Pelican; the rebuild
after one landing page edit; the live preview (save -> new HTML served by
`segsite serve`); and the page weight of the generic and segment pages.
Every time is a whole process's, from its start to its exit. JSON goes to
tests/bench/results/."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from segsite.check.command import default_jobs
from segsite.check.shards import Shard, owned_by
from segsite.check.site import Site
from segsite.cli import build_command
from tests.bench.common import EPOCH, ROOT, count_pages
from tests.bench.measure import folder_bytes, measured
from tests.bench.preview import (
    check_pass_time,
    demo_preview_latency,
    preview_latency,
    site_arguments,
    timed_check,
    timed_figures,
)
from tests.bench.synthetic import (
    SHAPES,
    write_hugo_site,
    write_plain_pelican_site,
    write_site,
)
from tests.bench.weight import landing_page_weights

RESULTS = Path(__file__).parent / "results"
SETTINGS = "bench_settings.py"


def write_settings(work: Path) -> Path:
    settings = work / SETTINGS
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        "SEGSITE_MENU = ['home', 'landing-1', 'landing-2', 'about']\nSEGSITE_FOOTER_MENU = ['about']\n"
        "SEGSITE_CONTACT = {}\nSEGSITE_PREVIEW = False\n",
        encoding="utf-8",
    )
    return settings


def segsite_build(work: Path, jobs: int) -> dict:
    command = build_command(
        work / SETTINGS,
        work / "content",
        work / "segments.yaml",
        work / "output",
        "--jobs",
        str(jobs),
    )
    run = measured(command, work, {"SOURCE_DATE_EPOCH": EPOCH})
    return {"wall_s": run.wall_s, "peak_mb": run.peak_mb}


def pelican_build(work: Path, pages: int) -> dict:
    content = write_plain_pelican_site(work, pages)
    settings = work / "plain_pelican.py"
    settings.write_text(
        "SITENAME = 'plain'\nSITEURL = ''\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\nCACHE_CONTENT = False\n"
        # The simple theme lists every page in every page's menu: 10,000 pages
        # would render 100 million links and measure the theme, not Pelican.
        "DISPLAY_PAGES_ON_MENU = False\nDISPLAY_CATEGORIES_ON_MENU = False\n",
        encoding="utf-8",
    )
    output = work / "pelican-output"
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings)]
    run = measured([*command, "-o", str(output), "-q"], work)
    return {"wall_s": run.wall_s, "peak_mb": run.peak_mb, "bytes": folder_bytes(output)}


def hugo_build(work: Path, pages: int) -> dict | None:
    """Hugo on the same number of plain Markdown pages; None where Hugo is not
    installed (`make bench` installs it where the package manager has it)."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    site, output = write_hugo_site(work, pages), work / "hugo-output"
    run = measured([hugo, "--source", str(site), "--destination", str(output), "--quiet"], work)
    written = count_pages(output)
    if written != pages:
        raise RuntimeError(f"Hugo wrote {written} pages, not {pages}: see {site}")
    version = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
    return {
        "wall_s": run.wall_s,
        "peak_mb": run.peak_mb,
        "bytes": folder_bytes(output),
        "version": version.stdout.split()[1] if version.stdout else "",
    }


def check_sample(work: Path, parts: int, pages: int) -> dict:
    """The check pass over a built shape: ``parts`` 1, the whole shape as
    `segsite check --all` runs it (its parts side by side, one a core);
    more, one of that many shards (in one process), and the whole shape's
    time at that rate. Its pages per second and where the time goes."""
    if parts == 1:
        timed = timed_check(work / "output", work / SETTINGS, work / "report", cli=True)
        side_by_side = default_jobs(None)
        figures = timed_figures(timed, timed["owned_pages"], side_by_side)
        return {
            **figures,
            "shard": None,
            "parts": side_by_side,
            "whole_shape_s": round(timed["wall"]),
        }
    timed = timed_check(work / "output", work / SETTINGS, work / "report", shard=f"1/{parts}")
    figures = timed_figures(timed, timed["owned_pages"])
    figures["shard"] = f"1/{parts}"
    figures["whole_shape_s"] = round(pages * timed["wall"] / timed["owned_pages"])
    return figures


def sampled_landing(work: Path, parts: int) -> str:
    """The slug of an English landing page (not the home page) in the check
    sample's shard."""
    site = Site(work / "output", {"skip": {}, "languages": ["en", "ar", "fa"]})
    owned = owned_by(Shard(1, parts), site.pages, site.landing_variants(), [])
    return next(
        match[1] for page in owned.pages if (match := re.fullmatch(r"/en/(landing-\d+)/", page))
    )


def recheck_after_edit(work: Path, parts: int) -> dict:
    """`segsite check` of what the check pass checked (the whole shape, or
    the sample's shard) again after one landing page's Markdown changed and
    the site was rebuilt: what it re-ran, in how long."""
    shard = f"1/{parts}" if parts > 1 else None
    timed = timed_check(
        work / "output", work / SETTINGS, work / "report", shard=shard, reuse=True, cli=not shard
    )
    return {"wall_s": round(timed["wall"], 1), "ran": timed["ran"], "reused": timed["reused"]}


def check_shards(work: Path, shards: int) -> dict:
    """Each of ``shards`` shards of the built shape checked one after another,
    alone, as one CI job runs it (`segsite check --all --shard K/N`, one
    process): its pages and seconds, and the longest against their mean (a
    shard's share of the whole)."""
    times = []
    for number in range(1, shards + 1):
        timed = timed_check(
            work / "output",
            work / SETTINGS,
            work / f"report-{number}",
            shard=f"{number}/{shards}",
            cli=True,
        )
        times.append(
            {
                "shard": f"{number}/{shards}",
                "pages": timed["owned_pages"],
                "wall_s": round(timed["wall"], 1),
                "failed": timed["failed"],
            }
        )
        print(
            f"check pass, shard {number}/{shards}: {timed['owned_pages']:,} pages in"
            f" {timed['wall']:.1f} s, {timed['failed']} failed",
            flush=True,
        )
    mean = sum(shard["wall_s"] for shard in times) / shards
    return {
        "shards": times,
        "mean_s": round(mean, 1),
        "longest_over_mean": round(max(shard["wall_s"] for shard in times) / mean, 3),
    }


def bench(
    shape_name: str, jobs: int, saves: int, check_parts: int = 0, check_shards_of: int = 0
) -> dict:
    """``check_parts``: time the check pass (1: over the whole shape; N: over one
    of N shards; 0: none). ``check_shards_of``: time each of that many shards."""
    shape = SHAPES[shape_name]
    with tempfile.TemporaryDirectory(prefix=f"segsite-bench-{shape_name}-") as scratch:
        work = Path(scratch)
        content, _ = write_site(work, shape)
        write_settings(work)
        output = work / "output"
        segsite = segsite_build(work, jobs)
        pages = count_pages(output)
        segsite["bytes"] = folder_bytes(output)
        weights = landing_page_weights(output, content)
        check = check_sample(work, check_parts, pages) if check_parts else None
        shards = check_shards(work, check_shards_of) if check_shards_of else None
        # A landing page the check sample covers, so that re-checking it is measured too.
        slug = sampled_landing(work, check_parts) if check_parts else "landing-1"
        landing = content / "landing" / f"{slug}.en.md"
        landing.write_text(
            landing.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
        )
        rebuild = segsite_build(work, jobs)
        if check:
            check["after_one_edit"] = recheck_after_edit(work, check_parts)
        preview = preview_latency(
            work, site_arguments(work, settings=SETTINGS), landing, f"/en/{slug}/", saves=saves
        )
        hugo = hugo_build(work, pages)
        pelican = pelican_build(work, pages)
    return {
        "shape": shape_name,
        "landing_pages": shape.landings,
        "languages": len(shape.languages),
        "segments": shape.segments,
        "jobs": jobs,
        "pages": pages,
        "segsite": _rounded(segsite),
        "hugo": _rounded(hugo) if hugo else None,
        "pelican": _rounded(pelican),
        "segsite_vs_hugo": _ratios(segsite, hugo),
        "segsite_vs_pelican": _ratios(segsite, pelican),
        "rebuild_after_one_edit_s": round(rebuild["wall_s"], 2),
        "live_preview": preview,
        "page_weight": weights,
        "check_sample": check,
        "check_shards": shards,
        "machine": _machine(),
    }


def _rounded(figures: dict) -> dict:
    return {
        key: round(value, 2) if isinstance(value, float) else value
        for key, value in figures.items()
    }


def _ratios(segsite: dict, other: dict | None) -> dict | None:
    """segsite's figure over the other tool's: under 1, segsite takes less."""
    if other is None:
        return None
    return {
        key: round(segsite[key] / other[key], 2) if segsite[key] and other[key] else None
        for key in ("wall_s", "bytes", "peak_mb")
    }


def _machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version()}


def report(result: dict) -> str:
    """What `make bench` prints for one shape."""
    s, h, p = result["segsite"], result["hugo"], result["pelican"]
    vs_h, vs_p = result["segsite_vs_hugo"], result["segsite_vs_pelican"]

    def row(label: str, key: str, shown) -> str:
        hugo = f"Hugo {shown(h[key])}, segsite/Hugo {vs_h[key]}" if h else "Hugo: not installed"
        return (
            f"  {label}: segsite {shown(s[key])} | {hugo}"
            f" | plain Pelican {shown(p[key])}, segsite/Pelican {vs_p[key]}"
        )

    preview, weight = result["live_preview"], result["page_weight"]
    return "\n".join(
        [
            f"{result['shape']}: {result['pages']:,} pages, {result['machine']['cpus']} cores"
            + (f", Hugo {h['version']}" if h else ""),
            row("wall time (whole process)", "wall_s", lambda v: f"{v:.2f} s"),
            row("bytes written", "bytes", lambda v: f"{v / 1e6:.1f} MB"),
            row("peak memory (process tree)", "peak_mb", lambda v: f"{v:.0f} MB" if v else "n/a"),
            f"  rebuild after one landing page edit: {result['rebuild_after_one_edit_s']} s"
            " (`segsite build`, whole process)",
            f"  live preview, save -> new HTML served by `segsite serve`: median"
            f" {preview['median_s']} s of {preview['saves']} saves {preview['all_s']};"
            f" its in-process build: median {preview['build_median_s']} s",
            "  page weight (HTML): "
            + "; ".join(
                f"{kind} pages ({weight[kind]['pages']:,}) median"
                f" {weight[kind]['median_bytes'] / 1000:.1f} KB,"
                f" max {weight[kind]['max_bytes'] / 1000:.1f} KB"
                for kind in ("generic", "segment")
            ),
        ]
        + ([check_line(result["check_sample"])] if result.get("check_sample") else [])
        + ([shards_line(result["check_shards"])] if result.get("check_shards") else [])
    )


def check_line(check: dict) -> str:
    if check["shard"]:
        what = f"shard {check['shard']}"
        whole = f"; the whole shape at this rate: {check['whole_shape_s'] / 60:.1f} min"
    else:
        what = f"`segsite check --all`, {check['parts']} parts side by side"
        whole = f" ({check['whole_shape_s'] / 60:.1f} min)"
    return (
        f"  check pass, {what}: {check['pages']} pages in {check['wall_s']} s{whole},"
        f" {check['pages_per_s']} pages/s, {check['failed']} failed"
        + (
            f"; after one landing page's edit, `segsite check` of the same:"
            f" {edit['wall_s']} s, {edit['ran']} checks run, {edit['reused']} re-used"
            if (edit := check.get("after_one_edit"))
            else ""
        )
    )


def shards_line(shards: dict) -> str:
    count = len(shards["shards"])
    return (
        f"  check pass in {count} shards, one after another (`segsite check --all --shard K/{count}`): "
        + ", ".join(f"{s['pages']:,} pages in {s['wall_s']} s" for s in shards["shards"])
        + f"; longest {shards['longest_over_mean']} of their mean ({shards['mean_s']} s),"
        f" {sum(s['failed'] for s in shards['shards'])} failed"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("shapes", nargs="*", default=["small", "large"], choices=sorted(SHAPES))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--saves", type=int, default=5, help="saves per live preview figure")
    parser.add_argument(
        "--no-demo",
        action="store_true",
        help="skip the demo's figures (live preview latency, check pass time)",
    )
    parser.add_argument("--no-check", action="store_true", help="skip the demo's check pass")
    parser.add_argument(
        "--check-parts",
        type=int,
        default=1,
        help="time the check pass over the small shape (1: all of it, as `segsite check"
        " --all` runs it; N: one of N shards, in one process; 0: none)",
    )
    parser.add_argument(
        "--large-shards",
        type=int,
        default=0,
        help="time the large shape's check pass in this many shards, each alone, one after"
        " another (4: about 35 minutes on 2 cores; 0: none)",
    )
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for name in args.shapes:
        parts = args.check_parts if name == "small" and not args.no_check else 0
        shards = args.large_shards if name == "large" else 0
        result = bench(name, args.jobs, args.saves, parts, shards)
        (RESULTS / f"{name}-{stamp}.json").write_text(
            json.dumps(result, indent=1), encoding="utf-8"
        )
        print(report(result), flush=True)
    if args.no_demo:
        return 0
    demo = {"preview": demo_preview_latency(args.saves), "machine": _machine()}
    preview = demo["preview"]
    print(
        f"demo: live preview, save -> new HTML served by `segsite serve`: median"
        f" {preview['median_s']} s of {preview['saves']} saves {preview['all_s']};"
        f" its in-process build: median {preview['build_median_s']} s",
        flush=True,
    )
    demo_file = RESULTS / f"demo-{stamp}.json"
    demo_file.write_text(json.dumps(demo, indent=1), encoding="utf-8")
    if args.no_check:
        return 0
    check = demo["check_pass"] = check_pass_time()
    demo_file.write_text(json.dumps(demo, indent=1), encoding="utf-8")
    print(
        f"demo: `segsite check --all`: {check['pages']} pages in {check['wall_s']} s,"
        f" {check['pages_per_s']} pages/s, {check['parts']} parts side by side"
        f" | {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
