"""The page's header and footer judged once where the answer cannot differ.

facts.js keys each of them by what its pixels and axe's answers follow from:
its markup, the style computed for every element in it, the boxes laid out,
the viewport, the page's language and direction, and the ids it points at.
A later page with an equal key shows the same header (or footer): its pixels
are the first page's, and axe, which judged it there with the same rules,
leaves it out. Each re-use names the page it comes from (Visit.reused), so
the results say what was not checked again. A header or footer changed on
one page has a key of its own, and is drawn and put through axe there."""

from __future__ import annotations


class SharedChrome:
    def __init__(self):
        # (part, key, rules) -> the page axe judged it on
        self._axed: dict[tuple[str, str, str], str] = {}
        # (part, key) -> (the page it was drawn on, its pixel hash)
        self._drawn: dict[tuple[str, str], tuple[str, str]] = {}

    def judged(self, keys: dict, rules: str) -> dict[str, str]:
        """{part: page} of the parts that axe judged already with ``rules``."""
        return {
            part: self._axed[(part, key, rules)]
            for part, key in keys.items()
            if key and (part, key, rules) in self._axed
        }

    def axed(self, keys: dict, rules: str, path: str) -> None:
        for part, key in keys.items():
            if key:
                self._axed.setdefault((part, key, rules), path)

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
