"""The check pass runs one pytest test a page or stylesheet (segsite/check/units.py):
each check is still planned, run and reported on its own, in a full run's
order, and -k still chooses checks."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from segsite.check.findings import require
from segsite.check.shards import Owned
from segsite.check.units import Check, Chooser, all_checks, plan, run

VIEWPORTS = [(360, 800), (1366, 768)]


def check(name: str, function, one_page=True) -> Check:
    return Check(name, function, tuple(inspect.signature(function).parameters), one_page)


def test_every_check_function_is_found_in_its_modules_order():
    names = [c.name for c in all_checks()]
    assert names[0] == "landmarks" and names[-1] == "right_variant_for_each_segment"
    assert "accessibility" in names and "logical_css_only" in names
    assert len(names) == len(set(names))
    assert all(not c.one_page for c in all_checks() if c.name.startswith("same_"))


def test_a_unit_holds_its_pages_checks_at_each_viewport_and_its_variant():
    checks = [
        check("landmarks", lambda site, page_path: None),
        check("layout", lambda visits, page_path, viewport: None),
        check("variant", lambda landing_segment: None, one_page=False),
        check("sheet", lambda stylesheet: None, one_page=False),
    ]
    owned = Owned(["/en/", "/en/for/a/"], [("/en/", "a")], ["/theme/css/main.css"])
    sheets = {"/theme/css/main.css": Path("main.css")}
    units = plan(checks, owned, VIEWPORTS, sheets)
    assert list(units) == ["/en/", "/en/for/a/", "/theme/css/main.css"]
    assert [p.label for p in units["/en/for/a/"]] == [
        ("/en/for/a/", "", "landmarks"),
        ("/en/for/a/", "360x800", "layout"),
        ("/en/for/a/", "1366x768", "layout"),
        ("/en/?segment=a", "", "variant"),
    ]
    assert units["/theme/css/main.css"][0].params == {"stylesheet": Path("main.css")}
    # Results come in a full run's order: check by check, then page, then viewport.
    every = sorted((p for planned in units.values() for p in planned), key=lambda p: p.order)
    assert [p.label for p in every][:4] == [
        ("/en/", "", "landmarks"),
        ("/en/for/a/", "", "landmarks"),
        ("/en/", "360x800", "layout"),
        ("/en/", "1366x768", "layout"),
    ]


def planned_one(function, name="demo"):
    owned = Owned(["/en/"], [], [])
    return plan([check(name, function)], owned, VIEWPORTS, {})["/en/"][0]


def test_a_failed_check_keeps_its_findings_and_advice():
    def failing(page_path):
        require("demo", [f"{page_path} is wrong"], "make it right")

    ran = run(planned_one(failing), fixture=lambda name: None, notes=[])
    assert ran.verdict and ran.entry["outcome"] == "failed"
    assert ran.entry["findings"] == ["/en/ is wrong"] and ran.entry["advice"] == "make it right"


def test_an_error_in_a_check_fails_it_with_its_traceback():
    def broken(page_path):
        return {}["missing"]

    ran = run(planned_one(broken), fixture=lambda name: None, notes=[])
    assert ran.verdict and ran.entry["findings"] == ["KeyError: 'missing'"]
    assert "broken" in ran.trace


def test_what_a_check_needs_failing_is_no_verdict_on_the_page():
    def needs_browser(browser, page_path):
        raise AssertionError("not reached")

    def no_browser(name):
        raise RuntimeError("No Chromium found")

    ran = run(planned_one(needs_browser), fixture=no_browser, notes=[])
    assert not ran.verdict and ran.entry["outcome"] == "failed"
    assert ran.entry["findings"] == ["RuntimeError: No Chromium found"]


def test_notes_become_the_results_reuses():
    def reusing(notes, page_path):
        notes.append("header axe of /ar/")

    ran = run(planned_one(reusing), fixture=lambda name: None, notes=["the load of /en/"])
    assert ran.entry["reuses"] == "the load of /en/; header axe of /ar/"


def test_k_chooses_checks_by_name_and_page():
    accessibility = planned_one(lambda page_path: None, name="accessibility")
    assert Chooser("").chooses(accessibility, "/en/")
    assert Chooser("Accessib").chooses(accessibility, "/en/")
    assert Chooser("accessibility and en").chooses(accessibility, "/en/")
    assert not Chooser("contrast").chooses(accessibility, "/en/")
    assert not Chooser("not accessibility").chooses(accessibility, "/en/")
    with pytest.raises(ValueError, match="-k 'a and \\('"):
        Chooser("a and (")
