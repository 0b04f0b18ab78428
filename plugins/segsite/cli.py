"""``segsite build``: a Pelican build that never leaves a half-written output.

Pelican writes into a staging folder beside the output; only a build that
succeeds replaces the output, in one rename. A failed build prints every
problem as ``file:line: message`` and leaves the previous output as it was.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from .problems import SiteInvalid


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
    settings = read_settings(str(settings_file), override=override)
    final = Path(output if output is not None else settings["OUTPUT_PATH"]).resolve()
    staging = final.with_name(f".{final.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    settings["OUTPUT_PATH"] = str(staging)
    # The previous output must survive a failed build: never let Pelican clean it.
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    try:
        Pelican(settings).run()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_folder(staging, final)
    return final


def replace_folder(new: Path, final: Path) -> None:
    """Put ``new`` where ``final`` is, keeping the old one until the swap is done."""
    old = final.with_name(f".{final.name}.previous")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="segsite", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="validate and build the site")
    build_parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    build_parser.add_argument("--content", type=Path, help="content folder (default: PATH setting)")
    build_parser.add_argument(
        "--segments", type=Path, help="segments file (default: SEGSITE_SEGMENTS)"
    )
    build_parser.add_argument("--output", type=Path, help="output folder (default: OUTPUT_PATH)")
    build_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_parser.add_argument("-q", "--quiet", action="store_true")
    serve_parser = commands.add_parser("serve", help="build, serve on 127.0.0.1, rebuild on change")
    for option in ("--settings", "--content", "--segments", "--output"):
        serve_parser.add_argument(option, type=Path)
    serve_parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "serve":
        return run_serve(args)

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
        )
    except SiteInvalid as exc:
        print(str(exc), file=sys.stderr)
        print("Nothing was written; the previous output is unchanged.", file=sys.stderr)
        return 1
    print(f"Built {final}")
    return 0


def run_serve(args) -> int:
    from .serve import serve

    settings = (args.settings or Path("pelicanconf.py")).resolve()
    content = (args.content or Path("content")).resolve()
    segments = (args.segments or Path("segments.yaml")).resolve()
    output = (args.output or Path("output")).resolve()
    command = [
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
    ]
    kit = Path(__file__).resolve().parent
    watched = [content, segments, settings, kit, Path(settings.parent / "themes")]
    serve(command, watched, output, args.port, Path.cwd())
    return 0


if __name__ == "__main__":
    sys.exit(main())
