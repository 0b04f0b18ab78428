"""How to start the check pass over a built site, for everything that runs
it as a process of its own (`segsite check`, the published pass, the
seeded-fault test, the benchmark): one pytest run over this folder, told
what to check by environment variables (see conftest.py). Also the options
of `segsite check` and what it runs, so cli.py only names the sub-command."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

CHECK_FOLDER = Path(__file__).resolve().parent
# More parts than this each start a browser and read the whole site for
# little more: the pass is mostly the browser's renderer, one core a part.
MOST_JOBS = 4
CHECK_HELP = {
    "help": "check every page of the built site in Chromium (pip install 'segsite[check]')",
    "description": "The check pass: every page of the built site at each viewport in"
    " Chromium (layout, accessibility, contrast, links, weights, the right variant"
    " per segment). Writes an HTML report; exits non-zero when a check fails. A page"
    " whose files did not change keeps its last results unless --all; --shard K/N"
    " checks a part of the pages, --merge joins the parts' reports.",
}


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `segsite check` (cli.py's sub-command)."""
    parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument(
        "--output", type=Path, default=Path("output"), help="the built site to check"
    )
    parser.add_argument(
        "--report", type=Path, default=Path("output-check"), help="where the report goes"
    )
    parser.add_argument("--url", help="check the site where it is served already")
    parser.add_argument(
        "--scope",
        choices=("full", "edge"),
        default="full",
        help="edge: only the checks an edge runtime can change",
    )
    split = parser.add_mutually_exclusive_group()
    split.add_argument(
        "--shard", metavar="K/N", help="check only the K-th of N parts of the pages (CI)"
    )
    split.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        metavar="DIR",
        help="join the shards' reports (folders with results.json) into --report",
    )
    parser.add_argument(
        "--all", action="store_true", help="check every page again (re-use no kept result)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="check in N processes side by side (one browser each), joined into one report"
        f" (default: one a core, at most {MOST_JOBS}; 1 with --shard or pytest options)",
    )
    parser.add_argument(
        "pytest_args", nargs=argparse.REMAINDER, help="after --: pytest options (-x, -k NAME)"
    )


def run_check_command(args: argparse.Namespace) -> int:
    """`segsite check`: the pass (or one shard of it) as a process of its
    own, or with --merge the shards' reports joined into one."""
    from segsite.check.shards import Shard

    if args.merge:
        from segsite.check.merge import merge_reports

        if args.all or args.pytest_args:
            print(
                "segsite check: --merge runs no check: drop --all and pytest options",
                file=sys.stderr,
            )
            return 2
        return merge_reports(args.merge, args.report, args.output)
    try:
        Shard.parse(args.shard)
    except ValueError as error:
        print(f"segsite check: --shard {error}", file=sys.stderr)
        return 2
    if not args.output.is_dir():
        print(f"segsite check: {args.output} does not exist: run `segsite build`", file=sys.stderr)
        return 2
    if args.jobs is None:
        args.jobs = default_jobs(args.shard, pytest_options(args))
    if args.jobs < 1 or (args.jobs > 1 and args.shard):
        print("segsite check: --jobs takes 1 or more, and not with --shard", file=sys.stderr)
        return 2
    if args.jobs > 1:
        return run_in_parts(args)
    command, env = pass_command(args, args.report, args.shard)
    return subprocess.run(command, env=env, check=False).returncode


def pytest_options(args: argparse.Namespace) -> tuple[str, ...]:
    """The pytest options after `--` (without it)."""
    return tuple(arg for arg in args.pytest_args if arg != "--")


def default_jobs(shard: str | None, pytest_args: tuple[str, ...] = ()) -> int:
    """One part a core this process may use, at most MOST_JOBS. A shard is
    one part, and so is a run with pytest options (-k, -x: a look at a few
    checks, which the merge of parts would call incomplete). On a 2-core
    machine the demo takes 54 to 59 s in two parts, 63 to 68 s in one, and
    the whole small shape 7.4 to 9.2 minutes in two, each part at one
    process's rate (about 0.28 s a page)."""
    if shard or pytest_args:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MOST_JOBS))


def pass_command(
    args: argparse.Namespace, report: Path, shard: str | None
) -> tuple[list[str], dict[str, str]]:
    """check_command for `segsite check`'s options, into ``report``."""
    return check_command(
        args.output,
        args.settings,
        report,
        url=args.url,
        scope=args.scope,
        pytest_args=pytest_options(args),
        shard=shard,
        reuse=not args.all,
    )


def run_in_parts(args: argparse.Namespace) -> int:
    """`segsite check --jobs N`: the pass as N shards run side by side, each
    in its own process with its own browser, then joined as --merge joins
    CI's shards (the same split and the same merge, so the same results as
    one pass). Each part keeps its folder under <report>/.parts/, its kept
    results with it, so the next run with the same N re-uses them."""
    from segsite.check.merge import merge_reports
    from segsite.check.phases import add_up, part_phases

    started = time.monotonic()
    parts = []
    # Each part times its phases into a file of its own; their sums are the run's.
    phases = os.environ.get("SEGSITE_CHECK_PHASES")
    phase_files = (
        [part_phases(phases, index) for index in range(1, args.jobs + 1)] if phases else []
    )
    for index in range(1, args.jobs + 1):
        folder = args.report / ".parts" / f"{index}-of-{args.jobs}"
        folder.mkdir(parents=True, exist_ok=True)
        # A part that dies before it writes must not leave the last run's
        # results for the merge to take.
        (folder / "results.json").unlink(missing_ok=True)
        command, env = pass_command(args, folder, f"{index}/{args.jobs}")
        if phases:
            env["SEGSITE_CHECK_PHASES"] = str(phase_files[index - 1])
        log = (folder / "pass.log").open("w", encoding="utf-8")
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        parts.append((process, log, folder))
    for process, log, folder in parts:
        code = process.wait()
        log.close()
        if code not in (0, 1):  # not a verdict on the pages: say why
            text = (folder / "pass.log").read_text(encoding="utf-8", errors="replace")
            print(f"segsite check: part {folder.name} ended with {code}:\n{text[-3000:]}")
    if phases:
        add_up(phase_files, Path(phases))
    code = merge_reports([folder for _, _, folder in parts], args.report, args.output)
    print(f"segsite check: {args.jobs} parts side by side in {time.monotonic() - started:.0f} s")
    return code


def check_command(
    site: Path,
    settings: Path,
    report: Path,
    *,
    url: str | None = None,
    scope: str = "full",
    pytest_args: tuple[str, ...] = (),
    shard: str | None = None,
    reuse: bool = False,
) -> tuple[list[str], dict[str, str]]:
    """(command, environment) that check ``site`` (its settings file, where the
    report goes; ``url`` where it is served already, else the pass serves it).
    ``shard``: "K/N", only that part of the pages; ``reuse``: take the kept
    result of every check whose pages did not change (segsite check does;
    callers that time or prove the pass leave it off and run every check)."""
    env = {
        **os.environ,
        "SEGSITE_CHECK_SITE": str(Path(site).resolve()),
        "SEGSITE_CHECK_SETTINGS": str(Path(settings).resolve()),
        "SEGSITE_CHECK_REPORT": str(Path(report).resolve()),
        "SEGSITE_CHECK_SCOPE": scope,
        # Always set, so a value in the caller's environment never applies unasked.
        "SEGSITE_CHECK_SHARD": shard or "",
        "SEGSITE_CHECK_REUSE": "1" if reuse else "0",
    }
    if url:
        env["SEGSITE_CHECK_URL"] = url
    # The pass's own pytest.ini (-c): a site's or a repository's pytest
    # configuration (addopts, warnings as errors, testpaths) must not change
    # what the check pass does; its rootdir is this folder.
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(CHECK_FOLDER),
        "-c",
        str(CHECK_FOLDER / "pytest.ini"),
        "--rootdir",
        str(CHECK_FOLDER),
    ]
    return command + list(pytest_args), env
