"""``segsite serve``: build, serve on 127.0.0.1, rebuild on every change, and
reload the browser; a failed build shows its problems in the browser while
the last good site stays served.

Each build runs in a fresh interpreter (about half a second on the demo), so
a change to the plugins or the theme is picked up like a change to content.
Changes come from the operating system's file events (``watchfiles``, which
Pelican itself depends on), not from polling file times.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import watchfiles

from .static_server import StaticHandler, start_server, stop_server

RELOAD_PATH = "/__segsite/reload.js"
STATUS_PATH = "/__segsite/status"
RELOAD_JS = """// segsite serve: reloads the page after a rebuild; shows build problems.
(function () {
  var seen = null;
  function overlay(problems) {
    var box = document.getElementById("segsite-build-problems");
    if (!problems) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "segsite-build-problems";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "#fff"; s.color = "#7f1d1d"; s.padding = "1.5rem"; s.font = "15px/1.5 monospace";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("h1");
    title.textContent = "The site did not build: fix these and save; this page updates by itself.";
    title.style.fontSize = "1.1rem";
    var list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap";
    list.textContent = problems.join("\\n");
    box.append(title, list);
  }
  function poll() {
    fetch("__STATUS__", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.version !== seen) { location.reload(); return; }
      seen = state.version;
      overlay(state.problems);
    }).catch(function () { /* server restarting */ }).then(function () { setTimeout(poll, 250); });
  }
  poll();
})();
""".replace("__STATUS__", STATUS_PATH)


class SiteWatcher:
    """Rebuilds the site when a watched file changes; remembers the outcome."""

    def __init__(self, build_command: list[str], watched: list[Path], cwd: Path):
        self.build_command = build_command
        self.watched = watched
        self.cwd = cwd
        self.version = 0
        self.problems: list[str] | None = None
        self.lock = threading.Lock()

    def build(self) -> bool:
        started = time.monotonic()
        result = subprocess.run(
            self.build_command, cwd=self.cwd, capture_output=True, text=True, check=False
        )
        with self.lock:
            if result.returncode == 0:
                self.version += 1
                self.problems = None
            else:
                lines = [line for line in result.stderr.splitlines() if line.strip()]
                self.problems = lines or [f"build failed with exit code {result.returncode}"]
        took = time.monotonic() - started
        if result.returncode == 0:
            print(f"segsite serve: built in {took:.1f} s", flush=True)
        else:
            print(result.stderr, file=sys.stderr, flush=True)
            print("segsite serve: build failed; still serving the last good site", flush=True)
        return result.returncode == 0

    def watch(self, stop: threading.Event) -> None:
        """Rebuild after each burst of changes (an editor's save, a git
        checkout) until ``stop`` is set."""
        existing = [str(path) for path in self.watched if path.exists()]
        for _changes in watchfiles.watch(*existing, stop_event=stop, debounce=200, step=50):
            self.build()

    def status(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "problems": self.problems}).encode("utf-8")


class DevHandler(StaticHandler):
    """Serves the output folder; adds the reload script to every HTML page."""

    watcher: SiteWatcher

    def do_GET(self):  # noqa: N802 - stdlib name
        path = self.path.split("?")[0]
        if path == STATUS_PATH:
            return self._send(self.watcher.status(), "application/json")
        if path == RELOAD_PATH:
            return self._send(RELOAD_JS.encode("utf-8"), "text/javascript")
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = file.read_text(encoding="utf-8")
            tag = f'<script src="{RELOAD_PATH}" defer></script>'
            return self._send(
                html.replace("</head>", tag + "</head>", 1).encode("utf-8"), "text/html"
            )
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def serve(
    build_command: list[str], watched: list[Path], output: Path, port: int, cwd: Path
) -> None:
    watcher = SiteWatcher(build_command, watched, cwd)
    watcher.build()
    handler = type("Handler", (DevHandler,), {"watcher": watcher})
    base, server = start_server(output, port, handler)
    stop = threading.Event()
    rebuilding = threading.Thread(target=watcher.watch, args=(stop,), daemon=True)
    rebuilding.start()
    print(f"segsite serve: {base}/ (Ctrl-C stops)", flush=True)
    try:
        while rebuilding.is_alive():
            rebuilding.join(timeout=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        stop_server(server)
