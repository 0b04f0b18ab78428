"""What every ``segsite`` sub-command shares: how it is added to the parser,
the path options, and the message when the ``segsite[check]`` extra is missing.

A command lives in its own module with a ``register(commands)`` function that
adds its parser and sets ``run`` (``parser.set_defaults(run=...)``); cli.py
lists the modules, so no command grows cli.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# What --help says of the options several commands share.
PATH_OPTIONS = (
    ("--settings", "the settings file (default: pelicanconf.py)"),
    ("--content", "the content folder (default: the PATH setting)"),
    ("--segments", "the segments file (default: SEGSITE_SEGMENTS)"),
    ("--output", "the output folder (default: OUTPUT_PATH)"),
)


def path_overrides(content: Path | None, segments: Path | None) -> dict[str, str]:
    """The settings that --content and --segments replace, when given."""
    return {
        key: str(value.resolve())
        for key, value in (("PATH", content), ("SEGSITE_SEGMENTS", segments))
        if value is not None
    }


def add_command(commands, name: str, help: str, description: str | None = None):  # noqa: A002
    """A sub-command whose own --help says what it does (argparse shows
    ``help`` only in the list of commands)."""
    return commands.add_parser(
        name, help=help, description=description or help[0].upper() + help[1:] + "."
    )


def missing_check_extra(command: str, modules: tuple[str, ...]) -> bool:
    """True (and says what to install) when the ``segsite[check]`` extra is not installed."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"segsite {command} needs {', '.join(missing)}: pip install 'segsite[check]'",
            file=sys.stderr,
        )
    return bool(missing)
