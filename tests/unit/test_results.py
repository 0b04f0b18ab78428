"""`segsite results`: exported exposure and conversion events in, per
experiment and segment each arm's visitors, conversions and rate, the
difference against control with Newcombe's 95% interval, and a
sample-ratio-mismatch test against the configured weights. Events are made
here with fixed seeds; the known effects must come out, in both file formats."""

from __future__ import annotations

import csv
import datetime
import json
import math
import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from segsite.cli import main
from segsite.problems import ProblemLog
from segsite.results import chi_square_p, newcombe_interval, summarize
from segsite.results_events import FIELDS, Event, read_events
from segsite.results_report import html_page, terminal_text
from tests.conftest import ROOT, make_tiny_site

EXPERIMENT = "welcome-headline"
FIFTY_FIFTY = {EXPERIMENT: {"control": 50, "bold-offer": 50}}
START = datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC)


def record(kind, visitor, at, segment, arms, **more) -> dict:
    """One event as an export writes it (JSON lines' object, a CSV row's cells)."""
    timestamp = at.isoformat().replace("+00:00", "Z")
    fields = {"event": kind, "visitor": visitor, "timestamp": timestamp, "segment": segment}
    fields.update({"rule": "default", "page": "home", "lang": "en", "experiments": arms, **more})
    return fields


def simulated(seed, visitors, rates, shares=None, segments=("everyone", "new-visitor")):
    """A month of events: each visitor gets an arm by ``shares`` (default:
    even), views 1-3 pages (one exposure each) and converts at the arm's rate."""
    rng = random.Random(seed)
    shares = shares or dict.fromkeys(rates, 1)
    bounds, running = [], 0
    for name, share in shares.items():
        running += share / sum(shares.values())
        bounds.append((running, name))
    events = []
    for number in range(visitors):
        visitor = f"d{seed}x{number}"
        position = rng.random()
        arm = next((name for bound, name in bounds if position < bound), bounds[-1][1])
        segment = segments[number % len(segments)]
        seen = START + datetime.timedelta(seconds=rng.randrange(30 * 86400))
        pairs = ((EXPERIMENT, arm),)
        for view in range(rng.randint(1, 3)):
            at = seen + datetime.timedelta(minutes=5 * view)
            events.append(Event("exposure", visitor, at, segment, pairs, "default", "home", "en"))
        if rng.random() < rates[arm]:
            at = seen + datetime.timedelta(minutes=2)
            events.append(
                Event(
                    "conversion", visitor, at, segment, pairs, "default", "home", "en", "p", "link"
                )
            )
    rng.shuffle(events)  # exports are not in time order
    return events


def as_records(events) -> list[dict]:
    """The events as an export writes them."""
    return [
        record(
            "segsite:" + e.kind if index % 2 else e.kind,  # both spellings are read
            e.visitor,
            e.timestamp,
            e.segment,
            dict(e.experiments),
            **{name: getattr(e, name) for name in ("rule", "page", "lang", "cta", "channel")},
        )
        for index, e in enumerate(events)
    ]


def as_events(records) -> list[Event]:
    return [
        Event(
            kind=r["event"].removeprefix("segsite:"),
            visitor=r["visitor"],
            timestamp=datetime.datetime.fromisoformat(r["timestamp"]),
            segment=r["segment"],
            experiments=tuple(r["experiments"].items()),
            **{name: r.get(name, "") for name in ("rule", "page", "lang", "cta", "channel")},
        )
        for r in records
    ]


def write_json_lines(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def write_csv(path: Path, records, columns=FIELDS, header=True) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        if header:
            writer.writerow(columns)
        for r in records:
            cells = {**r, "experiments": ";".join(f"{e}={a}" for e, a in r["experiments"].items())}
            writer.writerow([cells.get(name, "") for name in columns])
    return path


def arm(result, name, segment=None):
    group = next(g for g in result.experiments[0].groups if g.segment == segment)
    return next(a for a in group.arms if a.arm == name)


def group_of(result, segment=None):
    return next(g for g in result.experiments[0].groups if g.segment == segment)


def test_newcombe_interval_gives_newcombes_worked_examples():
    # Newcombe (1998), Statistics in Medicine 17:873-890, table II, method 10.
    examples = {
        (56, 70, 48, 80): (0.0524, 0.3339),
        (9, 10, 3, 10): (0.1705, 0.8090),
        (5, 56, 0, 29): (-0.0381, 0.1926),
        (10, 10, 0, 20): (0.6791, 1.0),
    }
    for counts, interval in examples.items():
        low, high = newcombe_interval(*counts)
        assert (round(low, 4), round(high, 4)) == interval, counts


def test_chi_square_p_values_match_the_tables_and_the_closed_forms():
    # Critical values as printed in chi-square tables (three decimals).
    for degrees, statistic, p in (
        (1, 10.828, 0.001),
        (2, 13.816, 0.001),
        (3, 16.266, 0.001),
        (10, 29.588, 0.001),
        (1, 3.841, 0.05),
        (3, 7.815, 0.05),
        (10, 23.209, 0.01),
    ):
        assert chi_square_p(statistic, degrees) == pytest.approx(p, rel=1e-3)
    # Exact forms: 1 df is erfc(sqrt(x/2)), 2 df is exp(-x/2); far tails too.
    for statistic in (0.01, 0.5, 1, 3, 10, 50, 200):
        assert chi_square_p(statistic, 1) == pytest.approx(math.erfc(math.sqrt(statistic / 2)))
        assert chi_square_p(statistic, 2) == pytest.approx(math.exp(-statistic / 2))
    assert chi_square_p(0, 3) == 1


def test_a_known_effect_is_found_and_its_interval_holds_the_true_difference():
    records = simulated(seed=14, visitors=20_000, rates={"control": 0.10, "bold-offer": 0.15})
    result = summarize(records, FIFTY_FIFTY)
    treated = arm(result, "bold-offer")
    low, high = treated.interval
    assert 0 < low < 0.05 < high
    assert treated.difference == pytest.approx(0.05, abs=0.01)
    assert arm(result, "control").rate == pytest.approx(0.10, abs=0.01)
    assert group_of(result).exposed == 20_000
    assert not group_of(result).sample_ratio.mismatch
    assert "bold-offer" in terminal_text(result) and ": higher" in terminal_text(result)


def test_an_a_a_test_finds_no_difference():
    records = simulated(seed=15, visitors=20_000, rates={"control": 0.10, "bold-offer": 0.10})
    result = summarize(records, FIFTY_FIFTY)
    for segment in (None, "everyone", "new-visitor"):
        low, high = arm(result, "bold-offer", segment).interval
        assert low < 0 < high, segment
    assert ": no clear difference" in terminal_text(result)
    assert ": higher" not in terminal_text(result)


def test_a_sample_ratio_mismatch_is_flagged_and_an_even_split_is_not():
    rates = {"control": 0.1, "bold-offer": 0.1}
    skewed = simulated(16, 10_000, rates, shares={"control": 55, "bold-offer": 45})
    result = summarize(skewed, FIFTY_FIFTY)
    ratio = group_of(result).sample_ratio
    assert ratio.mismatch and ratio.p_value < 1e-15 and ratio.degrees == 1
    assert "SAMPLE RATIO MISMATCH (p < 0.0001" in terminal_text(result)
    even = summarize(simulated(17, 10_000, rates), FIFTY_FIFTY)
    assert not group_of(even).sample_ratio.mismatch
    assert group_of(even).sample_ratio.p_value > 0.001
    assert "MISMATCH" not in terminal_text(even)


def test_the_sample_ratio_test_uses_the_configured_weights():
    rates = {"control": 0.1, "bold-offer": 0.1, "short": 0.1}
    shares = {"control": 20, "bold-offer": 30, "short": 50}
    events = simulated(18, 10_000, rates, shares)
    as_configured = summarize(events, {EXPERIMENT: shares})
    assert not group_of(as_configured).sample_ratio.mismatch
    assert group_of(as_configured).sample_ratio.degrees == 2
    even = summarize(events, {EXPERIMENT: dict.fromkeys(shares, 1)})
    assert group_of(even).sample_ratio.mismatch


def test_who_counts_as_exposed_and_converted():
    arms = {EXPERIMENT: "bold-offer"}
    at = START.replace
    records = [
        # a: two exposures, the first as new-visitor; converts after: counted once.
        record("exposure", "a", at(hour=10), "new-visitor", arms),
        record("exposure", "a", at(hour=9), "new-visitor", arms),
        record("exposure", "a", at(hour=11), "everyone", arms),
        record("conversion", "a", at(hour=9), "everyone", arms),
        record("conversion", "a", at(hour=12), "everyone", arms),
        # b: converted before any exposure: exposed, not converted.
        record("conversion", "b", at(hour=8), "everyone", arms),
        record("exposure", "b", at(hour=9), "everyone", arms),
        # c: a conversion that names another arm does not count for this one.
        record("exposure", "c", at(hour=9), "everyone", arms),
        record("conversion", "c", at(hour=10), "everyone", {EXPERIMENT: "control"}),
        # d: control, converted on the second of its exposure; a conversion
        # without an experiment counts nowhere.
        record("exposure", "d", at(hour=9), "everyone", {EXPERIMENT: "control"}),
        record("conversion", "d", at(hour=9), "everyone", {EXPERIMENT: "control"}),
        record("conversion", "e", at(hour=9), "everyone", {}),
    ]
    result = summarize(as_events(records), FIFTY_FIFTY)
    assert (arm(result, "bold-offer").exposed, arm(result, "bold-offer").converted) == (3, 1)
    assert (arm(result, "control").exposed, arm(result, "control").converted) == (1, 1)
    # Each visitor in the segment of their first exposure: the segments add up.
    assert (
        arm(result, "bold-offer", "new-visitor").exposed,
        arm(result, "bold-offer", "new-visitor").converted,
    ) == (1, 1)
    assert (
        arm(result, "bold-offer", "everyone").exposed,
        arm(result, "bold-offer", "everyone").converted,
    ) == (2, 0)
    assert arm(result, "control", "new-visitor").exposed == 0
    assert arm(result, "bold-offer").difference == pytest.approx(1 / 3 - 1)
    assert result.experiments[0].in_several_arms == 0
    assert result.events == len(records)


def test_json_lines_and_csv_files_give_the_same_events_and_results(tmp_path):
    expected = simulated(seed=19, visitors=1_000, rates={"control": 0.2, "bold-offer": 0.3})
    records = as_records(expected)
    shuffled = ("experiments", "visitor", "timestamp", "event", "segment", "channel", "cta", "page")
    files = [
        write_json_lines(tmp_path / "events.jsonl", records),
        write_csv(tmp_path / "events.csv", records),
        write_csv(tmp_path / "no-header.csv", records, header=False),
        write_csv(tmp_path / "reordered.csv", records, columns=shuffled),
        write_json_lines(tmp_path / "export.txt", records),  # told apart by content
    ]
    read = []
    for file in files:
        log = ProblemLog(tmp_path)
        read.append(read_events([file], log))
        assert log.problems == [], file.name
    assert read[0] == read[1] == read[2] == read[4] == expected
    # The columns left out of reordered.csv (rule, lang) read as empty.
    assert read[3] == [
        Event(
            e.kind,
            e.visitor,
            e.timestamp,
            e.segment,
            e.experiments,
            page=e.page,
            cta=e.cta,
            channel=e.channel,
        )
        for e in expected
    ]
    assert len({summarize(events, FIFTY_FIFTY) for events in read}) == 1
    assert read[1][0].file == "events.csv" and read[1][0].line == 2


def test_malformed_rows_are_all_reported_with_file_and_line(tmp_path):
    good = json.dumps(record("exposure", "a", START, "everyone", {EXPERIMENT: "control"}))
    lines = [
        good,
        "",
        '{"event": "exposure", "visitor": "b"',
        '["exposure", "b"]',
        json.dumps(record("click", "b", START, "Everyone", {EXPERIMENT: "control"})),
        json.dumps({**json.loads(good), "timestamp": "15/11/2026 10:00"}),
        json.dumps({**json.loads(good), "experiments": {EXPERIMENT: "Bold offer"}}),
        json.dumps({**json.loads(good), "experiments": "welcome-headline=control"}),
        json.dumps({**json.loads(good), "experiments": {}}),
        json.dumps({"event": "conversion", "segment": "everyone", "visitor": 42}),
        json.dumps({**json.loads(good), "visiter": "a", "cta": None}),
    ]
    (tmp_path / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "events.csv").write_text(
        "timestamp,visitor,event,segment,experiments\n"
        "2026-11-15T10:00:00Z,a,exposure,everyone,welcome-headline=control\n"
        "2026-11-15T10:00:00Z,a,exposure,everyone,welcome-headline\n"
        "2026-11-15T10:00:00Z,a,exposure,everyone\n"
        '2026-11-15T10:00:00Z,a,exposure,everyone,"{""welcome-headline"": ""bold-offer""}"\n'
        "2026-11-15T10:00:00Z,,conversion,,\n",
        encoding="utf-8",
    )
    (tmp_path / "headless.csv").write_text("a,b,c\n", encoding="utf-8")
    (tmp_path / "header.csv").write_text("event,visitor,visitor,time\n", encoding="utf-8")
    (tmp_path / "semicolons.csv").write_text("timestamp;visitor;event\n", encoding="utf-8")
    log = ProblemLog(tmp_path)
    names = ("events.jsonl", "events.csv", "headless.csv", "header.csv", "semicolons.csv")
    events = read_events([tmp_path / name for name in names], log)
    assert [(event.file, event.line) for event in events] == [
        ("events.jsonl", 1),
        ("events.jsonl", 11),
        ("events.csv", 2),
        ("events.csv", 5),
    ]
    assert [str(problem) for problem in log.problems] == [
        "events.jsonl:3: not a JSON object (Expecting ',' delimiter at column 37):"
        ' each line must be one event, like {"event": "exposure", ...}',
        "events.jsonl:4: not a JSON object: each line must be one event {...}",
        "events.jsonl:5: 'event' is 'click', not 'exposure' or 'conversion';"
        " 'segment' 'Everyone' is not a valid id: use lower-case letters, digits and single"
        " hyphens, like 'everyone'",
        "events.jsonl:6: 'timestamp' '15/11/2026 10:00' is not an ISO 8601 time:"
        " write it like 2026-11-15T09:30:00Z",
        "events.jsonl:7: the arm of experiment 'welcome-headline' 'Bold offer' is not a valid"
        " id: use lower-case letters, digits and single hyphens, like 'bold-offer'",
        "events.jsonl:8: 'experiments' must map experiment ids to arm ids,"
        ' not "welcome-headline=control"',
        "events.jsonl:9: an exposure must name its experiment in 'experiments'",
        "events.jsonl:10: 'timestamp' is missing: every event has timestamp, visitor, event,"
        " segment; 'visitor' must be text, not 42",
        "events.jsonl:11: warning: field 'visiter' is not an event field and is left out"
        " (did you mean 'visitor'?)",
        "events.csv:3: 'experiments' part 'welcome-headline' is not EXPERIMENT=ARM: write it"
        " like 'welcome-headline=bold-offer;other=control'",
        "events.csv:4: 4 cells, but there are 5 columns: quote a cell that holds a comma",
        "events.csv:6: 'visitor', 'segment' are missing: every event has timestamp, visitor,"
        " event, segment",
        "headless.csv:1: 3 cells and no header row: start the file with a header naming the"
        " columns, or give the 10 columns timestamp, visitor, event, segment, rule, page,"
        " lang, experiments, cta, channel",
        "header.csv:1: column 'visitor' is named twice: keep one",
        "header.csv:1: the header has no column 'timestamp', 'segment', 'experiments':"
        " name the columns timestamp, visitor, event, segment and experiments at least",
        "semicolons.csv:1: one cell: separate the cells with commas, not ';' or tabs",
    ]


def test_events_of_an_experiment_or_arm_not_configured_are_warned_about_and_left_out():
    events = simulated(seed=20, visitors=500, rates={"control": 0.2, "bold-offer": 0.3})
    stray = [
        Event("exposure", "x", START, "everyone", (("old-test", "control"),), file="e.csv", line=7),
        Event("exposure", "y", START, "everyone", (("old-test", "b"),), file="e.csv", line=9),
        Event(
            "exposure", "z", START, "everyone", ((EXPERIMENT, "bold-ofer"),), file="e.csv", line=8
        ),
    ]
    result = summarize(events + stray, FIFTY_FIFTY)
    assert [str(problem) for problem in result.warnings] == [
        "e.csv:7: warning: no experiment 'old-test' in segments.yaml (and 1 more event): its"
        " events are left out (an experiment or arm removed from segments.yaml, or a typo in"
        " the export)",
        "e.csv:8: warning: experiment 'welcome-headline' has no arm 'bold-ofer' (did you mean"
        " 'bold-offer'?): its events are left out (an experiment or arm removed from"
        " segments.yaml, or a typo in the export)",
    ]
    assert result.experiments == summarize(events, FIFTY_FIFTY).experiments


def test_a_visitor_in_two_arms_is_counted_in_each_and_noted():
    events = [
        Event("exposure", "a", START, "everyone", ((EXPERIMENT, "control"),)),
        Event("exposure", "a", START, "everyone", ((EXPERIMENT, "bold-offer"),)),
        Event("exposure", "b", START, "everyone", ((EXPERIMENT, "control"),)),
    ]
    result = summarize(events, FIFTY_FIFTY)
    assert [a.exposed for a in group_of(result).arms] == [2, 1]
    assert result.experiments[0].in_several_arms == 1
    assert "1 visitor was exposed to more than one arm" in terminal_text(result)


def test_the_html_page_has_a_table_per_segment_no_script_and_escapes_every_text():
    skewed = simulated(
        21, 4_000, {"control": 0.1, "bold-offer": 0.1}, {"control": 6, "bold-offer": 4}
    )
    weights = {**FIFTY_FIFTY, "<b>new</b>": {"control": 1, "b": 1}}
    doc = BeautifulSoup(html_page(summarize(skewed, weights), ["<i>events</i>.csv"]), "html5lib")
    assert doc.find_all(["script", "b", "i", "link", "img", "iframe"]) == []
    assert "default-src 'none'" in doc.find("meta", attrs={"http-equiv": True})["content"]
    assert [h2.get_text() for h2 in doc.select("section h2")] == [
        "Experiment welcome-headline (weights: control 50, bold-offer 50)",
        "Experiment <b>new</b> (weights: control 1, b 1)",
    ]
    first = doc.select("section")[0]
    assert [c.get_text() for c in first.select("caption")] == [
        "all segments",
        "everyone",
        "new-visitor",
    ]
    rows = [
        [td.get_text() for td in tr.select("td")]
        for tr in first.select("table")[0].select("tbody tr")
    ]
    assert [row[0] for row in rows] == ["control", "bold-offer"]
    assert sum(int(row[2].replace(",", "")) for row in rows) == 4_000
    assert first.select_one("p.mismatch").get_text().startswith("SAMPLE RATIO MISMATCH")
    assert "<i>events</i>.csv" in doc.get_text()
    assert (
        doc.select("section")[1].select_one("p.ratio").get_text() == "sample ratio: no visitors yet"
    )


def test_segsite_results_reads_the_weights_from_segments_yaml(tmp_path, monkeypatch, capsys):
    site = make_tiny_site(tmp_path / "site")
    segments = site / "segments.yaml"
    segments.write_text(
        segments.read_text(encoding="utf-8")
        + "experiments:\n  welcome-headline:\n    arms:\n      control: {weight: 3}\n"
        "      bold-offer: {weight: 1, banner: loyal}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(site)
    # 3:1 is what segments.yaml says; an even split is then a mismatch.
    events = simulated(22, 2_000, {"control": 0.1, "bold-offer": 0.2}, segments=("everyone",))
    write_csv(site / "events.csv", as_records(events))
    paths = ["--settings", "settings.py", "--segments", "segments.yaml", "--content", "content"]
    assert main(["results", "events.csv", *paths, "--out", "report"]) == 0
    out = capsys.readouterr().out
    assert "Experiment welcome-headline (weights: control 3, bold-offer 1)" in out
    assert "SAMPLE RATIO MISMATCH" in out
    assert (site / "report" / "index.html").is_file()

    (site / "bad.jsonl").write_text('{"event": "exposure"}\n\n[]\n', encoding="utf-8")
    assert main(["results", "events.csv", "bad.jsonl", *paths, "--out", "not-written"]) == 1
    assert capsys.readouterr().err == (
        "2 problems:\n"
        "bad.jsonl:1: 'timestamp', 'visitor', 'segment' are missing: every event has"
        " timestamp, visitor, event, segment\n"
        "bad.jsonl:3: not a JSON object: each line must be one event {...}\n"
        "Nothing was written.\n"
    )
    assert not (site / "not-written").exists()


def test_the_readme_examples_of_each_format_read_as_events(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("Reading the results", 1)[1].split("\n## ", 1)[0]
    json_line = section.split("```json\n", 1)[1].split("```", 1)[0]
    csv_rows = section.split("```csv\n", 1)[1].split("```", 1)[0]
    (tmp_path / "example.jsonl").write_text(json_line, encoding="utf-8")
    (tmp_path / "example.csv").write_text(csv_rows, encoding="utf-8")
    log = ProblemLog(tmp_path)
    events = read_events([tmp_path / "example.jsonl", tmp_path / "example.csv"], log)
    assert log.problems == []
    assert [(e.kind, e.visitor, e.experiments) for e in events] == [
        ("exposure", "1843.2231", ((EXPERIMENT, "bold-offer"),)),
        ("conversion", "1843.2231", ((EXPERIMENT, "bold-offer"),)),
    ]
    assert summarize(events, FIFTY_FIFTY).experiments[0].groups[0].arms[1].converted == 1
