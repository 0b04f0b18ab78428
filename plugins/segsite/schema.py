"""The schema of ``segments.yaml`` (docs/contract.md, Segments) and its validation.

The keys, their types and defaults are declared in options.py; this module
reads the file against them and checks what relates one value to another: the
default segment, each rule's conditions, visits' min and max. Every problem in
the file is collected before the build stops.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .experiments import Experiment, parse_experiments
from .fields import Cta, LocalText, parse_cta, parse_text
from .forms import Form, parse_forms
from .options import CONDITIONS, SEGMENT, SEGMENTS_FILE
from .options import GLOB_CONDITIONS as GLOB_CONDITIONS
from .optiontypes import Field, read_options
from .problems import ProblemLog, suggest
from .reading import read_text
from .valuetypes import is_slug, slug_problem
from .yamlsource import YamlMap, load_yaml

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
    experiments: tuple[Experiment, ...] = ()
    forms: tuple[Form, ...] = ()
    # Every form id written, valid or not: a CTA naming a form with a problem
    # of its own is not also "unknown".
    form_ids: frozenset[str] = frozenset()

    def get(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.segments)


def load_segments(path: Path, log: ProblemLog, languages: tuple[str, ...]) -> SegmentsConfig | None:
    """Read and check ``segments.yaml``; every problem goes to ``log``."""
    if not (path.exists() or path.is_symlink()):  # the rest is said when it is read
        log.error(
            path,
            0,
            "file not found: create it (segsite new writes one), or name yours with"
            " SEGSITE_SEGMENTS in the settings or --segments",
        )
        return None
    errors_before = len(log.errors)
    text = read_text(path, log)
    data = None if text is None else load_yaml(text, path, log)
    if data is None:
        if len(log.errors) == errors_before:
            log.error(path, 1, "the file is empty: it needs 'default' and 'segments'")
        return None
    if not isinstance(data, YamlMap):
        log.error(path, 1, "the file must be a mapping with 'default' and 'segments'")
        return None
    at = Field(log, path, data.line, "segments.yaml", languages, child_format="{key}")
    values = read_options(data, SEGMENTS_FILE, at)

    raw_segments = values["segments"]
    if raw_segments is not None and (not isinstance(raw_segments, dict) or not raw_segments):
        log.error(path, data.line_of("segments"), "'segments' must map segment ids to segments")
    if not isinstance(raw_segments, dict):
        raw_segments = {}
    segments: list[Segment] = []
    for segment_id, raw in raw_segments.items():
        line = raw_segments.line_of(segment_id)
        if not is_slug(segment_id):
            log.error(path, line, slug_problem(segment_id, "segment id"))
            continue
        segment = _parse_segment(segment_id, raw, line, at)
        if segment is not None:
            segments.append(segment)

    default = values["default"]
    if default is not None and default not in raw_segments:
        log.error(
            path,
            data.line_of("default"),
            f"default segment '{default}' is not defined under 'segments'"
            f"{suggest(default, list(raw_segments))}",
        )
    experiments = parse_experiments(values["experiments"], data.line_of("experiments"), at)
    forms = parse_forms(values["forms"], data.line_of("forms"), at)
    written_forms = values["forms"] if isinstance(values["forms"], dict) else {}
    return SegmentsConfig(
        path,
        str(default),
        values["remember_days"],
        tuple(segments),
        experiments,
        forms,
        frozenset(str(form_id) for form_id in written_forms),
    )


def _parse_segment(segment_id: str, raw: Any, line: int, file: Field) -> Segment | None:
    where = f"segment '{segment_id}'"
    if not isinstance(raw, dict):
        file.error(f"{where} must be a mapping with at least 'label'", line)
        return None
    at = file.entry(where, raw.line)
    values = read_options(raw, SEGMENT, at)
    common = {"path": file.path, "log": file.log, "languages": file.languages}
    label = cta = None
    if values["label"] is not None:
        label = parse_text(
            values["label"], where=f"{where} label", line=raw.line_of("label"), **common
        )
    if values["cta"] is not None:
        cta = parse_cta(values["cta"], where=f"{where} cta", line=raw.line_of("cta"), **common)
    rules = _parse_rules(values["match"], raw.line_of("match"), at)
    if label is None:
        return None
    return Segment(
        id=segment_id,
        label=label,
        line=raw.line,
        stage=values["stage"],
        priority=values["priority"],
        rules=rules,
        banner=values["banner"],
        banner_line=raw.line_of("banner"),
        sections=values["sections"],
        sections_line=raw.line_of("sections"),
        cta=cta,
        switcher=values["switcher"],
    )


def _parse_rules(value: Any, line: int, segment: Field) -> tuple[Rule, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        segment.error(f"{segment.subject}: 'match' must be a list of rules (each a mapping)", line)
        return ()
    rules = []
    for index, raw_rule in enumerate(value):
        rule_line = value.line_of(index)
        if not isinstance(raw_rule, dict) or not raw_rule:
            segment.error(
                f"{segment.subject}: each rule under 'match' must be a mapping of conditions",
                rule_line,
            )
            continue
        at = replace(segment, line=rule_line, child_format="{parent}: condition '{key}'")
        values = read_options(raw_rule, CONDITIONS, at, noun="condition")
        conditions = []
        for name in values.given:
            parsed = values[name]
            if name == "visits":
                parsed = _visits(parsed, raw_rule.line_of(name), at)
            if parsed is not None:
                conditions.append((name, parsed))
        if conditions:
            rules.append(Rule(tuple(conditions), rule_line))
    return tuple(rules)


def _visits(bounds: dict, line: int, rule: Field) -> tuple[int | None, int | None] | None:
    """(min, max); None when min is over max."""
    low, high = bounds["min"], bounds["max"]
    if low is not None and high is not None and low > high:
        rule.error(
            f"{rule.subject}: condition 'visits': min {low} is greater than max {high}", line
        )
        return None
    return (low, high)
