"""The ``SEGSITE_*`` settings of ``pelicanconf.py`` (and the keys of
``SEGSITE_CHECK``, ``SEGSITE_BRAND`` and ``SEGSITE_CONTACT``), each declared
once with its type, default and a one-line doc (see options.py)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from .analytics import PROVIDERS
from .brand import DEFAULT_BRAND
from .fields import EMAIL, FORM_ENDPOINT, LINK, ORIGIN, PHONE, CheckedText, has_safe_scheme
from .options import CTA_VALUE, FLAG, TEXT
from .optiontypes import Mapped, Option, Table, defaults
from .rtl import DIGIT_SYSTEMS
from .valuetypes import (
    Choice,
    FilePath,
    Jobs,
    LanguageCodes,
    PathPattern,
    Sizes,
    Slug,
    Slugs,
    Texts,
    Whole,
)

NOTHING = MappingProxyType({})


def _placeholder_problem(text: str, where: str) -> str | None:
    """The unsubscribe placeholder becomes a link's address in every e-mail."""
    if text.strip() and text == text.strip() and has_safe_scheme(text):
        return None
    return f"{where} '{text}' must be your e-mail service's placeholder, like *|UNSUB|*"


UNSUBSCRIBE = CheckedText("an unsubscribe placeholder, like *|UNSUB|*", _placeholder_problem)
FOOTER_MENU_DEFAULT = ("about", "contact", "privacy")
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "sd", "yi", "dv", "ug"})
CONTACT = (
    Option("whatsapp", PHONE, "the WhatsApp number (E.164)"),
    Option("email", EMAIL, "the e-mail address"),
    Option("phone", PHONE, "the phone number (E.164)"),
    Option("form", LINK, "the contact page; `{lang}` in it becomes the page's language"),
)
ANALYTICS = (
    Option(
        "provider",
        Choice(*PROVIDERS),
        "the analytics tool already on the page: `ga4`, `gtm`, `plausible`, `umami` or `matomo`",
        required=True,
    ),
    Option(
        "host",
        ORIGIN,
        "your instance's https origin (self-hosted Plausible or Umami; Matomo needs it)",
    ),
)
FORM_BACKENDS = ("worker", "netlify", "endpoint")
FORMS = (
    Option(
        "backend",
        Choice(*FORM_BACKENDS),
        "where submissions go: `worker` (the Cloudflare Worker checks them and stores them"
        " in D1), `netlify` (Netlify Forms) or `endpoint` (a form service's URL)",
        default="worker",
    ),
    Option(
        "endpoint",
        FORM_ENDPOINT,
        "`endpoint` only: the URL forms post to; its origin is the CSP's only other form-action",
    ),
    Option(
        "turnstile",
        TEXT,
        "`worker` only: a Cloudflare Turnstile site key; the form shows Turnstile's check"
        " and the Worker verifies it (secret: the Worker's `TURNSTILE_SECRET`)",
    ),
    Option(
        "min_seconds",
        Whole(minimum=0, unit="seconds"),
        "the time trap: a submission sooner than this after the page loaded is dropped",
        default=3,
    ),
    Option(
        "max_bytes",
        Whole(minimum=1024, unit="bytes"),
        "`worker`: the largest submission the Worker reads; a larger one is refused",
        default=16 * 1024,
    ),
)
BRAND = (
    Option("name", TEXT, "the organization's name", default=DEFAULT_BRAND["name"]),
    *(
        Option(key, TEXT, f"the `{key}` colour, hex", default=value)
        for key, value in DEFAULT_BRAND.items()
        if key != "name"
    ),
)
CHECK_BUDGETS = (
    Option(
        "page_bytes", Whole(minimum=1), "HTML+CSS+JS of a page, uncompressed", default=60 * 1024
    ),
    Option(
        "js_bytes",
        Whole(minimum=1),
        "JavaScript of a page, uncompressed: the inline scripts (3 KB with an experiment),"
        " segsite.js (events, switcher, personal sections) and, on form pages, forms.js",
        default=7 * 1024,
    ),
)
CHECK = (
    Option(
        "viewports",
        Sizes(),
        "(width, height) in CSS pixels: a phone and a laptop",
        default=((360, 800), (1366, 768)),
    ),
    Option("narrow_width", Whole(minimum=1), "no sideways scrolling at this width", default=320),
    Option(
        "budgets",
        Table(CHECK_BUDGETS, "a mapping of page_bytes and js_bytes"),
        "the largest a page may be, in bytes",
        default=MappingProxyType(defaults(CHECK_BUDGETS)),
    ),
    Option("cta_min", Whole(minimum=1), "a CTA's least width and height, CSS px", default=44),
    Option(
        "target_min",
        Whole(minimum=1),
        "another target's least width and height, CSS px (inside a sentence: exempt)",
        default=24,
    ),
    Option("allowed_hosts", Texts(), "hosts pages may request besides their own", default=()),
    Option(
        "skip",
        Mapped(TEXT, "a mapping of paths to reasons"),
        '`{"/path/": "reason"}`: pages the pass leaves out, each with its reason',
        default=NOTHING,
    ),
)
# Each page kind's URL pattern, what it names, and the placeholders it fills in.
_PAGE_URLS = (
    ("LANDING", "{lang}/{slug}/", "a landing page for the default segment", ("lang", "slug")),
    (
        "VARIANT",
        "{lang}/{slug}/for/{segment}/",
        "a landing page for one segment",
        ("lang", "slug", "segment"),
    ),
    ("PAGE", "{lang}/{slug}/", "a plain page", ("lang", "slug")),
    ("FORM", "{lang}/forms/{form}/", "a lead form's page", ("lang", "form")),
    ("THANKS", "{lang}/forms/{form}/thanks/", "a lead form's thank-you page", ("lang", "form")),
    ("HOME", "{lang}/", "a language's home page", ("lang", "slug")),
    (
        "HOME_VARIANT",
        "{lang}/for/{segment}/",
        "a language's home page for one segment",
        ("lang", "slug", "segment"),
    ),
)
URLS = tuple(
    option
    for page, url, what, fields in _PAGE_URLS
    for option in (
        Option(
            f"SEGSITE_{page}_URL",
            PathPattern(fields, url, file=False),
            f"the URL of {what}",
            default=url,
        ),
        Option(
            f"SEGSITE_{page}_SAVE_AS",
            PathPattern(fields, f"{url}index.html", file=True),
            f"the file of {what}",
            default=f"{url}index.html",
        ),
    )
)
SETTINGS_FILE = Option(
    "SEGSITE_SETTINGS_FILE",
    FilePath(),
    "the settings file, for line numbers in problems",
    default=Path("pelicanconf.py"),
    internal=True,
)
SETTINGS = (
    Option("SEGSITE_SEGMENTS", FilePath(), "the segments file", default=Path("segments.yaml")),
    Option(
        "SEGSITE_LANGUAGES",
        LanguageCodes(),
        "languages; the first is the default",
        default=("en", "ar", "fa"),
    ),
    Option(
        "SEGSITE_RTL_LANGUAGES",
        Texts(),
        "languages written right to left",
        default=RTL_LANGUAGES,
        shown_default="ar, fa, he, ur, ...",
    ),
    Option(
        "SEGSITE_DIGITS",
        Mapped(Choice(*sorted(DIGIT_SYSTEMS)), "a mapping of languages to digit systems"),
        "per language: `latn`, `arab` or `arabext` (defaults: en latn, ar arab, fa arabext)",
        default=NOTHING,
    ),
    Option(
        "SEGSITE_HOME_SLUG",
        Slug("SEGSITE_HOME_SLUG"),
        "the landing page served at `/{lang}/`",
        default="home",
    ),
    Option(
        "SEGSITE_DEFAULT_BANNER",
        Slug("SEGSITE_DEFAULT_BANNER"),
        "banner id used when nothing else names one",
    ),
    Option(
        "SEGSITE_DEFAULT_CTA",
        CTA_VALUE,
        "CTA used when nothing else names one (same keys as in segments.yaml)",
    ),
    Option(
        "SEGSITE_SECTION_WORDS",
        Whole(minimum=1),
        "word budget of a section (over it: a warning)",
        default=250,
    ),
    Option(
        "SEGSITE_MENU",
        Slugs("SEGSITE_MENU slug"),
        "slugs in the header menu; each must be a landing or plain page",
        shown_default="landing pages, about, contact",
    ),
    Option(
        "SEGSITE_FOOTER_MENU",
        Slugs("SEGSITE_FOOTER_MENU slug"),
        "slugs in the footer menu; the default leaves out the pages a site lacks",
        default=FOOTER_MENU_DEFAULT,
        shown_default="about, contact, privacy",
    ),
    Option(
        "SEGSITE_CONTACT",
        Table(CONTACT, "a mapping of whatsapp, email, phone and form"),
        "`whatsapp`, `email`, `phone`, `form`: the contact strip on every page",
        default=NOTHING,
    ),
    Option(
        "SEGSITE_PREVIEW",
        FLAG,
        "the development preview bar; `publishconf.py` turns it off",
        default=False,
        shown_default="`False` (`True` in `pelicanconf.py`)",
    ),
    Option(
        "SEGSITE_REMEMBER",
        FLAG,
        "remember the segment and visit count on the device (`localStorage`)",
        default=True,
    ),
    Option(
        "SEGSITE_ANALYTICS",
        Table(ANALYTICS, "a mapping of provider and host"),
        "forward segsite's events to this provider's browser API; the CSP allows its hosts",
        shown_default="none: no events leave the page",
    ),
    Option(
        "SEGSITE_FORMS",
        Table(FORMS, "a mapping of backend, endpoint, turnstile, min_seconds and max_bytes"),
        "where lead forms send submissions, and their spam time trap (see Lead forms)",
        default=MappingProxyType(defaults(FORMS)),
        shown_default='`{"backend": "worker"}`',
    ),
    Option(
        "SEGSITE_CTA_UTM",
        Mapped(TEXT, "a mapping of query parameters to values"),
        "fixed query parameters added to link and form CTAs",
        default=NOTHING,
    ),
    Option(
        "SEGSITE_STRINGS",
        Mapped(
            Mapped(TEXT, "a mapping of string names to text"),
            "a mapping of languages to theme strings",
        ),
        "per language: theme strings to add or override (needed for a new language)",
        default=NOTHING,
    ),
    Option(
        "SEGSITE_MAX_PAGES",
        Whole(minimum=1),
        "the most pages a build may plan (landing pages x segments x languages, plus plain"
        " pages); more stops the build before it renders",
        default=20_000,
    ),
    Option(
        "SEGSITE_JOBS",
        Jobs(),
        "render processes: a number, or every core for sites of 400 pages and more",
        default="auto",
    ),
    Option(
        "SEGSITE_INCREMENTAL",
        FLAG,
        "when only landing pages' Markdown changed, render only their pages (development"
        ' builds; see "Build speed")',
        default=True,
    ),
    Option(
        "SEGSITE_PUBLISH",
        FLAG,
        "the publish pass: minify, fingerprint, precompress, `_headers`, `_redirects`, edge"
        " runtimes",
        default=False,
        shown_default="`False` (`True` in `publishconf.py`)",
    ),
    Option(
        "SEGSITE_CARDS",
        FLAG,
        "publishing draws a social card (`og:image`) per landing page variant in Chromium;"
        " `False` shares the banner's image and needs no browser",
        default=True,
    ),
    Option(
        "SEGSITE_EMAIL_UNSUBSCRIBE",
        UNSUBSCRIBE,
        "`segsite email`: the unsubscribe link's address, your e-mail service's placeholder"
        " for it (Mailchimp's UNSUB merge tag, say)",
        default="{{unsubscribe}}",
    ),
    Option(
        "SEGSITE_STRICT",
        FLAG,
        "warnings stop the build too",
        default=False,
        shown_default="`False` (`True` with `--strict`)",
    ),
    Option(
        "SEGSITE_BRAND",
        Table(BRAND, "a mapping of the brand's name and colours"),
        "`name` and colours `accent`, `accent_text`, `text`, `background`, `surface`,"
        " `highlight`; pairs under 4.5:1 contrast stop the build",
        default=MappingProxyType(defaults(BRAND)),
        shown_default="teal theme",
    ),
    Option(
        "SEGSITE_CHECK",
        Table(CHECK, "a mapping of the check pass's settings"),
        "the check pass (`make check`); its keys are below",
        default=MappingProxyType(defaults(CHECK)),
        shown_default="see below",
    ),
    *URLS,
    SETTINGS_FILE,
    Option(
        "SEGSITE_ROOT",
        FilePath(),
        "the folder problems name files from (default: the working directory)",
        internal=True,
    ),
)
