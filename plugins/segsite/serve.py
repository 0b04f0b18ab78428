"""``segsite serve``: build, serve on 127.0.0.1, build again on every change,
and reload the open pages; a failed build shows its problems over the page
while the last good site stays served.

One long-lived process keeps the checked site's reads and compiled
templates between builds and renders only the pages a change affects
(live.py). Changes come from the operating system's file events
(``watchfiles``, which Pelican itself depends on), not from polling file
times; each page hears of a finished build through server-sent events from
this same server (``/__segsite/events``), not by polling it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
import threading
from pathlib import Path

import watchfiles
from pelican.log import init as init_logging

from .kit import KIT_THEME, SITE_TEMPLATES
from .live import KIT, LiveBuilder, Outcome, SitePaths
from .static_server import StaticHandler, start_server, stop_server

RELOAD_PATH = "/__segsite/reload.js"
EVENTS_PATH = "/__segsite/events"
# A comment line this often keeps the stream open through idle proxies and
# ends the request's thread soon after its tab is gone.
KEEP_ALIVE_SECONDS = 15
RELOAD_JS = """// segsite serve: reloads the page after a build; shows build problems.
(function () {
  var script = document.currentScript;
  var built = script ? script.getAttribute("data-build") : null;
  var events = null;
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
  function listen() {
    if (events) return;
    events = new EventSource("__EVENTS__");
    events.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.build !== built) { events.close(); location.reload(); return; }
      overlay(state.problems);
    };
  }
  // A browser keeps only a few connections open per host: a hidden tab lets
  // go of its stream, and on its return hears of any build it missed.
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { listen(); return; }
    if (events) { events.close(); events = null; }
  });
  if (!document.hidden) listen();
})();
""".replace("__EVENTS__", EVENTS_PATH)


class BuildState:
    """The last build's outcome, as the watcher thread records it and each
    page's event stream sends it: the id of the site being served (new with
    every successful build) and the problems of a failed one."""

    def __init__(self) -> None:
        self.build = secrets.token_hex(8)
        self.problems: tuple[str, ...] = ()
        self.changed = threading.Condition()
        self.closing = False

    def record(self, outcome: Outcome) -> None:
        with self.changed:
            if outcome.ok:
                self.build, self.problems = secrets.token_hex(8), ()
            else:
                self.problems = outcome.problems or ("the build failed",)
            self.changed.notify_all()

    def next_message(self, sent: bytes | None) -> bytes | None:
        """The state once it differs from ``sent`` (or after the keep-alive
        interval, unchanged); None when the server is closing."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.closing or self._message() != sent, KEEP_ALIVE_SECONDS
            )
            return None if self.closing else self._message()

    def _message(self) -> bytes:
        state = {"build": self.build, "problems": list(self.problems) or None}
        return json.dumps(state).encode("utf-8")

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()


class DevHandler(StaticHandler):
    """Serves the output folder; adds the reload script to every HTML page
    and streams each build's outcome."""

    state: BuildState

    def do_GET(self):  # noqa: N802 - stdlib name
        path = self.path.split("?")[0]
        if path == EVENTS_PATH:
            return self._stream_events()
        if path == RELOAD_PATH:
            return self._send(RELOAD_JS.encode("utf-8"), "text/javascript")
        # The build id before the file: a build finishing in between makes
        # the page reload once more, never miss the build.
        with self.state.changed:
            build = self.state.build
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = file.read_text(encoding="utf-8")
            tag = f'<script src="{RELOAD_PATH}" data-build="{build}" defer></script>'
            return self._send(
                html.replace("</head>", tag + "</head>", 1).encode("utf-8"), "text/html"
            )
        return super().do_GET()

    def _stream_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent = None
        try:
            # Reconnect half a second after the server went away (a restart).
            self.wfile.write(b"retry: 500\n\n")
            while (message := self.state.next_message(sent)) is not None:
                if message == sent:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(b"data: " + message + b"\n\n")
                sent = message
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class SiteWatcher:
    """Builds the site after each burst of changes, and records the outcome."""

    def __init__(self, builder: LiveBuilder, watched: list[Path], state: BuildState):
        self.builder = builder
        self.watched = watched
        self.state = state
        self.restart = False

    def build(self, changes: set[Path] | frozenset[Path] = frozenset()) -> Outcome:
        outcome = self.builder.build(changes)
        # A build that ends in a restart is announced by the new process (its
        # first build, heard when the pages' event streams reconnect): pages
        # told now would reload into the gap between the two processes and
        # stay on the browser's error page.
        if not outcome.restart:
            self.state.record(outcome)
        if outcome.ok:
            print(f"segsite serve: built in {outcome.seconds:.2f} s", flush=True)
        else:
            print("\n".join(outcome.problems), file=sys.stderr, flush=True)
            print("segsite serve: build failed; still serving the last good site", flush=True)
        return outcome

    def watch(self, stop: threading.Event) -> None:
        """Build after each burst of changes (an editor's save, a git
        checkout) until ``stop`` is set or the process must restart."""
        existing = [str(path) for path in self.watched if path.exists()]
        for changes in watchfiles.watch(*existing, stop_event=stop, debounce=200, step=50):
            if self.build({Path(path) for _, path in changes}).restart:
                self.restart = True
                return


def watched_paths(paths: SitePaths) -> list[Path]:
    """The site's sources, the kit (its theme too), and the site's own
    templates/ beside content/."""
    site_templates = paths.content.parent / SITE_TEMPLATES
    return [paths.content, paths.segments, paths.settings, KIT, KIT_THEME, site_templates]


def run(args) -> int:
    """``segsite serve`` with its command-line arguments (site_commands.py)."""
    paths = SitePaths(
        settings=(args.settings or Path("pelicanconf.py")).resolve(),
        content=(args.content or Path("content")).resolve(),
        segments=(args.segments or Path("segments.yaml")).resolve(),
        output=(args.output or Path("output")).resolve(),
    )
    # As `segsite build -q`: warnings and errors, one line each; Pelican's
    # per-file lines would drown them.
    init_logging(level=logging.WARNING, handler=logging.StreamHandler(sys.stderr))
    logging.getLogger("pelican").setLevel(logging.WARNING)
    serve(paths, args.port, Path.cwd())
    return 0


def serve(paths: SitePaths, port: int, cwd: Path) -> None:
    state = BuildState()
    watcher = SiteWatcher(LiveBuilder(paths, cwd), watched_paths(paths), state)
    watcher.build()
    handler = type("Handler", (DevHandler,), {"state": state})
    base, server = start_server(paths.output, port, handler)
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
        state.close()
        stop_server(server)
    if watcher.restart:
        print("segsite serve: the kit's Python code changed; restarting to load it", flush=True)
        restart(paths, server.server_address[1])


def restart(paths: SitePaths, port: int) -> None:
    """This process replaced by a fresh ``segsite serve`` of the same site on
    the same port (the open pages reconnect and reload)."""
    argv = [sys.executable, "-m", "segsite.cli", "serve", "--port", str(port)]
    for option, path in (
        ("--settings", paths.settings),
        ("--content", paths.content),
        ("--segments", paths.segments),
        ("--output", paths.output),
    ):
        argv += [option, str(path)]
    os.execv(sys.executable, argv)
