"""Markdown to HTML, once per file, with ``::: segment ID`` blocks split out.

Splitting the body into parts before conversion lets every segment variant be
assembled from the same converted parts: the Markdown of a page is parsed once
per language, however many variants are rendered from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3

from .fields import has_safe_scheme, unsafe_url_problem
from .problems import ProblemLog

MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "attr_list", "def_list", "sane_lists")
_OPEN_RE = re.compile(r"^:::\s*segment\s+(?P<id>\S+)\s*$")
# "::: segment" with its id forgotten: an opening, not text.
_OPEN_WITHOUT_ID_RE = re.compile(r"^:::\s*segment\s*$")
_CLOSE_RE = re.compile(r"^:::\s*$")
_TAG_RE = re.compile(r"<[^>]+>")

# What a marketing page's Markdown may hold: text, links, lists, tables,
# images, headings, emphasis, quotes, code and <details>. Raw HTML beyond
# that (scripts, styles, frames, forms, <base>, <meta>, SVG) belongs in the
# theme; ammonia (nh3) removes it, so no parser trick in a body reaches a page.
ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    ]
)
# Per tag ("*": every tag). attr_list lets an editor set id and class.
ALLOWED_ATTRIBUTES = {
    "*": frozenset({"id", "class", "dir", "lang", "title"}),
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "td": frozenset({"style", "colspan", "rowspan"}),
    "th": frozenset({"style", "colspan", "rowspan", "scope"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
}
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes={"http", "https", "mailto", "tel"},
    # Python-Markdown aligns table columns with an inline text-align.
    filter_style_properties={"text-align"},
    link_rel=None,
    strip_comments=True,
)
_ALLOWED_TEXT = "text, links, lists, tables, images, headings, emphasis and <details>"


@dataclass(frozen=True)
class BodyPart:
    """A stretch of converted body: for everyone (segment None) or for one segment."""

    segment: str | None
    html: str
    line: int


class MarkdownRenderer:
    """One Markdown converter per build (converters are stateful, not thread-safe)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")

    def convert(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)

    def convert_inline(self, text: str) -> str:
        """Convert one line of Markdown without its wrapping paragraph."""
        html = self.convert(text.strip())
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html


def split_segment_blocks(
    body: str, first_line: int, path, log: ProblemLog
) -> list[tuple[str | None, str, int]]:
    """Split a body into (segment or None, markdown, first line) parts."""
    parts: list[tuple[str | None, str, int]] = []
    current: list[str] = []
    current_segment: str | None = None
    current_line = first_line
    open_line = 0
    for offset, text in enumerate(body.split("\n")):
        line = first_line + offset
        opening = _OPEN_RE.match(text)
        if opening is None and _OPEN_WITHOUT_ID_RE.match(text):
            log.error(path, line, "'::: segment' needs the segment's id: '::: segment ID'")
            # Read on as a block, so its closing ':::' is not a second problem.
            opening = {"id": ""}
        if opening:
            if current_segment is not None:
                log.error(
                    path,
                    line,
                    f"a segment block is already open (line {open_line}); close it with ':::' first",
                )
                continue
            parts.append((None, "\n".join(current), current_line))
            current, current_segment, current_line, open_line = [], opening["id"], line + 1, line
            continue
        if _CLOSE_RE.match(text):
            if current_segment is None:
                log.error(
                    path, line, "':::' closes no segment block: open one with '::: segment ID'"
                )
                continue
            parts.append((current_segment, "\n".join(current), current_line))
            current, current_segment, current_line = [], None, line + 1
            continue
        current.append(text)
    if current_segment is not None:
        log.error(
            path, open_line, f"segment block '{current_segment}' is never closed: add a ':::' line"
        )
        parts.append((current_segment, "\n".join(current), current_line))
    else:
        parts.append((None, "\n".join(current), current_line))
    # A block without an id (reported above) shows to no one.
    return [part for part in parts if part[1].strip() and part[0] != ""]


def count_words(html: str) -> int:
    return len(_TAG_RE.sub(" ", html).split())


class _UnsafeMarkupFinder(HTMLParser):
    """Finds links with unsafe schemes, inline event handlers, and the tags and
    attributes the sanitizer removes, in rendered HTML."""

    URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (kind, what to show, what to look for in the source to find the line)
        self.findings: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.findings.append(("tag", f"<{tag}>", f"<{tag}"))
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(("handler", f"<{tag} {name}=...>", name))
            elif name in self.URL_ATTRIBUTES and value is not None and not has_safe_scheme(value):
                self.findings.append(("url", value, value))
            elif name not in allowed:
                self.findings.append(("attribute", f"{name} on <{tag}>", f"{name}="))

    handle_startendtag = handle_starttag


def check_markup(html: str, source: str, first_line: int, path, log: ProblemLog) -> str:
    """Report unsafe URLs and inline event handlers that Markdown's raw HTML
    let through (errors), and what the sanitizer removes (warnings); returns
    the sanitized HTML."""
    finder = _UnsafeMarkupFinder()
    finder.feed(html)
    finder.close()
    for kind, detail, needle in finder.findings:
        line = _line_containing(source, needle)
        if line is None and kind == "url" and ":" in needle:
            # Written with character references (&#106;avascript:...): the
            # part after the scheme is written as decoded.
            line = _line_containing(source, needle.split(":", 1)[1])
        line = first_line + line if line is not None else first_line
        if kind == "url":
            log.error(path, line, unsafe_url_problem(detail, "the body"))
        elif kind == "handler":
            log.error(
                path,
                line,
                f"inline event handler {detail} in the body: remove it (scripts belong in the theme)",
            )
        else:
            log.warning(
                path,
                line,
                f"{detail} in the body is removed: a body may hold {_ALLOWED_TEXT}"
                " (put anything else in the theme's templates)",
            )
    return _CLEANER.clean(html)


def _line_containing(source: str, needle: str) -> int | None:
    for offset, text in enumerate(source.split("\n")):
        if needle.lower() in text.lower():
            return offset
    return None
