"""The schema of ``segments.yaml`` (docs/contract.md, Segments) and its validation.

Like MkDocs' config options, every key has one line of documentation here;
unknown keys are reported with the nearest known key, and every problem in the
file is collected before the build stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fields import (
    Cta,
    LocalText,
    check_keys,
    is_slug,
    parse_cta,
    parse_text,
    slug_problem,
)
from .problems import ProblemLog, suggest
from .yamlsource import YamlMap, load_yaml

TOP_LEVEL_KEYS = {
    "default": "the segment shown when no rule matches; must be defined under 'segments'",
    "remember_days": "how long a resolved segment is remembered on the device (default 30)",
    "segments": "the audience segments, by id",
}
SEGMENT_KEYS = {
    "label": "the name shown in the switcher, the report and analytics (required)",
    "stage": "lifecycle stage: acquisition, conversion, retention, after-sales, partnership",
    "priority": "higher wins when several segments match (default 0; ties: first written)",
    "match": "rules: ANY rule matches; inside a rule ALL conditions hold",
    "banner": "id of a banner in content/banners/",
    "sections": "ids of sections in content/sections/; replaces the page's list",
    "cta": "the primary call to action for this segment",
    "switcher": "offer this segment in the visitor's 'I am ...' switcher",
}
STAGES = ("acquisition", "conversion", "retention", "after-sales", "partnership")
GLOB_CONDITIONS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
CONDITIONS = {
    **{name: "glob patterns, case-insensitive" for name in GLOB_CONDITIONS},
    "param": "any query parameter: {name: values}",
    "referrer": "host suffixes, matched on a dot boundary",
    "language": "the language of the page being viewed",
    "visits": "{min, max}: browser sessions on this device, the current one included",
    "country": "ISO 3166 country codes (edge runtime only)",
}
DEVICE_CONDITIONS = ("visits",)


@dataclass(frozen=True)
class Rule:
    """One rule: every condition must hold. Values are tuples of strings, except
    ``visits`` (a (min, max) pair, either None) and ``param`` (name, values) pairs."""

    conditions: tuple[tuple[str, Any], ...]
    line: int

    @property
    def is_device_rule(self) -> bool:
        return any(name in DEVICE_CONDITIONS for name, _ in self.conditions)


@dataclass(frozen=True)
class Segment:
    id: str
    label: LocalText
    line: int
    stage: str | None = None
    priority: int = 0
    rules: tuple[Rule, ...] = ()
    banner: str | None = None
    banner_line: int = 0
    sections: tuple[str, ...] | None = None
    sections_line: int = 0
    cta: Cta | None = None
    switcher: bool = False


@dataclass(frozen=True)
class SegmentsConfig:
    path: Path
    default: str
    remember_days: int
    segments: tuple[Segment, ...]

    def get(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.segments)


def load_segments(path: Path, log: ProblemLog, languages: tuple[str, ...]) -> SegmentsConfig | None:
    """Read and check ``segments.yaml``; every problem goes to ``log``."""
    if not path.is_file():
        log.error(path, 0, "file not found: create it, or point SEGMENTS= at your segments file")
        return None
    data = load_yaml(path.read_text(encoding="utf-8"), path, log)
    if data is None:
        if not log.errors:
            log.error(path, 1, "the file is empty: it needs 'default' and 'segments'")
        return None
    if not isinstance(data, YamlMap):
        log.error(path, 1, "the file must be a mapping with 'default' and 'segments'")
        return None
    check_keys(data, TOP_LEVEL_KEYS, where="segments.yaml", path=path, log=log)

    remember_days = data.get("remember_days", 30)
    if not isinstance(remember_days, int) or isinstance(remember_days, bool) or remember_days < 0:
        log.error(
            path,
            data.line_of("remember_days"),
            "remember_days must be a whole number of days (0 or more)",
        )
        remember_days = 30

    raw_segments = data.get("segments")
    segments: list[Segment] = []
    if not isinstance(raw_segments, dict) or not raw_segments:
        log.error(path, data.line_of("segments"), "'segments' must map segment ids to segments")
        raw_segments = {}
    for segment_id, raw in raw_segments.items():
        line = raw_segments.line_of(segment_id)
        if not is_slug(segment_id):
            log.error(path, line, slug_problem(segment_id, "segment id"))
            continue
        segment = _parse_segment(segment_id, raw, line, path, log, languages)
        if segment is not None:
            segments.append(segment)

    default = data.get("default")
    if default is None:
        log.error(
            path, data.line, "'default' is missing: name the segment shown when no rule matches"
        )
    elif default not in raw_segments:
        log.error(
            path,
            data.line_of("default"),
            f"default segment '{default}' is not defined under 'segments'"
            f"{suggest(str(default), list(raw_segments))}",
        )
    return SegmentsConfig(path, str(default), remember_days, tuple(segments))


def _parse_segment(segment_id, raw, line, path, log, languages) -> Segment | None:
    where = f"segment '{segment_id}'"
    if not isinstance(raw, dict):
        log.error(path, line, f"{where} must be a mapping with at least 'label'")
        return None
    line = raw.line
    check_keys(raw, SEGMENT_KEYS, where=where, path=path, log=log)
    label = None
    if "label" not in raw:
        log.error(path, line, f"{where} needs a 'label'")
    else:
        label = parse_text(
            raw["label"],
            where=f"{where} label",
            path=path,
            line=raw.line_of("label"),
            log=log,
            languages=languages,
        )
    stage = raw.get("stage")
    if stage is not None and stage not in STAGES:
        log.error(
            path,
            raw.line_of("stage"),
            f"{where}: stage '{stage}' is not one of {', '.join(STAGES)}{suggest(str(stage), STAGES)}",
        )
    priority = raw.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        log.error(path, raw.line_of("priority"), f"{where}: priority must be a whole number")
        priority = 0
    switcher = raw.get("switcher", False)
    if not isinstance(switcher, bool):
        log.error(path, raw.line_of("switcher"), f"{where}: switcher must be true or false")
        switcher = False
    banner = raw.get("banner")
    if banner is not None and not is_slug(banner):
        log.error(path, raw.line_of("banner"), slug_problem(banner, "banner id"))
        banner = None
    sections = parse_id_list(
        raw.get("sections"), raw.line_of("sections"), f"{where} sections", path, log
    )
    cta = None
    if "cta" in raw:
        cta = parse_cta(
            raw["cta"],
            where=f"{where} cta",
            path=path,
            line=raw.line_of("cta"),
            log=log,
            languages=languages,
        )
    rules = _parse_rules(raw.get("match"), raw.line_of("match"), where, path, log, languages)
    if label is None:
        return None
    return Segment(
        id=segment_id,
        label=label,
        line=line,
        stage=stage,
        priority=priority,
        rules=rules,
        banner=banner,
        banner_line=raw.line_of("banner"),
        sections=sections,
        sections_line=raw.line_of("sections"),
        cta=cta,
        switcher=switcher,
    )


def parse_id_list(value, line, where, path, log) -> tuple[str, ...] | None:
    """A list of ids (sections); None when not given."""
    if value is None:
        return None
    if not isinstance(value, list):
        log.error(path, line, f"{where} must be a list of ids, like [why-us, faq]")
        return None
    ids = []
    for index, item in enumerate(value):
        item_line = value.line_of(index) if hasattr(value, "line_of") else line
        if not is_slug(item):
            log.error(path, item_line, slug_problem(item, "section id"))
        elif item in ids:
            log.error(path, item_line, f"{where} names '{item}' twice")
        else:
            ids.append(item)
    return tuple(ids)


def _parse_rules(value, line, where, path, log, languages) -> tuple[Rule, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        log.error(path, line, f"{where}: 'match' must be a list of rules (each a mapping)")
        return ()
    rules = []
    for index, raw_rule in enumerate(value):
        rule_line = value.line_of(index)
        if not isinstance(raw_rule, dict) or not raw_rule:
            log.error(
                path, rule_line, f"{where}: each rule under 'match' must be a mapping of conditions"
            )
            continue
        conditions = []
        for name, raw_value in raw_rule.items():
            condition_line = raw_rule.line_of(name)
            if name not in CONDITIONS:
                log.error(
                    path,
                    condition_line,
                    f"unknown condition '{name}' in {where}{suggest(str(name), CONDITIONS)}",
                )
                continue
            parsed = _parse_condition(name, raw_value, condition_line, where, path, log, languages)
            if parsed is not None:
                conditions.append((name, parsed))
        if conditions:
            rules.append(Rule(tuple(conditions), rule_line))
    return tuple(rules)


def _strings(value, line, what, path, log) -> tuple[str, ...] | None:
    items = value if isinstance(value, list) else [value]
    if not items or any(isinstance(i, dict | list | bool) or i is None for i in items):
        log.error(path, line, f"{what} must be one value or a list of values")
        return None
    return tuple(str(i) for i in items)


def _parse_condition(name, value, line, where, path, log, languages):
    what = f"{where}: condition '{name}'"
    if name == "visits":
        if not isinstance(value, dict) or not value:
            log.error(path, line, f"{what} must be a mapping like {{min: 2}} or {{max: 1}}")
            return None
        check_keys(value, ("min", "max"), where=f"{where} visits", path=path, log=log)
        bounds = []
        for key in ("min", "max"):
            bound = value.get(key)
            if bound is not None and (
                not isinstance(bound, int) or isinstance(bound, bool) or bound < 1
            ):
                log.error(
                    path, value.line_of(key), f"{what}: {key} must be a whole number of at least 1"
                )
                return None
            bounds.append(bound)
        if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
            log.error(path, line, f"{what}: min {bounds[0]} is greater than max {bounds[1]}")
            return None
        return tuple(bounds)
    if name == "param":
        if not isinstance(value, dict) or not value:
            log.error(
                path, line, f"{what} must map parameter names to values, like {{support: yes}}"
            )
            return None
        pairs = []
        for param_name, param_values in value.items():
            values = _strings(
                param_values, value.line_of(param_name), f"{what} '{param_name}'", path, log
            )
            if values is not None:
                pairs.append((str(param_name), values))
        return tuple(pairs)
    values = _strings(value, line, what, path, log)
    if values is None:
        return None
    if name in GLOB_CONDITIONS:
        return tuple(v.lower() for v in values)
    if name == "referrer":
        hosts = tuple(v.lower().lstrip(".") for v in values)
        for host in hosts:
            if "/" in host or ":" in host or " " in host:
                log.error(
                    path, line, f"{what}: '{host}' must be a host name like example.org, not a URL"
                )
                return None
        return hosts
    if name == "language":
        for lang in values:
            if lang not in languages:
                log.error(
                    path,
                    line,
                    f"{what}: '{lang}' is not a configured language ({', '.join(languages)})",
                )
                return None
        return values
    if name == "country":
        for code in values:
            if len(code) != 2 or not code.isalpha():
                log.error(
                    path, line, f"{what}: '{code}' is not an ISO 3166 country code like AE or IR"
                )
                return None
        return tuple(code.upper() for code in values)
    return values
