"""Parts of a page judged once where the answer cannot differ.

facts.js keys the header, the footer and each block of <main> (the banner,
each section, the body, the call to action) by what axe's answers follow
from: its markup, the rules that select each element in it or the html and
body elements, the text of those rules, the viewport, the page's language
and direction, the ids it points at; a block of <main> also by its
ancestors and its box. The header and footer have a second key, for their
pixels. A later page with an equal key shows the same part: axe, which
judged it there with the same rules, leaves it out, and a header's or
footer's pixels are the first page's. Each re-use names the page it comes
from (Visit.reused), so the results say what was not checked again. A part
changed on one page has a key of its own, and is put through axe there."""

from __future__ import annotations


class SharedParts:
    def __init__(self):
        # (key, rules) -> the page axe judged it on. By key alone: a section
        # keyed alike further up or down another page is the same section.
        self._axed: dict[tuple[str, str], str] = {}
        # (part, key) -> (the page it was drawn on, its pixel hash)
        self._drawn: dict[tuple[str, str], tuple[str, str]] = {}

    def judged(self, keys: dict, rules: str) -> dict[str, str]:
        """{part: page} of the parts that axe judged already with ``rules``."""
        return {
            part: self._axed[(key, rules)]
            for part, key in keys.items()
            if key and (key, rules) in self._axed
        }

    def axed(self, keys: dict, rules: str, path: str) -> None:
        for key in keys.values():
            if key:
                self._axed.setdefault((key, rules), path)

    def undrawn(self, keys: dict) -> list[str]:
        """The parts no page has drawn yet."""
        return [part for part, key in keys.items() if key and (part, key) not in self._drawn]

    def pixels(self, keys: dict, path: str, drawn: dict) -> tuple[dict, dict]:
        """(pixel hash by part, {"<part> pixels": page} for those drawn on
        another page), with ``drawn`` just captured on ``path``."""
        pixels, reused = {}, {}
        for part, key in keys.items():
            if key and (part, key) not in self._drawn and part in drawn:
                self._drawn[(part, key)] = (path, drawn[part])
            if not key or (part, key) not in self._drawn:
                continue  # not there, or drawn with no size: no pixels
            page, pixel = self._drawn[(part, key)]
            pixels[part] = pixel
            if page != path:
                reused[f"{part} pixels"] = page
        return pixels, reused
