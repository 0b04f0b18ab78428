"""Running the published site the way hosts do, for the tests: the generated
Cloudflare Worker under miniflare (workerd), and the Netlify edge function
under Node."""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from segsite.cli import build
from tests.conftest import FIXTURES, PINNED_EPOCH, ROOT, build_pinned, make_tiny_site

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "serve-worker.mjs"
D1_QUERY = HERE / "d1-query.mjs"
MINIFLARE = HERE / "node_modules" / "miniflare"
START_SECONDS = 30
BUSY_ATTEMPTS = 20
# persist folder -> the query address of the Worker running on it.
RUNNING_DATABASES: dict[Path, str] = {}


def edge_data(site: Path) -> dict:
    """The data a published site's edge runtimes carry
    (``const SEGSITE = JSON.parse("...");``: a JSON text in a string)."""
    module = (site / "_worker.js").read_text(encoding="utf-8")
    string = module.split("const SEGSITE = JSON.parse(", 1)[1].split(");\n", 1)[0]
    return json.loads(json.loads(string))


def require_node_tools() -> None:
    """The Worker runtime comes from npm (make edge); a missing install is an
    error in CI, never a silent skip."""
    if not MINIFLARE.is_dir():
        raise pytest.UsageError(f"{MINIFLARE} is missing: run `make edge` (npm ci in tests/edge)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_published(output: Path, siteurl: str) -> Path:
    """The demo through publishconf.py, at the pinned date, for ``siteurl``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.chdir(ROOT)
        return build(ROOT / "publishconf.py", output=output, extra={"SITEURL": siteurl})


# Names that mean something to a JavaScript object: segments added to the
# tiny site's, and their rule table.
HOSTILE = yaml.safe_load((FIXTURES / "hostile_rule_cases.yaml").read_text(encoding="utf-8"))


def build_hostile_published(output: Path, siteurl: str) -> Path:
    """The tiny site with the hostile table's segments added, published for
    ``siteurl`` (as publishconf.py publishes the demo), into ``output``."""
    site = make_tiny_site(
        output.parent / "hostile-site",
        f"SITEURL = {siteurl!r}\nRELATIVE_URLS = False\n"
        "SEGSITE_PREVIEW = False\nSEGSITE_PUBLISH = True\n",
    )
    segments = yaml.safe_load((site / "segments.yaml").read_text(encoding="utf-8"))
    segments["segments"].update(HOSTILE["segments"])
    text = yaml.safe_dump(segments, allow_unicode=True, sort_keys=False)
    (site / "segments.yaml").write_text(text, encoding="utf-8")
    return build_pinned(site, output)


@contextlib.contextmanager
def running_worker(
    site: Path,
    port: int = 0,
    country: str = "AE",
    *,
    d1_persist: Path | None = None,
    migrations: Path | None = None,
    turnstile_stub: Path | None = None,
    bindings: dict[str, str] | None = None,
):
    """The site's _worker.js with ``site`` as its static assets, on 127.0.0.1;
    yields the base URL. With ``d1_persist``, a local D1 database bound as
    LEADS kept in that folder (it outlives this Worker: query_d1 reads it);
    ``migrations``, a migration file applied to it before the Worker serves.
    With ``turnstile_stub``, the Worker's outbound requests are answered by
    the launcher (Turnstile's siteverify as documented, anything else 502),
    each siteverify call appended to that file (turnstile_calls reads it);
    ``bindings``, plain text bindings such as TURNSTILE_SECRET."""
    require_node_tools()
    database = ["--d1-persist", str(d1_persist)] if d1_persist else []
    database += ["--migrations", str(migrations)] if migrations else []
    options = database + _worker_options(turnstile_stub, bindings)
    # stderr to a file: a pipe nobody reads could fill and block the Worker.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            ["node", str(LAUNCHER), "--script", str(site / "_worker.js"), "--assets", str(site)]
            + ["--port", str(port), "--country", country, *options],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            start_new_session=True,  # workerd is its child: stop the whole group
        )
        try:
            line = _first_line(process)
            if not line.startswith("ready "):
                process.wait(timeout=10)
                log.seek(0)
                raise RuntimeError(f"the Worker did not start: {line}{log.read()}")
            words = line.split()
            if d1_persist is not None:
                RUNNING_DATABASES[Path(d1_persist).resolve()] = words[2]
            yield words[1]
        finally:
            if d1_persist is not None:
                RUNNING_DATABASES.pop(Path(d1_persist).resolve(), None)
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.stdout.close()


def _worker_options(turnstile_stub: Path | None, bindings: dict[str, str] | None) -> list[str]:
    """The launcher's arguments for the stubbed siteverify and the bindings."""
    options = ["--turnstile-stub", "--turnstile-log", str(turnstile_stub)] if turnstile_stub else []
    for name, value in (bindings or {}).items():
        options += ["--binding", f"{name}={value}"]
    return options


def turnstile_calls(log: Path) -> list[dict]:
    """The form fields of each siteverify call the stub answered so far (and
    its contentType), oldest first."""
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def _first_line(process: subprocess.Popen) -> str:
    """The launcher's first line, or an error after START_SECONDS."""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=START_SECONDS):
            raise RuntimeError(f"the Worker printed nothing in {START_SECONDS} s")
    return process.stdout.readline()


def query_d1(persist_dir: Path, sql: str) -> list[dict]:
    """The rows of one query on the local D1 database that running_worker
    kept in ``persist_dir``: asked of the running Worker's own runtime, or,
    once it has stopped, read by a Miniflare of its own (a deployed database
    outlives its Worker). A runtime that still holds the file for a moment
    (SQLITE_BUSY) is asked again, a bounded number of times."""
    running = RUNNING_DATABASES.get(Path(persist_dir).resolve())
    if running is not None:
        with urllib.request.urlopen(running, data=sql.encode("utf-8"), timeout=60) as answer:
            return json.loads(answer.read())
    require_node_tools()
    args = [str(D1_QUERY), "--d1-persist", str(persist_dir), "--sql", sql]
    for _attempt in range(BUSY_ATTEMPTS - 1):
        try:
            return _node(args, None, "the D1 query")
        except RuntimeError as error:
            if "SQLITE_BUSY" not in str(error):
                raise
            time.sleep(0.25)
    return _node(args, None, "the D1 query")


def run_netlify_function(module: Path, requests: list[dict]) -> list[dict]:
    """Call the Netlify edge function under Node for each request
    ({url, referrer, country}); returns {target, segment, rule} for each:
    the rewrite target path, or None where the function lets the static page
    through, and what the module's resolver decided for the same request."""
    script = """
const [modulePath] = process.argv.slice(1);
const requests = JSON.parse(require("fs").readFileSync(0, "utf8"));
import(require("url").pathToFileURL(modulePath).href).then(async (module) => {
  const results = [];
  for (const r of requests) {
    const headers = r.referrer ? { Referer: r.referrer } : {};
    const geo = { country: r.country ? { code: r.country } : undefined };
    const context = { geo, next: async () => new Response("static") };
    const request = new Request(r.url, { headers });
    const out = await module.default(request, context);
    // The same facts the handler gives the module's resolver.
    const url = new URL(r.url);
    const page = module.SEGSITE.pages[url.pathname];
    const choice = module.resolveSegment(module.SEGSITE, {
      query: url.searchParams, referrer: request.headers.get("Referer"),
      language: page.lang, country: r.country,
    });
    results.push({
      target: out instanceof URL ? out.pathname : out === undefined ? null : "unexpected: " + String(out),
      segment: choice.segment,
      rule: choice.rule,
    });
  }
  process.stdout.write(JSON.stringify(results));
});
"""
    return _run_node(script, module, requests, export="SEGSITE, resolveSegment")


def inline_scripts(doc: BeautifulSoup) -> list:
    """A page's inline scripts: the head script, then (on a page with an
    experiment) the arm script."""
    return [s for s in doc.find_all("script") if not s.get("src") and not s.get("type")]


def run_head_script(page: Path, requests: list[dict]) -> list[dict]:
    """Run a built page's inline head script under Node, with as much of a
    browser as it touches, for each request ({query, referrer, visits, lang});
    returns {segment, rule} for each: what it set on <html> and window.segsite."""
    doc = BeautifulSoup(page.read_bytes(), "html5lib")
    inline = inline_scripts(doc)[0]
    script = """
const vm = require("vm");
const { script, data, requests } = JSON.parse(require("fs").readFileSync(0, "utf8"));
function storage(values) {
  const items = new Map(Object.entries(values));
  return { getItem: (k) => (items.has(k) ? items.get(k) : null), setItem: (k, v) => items.set(k, String(v)) };
}
const results = requests.map((r) => {
  const html = { lang: r.lang, dataset: {} };
  const sheet = { cssRules: [], insertRule(rule, at) { this.cssRules.splice(at, 0, rule); } };
  const elements = { "segsite-segments": { text: data, textContent: data }, "segsite-css": { sheet } };
  const window = {
    location: { search: r.query ? "?" + r.query : "" },
    // A new tab: visits so far, as the browser tests seed them.
    localStorage: storage({ "segsite:visits": String(r.visits - 1) }),
    sessionStorage: storage({}),
  };
  const document = { documentElement: html, referrer: r.referrer || "", getElementById: (id) => elements[id] || null };
  vm.runInNewContext(script, { document, window, URL, URLSearchParams });
  return { segment: html.dataset.segment, rule: window.segsite.rule };
});
process.stdout.write(JSON.stringify(results));
"""
    data = doc.find(id="segsite-segments").string
    stdin = {"script": inline.string, "data": data, "requests": requests}
    return _node(["-e", script], stdin, "the head script")


def _run_node(script: str, module: Path, requests: list[dict], export: str) -> list:
    """Run ``script`` under Node with a copy of the generated ``module`` as
    its argument; the requests on stdin, JSON on stdout."""
    # Node treats .js as CommonJS outside a "type": "module" package: copy
    # the generated module to .mjs, as Netlify's bundler reads it as ESM.
    # The copy also exports what the test compares (the module's own data
    # and resolver); the handler under test is the module's, unchanged.
    copy = module.with_suffix(".mjs")
    copy.write_bytes(module.read_bytes() + f"\nexport {{ {export} }};\n".encode())
    try:
        return _node(["-e", script, str(copy)], requests, module.name)
    finally:
        copy.unlink()


def _node(args: list[str], stdin, what: str):
    """``node ARGS`` with ``stdin`` (if not None) as JSON; its stdout read as JSON."""
    done = subprocess.run(
        ["node", *args],
        input=None if stdin is None else json.dumps(stdin),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed under Node: {done.stderr}")
    return json.loads(done.stdout)
