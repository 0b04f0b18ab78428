"""The README's reference tables, generated from the option declarations
(options.py, setting_options.py) between marker comments:

    <!-- options:settings:start --> ... <!-- options:settings:end -->

``python -m segsite.optiondoc --write README.md`` rewrites the tables;
``--check`` exits 1 when they differ from the declarations.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .options import (
    ARM,
    BANNER,
    CONDITIONS,
    CTA,
    EXPERIMENT,
    FORM,
    FORM_FIELD,
    LANDING,
    PAGE,
    SECTION,
    SEGMENT,
    SEGMENTS_FILE,
    THANKS,
    VARIANT,
)
from .optiontypes import Option, Table
from .setting_options import ANALYTICS, CHECK, FORMS, SETTINGS

WRITE_COMMAND = "python -m segsite.optiondoc --write README.md"
# Region name -> (caption, options, style) of each table in it. A settings
# table spells defaults as Python does; a key table as YAML does, with the
# keys of a nested mapping as `parent.key` rows.
REGIONS: dict[str, tuple[tuple[str, tuple[Option, ...], str], ...]] = {
    "settings": (
        ("", SETTINGS, "settings"),
        ("`SEGSITE_CHECK` keys (the check pass, `make check`):", CHECK, "python"),
        ("`SEGSITE_ANALYTICS` keys (Measuring what converts):", ANALYTICS, "python"),
        ("`SEGSITE_FORMS` keys (Lead forms):", FORMS, "python"),
    ),
    "segments": (
        ("Top level:", SEGMENTS_FILE, "yaml"),
        ("A segment (under `segments`, by its id):", SEGMENT, "yaml"),
        (
            "A rule's conditions (`match` is a list of rules; a value is one item or a list):",
            CONDITIONS,
            "yaml",
        ),
        (
            "A call to action (`cta` in segments.yaml and front matter, `SEGSITE_DEFAULT_CTA`):",
            CTA,
            "yaml",
        ),
        ("An experiment (under `experiments`, by its id):", EXPERIMENT, "yaml"),
        ("An experiment's arm (under `arms`, by its id):", ARM, "yaml"),
        ("A lead form (under `forms`, by its id):", FORM, "yaml"),
        ("A form's field (under `fields`, by its name, in the order shown):", FORM_FIELD, "yaml"),
        ("A form's `thanks` (and each of its `segments`, title and text only):", THANKS, "yaml"),
    ),
    "front-matter": (
        ("Landing pages (`content/landing/`):", LANDING, "yaml"),
        ("A landing page's `variants.<segment>`:", VARIANT, "yaml"),
        ("Sections (`content/sections/`):", SECTION, "yaml"),
        ("Banners (`content/banners/`):", BANNER, "yaml"),
        ("Plain pages (`content/pages/`), besides Pelican's usual metadata:", PAGE, "yaml"),
    ),
}


def shown_default(option: Option, style: str) -> str:
    """The default as the tables show it."""
    if option.required:
        return "required"
    if option.shown_default is not None:
        return option.shown_default
    value = option.default
    if value is None:
        return "none"
    if value == "":
        return "empty"
    if isinstance(value, bool) and style == "yaml":
        return f"`{str(value).lower()}`"
    if isinstance(value, str | int | Path):
        return f"`{value}`"
    return f"`{json.dumps(_plain(value), ensure_ascii=False)}`"


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _rows(options: tuple[Option, ...], style: str, prefix: str = "") -> list[str]:
    rows = []
    for option in options:
        if option.internal:
            continue
        name = f"`{prefix}{option.name}`"
        default = shown_default(option, style)
        if style == "settings":
            rows.append(f"| {name} | {default} | {option.doc} |")
            continue
        rows.append(f"| {name} | {option.type.expect} | {default} | {option.doc} |")
        if isinstance(option.type, Table):
            rows += _rows(option.type.options, style, f"{prefix}{option.name}.")
    return rows


def render_table(caption: str, options: tuple[Option, ...], style: str) -> str:
    if style == "settings":
        head = ["| setting | default | meaning |", "| --- | --- | --- |"]
    else:
        head = ["| key | value | default | meaning |", "| --- | --- | --- | --- |"]
    lines = [caption, ""] if caption else []
    return "\n".join(lines + head + _rows(options, style))


def render_region(name: str) -> str:
    return "\n\n".join(render_table(*table) for table in REGIONS[name])


def update_readme(text: str) -> str:
    """``text`` with every region's tables generated afresh."""
    for name in REGIONS:
        start, end = f"<!-- options:{name}:start -->", f"<!-- options:{name}:end -->"
        pattern = re.compile(re.escape(start) + r"\n.*?" + re.escape(end), re.S)
        if not pattern.search(text):
            raise ValueError(f"the README has no {start} ... {end} region")
        generated = f"{start}\n{render_region(name)}\n{end}"
        text = pattern.sub(lambda _match, generated=generated: generated, text)
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m segsite.optiondoc", description=__doc__.split("\n\n")[0]
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite the tables in place")
    action.add_argument("--check", action="store_true", help="exit 1 when a table is stale")
    parser.add_argument("readme", type=Path)
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    updated = update_readme(text)
    if args.check:
        if updated != text:
            print(f"{args.readme}: the reference tables are stale; run: {WRITE_COMMAND}")
            return 1
        return 0
    if updated != text:
        args.readme.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
