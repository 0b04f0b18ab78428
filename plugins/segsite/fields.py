"""Value types shared by segments.yaml and front matter: ids, texts, URLs, CTAs.

Each ``parse_*`` function checks one value, reports problems to the log with
the value's line, and returns the typed value (or None when it is unusable).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .options import CHANNEL_KEYS, CTA, TEXT
from .optiontypes import INVALID, Field, Type, key_line, read_options
from .problems import ProblemLog, suggest

# Ids are checked where every option type is; the skeleton writers import them from here.
from .valuetypes import is_slug as is_slug
from .valuetypes import slug_problem as slug_problem
from .yamlsource import YamlMap, line_of

E164_RE = re.compile(r"\+[1-9][0-9]{6,14}")
# Strict on purpose: the address goes into a mailto: URL as is, so '?', '&',
# '#', '%', spaces and quotes would change the URL rather than name a mailbox.
EMAIL_RE = re.compile(r"[\w'+-]+(?:\.[\w'+-]+)*@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:")
# Browsers drop ASCII tabs and newlines anywhere in a URL and leading
# control characters and spaces, so "java\tscript:" must be judged as "javascript:".
_URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def browser_form(url: str) -> str:
    """The URL as a browser reads it, for judging where it leads: character
    references decoded (an editor may write them, and an attribute's value is
    decoded before it is a URL), control characters and spaces removed,
    backslashes read as slashes (as browsers do for http and https), lower case."""
    return _URL_NOISE_RE.sub("", html.unescape(url)).replace("\\", "/").lower()


def is_safe_url(url: str) -> bool:
    """True for site-relative URLs and the schemes a marketing page may link to."""
    cleaned = browser_form(url)
    if cleaned.startswith("//"):
        return False  # protocol-relative: another host, any scheme
    if cleaned.startswith(("/", "#")):
        return True
    return cleaned.startswith(SAFE_SCHEMES)


def has_safe_scheme(url: str) -> bool:
    """True when the URL has no scheme (relative) or a safe one; for Markdown bodies,
    where relative links like ``../pricing/`` are ordinary."""
    match = _SCHEME_RE.match(browser_form(url))
    return match is None or f"{match[1]}:" in SAFE_SCHEMES


def unsafe_url_problem(url: str, where: str) -> str:
    if browser_form(url).startswith("//"):
        return (
            f"unsafe URL '{url}' in {where}: a browser reads it as '//', a link to another"
            " site: start a site-relative URL with a single '/', or write https:"
        )
    return (
        f"unsafe URL '{url}' in {where}: use a site-relative URL starting with '/',"
        " or https:, http:, mailto: or tel:"
    )


def link_problem(url: str, where: str) -> str | None:
    """What is wrong with a link an editor or a setting gives (a CTA's href,
    the contact form), or None: the same rules everywhere."""
    if not is_safe_url(url):
        return unsafe_url_problem(url, where)
    if _URL_NOISE_RE.search(url):
        return (
            f"URL '{url}' in {where} holds a space or a control character: remove it"
            " (a space inside a path is written %20)"
        )
    return None


def phone_problem(number: str, where: str) -> str | None:
    if E164_RE.fullmatch(number):
        return None
    return f"{where} '{number}' is not an E.164 phone number: write it like +15551234567"


def email_problem(address: str, where: str) -> str | None:
    return None if EMAIL_RE.fullmatch(address) else f"{where} '{address}' is not an e-mail address"


def image_path_problem(path: str) -> str | None:
    """An image is a file under content/, named by its path: never a URL (a
    scheme, '//', or a backslash a browser reads as '/') nor control characters."""
    cleaned = browser_form(path)
    if (
        _SCHEME_RE.match(cleaned)
        or cleaned.startswith("//")
        or "\\" in path
        or _CONTROL_RE.search(path)
    ):
        return f"image '{path}' must be the path of a file under content/, like images/spring.webp"
    return None


def origin_problem(text: str, subject: str) -> str | None:
    """An https origin (scheme and host, an optional port, nothing more): it
    goes into a Content-Security-Policy as written."""
    parts = urllib.parse.urlsplit(text)
    host_ok = re.fullmatch(
        r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", parts.hostname or ""
    )
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if (
        parts.scheme != "https"
        or not host_ok
        or not port_ok
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
        or text != text.strip()
    ):
        return (
            f"{subject} must be an https origin like 'https://analytics.example.org', not '{text}'"
        )
    return None


def form_endpoint_problem(text: str, subject: str) -> str | None:
    """An https URL a form may post to: its origin goes into the CSP's
    form-action as written, so it needs a plain host."""
    parts = urllib.parse.urlsplit(text)
    if parts.scheme != "https" or origin_problem(f"https://{parts.netloc}", subject) is not None:
        return f"{subject} must be an https URL like 'https://formspree.io/f/abcd', not '{text}'"
    if _URL_NOISE_RE.search(text) or parts.fragment:
        return f"{subject} must be one URL without spaces or '#', not '{text}'"
    return None


def url_origin(url: str) -> str:
    """scheme://host[:port] of an absolute URL."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class CheckedText(Type):
    """Text that a rule above accepts too (the contact strip's settings):
    ``problem(text, subject)`` says what is wrong, or None."""

    def __init__(self, expect: str, problem: Callable[[str, str], str | None]):
        self.expect = expect
        self.problem = problem

    def read(self, value: Any, at: Field) -> Any:
        text = TEXT.convert(value)
        if text is INVALID:
            return self.report(value, at)
        message = self.problem(text, at.subject)
        if message is not None:
            at.error(message)
            return INVALID
        return text


PHONE = CheckedText("a phone number in E.164, like +15551234567", phone_problem)
EMAIL = CheckedText("an e-mail address", email_problem)
ORIGIN = CheckedText("an https origin, like https://analytics.example.org", origin_problem)
FORM_ENDPOINT = CheckedText("an https URL, like https://formspree.io/f/abcd", form_endpoint_problem)
LINK = CheckedText(
    "a site-relative URL starting with '/', or an https:, http:, mailto: or tel: URL", link_problem
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
    value: Any,
    *,
    where: str,
    path,
    line: int,
    log: ProblemLog,
    languages: tuple[str, ...],
    complete: bool = False,
) -> LocalText | None:
    """A string, or a map from language to string; missing languages are
    warnings, or errors where the text is ``complete`` (a form's labels)."""
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
                report = log.error if complete else log.warning
                report(
                    path, line_of(value, line), f"missing translation: {where} has no '{lang}' text"
                )
        return LocalText(by_language=tuple(pairs))
    log.error(path, line, f"{where} must be text, or a map from language to text")
    return None


@dataclass(frozen=True)
class Cta:
    """A call to action: a label and where it takes the visitor."""

    label: LocalText
    channel: str = "link"
    href: LocalText | None = None
    to: str | None = None
    text: LocalText | None = None
    subject: LocalText | None = None
    form: str | None = None  # a lead form's id (channel form): the page knows its URL
    line: int = field(default=0, compare=False)  # where it is written, for problems

    def url(self, lang: str) -> str:
        """The URL this CTA opens on a page in ``lang`` (a lead form's page is
        the URL scheme's to say: see landing_view)."""
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
    errors_before = len(log.errors)
    at = Field(log, path, line_of(value, line), where, languages)
    values = read_options(value, CTA, at)
    if value.get("channel") is not None and "channel" not in values.given:
        return None  # the channel decides which keys apply: nothing more to say
    channel = values["channel"]
    required, optional = CHANNEL_KEYS[channel]
    for key in sorted(required):
        if values[key] is None:
            at.error(f"{where} with channel '{channel}' needs '{key}'")
    if channel == "form" and (values["form"] is None) == (values["href"] is None):
        at.error(
            f"{where} with channel 'form' needs either 'form' (the id of a form under"
            " 'forms' in segments.yaml) or 'href' (a page with a form of your own)"
        )
    allowed = required | optional | {"label", "channel"}
    for key in sorted(set(values.given) - allowed):
        at.error(f"{where}: '{key}' does not apply to channel '{channel}'", key_line(value, key, 0))
    texts = {
        key: parse_text(
            values[key],
            where=f"{where}.{key}",
            path=path,
            line=key_line(value, key, at.line),
            log=log,
            languages=languages,
        )
        for key in ("label", "href", "text", "subject")
        if key in values.given and key in allowed
    }
    for url in _texts(texts.get("href")):
        message = link_problem(url, f"{where}.href")
        if message is not None:
            at.error(message, key_line(value, "href", 0))
    to = values["to"] if "to" in allowed else None
    check_to = phone_problem if channel in ("whatsapp", "phone") else email_problem
    message = check_to(to, f"{where}.to") if to is not None else None
    if message is not None:
        at.error(message, key_line(value, "to", 0))
    if len(log.errors) > errors_before:
        return None
    return Cta(
        label=texts["label"],
        channel=channel,
        href=texts.get("href"),
        to=to,
        text=texts.get("text"),
        subject=texts.get("subject"),
        form=values["form"] if "form" in allowed else None,
        line=at.line,
    )


def _texts(text: LocalText | None) -> list[str]:
    """Every language's string of a text."""
    if text is None:
        return []
    return [text.shared] if text.shared is not None else [t for _, t in text.by_language]
