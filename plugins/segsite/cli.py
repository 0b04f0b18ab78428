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

from .commandline import add_command
from .email_command import register as register_email
from .generator import CheckedSite, generating_from
from .kit import BLOG_OFF
from .problems import ProblemLog, SiteInvalid
from .render_cache import FullBuildNeeded, can_build_in_place
from .results_command import register as register_results
from .settings_source import SettingsSource
from .site import load_site
from .site_commands import (
    register_check,
    register_new,
    register_report,
    register_scaffolds,
    register_serve,
)
from .warm import Warm


def build(
    settings_file: Path,
    *,
    content: Path | None = None,
    segments: Path | None = None,
    output: Path | None = None,
    strict: bool = False,
    extra: dict | None = None,
    warm: Warm | None = None,
) -> Path:
    """Build the site; returns the output folder. Raises SiteInvalid on bad input.
    ``warm``: what a long-lived process (segsite serve) kept from its last build."""
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
    site = load_site(settings, warm.reads if warm else None)
    templates = warm.templates if warm else None
    if can_build_in_place(final, settings):
        # Only landing pages changed? Then only they are rendered, into the
        # output itself (render_cache.py); else a full build below.
        in_place = {**settings, "OUTPUT_PATH": str(final)}
        with (
            contextlib.suppress(FullBuildNeeded),
            generating_from(in_place, CheckedSite(site, in_place=True, templates=templates)),
        ):
            run_pelican(in_place)
            return final
    staging = final.with_name(f".{final.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    settings["OUTPUT_PATH"] = str(staging)
    try:
        with generating_from(settings, CheckedSite(site, templates=templates)):
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
        with site_modules_forgotten(settings_file.parent):
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
        with site_modules_forgotten(settings_file.parent):
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


@contextlib.contextmanager
def site_modules_forgotten(folder: Path):
    """Pelican keeps a settings file as a module named after the file
    (``sys.modules["pelicanconf"]``), and ``from pelicanconf import *`` in a
    publishconf.py then reads whichever site's pelicanconf was loaded first.
    So the modules a site's folder holds are forgotten after reading: a
    second site (or the same one, edited, in ``segsite serve``) is read from
    its own files."""
    folder = folder.resolve()

    def of_the_site(module) -> bool:
        file = getattr(module, "__file__", None)
        return file is not None and Path(file).resolve().parent == folder

    # Modules of the same names loaded from elsewhere (another site, the
    # kit's demo) step aside while this site's files are read.
    names = {path.stem for path in folder.glob("*.py")}
    aside = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    try:
        yield
    finally:
        for name in [name for name, module in sys.modules.items() if of_the_site(module)]:
            del sys.modules[name]
        sys.modules.update(aside)


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


# Every command beside build, publish and check: each module adds its own parser.
COMMANDS = (
    register_check,
    register_serve,
    register_report,
    register_scaffolds,
    register_new,
    register_results,
    register_email,
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
        ("publish", "publishconf.py", "the production build: minified, edge files, social cards"),
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
    for register in COMMANDS:
        register(commands)
    args = parser.parse_args(argv)
    if args.command not in ("build", "publish"):
        return args.run(args)

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


if __name__ == "__main__":
    sys.exit(main())
