"""The segment rules as data for the browser (and the edge runtime).

Embedded in every page as ``<script type="application/json">`` through Jinja's
``tojson`` (which escapes ``<``, ``>``, ``&`` and quotes), never by string
concatenation. No id or name an editor chose is an object key in these data
(segment ids are values, ``param`` conditions pairs): looked up on a
JavaScript object, a name like ``constructor`` finds its prototype's.
"""

from __future__ import annotations

import re
from typing import Any

from .schema import GLOB_CONDITIONS, Rule, SegmentsConfig


def glob_to_regex(pattern: str) -> str:
    """An anchored regular expression, valid in Python and JavaScript, for a
    glob (``*`` any run, ``?`` one character); matched case-insensitively."""
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern]
    return "^" + "".join(parts) + "$"


def rule_data(rule: Rule) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in rule.conditions:
        if name == "visits":
            # No lower bound is 0; no upper bound is left out, as in the
            # script a comparison with undefined is false (null would be 0).
            data[name] = {"min": value[0] or 0}
            if value[1] is not None:
                data[name]["max"] = value[1]
        elif name == "param":
            # [name, patterns] pairs, not an object: a parameter's name is the
            # editor's, and "__proto__" or "constructor" is no plain key.
            data[name] = [[param, [glob_to_regex(v) for v in values]] for param, values in value]
        elif name in GLOB_CONDITIONS:
            data[name] = [glob_to_regex(v) for v in value]
        else:
            data[name] = list(value)
    return data


def browser_rules(
    segments: SegmentsConfig,
    lang: str,
    remember: bool = True,
    analytics: str | None = None,
    fixed: bool = False,
) -> dict[str, Any]:
    """Everything the page script needs to pick a segment, labels in ``lang``;
    and the analytics provider segsite.js forwards events to, if any.
    ``fixed``: for a segment's own page, where the segment is known and no
    rule is read (the switcher is HTML): no segments at all."""
    return {
        **({"analytics": analytics} if analytics else {}),
        "default": segments.default,
        "rememberDays": segments.remember_days,
        "remember": remember and segments.remember_days > 0,
        "segments": [
            {
                "id": segment.id,
                "label": segment.label.get(lang) or segment.id,
                "priority": segment.priority,
                "switcher": segment.switcher,
                "rules": [rule_data(rule) for rule in segment.rules],
            }
            for segment in ([] if fixed else segments.segments)
        ],
    }
