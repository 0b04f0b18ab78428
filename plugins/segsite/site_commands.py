"""The commands around the build: ``serve``, ``report``, ``new``,
``new-segment`` and ``new-page`` (each registers itself, see commandline.py)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from pelican.log import init as init_logging

from .check.command import CHECK_HELP, add_check_arguments
from .commandline import PATH_OPTIONS, add_command, missing_check_extra, path_overrides
from .problems import SiteInvalid


def register_check(commands) -> None:
    parser = add_command(commands, "check", **CHECK_HELP)
    add_check_arguments(parser)
    parser.set_defaults(run=run_check)


def register_serve(commands) -> None:
    parser = add_command(commands, "serve", help="build, serve on 127.0.0.1, rebuild on change")
    for option, meaning in PATH_OPTIONS:
        parser.add_argument(option, type=Path, help=meaning)
    parser.add_argument("--port", type=int, default=8000)
    parser.set_defaults(run=run_serve)


def register_report(commands) -> None:
    parser = add_command(commands, "report", help="who sees what, in output-report/")
    for option, meaning in PATH_OPTIONS[:3]:
        parser.add_argument(option, type=Path, help=meaning)
    parser.add_argument("--out", type=Path, default=Path("output-report"))
    parser.set_defaults(run=run_report)


def register_scaffolds(commands) -> None:
    segment = add_command(commands, "new-segment", help="add a segment skeleton to segments.yaml")
    segment.add_argument("id")
    segment.add_argument("--segments", type=Path, default=Path("segments.yaml"))
    segment.set_defaults(run=run_scaffold)
    page = add_command(commands, "new-page", help="write draft skeletons of a page")
    page.add_argument("slug")
    page.add_argument("--langs", default="", help="comma-separated, default: all configured")
    page.add_argument("--kind", choices=("landing", "page"), default="landing")
    page.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    page.add_argument("--content", type=Path)
    page.set_defaults(run=run_scaffold)


def register_new(commands) -> None:
    parser = add_command(commands, "new", help="write a new site that builds at once")
    parser.add_argument("folder", type=Path, help="a new or empty folder")
    parser.add_argument("--name", default="My site", help="the site's name")
    parser.add_argument(
        "--languages", default="en,ar,fa", help="comma-separated, the first is the default"
    )
    parser.set_defaults(run=run_new)


def run_report(args) -> int:
    import tempfile

    from .cli import build, read_site_settings
    from .report import write_report
    from .site import load_site

    if missing_check_extra("report", ("playwright",)):
        return 2
    init_logging(level=logging.WARNING, handler=logging.StreamHandler(sys.stderr))
    logging.getLogger("pelican").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as scratch:
        try:
            output = build(
                args.settings or Path("pelicanconf.py"),
                content=args.content,
                segments=args.segments,
                output=Path(scratch) / "site",
            )
        except SiteInvalid as exc:
            print(str(exc), file=sys.stderr)
            return 1
        settings = read_site_settings(
            (args.settings or Path("pelicanconf.py")).resolve(),
            override=path_overrides(args.content, args.segments),
        )
        site = load_site(settings)
        out = args.out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        data = write_report(site, output, out, settings)
    print(
        f"Report: {out / 'index.html'} ({len(data['matrix'])} cells,"
        f" {len(data['missing_translations'])} missing translations)"
    )
    return 0


def run_scaffold(args) -> int:
    from .cli import read_site_settings
    from .scaffold import ScaffoldError, new_page, new_segment

    try:
        if args.command == "new-segment":
            print(new_segment(args.segments, args.id))
        else:
            settings = read_site_settings(args.settings.resolve())
            configured = list(settings.get("SEGSITE_LANGUAGES") or ["en", "ar", "fa"])
            langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()] or configured
            content = args.content or Path(settings["PATH"])
            for file in new_page(content, args.slug, langs, configured, args.kind):
                print(f"wrote {file} (a draft: not published until 'status: draft' is removed)")
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SiteInvalid as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def run_new(args) -> int:
    from .newsite import NewSiteError, new_site, parse_languages

    try:
        written = new_site(args.folder, args.name, parse_languages(args.languages))
    except NewSiteError as exc:
        print(f"segsite new: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files into {args.folder}. Next: cd {args.folder} && segsite build")
    return 0


def run_serve(args) -> int:
    from .serve import run

    return run(args)


def run_check(args) -> int:
    from .check.command import run_check_command

    needed = ("pytest", "playwright", "pytest_playwright", "axe_playwright_python", "bs4")
    if not args.merge and missing_check_extra("check", needed):
        return 2  # a merge only reads what the shards wrote: it needs none of them
    return run_check_command(args)
