"""Rules the test suite keeps, checked like any other behaviour: no test
asserts a duration, tests write no README screenshot unless asked, and
`make unit` runs only the tests that need no build or browser."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from tests.site.helpers import readme_screenshot

TESTS = ROOT / "tests"
# An assertion that compares a measured time: one naming a variable such as
# took or elapsed, or a clock such as time.monotonic() or perf_counter().
TIMED_ASSERT = re.compile(
    r"^\s*assert\b.*(\btook\b|\belapsed\b|\bduration\b|monotonic\(|perf_counter\(|time\.time\()"
)


def test_no_test_asserts_a_duration():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        if "node_modules" not in path.parts and path.parent.name != "bench"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TIMED_ASSERT.search(line)
    ]
    assert found == [], "durations are make bench figures, not assertions"


def test_readme_screenshots_are_written_only_when_asked(monkeypatch):
    taken = []

    class Target:  # stands for a Playwright page or locator
        def screenshot(self, path, **options):
            taken.append(path)

    monkeypatch.delenv("SEGSITE_README_SCREENSHOTS", raising=False)
    readme_screenshot(Target(), "never-written.png")
    assert taken == []


def test_make_unit_runs_only_the_unit_tests():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^unit:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)[1]
    assert re.findall(r"pytest (\S+)", recipe) == ["tests/unit"]
