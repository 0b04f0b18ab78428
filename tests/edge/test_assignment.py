"""One table of experiment assignments (tests/fixtures/assignment_cases.yaml),
one function (plugins/segsite/runtime/assign.js, twin of experiments.py), in
every runtime that carries it: the page's arm script in Chromium, the
Cloudflare Worker under workerd and the Netlify function under Node. (Python
runs the table in tests/unit/test_experiments.py.)"""

from __future__ import annotations

import json
import subprocess

from tests.conftest import read_html
from tests.edge.runtime import HERE, _run_node, inline_scripts, require_node_tools
from tests.unit.test_experiments import TABLE, experiment

CASES = TABLE["cases"]


def runtime_cases() -> list[dict]:
    """The cases as a runtime gets them: the experiment with its arms'
    bounds, as the build writes them into pages and edge modules."""
    return [
        {
            "experiment": {
                "id": case["experiment"],
                "arms": [[arm, upper] for arm, upper in experiment(case["experiment"]).bounds()],
            },
            "device": case["device"],
        }
        for case in CASES
    ]


def expected() -> list[str]:
    return [case["arm"] for case in CASES]


def test_the_table_in_the_worker(published):
    require_node_tools()
    stdin = {"script": (published / "_worker.js").read_text("utf-8"), "cases": runtime_cases()}
    done = subprocess.run(
        ["node", str(HERE / "assign-in-worker.mjs")],
        input=json.dumps(stdin),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=HERE,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected()


def test_the_table_in_the_netlify_function(published):
    script = """
const [modulePath] = process.argv.slice(1);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
import(require("url").pathToFileURL(modulePath).href).then((module) => {
  process.stdout.write(JSON.stringify(cases.map((c) => module.assignArm(c.experiment, c.device))));
});
"""
    module = published / "_netlify" / "segsite.js"
    assert _run_node(script, module, runtime_cases(), export="assignArm") == expected()


# The page's own arm script, given a segment and a kept device id (the head
# script's window.segsite, reduced to what the arm script reads).
PAGE = """<!doctype html><html><head>
<script type="application/json" id="segsite-experiments">{experiments}</script>
<script>window.segsite = {{segment: "everyone", get: function (key) {{ return key == "device" ? {device} : undefined; }}, put: function () {{}}}};</script>
<script>{arms}</script>
</head><body></body></html>"""


def test_the_table_in_the_browser(published, browser):
    (_head, arms) = inline_scripts(read_html(published / "en" / "index.html"))
    page = browser.new_page()
    got = []
    for case in runtime_cases():
        data = dict(case["experiment"], segments=None, **{"from": 0, "until": 8.64e15})
        page.set_content(
            PAGE.format(
                experiments=json.dumps([data]), device=json.dumps(case["device"]), arms=arms.string
            )
        )
        got.append(page.evaluate("window.segsite.experiments")[case["experiment"]["id"]])
    page.close()
    assert got == expected()
