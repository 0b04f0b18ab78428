"""``segsite results EVENTS...``: the experiments' results from exported
exposure and conversion events, against the arms and weights of
segments.yaml; a table per experiment in the terminal and an HTML page
(output-results/index.html). Every problem of the events and the site is
listed before anything is written; exit 1 then, else 0."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from .commandline import PATH_OPTIONS, add_command, path_overrides
from .problems import ProblemLog, SiteInvalid
from .results import summarize
from .results_events import read_events
from .results_report import html_page, terminal_text

RESULTS_HELP = {
    "help": "experiment results from exported events, in output-results/",
    "description": "Read exported segsite:exposure and segsite:conversion events (JSON lines"
    " or CSV) and report, per experiment and segment, each arm's visitors, conversions and"
    " rate, the difference against control with a 95% interval, and a sample-ratio test"
    " against the weights in segments.yaml.",
}


def register(commands) -> None:
    parser = add_command(commands, "results", **RESULTS_HELP)
    parser.add_argument(
        "events",
        nargs="+",
        type=Path,
        help="exported events: JSON lines (.jsonl, .ndjson) or CSV (.csv); several add up",
    )
    for option, meaning in PATH_OPTIONS[:3]:
        parser.add_argument(option, type=Path, help=meaning)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("output-results"),
        help="the folder of the HTML page (default: output-results)",
    )
    parser.set_defaults(run=run_results)


def configured_weights(args) -> dict[str, dict[str, float]]:
    """Experiment id -> arm id -> weight, from the site's segments.yaml;
    raises SiteInvalid like the build."""
    from .cli import read_site_settings
    from .site import load_site

    settings_file = (args.settings or Path("pelicanconf.py")).resolve()
    settings = read_site_settings(
        settings_file,
        override=path_overrides(args.content, args.segments),
    )
    with _site_warnings_quiet():
        site = load_site(settings)
    return {
        experiment.id: {arm.id: arm.weight for arm in experiment.arms}
        for experiment in site.segments.experiments
    }


@contextlib.contextmanager
def _site_warnings_quiet() -> Iterator[None]:
    """The site's own warnings (a missing translation) say nothing of results."""
    logger = logging.getLogger("segsite")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def run_results(args) -> int:
    log = ProblemLog(Path.cwd())
    events = read_events(args.events, log)
    weights: dict[str, dict[str, float]] = {}
    try:
        weights = configured_weights(args)
    except SiteInvalid as exc:
        log.problems.extend(exc.problems)
    if log.errors:
        count = len(log.problems)
        print(f"{count} problem{'s' if count != 1 else ''}:", file=sys.stderr)
        for problem in log.problems:
            print(problem, file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    results = summarize(events, weights)
    for problem in (*log.warnings, *results.warnings):
        print(problem, file=sys.stderr)
    print(terminal_text(results), end="")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    sources = [log.display_path(path) for path in args.events]
    page = html_page(results, sources)
    (out / "index.html").write_text(page, encoding="utf-8")
    print(f"Results: {out / 'index.html'}")
    return 0
