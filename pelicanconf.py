"""Development settings of the demo site (Tanin Digital). publishconf.py adds
the production ones. Every SEGSITE_* setting is documented in the README."""

from pathlib import Path

HERE = Path(__file__).parent

SITENAME = "Tanin Digital"
SITEURL = ""
PATH = str(HERE / "content")
OUTPUT_PATH = str(HERE / "output")
TIMEZONE = "Asia/Dubai"
DEFAULT_LANG = "en"

# The installed kit (pip install segsite; here `make install`): its theme is
# the default, and a templates/ folder beside content/ would override it file
# by file.
PLUGINS = ["segsite"]
# No feeds, as pelican-quickstart writes it for development (Pelican warns
# about feeds without SITEURL while it reads settings, before any plugin).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- segsite --------------------------------------------------------------
SEGSITE_SEGMENTS = str(HERE / "segments.yaml")
SEGSITE_LANGUAGES = ["en", "ar", "fa"]  # the first one is the default
SEGSITE_HOME_SLUG = "home"
# Every demo landing page names its banner; None keeps these settings usable
# for another site built with CONTENT=... SEGMENTS=... (no demo banner needed).
SEGSITE_DEFAULT_BANNER = None
SEGSITE_DEFAULT_CTA = {
    "label": {"en": "Book a free call", "ar": "احجز مكالمة مجانية", "fa": "مشاوره رایگان بگیرید"},
    "href": "/{lang}/contact/",
}
SEGSITE_SECTION_WORDS = 250
SEGSITE_MENU = ["home", "online-store", "email-marketing", "social-ads", "about", "contact"]
SEGSITE_FOOTER_MENU = ["about", "contact", "privacy"]
SEGSITE_CONTACT = {
    "whatsapp": "+971501234567",
    "email": "hello@tanin.example",
    "phone": "+97142345678",
}
# The preview bar (pick a segment and a language; see which rule chose it)
# in development builds; publishconf.py turns it off.
SEGSITE_PREVIEW = True
SEGSITE_BRAND = {
    "name": "Tanin Digital",
    "accent": "#0f766e",
    "accent_text": "#ffffff",
    "text": "#1f2937",
    "background": "#ffffff",
    "surface": "#f1f5f4",
    "highlight": "#fef3c7",
}

# The check pass (make check): these are the defaults, as strict as docs/contract.md
# (The check pass) says; change them here, and say why next to the change.
SEGSITE_CHECK = {
    "viewports": [(360, 800), (1366, 768)],
    "narrow_width": 320,
    "budgets": {"page_bytes": 60 * 1024, "js_bytes": 7 * 1024},
    "cta_min": 44,
    "target_min": 24,
    "allowed_hosts": [],
    "skip": {},  # {"/en/some-page/": "why it is left out"}
}
