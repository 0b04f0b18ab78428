"""Brand colours from ``SEGSITE_BRAND`` and their WCAG contrast check.

Colours become CSS custom properties in one place; a pair whose contrast is
under 4.5:1 (WCAG 2.2 AA for body text) stops the build.
"""

from __future__ import annotations

import re

HEX_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
DEFAULT_BRAND = {
    "name": "segsite",
    "accent": "#0f766e",
    "accent_text": "#ffffff",
    "text": "#1f2937",
    "background": "#ffffff",
    "surface": "#f3f4f6",
    "highlight": "#fef3c7",
}
COLOUR_KEYS = ("accent", "accent_text", "text", "background", "surface", "highlight")
# (foreground, background) pairs the theme draws text with.
CONTRAST_PAIRS = (
    ("accent_text", "accent"),
    ("text", "background"),
    ("text", "surface"),
    ("text", "highlight"),
    ("accent", "background"),
)
MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def brand_problems(brand: dict) -> list[tuple[str, str]]:
    """(key, message) for each bad colour or low-contrast pair."""
    problems = []
    for key in COLOUR_KEYS:
        if not isinstance(brand.get(key), str) or not HEX_RE.fullmatch(brand[key]):
            problems.append(
                (
                    key,
                    f"SEGSITE_BRAND['{key}'] must be a hex colour like #0f766e, not {brand.get(key)!r}",
                )
            )
    if problems:
        return problems
    for fg, bg in CONTRAST_PAIRS:
        ratio = contrast_ratio(brand[fg], brand[bg])
        if ratio < MIN_CONTRAST:
            problems.append(
                (
                    fg,
                    f"SEGSITE_BRAND '{fg}' {brand[fg]} on '{bg}' {brand[bg]} has contrast"
                    f" {ratio:.2f}:1, under {MIN_CONTRAST}:1: darken or lighten one of them",
                )
            )
    return problems
