"""Value types shared by segments.yaml and front matter: ids, texts, URLs, CTAs.

Each ``parse_*`` function checks one value, reports problems to the log with
the value's line, and returns the typed value (or None when it is unusable).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from .problems import ProblemLog, suggest
from .yamlsource import YamlMap, line_of

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
E164_RE = re.compile(r"\+[1-9][0-9]{6,14}")
EMAIL_RE = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")
SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:")
# Browsers drop ASCII tabs and newlines anywhere in a URL and leading
# control characters, so "java\tscript:" must be judged as "javascript:".
_URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]")


def is_slug(value: Any) -> bool:
    return isinstance(value, str) and SLUG_RE.fullmatch(value) is not None


def slug_problem(value: Any, what: str) -> str:
    suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "my-id"
    return (
        f"{what} '{value}' is not a valid id: use lower-case letters, digits and single"
        f" hyphens, like '{suggestion}'"
    )


def is_safe_url(url: str) -> bool:
    """True for site-relative URLs and the schemes a marketing page may link to."""
    cleaned = _URL_NOISE_RE.sub("", url).lower()
    if cleaned.startswith("//"):
        return False  # protocol-relative: another host, any scheme
    if cleaned.startswith(("/", "#")):
        return True
    return cleaned.startswith(SAFE_SCHEMES)


_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):")


def has_safe_scheme(url: str) -> bool:
    """True when the URL has no scheme (relative) or a safe one; for Markdown bodies,
    where relative links like ``../pricing/`` are ordinary."""
    cleaned = _URL_NOISE_RE.sub("", url).lower()
    match = _SCHEME_RE.match(cleaned)
    return match is None or f"{match[1]}:" in SAFE_SCHEMES


def unsafe_url_problem(url: str, where: str) -> str:
    return (
        f"unsafe URL '{url}' in {where}: use a site-relative URL starting with '/',"
        " or https:, http:, mailto: or tel:"
    )


@dataclass(frozen=True)
class LocalText:
    """Text that is one string for every language, or one per language."""

    shared: str | None = None
    by_language: tuple[tuple[str, str], ...] = ()

    def get(self, lang: str) -> str | None:
        if self.shared is not None:
            return self.shared
        return dict(self.by_language).get(lang)

    def languages(self) -> set[str]:
        return {lang for lang, _ in self.by_language}


def parse_text(
    value: Any, *, where: str, path, line: int, log: ProblemLog, languages: tuple[str, ...]
) -> LocalText | None:
    """A string, or a map from language to string; missing languages are warnings."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return LocalText(shared=str(value))
    if isinstance(value, dict):
        pairs = []
        for lang, text in value.items():
            key_line = value.line_of(lang) if isinstance(value, YamlMap) else line
            if lang not in languages:
                log.error(
                    path,
                    key_line,
                    f"{where}: '{lang}' is not a configured language"
                    f" ({', '.join(languages)}){suggest(lang, languages)}",
                )
                continue
            if not isinstance(text, str | int | float) or isinstance(text, bool):
                log.error(path, key_line, f"{where}.{lang} must be text")
                continue
            pairs.append((lang, str(text)))
        for lang in languages:
            if lang not in value:
                log.warning(
                    path, line_of(value, line), f"missing translation: {where} has no '{lang}' text"
                )
        return LocalText(by_language=tuple(pairs))
    log.error(path, line, f"{where} must be text, or a map from language to text")
    return None


CHANNELS = ("link", "whatsapp", "email", "phone", "form")
CTA_KEYS = {
    "label": "the button text",
    "channel": "how the visitor acts: link (default), whatsapp, email, phone or form",
    "href": "the link target (link and form channels); may hold {lang}",
    "to": "the WhatsApp or phone number (E.164, like +15551234567) or the e-mail address",
    "text": "the prefilled WhatsApp message",
    "subject": "the e-mail subject",
}
_CHANNEL_KEYS = {
    "link": ({"href"}, set()),
    "form": ({"href"}, set()),
    "whatsapp": ({"to"}, {"text"}),
    "email": ({"to"}, {"subject"}),
    "phone": ({"to"}, set()),
}


@dataclass(frozen=True)
class Cta:
    """A call to action: a label and where it takes the visitor."""

    label: LocalText
    channel: str = "link"
    href: LocalText | None = None
    to: str | None = None
    text: LocalText | None = None
    subject: LocalText | None = None

    def url(self, lang: str) -> str:
        """The URL this CTA opens on a page in ``lang``."""
        if self.channel in ("link", "form"):
            return (self.href.get(lang) or "").replace("{lang}", lang)
        if self.channel == "whatsapp":
            number = self.to.lstrip("+")
            message = self.text.get(lang) if self.text else None
            query = f"?text={urllib.parse.quote(message, safe='')}" if message else ""
            return f"https://wa.me/{number}{query}"
        if self.channel == "email":
            subject = self.subject.get(lang) if self.subject else None
            query = f"?subject={urllib.parse.quote(subject, safe='')}" if subject else ""
            return f"mailto:{self.to}{query}"
        return f"tel:{self.to}"


def parse_cta(
    value: Any, *, where: str, path, line: int, log: ProblemLog, languages: tuple[str, ...]
) -> Cta | None:
    """Check a CTA mapping (docs/contract.md, Segments) and return it, or None if unusable."""
    if not isinstance(value, dict):
        log.error(path, line, f"{where} must be a mapping with at least 'label'")
        return None
    line = line_of(value, line)

    def key_line(key: str) -> int:
        return value.line_of(key) if isinstance(value, YamlMap) else line

    ok = True
    for key in value:
        if key not in CTA_KEYS:
            log.error(
                path, key_line(key), f"unknown key '{key}' in {where}{suggest(key, CTA_KEYS)}"
            )
            ok = False
    channel = value.get("channel", "link")
    if channel not in CHANNELS:
        log.error(
            path,
            key_line("channel"),
            f"{where}.channel '{channel}' is not one of {', '.join(CHANNELS)}"
            f"{suggest(str(channel), CHANNELS)}",
        )
        return None
    required, optional = _CHANNEL_KEYS[channel]
    for key in sorted(required):
        if key not in value:
            log.error(path, line, f"{where} with channel '{channel}' needs '{key}'")
            ok = False
    allowed = required | optional | {"label", "channel"}
    for key in sorted(set(value) & set(CTA_KEYS) - allowed):
        log.error(path, key_line(key), f"{where}: '{key}' does not apply to channel '{channel}'")
        ok = False
    if "label" not in value:
        log.error(path, line, f"{where} needs a 'label'")
        ok = False

    def text(key: str) -> LocalText | None:
        if key not in value or key not in allowed:
            return None  # absent, or already reported as not applying
        return parse_text(
            value[key],
            where=f"{where}.{key}",
            path=path,
            line=key_line(key),
            log=log,
            languages=languages,
        )

    label, href, message, subject = text("label"), text("href"), text("text"), text("subject")
    if href is not None:
        urls = [href.shared] if href.shared is not None else [u for _, u in href.by_language]
        for url in urls:
            if not is_safe_url(url):
                log.error(path, key_line("href"), unsafe_url_problem(url, f"{where}.href"))
                ok = False
    to = value.get("to")
    if to is not None:
        to = str(to)
        if channel in ("whatsapp", "phone") and not E164_RE.fullmatch(to):
            log.error(
                path,
                key_line("to"),
                f"{where}.to '{to}' is not an E.164 phone number: write it like +15551234567",
            )
            ok = False
        if channel == "email" and not EMAIL_RE.fullmatch(to):
            log.error(path, key_line("to"), f"{where}.to '{to}' is not an e-mail address")
            ok = False
    if not ok or label is None:
        return None
    return Cta(label=label, channel=channel, href=href, to=to, text=message, subject=subject)


def check_keys(mapping: Any, known, *, where: str, path, log: ProblemLog) -> None:
    """Report every key of ``mapping`` that is not in ``known``, with a suggestion."""
    for key in mapping:
        if key not in known:
            line = mapping.line_of(key) if isinstance(mapping, YamlMap) else 0
            log.error(path, line, f"unknown key '{key}' in {where}{suggest(str(key), known)}")
