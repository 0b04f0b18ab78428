"""One Markdown file of ``content/``: its id and language (from the file name,
and only from there), its front matter and its body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import ProblemLog, suggest
from .reading import read_text
from .valuetypes import is_slug, slug_problem
from .yamlsource import YamlMap, load_yaml

_NAME_RE = re.compile(r"^(?P<id>.+)\.(?P<lang>[^.]+)\.md$")


@dataclass(frozen=True)
class SourceFile:
    """A content file, read: ``meta`` is the front matter, ``body_line`` the
    file line where the body starts."""

    path: Path
    id: str
    lang: str
    meta: YamlMap
    body: str
    body_line: int


def file_key(path: Path, languages: tuple[str, ...], log: ProblemLog) -> tuple[str, str] | None:
    """(id, language) from ``<id>.<lang>.md``, or None after reporting the problem."""
    match = _NAME_RE.match(path.name)
    langs = ", ".join(languages)
    if not match:
        log.error(
            path,
            1,
            f"the file name needs a language suffix: name it <id>.<lang>.md with one of {langs}",
        )
        return None
    item_id, lang = match["id"], match["lang"]
    ok = True
    if lang not in languages:
        log.error(
            path,
            1,
            f"language '{lang}' in the file name is not configured (SEGSITE_LANGUAGES: {langs})"
            f"{suggest(lang, languages)}",
        )
        ok = False
    if not is_slug(item_id):
        log.error(path, 1, slug_problem(item_id, "file name id"))
        ok = False
    return (item_id, lang) if ok else None


def read_source(path: Path, key: tuple[str, str], log: ProblemLog, root: Path) -> SourceFile | None:
    """The file's front matter and body, or None after reporting the problem.
    ``root``: the content folder, which the file may not link out of."""
    text = read_text(path, log, within=root)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        log.error(
            path, 1, "front matter missing: start the file with a '---' line, the YAML, and '---'"
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        log.error(path, 1, "front matter is never closed: add a '---' line after the YAML")
        return None
    errors_before = len(log.errors)
    meta = load_yaml("\n".join(lines[1:end]), path, log, first_line=2)
    if len(log.errors) > errors_before and meta is None:
        return None  # the syntax error says it all; no follow-up noise
    if meta is None:
        meta = YamlMap()
        meta.line, meta.key_lines = 2, {}
    elif not isinstance(meta, YamlMap):
        log.error(path, 2, "front matter must be a mapping of 'key: value' lines")
        return None
    return SourceFile(path, key[0], key[1], meta, "\n".join(lines[end + 1 :]), end + 2)
