"""The one static file server behind everything segsite serves on 127.0.0.1:
``segsite serve`` (which adds its reload script and event stream), the
report's thumbnails and the check pass. It sends the headers the folder's
``_headers`` file names, as Netlify and Cloudflare Pages do, so a published
site is checked with the Content-Security-Policy it will be served with."""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

HeaderRules = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def read_headers_file(folder: Path) -> HeaderRules:
    """The rules of ``folder/_headers``: a path pattern, then indented
    ``Name: value`` lines (none when the file is missing)."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    file = folder / "_headers"
    for line in file.read_text(encoding="utf-8").splitlines() if file.is_file() else []:
        if line and not line[0].isspace():
            rules.append((line.strip(), []))
        elif line.strip() and rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return tuple((pattern, tuple(headers)) for pattern, headers in rules)


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Files from the folder, quietly (no request log on the console), with
    the folder's ``_headers`` rules."""

    header_rules: HeaderRules = ()

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def end_headers(self):
        path = urlsplit(self.path).path
        for pattern, headers in self.header_rules:
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()


def start_server(
    folder: Path, port: int = 0, handler: type[StaticHandler] = StaticHandler
) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``folder`` on 127.0.0.1 (a free port unless ``port`` is given) in
    a background thread; returns (base URL, server). ``handler`` may be a
    subclass that adds routes (``segsite serve``'s event stream and reload script)."""
    rules = read_headers_file(folder)
    bound = type(handler.__name__, (handler,), {"header_rules": rules})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(bound, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def stop_server(server: http.server.ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()


@contextlib.contextmanager
def serving(folder: Path, port: int = 0) -> Iterator[str]:
    """``with serving(folder) as base_url:`` the folder served for the block."""
    base, server = start_server(folder, port)
    try:
        yield base
    finally:
        stop_server(server)
