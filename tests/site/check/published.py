"""The check pass over make publish's output, served the two ways hosts serve
it: by a plain static server (with its _headers), then by the generated
Cloudflare Worker under miniflare. Run by `make test` (and `make check-publish`):

    python -m tests.site.check.published [pytest arguments]

The site is built for the address it is served at (its links are absolute),
so every request stays on 127.0.0.1. Reports: output-check/static/ and
output-check/worker/. Exits non-zero if either pass fails or runs no check.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.edge.runtime import build_published, free_port, running_worker
from tests.site.check.site import ROOT
from tests.site.conftest import serve


@contextlib.contextmanager
def static_server(site: Path, port: int):
    base, server = serve(site, port)
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def check(site: Path, base: str, report: Path, pytest_args: list[str]) -> int:
    env = {
        **os.environ,
        "SEGSITE_CHECK_SITE": str(site),
        "SEGSITE_CHECK_URL": base,
        "SEGSITE_CHECK_SETTINGS": str(ROOT / "publishconf.py"),
        "SEGSITE_CHECK_REPORT": str(report),
    }
    command = [sys.executable, "-m", "pytest", "tests/site/check", "-q", "-p", "no:cacheprovider"]
    return subprocess.run(command + pytest_args, env=env, cwd=ROOT, check=False).returncode


def main(pytest_args: list[str]) -> int:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    failed = []
    with tempfile.TemporaryDirectory() as folder:
        site = build_published(Path(folder) / "output", base)
        for name, server in (("static", static_server), ("worker", running_worker)):
            print(f"check pass over the published site, served by the {name} server", flush=True)
            with server(site, port) as url:
                code = check(site, url, ROOT / "output-check" / name, pytest_args)
            if code != 0:  # pytest's 5 (no tests) fails here too
                failed.append(f"{name} (pytest exit {code})")
    if failed:
        print("check pass failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
