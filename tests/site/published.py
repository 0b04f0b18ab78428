"""The check pass over make publish's output, served the two ways hosts serve
it, side by side: every check by a plain static server (with its _headers),
and the checks whose answer the edge can change by the generated Cloudflare
Worker under miniflare (SEGSITE_CHECK_SCOPE=edge, see segsite/check/conftest.py).
Run by the test suite (tests/site/test_published_check.py) and by
`make check-publish`:

    python -m tests.site.published [pytest arguments]

The site is built for the address it is served at (its links are absolute),
so every request stays on 127.0.0.1 (one build per server). Reports: output-check/static/ and
output-check/worker/. Exits non-zero if either pass fails or runs no check.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
from pathlib import Path

from segsite.check.command import check_command
from segsite.static_server import serving
from tests.conftest import ROOT
from tests.edge.runtime import build_published, free_port, running_worker


def start_check(site: Path, base: str, report: Path, scope: str, pytest_args: list[str], log):
    command, env = check_command(
        site, ROOT / "publishconf.py", report, url=base, scope=scope, pytest_args=pytest_args
    )
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def main(pytest_args: list[str]) -> int:
    """Both passes at once (each is one browser and one Python process, so
    two cores take both in little more than the time of one)."""
    failed = []
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        runs = []
        for name, server, scope in (
            ("static", serving, "full"),
            ("worker", running_worker, "edge"),
        ):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            site = build_published(Path(folder) / name / "output", base)
            url = stack.enter_context(server(site, port))
            log = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
            report = ROOT / "output-check" / name
            runs.append((name, log, start_check(site, url, report, scope, pytest_args, log)))
            print(f"check pass over the published site, served by the {name} server", flush=True)
        for name, log, process in runs:
            code = process.wait()
            log.seek(0)
            print(f"--- {name} server ---\n{log.read()}", flush=True)
            if code != 0:  # pytest's 5 (no tests) fails here too
                failed.append(f"{name} (pytest exit {code})")
    if failed:
        print("check pass failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
