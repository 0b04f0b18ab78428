"""`make bench`: the build benchmark. Generates a synthetic site of each shape
outside content/, builds it with segsite (real plugins and theme) and the same
number of ordinary Markdown pages with plain Pelican, and prints wall seconds,
pages per second, peak memory and the ratios; writes JSON to
tests/bench/results/."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from segsite.cli import build_command
from tests.bench.common import EPOCH, ROOT, count_pages
from tests.bench.preview import check_pass_time, preview_latency
from tests.bench.synthetic import SHAPES, write_plain_pelican_site, write_site

RESULTS = Path(__file__).parent / "results"


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of a command run in its own process."""
    wrapper = [
        sys.executable,
        "-c",
        (
            "import resource, subprocess, sys, time;"
            "t = time.perf_counter(); r = subprocess.run(sys.argv[1:]);"
            "w = time.perf_counter() - t;"
            "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024;"
            "print(f'{w} {m}', file=sys.stderr); sys.exit(r.returncode)"
        ),
        *command,
    ]
    result = subprocess.run(
        wrapper,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )
    wall, memory = result.stderr.strip().splitlines()[-1].split()
    return float(wall), float(memory)


def segsite_build(
    work: Path, content: Path, segments: Path, output: Path, jobs: int
) -> tuple[float, float]:
    settings = work / "bench_settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        "SEGSITE_MENU = ['home', 'landing-1', 'landing-2', 'about']\nSEGSITE_FOOTER_MENU = ['about']\n"
        "SEGSITE_CONTACT = {}\nSEGSITE_PREVIEW = False\n",
        encoding="utf-8",
    )
    return timed(
        build_command(settings, content, segments, output, "--jobs", str(jobs)),
        cwd=work,
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )


def pelican_build(work: Path, content: Path, output: Path) -> tuple[float, float]:
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
    return timed(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(settings),
            "-o",
            str(output),
            "-q",
        ],
        cwd=work,
    )


def bench(shape_name: str, jobs: int, keep: Path | None = None) -> dict:
    shape = SHAPES[shape_name]
    with tempfile.TemporaryDirectory(prefix=f"segsite-bench-{shape_name}-") as scratch:
        work = keep or Path(scratch)
        content, segments = write_site(work, shape)
        output = work / "output"
        wall, memory = segsite_build(work, content, segments, output, jobs)
        pages = count_pages(output)
        landing = content / "landing" / "landing-1.en.md"
        landing.write_text(
            landing.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
        )
        rebuild_wall, _ = segsite_build(work, content, segments, output, jobs)
        plain_content = write_plain_pelican_site(work, pages)
        plain_wall, plain_memory = pelican_build(work, plain_content, work / "pelican-output")
    result = {
        "shape": shape_name,
        "landing_pages": shape.landings,
        "languages": len(shape.languages),
        "segments": shape.segments,
        "jobs": jobs,
        "pages": pages,
        "segsite": {
            "wall_s": round(wall, 2),
            "pages_per_s": round(pages / wall),
            "peak_mb": round(memory),
        },
        "segsite_rebuild_after_one_edit_s": round(rebuild_wall, 2),
        "pelican": {
            "wall_s": round(plain_wall, 2),
            "pages_per_s": round(pages / plain_wall),
            "peak_mb": round(plain_memory),
        },
        "speedup_per_page_vs_pelican": round(plain_wall / wall, 2),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("shapes", nargs="*", default=["small", "large"], choices=sorted(SHAPES))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--no-demo",
        action="store_true",
        help="skip the demo's figures (live preview latency, check pass time)",
    )
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    for name in args.shapes:
        result = bench(name, args.jobs)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        (RESULTS / f"{name}-{stamp}.json").write_text(
            json.dumps(result, indent=1), encoding="utf-8"
        )
        s, p = result["segsite"], result["pelican"]
        print(
            f"{name}: {result['pages']} pages | segsite {s['wall_s']} s, {s['pages_per_s']} pages/s,"
            f" peak {s['peak_mb']} MB, rebuild after one edit {result['segsite_rebuild_after_one_edit_s']} s"
            f" | plain Pelican {p['wall_s']} s, {p['pages_per_s']} pages/s, peak {p['peak_mb']} MB"
            f" | segsite is {result['speedup_per_page_vs_pelican']}x plain Pelican per page"
        )
    if not args.no_demo:
        demo = {"preview": preview_latency(), "check_pass": check_pass_time()}
        demo["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
        stamp = time.strftime("%Y%m%dT%H%M%S")
        (RESULTS / f"demo-{stamp}.json").write_text(json.dumps(demo, indent=1), encoding="utf-8")
        check = demo["check_pass"]
        print(
            f"demo: save -> new HTML from segsite serve, median of {demo['preview']['saves']}:"
            f" {demo['preview']['median_s']} s | check pass: {check['pages']} pages in"
            f" {check['wall_s']} s, {check['pages_per_s']} pages/s | {os.cpu_count()} cores"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
