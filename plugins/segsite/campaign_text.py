"""Texts of the campaign assets (social cards, e-mails) as the page writes
them: escaped, Latin runs isolated and digits in the language's digit
system, through the same pipeline as the page's ``localize`` filter
(rtl.localize_html); and the same text without markup, for the places that
cannot hold any (a plain-text e-mail, a subject, an ``alt``)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from markupsafe import Markup, escape

from .rtl import digit_system_for, localize_html
from .site import SiteConfig

# What localize_html adds to escaped text: an isolated Latin run.
_ISOLATED_RUN = re.compile(r'<span dir="ltr">(.*?)</span>', re.S)
_TAG = re.compile(r"<[^>]*>")
# Unicode's own isolation (LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL
# ISOLATE): what <span dir="ltr"> is in text that cannot hold markup.
LRI, PDI = "\u2066", "\u2069"
# Elements that end a block of text (a paragraph, an item, a heading).
_BLOCK = re.compile(r"p|li|h[1-6]|blockquote|d[dt]|t[dhr]|div|section|pre|[uo]l|table|figcaption")


def localized(text: str, lang: str, config: SiteConfig) -> Markup:
    """``text`` escaped and localized for ``lang``, as markup."""
    digits = digit_system_for(lang, config.digits)
    return Markup(localize_html(str(escape(text)), config.direction(lang), digits))


def plain(markup: Markup | str, isolate: bool = True) -> str:
    """Localized markup as plain text; an isolated Latin run keeps its
    isolation as Unicode isolate marks (``isolate``) or loses it."""
    marks = (LRI, PDI) if isolate else ("", "")
    text = _ISOLATED_RUN.sub(lambda m: f"{marks[0]}{m[1]}{marks[1]}", str(markup))
    return html.unescape(_TAG.sub("", text))


def text_blocks(fragment: str) -> list[str]:
    """The text of each block (paragraph, list item, heading) of sanitized
    Markdown HTML, whitespace collapsed: what an e-mail repeats of it. Links
    and emphasis keep their words only."""
    reader = _BlockReader()
    reader.feed(fragment)
    reader.close()
    return reader.finished()


class _BlockReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if _BLOCK.fullmatch(tag) or tag == "br":
            self._end_block()

    def handle_endtag(self, tag):
        if _BLOCK.fullmatch(tag):
            self._end_block()

    def handle_data(self, data):
        self.current.append(data)

    def _end_block(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def finished(self) -> list[str]:
        self._end_block()
        return self.blocks
