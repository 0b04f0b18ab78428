"""Reading one input file as text: ``segments.yaml`` and every Markdown file
of ``content/`` go through ``read_text``, so each rule about what a file may
be lives here once.

A file that cannot be read as text is a problem in the build's log, never an
exception: a folder or a broken link where a file should be, a link out of
``content/``, something that is not UTF-8, a character that is not text.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .problems import ProblemLog

# Far above any page or segments file; a file this large is a mistake (a
# video renamed .md), and reading it whole would stall the build.
MAX_BYTES = 10 * 1024 * 1024
# Characters that are not text: C0 controls but tab and line breaks, DEL,
# C1 controls, surrogates, U+FFFE and U+FFFF. YAML refuses them too, and an
# HTML page may not carry them. Refused in a Markdown body as well (an error,
# not a silent strip): they are invisible in most editors and come from a bad
# paste or a file in another encoding, so the page would say something other
# than what the editor sees; the line and column let the editor find them.
NOT_TEXT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Past this many lines with such characters the file is likely binary.
NOT_TEXT_LINES = 10
_FOLDER = "a folder where a file is expected: rename it or move it away"
_UTF_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def read_text(
    path: Path, log: ProblemLog, within: Path | None = None, max_bytes: int = MAX_BYTES
) -> str | None:
    """The text of ``path`` with ``\\n`` line ends and no byte order mark,
    or None after reporting why it cannot be read. ``within``: the folder the
    file must stay in, links included (``content/``: what is read from it is
    published). ``max_bytes``: the largest the file may be (exported events
    run larger than any page)."""
    if within is not None and report_link_out(path, within, log):
        return None
    data = _read_bytes(path, log, max_bytes)
    if data is None:
        return None
    text = _decode(data, path, log)
    if text is None:
        return None
    # Windows and old Mac line ends; YAML and Markdown count lines the same way.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return None if _report_not_text(text, path, log) else text


def report_link_out(path: Path, root: Path, log: ProblemLog) -> bool:
    """Report ``path`` if it is a link that leads out of ``root``: Pelican
    and the readers would publish whatever it points to. True when reported."""
    if not path.is_symlink():
        return False
    inside = Path(os.path.realpath(root))
    target = Path(os.path.realpath(path))
    if target == inside or inside in target.parents:
        return False
    shown = log.display_path(root)
    log.error(
        path,
        0,
        f"the link leads out of {shown}/ (to '{os.readlink(path)}'): copy what it points to"
        f" into {shown}/ instead",
    )
    return True


def _read_bytes(path: Path, log: ProblemLog, max_bytes: int) -> bytes | None:
    try:
        # Opened without waiting: a pipe named like a page would block the build.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if path.is_symlink():
            log.error(
                path,
                0,
                f"the link leads nowhere ('{os.readlink(path)}' does not exist): fix or remove it",
            )
        else:
            log.error(path, 0, "file not found: create it, or fix the name")
        return None
    except OSError as exc:
        if path.is_dir():
            log.error(path, 0, _FOLDER)
        else:
            log.error(path, 0, f"the file cannot be read ({exc.strerror}): check it and its links")
        return None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            log.error(path, 0, _FOLDER)
        else:
            log.error(path, 0, "not a regular file (a pipe or a device): replace it with a file")
        return None
    with os.fdopen(descriptor, "rb") as file:
        try:
            data = file.read(max_bytes + 1)
        except OSError as exc:
            log.error(path, 0, f"the file cannot be read ({exc.strerror}): check its permissions")
            return None
    if len(data) > max_bytes:
        log.error(
            path, 0, f"the file is over the {max_bytes // 2**20} MB a text file may have: split it"
        )
        return None
    return data


def _decode(data: bytes, path: Path, log: ProblemLog) -> str | None:
    """UTF-8, with or without a byte order mark (Windows editors write one)."""
    encoding = next((name for bom, name in _UTF_BOMS if data.startswith(bom)), None)
    if encoding is None and max(data[::2].count(0), data[1::2].count(0)) * 4 > len(data):
        # UTF-16 without a byte order mark: every other byte of Latin text is 0.
        encoding = "UTF-16"
    if encoding:
        log.error(path, 0, f"the file is saved as {encoding}: save it as UTF-8")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        log.error(
            path,
            line,
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02X} on this line): save it as UTF-8",
        )
        return None


def _report_not_text(text: str, path: Path, log: ProblemLog) -> bool:
    """Report the first character that is not text on each line. True when any."""
    if NOT_TEXT_RE.search(text) is None:
        return False
    found = 0
    for number, line in enumerate(text.split("\n"), 1):
        match = NOT_TEXT_RE.search(line)
        if match is None:
            continue
        found += 1
        if found <= NOT_TEXT_LINES:
            log.error(
                path,
                number,
                f"character U+{ord(match[0]):04X} at column {match.start() + 1} is not text:"
                " delete it",
            )
    if found > NOT_TEXT_LINES:
        log.error(
            path,
            0,
            f"{found - NOT_TEXT_LINES} more lines hold characters that are not text:"
            " is this a text file?",
        )
    return True
