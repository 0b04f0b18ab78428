"""``segsite build``: a Pelican build that never leaves a half-written output.

Pelican writes into a staging folder beside the output; only a build that
succeeds replaces the output, in one rename. A failed build prints every
problem as ``file:line: message`` and leaves the previous output as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import traceback
from pathlib import Path

from pelican import Pelican
from pelican.log import console as pelican_console
from pelican.log import init as init_logging
from pelican.settings import get_settings_from_file, read_settings

from .check.command import CHECK_HELP, add_check_arguments
from .generator import CheckedSite, generating_from
from .kit import BLOG_OFF, KIT_THEME, SITE_TEMPLATES
from .problems import ProblemLog, SiteInvalid
from .render_cache import FullBuildNeeded, can_build_in_place
from .settings_source import SettingsSource
from .site import load_site


def build(
    settings_file: Path,
    *,
    content: Path | None = None,
    segments: Path | None = None,
    output: Path | None = None,
    strict: bool = False,
    extra: dict | None = None,
) -> Path:
    """Build the site; returns the output folder. Raises SiteInvalid on bad input."""
    settings_file = settings_file.resolve()
    override: dict = {"SEGSITE_SETTINGS_FILE": str(settings_file), "SEGSITE_ROOT": os.getcwd()}
    if content is not None:
        override["PATH"] = str(content.resolve())
    if segments is not None:
        override["SEGSITE_SEGMENTS"] = str(segments.resolve())
    if strict:
        override["SEGSITE_STRICT"] = True
    override.update(extra or {})
    settings = read_site_settings(settings_file, override)
    final = Path(output if output is not None else settings["OUTPUT_PATH"]).resolve()
    # The previous output must survive a failed build: never let Pelican clean it.
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    # Every problem at once (SiteInvalid), before Pelican starts; the
    # generator gets this checked site rather than reading it again.
    site = load_site(settings)
    if can_build_in_place(final, settings):
        # Only landing pages changed? Then only they are rendered, into the
        # output itself (render_cache.py); else a full build below.
        in_place = {**settings, "OUTPUT_PATH": str(final)}
        with (
            contextlib.suppress(FullBuildNeeded),
            generating_from(in_place, CheckedSite(site, in_place=True)),
        ):
            run_pelican(in_place)
            return final
    staging = final.with_name(f".{final.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    settings["OUTPUT_PATH"] = str(staging)
    try:
        with generating_from(settings, CheckedSite(site)):
            run_pelican(settings)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_folder(staging, final)
    return final


def run_pelican(settings: dict) -> None:
    """Pelican's run without its closing summary: it counts only Pelican's own
    articles and pages ("Processed 0 articles ... 0 pages"), while segsite
    writes its pages itself and logs its own count ("segsite: wrote N of M
    pages")."""
    pelican = Pelican(settings)  # plugin errors print as usual
    quiet = pelican_console.quiet
    pelican_console.quiet = True
    try:
        pelican.run()
    finally:
        pelican_console.quiet = quiet


# Pelican's own settings that segsite relies on and Pelican itself reads as
# text without checking (a number there is a traceback inside Pelican).
PELICAN_TEXT_SETTINGS = ("SITEURL", "PATH", "OUTPUT_PATH", "THEME", "TIMEZONE", "SITENAME")


def read_site_settings(settings_file: Path, override: dict | None = None) -> dict:
    """Pelican's settings of a site, with Pelican's blog machinery off where
    the site's file says nothing of it (before Pelican reads the file: it
    warns about feeds while reading)."""
    log = ProblemLog(Path.cwd())
    try:
        own = get_settings_from_file(str(settings_file))
        for name in PELICAN_TEXT_SETTINGS:
            if name in own and not isinstance(own[name], str):
                log.error(
                    settings_file,
                    SettingsSource(settings_file).line_of(name),
                    f"{name} must be text, not {own[name]!r}",
                )
        if log.problems:
            raise SiteInvalid(log.problems)
        defaults = {key: value for key, value in BLOG_OFF.items() if key not in own}
        return read_settings(str(settings_file), override={**defaults, **(override or {})})
    except SiteInvalid:
        raise
    except FileNotFoundError:
        log.error(settings_file, 0, "no such settings file: name it with --settings")
    except SyntaxError as error:
        log.error(settings_file, error.lineno or 0, f"Python syntax error: {error.msg}")
    except Exception as error:  # noqa: BLE001 - any failure in the site's own Python code
        # The file is Python: it may raise anything, and Pelican's own checks
        # of its settings (SITEURL, PATH, THEME) raise plain exceptions.
        log.error(settings_file, _raising_line(error, settings_file), _settings_failure(error))
    raise SiteInvalid(log.problems)


def _raising_line(error: Exception, settings_file: Path) -> int:
    """The line of the settings file the error was raised from, if any."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [frame for frame in frames if Path(frame.filename).resolve() == settings_file.resolve()]
    return own[-1].lineno if own else 0


def _settings_failure(error: Exception) -> str:
    return (
        f"the settings could not be read ({type(error).__name__}: {error}): check the value"
        " of the setting it names (Pelican's own, such as SITEURL, PATH or THEME, must have"
        " the type Pelican expects)"
    )


def replace_folder(new: Path, final: Path) -> None:
    """Put ``new`` where ``final`` is, keeping the old one until the swap is done."""
    old = final.with_name(f".{final.name}.previous")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)


# What --help says of the options several commands share.
PATH_OPTIONS = (
    ("--settings", "the settings file (default: pelicanconf.py)"),
    ("--content", "the content folder (default: the PATH setting)"),
    ("--segments", "the segments file (default: SEGSITE_SEGMENTS)"),
    ("--output", "the output folder (default: OUTPUT_PATH)"),
)


def add_command(commands, name: str, help: str, description: str | None = None):  # noqa: A002
    """A sub-command whose own --help says what it does (argparse shows
    ``help`` only in the list of commands)."""
    return commands.add_parser(
        name, help=help, description=description or help[0].upper() + help[1:] + "."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="segsite",
        description="Personalized, multilingual marketing sites with Pelican:"
        " every landing page per audience segment and language, checked before"
        " it is published. Start with `segsite new DIR`.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, settings, summary in (
        ("build", "pelicanconf.py", "validate and build the site"),
        ("publish", "publishconf.py", "the production build: fingerprinted, minified, edge files"),
    ):
        build_parser = add_command(commands, name, help=summary)
        build_parser.add_argument("-s", "--settings", type=Path, default=Path(settings))
        build_parser.add_argument(
            "--content", type=Path, help="content folder (default: PATH setting)"
        )
        build_parser.add_argument(
            "--segments", type=Path, help="segments file (default: SEGSITE_SEGMENTS)"
        )
        build_parser.add_argument(
            "--output", type=Path, help="output folder (default: OUTPUT_PATH)"
        )
        build_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
        build_parser.add_argument("-q", "--quiet", action="store_true")
        build_parser.add_argument("--jobs", default=None, help="render processes: a number or auto")
    serve_parser = add_command(
        commands, "serve", help="build, serve on 127.0.0.1, rebuild on change"
    )
    for option, meaning in PATH_OPTIONS:
        serve_parser.add_argument(option, type=Path, help=meaning)
    serve_parser.add_argument("--port", type=int, default=8000)
    add_check_arguments(add_command(commands, "check", **CHECK_HELP))
    report_parser = add_command(commands, "report", help="who sees what, in output-report/")
    for option, meaning in PATH_OPTIONS[:3]:
        report_parser.add_argument(option, type=Path, help=meaning)
    report_parser.add_argument("--out", type=Path, default=Path("output-report"))
    segment_parser = add_command(
        commands, "new-segment", help="add a segment skeleton to segments.yaml"
    )
    segment_parser.add_argument("id")
    segment_parser.add_argument("--segments", type=Path, default=Path("segments.yaml"))
    page_parser = add_command(commands, "new-page", help="write draft skeletons of a page")
    page_parser.add_argument("slug")
    page_parser.add_argument("--langs", default="", help="comma-separated, default: all configured")
    page_parser.add_argument("--kind", choices=("landing", "page"), default="landing")
    page_parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    page_parser.add_argument("--content", type=Path)
    new_parser = add_command(commands, "new", help="write a new site that builds at once")
    new_parser.add_argument("folder", type=Path, help="a new or empty folder")
    new_parser.add_argument("--name", default="My site", help="the site's name")
    new_parser.add_argument(
        "--languages", default="en,ar,fa", help="comma-separated, the first is the default"
    )
    args = parser.parse_args(argv)
    if args.command == "new":
        return run_new(args)
    if args.command == "serve":
        return run_serve(args)
    if args.command == "report":
        return run_report(args)
    if args.command == "check":
        return run_check(args)
    if args.command in ("new-segment", "new-page"):
        return run_scaffold(args)

    # Plain lines, so `file:line: message` stays on one line for editors and CI.
    handler = logging.StreamHandler(sys.stderr)
    init_logging(level=logging.WARNING if args.quiet else logging.INFO, handler=handler)
    # Pelican's per-file "Copying ..." lines drown the problems editors need to see.
    logging.getLogger("pelican").setLevel(logging.WARNING)
    try:
        final = build(
            args.settings,
            content=args.content,
            segments=args.segments,
            output=args.output,
            strict=args.strict,
            extra={"SEGSITE_JOBS": args.jobs} if args.jobs else None,
        )
    except SiteInvalid as exc:
        print(str(exc), file=sys.stderr)
        print("Nothing was written; the previous output is unchanged.", file=sys.stderr)
        return 1
    print(f"Built {final}")
    return 0


def build_command(
    settings: Path, content: Path, segments: Path, output: Path, *extra: str
) -> list[str]:
    """`segsite build` as a command for a fresh interpreter (serve, the benchmark)."""
    return [
        sys.executable,
        "-m",
        "segsite.cli",
        "build",
        "-q",
        "--settings",
        str(settings),
        "--content",
        str(content),
        "--segments",
        str(segments),
        "--output",
        str(output),
        *extra,
    ]


def missing_check_extra(command: str, modules: tuple[str, ...]) -> bool:
    """True (and says what to install) when the ``segsite[check]`` extra is not installed."""
    import importlib.util

    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"segsite {command} needs {', '.join(missing)}: pip install 'segsite[check]'",
            file=sys.stderr,
        )
    return bool(missing)


def run_check(args) -> int:
    from .check.command import run_check_command

    needed = ("pytest", "playwright", "pytest_playwright", "axe_playwright_python", "bs4")
    if not args.merge and missing_check_extra("check", needed):
        return 2  # a merge only reads what the shards wrote: it needs none of them
    return run_check_command(args)


def run_report(args) -> int:
    import tempfile

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
            override={
                key: str(value.resolve())
                for key, value in (("PATH", args.content), ("SEGSITE_SEGMENTS", args.segments))
                if value is not None
            },
        )
        site = load_site(settings)
        out = args.out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        data = write_report(site, output, out)
    print(
        f"Report: {out / 'index.html'} ({len(data['matrix'])} cells,"
        f" {len(data['missing_translations'])} missing translations)"
    )
    return 0


def run_scaffold(args) -> int:
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
    from .serve import serve

    settings = (args.settings or Path("pelicanconf.py")).resolve()
    content = (args.content or Path("content")).resolve()
    segments = (args.segments or Path("segments.yaml")).resolve()
    output = (args.output or Path("output")).resolve()
    command = build_command(settings, content, segments, output)
    kit = Path(__file__).resolve().parent
    # The kit (its theme too), and the site's own templates/ beside content/.
    watched = [content, segments, settings, kit, KIT_THEME, content.parent / SITE_TEMPLATES]
    serve(command, watched, output, args.port, Path.cwd())
    return 0


if __name__ == "__main__":
    sys.exit(main())
