"""Every option segsite reads, declared once with its type, default and a
one-line doc: here the keys of ``segments.yaml`` and the front matter of each
content kind; the ``SEGSITE_*`` settings are in setting_options.py.

The parsers take key lists, types, defaults and unknown-key suggestions from
these tables; the README's reference tables are generated from them
(``python -m segsite.optiondoc --write README.md``). Checks that relate
one value to another (a channel's keys, visits' min and max, an image and its
alt text) stay in the parsers.
"""

from __future__ import annotations

from .optiontypes import Option, Parsed, Table
from .valuetypes import (
    AllOrSlugs,
    Choice,
    Countries,
    Date,
    Flag,
    Globs,
    Hosts,
    Languages,
    Params,
    Positive,
    Slug,
    Slugs,
    Text,
    Whole,
)

TEXT = Text()
FLAG = Flag()
LOCAL_TEXT = Parsed("text, or a map from language to text")
CTA_VALUE = Parsed("a call to action (CTA keys)")

# --- segments.yaml -------------------------------------------------------------

STAGES = ("acquisition", "conversion", "retention", "after-sales", "partnership")
GLOB_CONDITIONS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")

SEGMENTS_FILE = (
    Option(
        "default",
        TEXT,
        "the segment shown when no rule matches; it must be defined under `segments`",
        required=True,
    ),
    Option(
        "remember_days",
        Whole(minimum=0, unit="days"),
        "how long a segment chosen by `?segment=` or a request rule is remembered on the"
        " device; `0` turns remembering off",
        default=30,
    ),
    Option("segments", Parsed("segments by id"), "the audience segments, by id", required=True),
    Option(
        "experiments",
        Parsed("experiments by id"),
        "A/B experiments inside segments, by id (see Experiments)",
    ),
    Option("forms", Parsed("forms by id"), "lead forms, by id (see Lead forms)"),
)
EXPERIMENT = (
    Option(
        "segments",
        Slugs("segment id"),
        "the segments that take part",
        shown_default="every segment",
    ),
    Option(
        "pages",
        Slugs("landing page slug"),
        "the landing pages it runs on",
        shown_default="every landing page",
    ),
    Option("starts", Date(), "the first day it runs (inclusive), in the site's `TIMEZONE`"),
    Option(
        "ends", Date(), "the last day it runs (inclusive); outside the dates only control shows"
    ),
    Option(
        "arms",
        Parsed("arms by id"),
        "the arms by id, `control` (the page as it stands) among them",
        required=True,
    ),
)
ARM = (
    Option(
        "weight",
        Positive(),
        "the arm's share of visitors, relative to the other arms' weights",
        required=True,
    ),
    Option("banner", Slug("banner id"), "the banner this arm shows instead"),
    Option("sections", Slugs("section id"), "the sections this arm shows instead, in order"),
    Option("cta", CTA_VALUE, "the call to action this arm shows instead"),
)
SEGMENT = (
    Option(
        "label",
        LOCAL_TEXT,
        "shown in the switcher, the preview bar and the report",
        required=True,
    ),
    Option("stage", Choice(*STAGES), "the segment's stage in the customer's lifecycle"),
    Option(
        "priority",
        Whole(),
        "higher wins when several segments match; ties go to the segment written first",
        default=0,
    ),
    Option(
        "match",
        Parsed("a list of rules (conditions)"),
        "the segment matches if ANY rule holds; a rule holds if ALL its conditions hold",
    ),
    Option("banner", Slug("banner id"), "a banner id (`content/banners/`)"),
    Option(
        "sections",
        Slugs("section id"),
        "section ids; the list replaces the page's list, it does not merge",
    ),
    Option("cta", CTA_VALUE, "the segment's primary call to action"),
    Option(
        "switcher",
        FLAG,
        '`true` offers the segment in the visitor\'s "I am ..." switcher',
        default=False,
    ),
)
VISITS = (
    Option("min", Whole(minimum=1), "at least this many sessions"),
    Option("max", Whole(minimum=1), "at most this many sessions"),
)
CONDITIONS = (
    *(
        Option(
            name,
            Globs(),
            f"glob patterns on the query parameter `{name}` (`*` any run, `?` one"
            " character); the whole value must match, in any case",
        )
        for name in GLOB_CONDITIONS
    ),
    Option(
        "param",
        Params(),
        "any query parameters, as `{name: patterns}`; every named parameter must match",
    ),
    Option(
        "referrer",
        Hosts(),
        "host names; the referrer's host matches exactly or on a dot boundary"
        " (`example.org` matches `www.example.org`, not `fakeexample.org`)",
    ),
    Option(
        "language", Languages(), "the language of the page being viewed; each must be configured"
    ),
    Option(
        "visits",
        Table(VISITS, "a mapping like {min: 2} or {max: 1}", allow_empty=False),
        "`{min, max}` browser sessions on this device, the current one included;"
        " a rule with `visits` is a device rule",
    ),
    Option(
        "country",
        Countries(),
        "two-letter ISO 3166 codes; only the edge knows the country, in the browser it never holds",
    ),
)
# Each channel's required and optional keys (besides label and channel).
CHANNEL_KEYS = {
    "link": ({"href"}, set()),
    "form": (set(), {"form", "href"}),
    "whatsapp": ({"to"}, {"text"}),
    "email": ({"to"}, {"subject"}),
    "phone": ({"to"}, set()),
}
CTA = (
    Option("label", LOCAL_TEXT, "the button text", required=True),
    Option(
        "channel",
        Choice(*CHANNEL_KEYS),
        "how the visitor acts; each channel takes its own keys below",
        default="link",
    ),
    Option(
        "href",
        LOCAL_TEXT,
        "`link` and `form`: the page to open; `{lang}` in it becomes the page's language",
    ),
    Option("form", Slug("form id"), "`form`: the id of the lead form it opens (under `forms`)"),
    Option(
        "to",
        TEXT,
        "`whatsapp` and `phone`: the number (E.164, like `+15551234567`); `email`: the address",
    ),
    Option("text", LOCAL_TEXT, "`whatsapp`: the prefilled message"),
    Option("subject", LOCAL_TEXT, "`email`: the subject"),
)

# --- lead forms (segments.yaml `forms:`) ------------------------------------------

FIELD_TYPES = ("text", "email", "tel", "textarea", "select", "checkbox")
FORM = (
    Option("title", LOCAL_TEXT, "the form page's title and h1", required=True),
    Option("intro", LOCAL_TEXT, "a sentence above the fields"),
    Option("submit", LOCAL_TEXT, "the submit button's text", required=True),
    Option(
        "fields",
        Parsed("fields by name"),
        "the fields by name, in the order shown (see a form's field)",
        required=True,
    ),
    Option(
        "consent",
        LOCAL_TEXT,
        "the consent checkbox's text; the privacy page's link follows it; always required",
        required=True,
    ),
    Option(
        "privacy",
        Slug("page slug"),
        "the plain page the consent links to",
        default="privacy",
    ),
    Option("thanks", Parsed("the thank-you page"), "the thank-you page", required=True),
)
FORM_FIELD = (
    Option("type", Choice(*FIELD_TYPES), "the kind of input", default="text"),
    Option("label", LOCAL_TEXT, "the field's label, in every language", required=True),
    Option("help", LOCAL_TEXT, "a hint under the label"),
    Option("required", FLAG, "the visitor must fill it in (a checkbox: tick it)", default=False),
    Option(
        "options",
        Parsed("a mapping of values to labels"),
        "`select` only: the choices, `{value: label}`, in order",
    ),
    Option(
        "max",
        Whole(minimum=1, unit="characters"),
        "the longest value accepted",
        shown_default="text 200, email 254, tel 32, textarea 2000",
    ),
    Option(
        "autocomplete",
        Text(),
        "the HTML autocomplete token",
        shown_default="by type and name (`email`, `tel`, `name`, ...)",
    ),
)
THANKS = (
    Option("title", LOCAL_TEXT, "the thank-you page's title and h1", required=True),
    Option("text", LOCAL_TEXT, "what happens next", required=True),
    Option(
        "segments",
        Parsed("a mapping of segment ids to {title, text}"),
        "per segment: its own `title` and `text`",
    ),
)

# --- front matter ---------------------------------------------------------------

STATUS = Option(
    "status",
    Choice("draft", "published"),
    "`draft` keeps the file out of the site (checked, and a missing translation until"
    " it is published)",
    default="published",
)
LANDING = (
    Option("title", TEXT, "the page title and its h1", required=True),
    Option("description", TEXT, "one sentence for search results and social cards", default=""),
    Option("nav_title", TEXT, "a short label for menus", shown_default="the title"),
    Option("banner", Slug("banner id"), "the banner id"),
    Option("sections", Slugs("section id"), "the information sections' ids, in order"),
    Option("cta", CTA_VALUE, "the primary call to action"),
    Option(
        "segments",
        AllOrSlugs("segment id"),
        "which segments get their own page (`/for/<segment>/`)",
        shown_default="`all`",
    ),
    Option(
        "variants",
        Parsed("a mapping of segment ids to variant keys"),
        "per segment: `banner`, `sections` and `cta` for that segment only",
    ),
    STATUS,
)
VARIANT = (
    Option("banner", Slug("banner id"), "the segment's banner id"),
    Option("sections", Slugs("section id"), "the segment's section ids, in order"),
    Option("cta", CTA_VALUE, "the segment's call to action"),
)
SECTION = (
    Option(
        "title",
        TEXT,
        "the section's heading, also in the sections navigation",
        required=True,
    ),
)
BANNER = (
    Option("headline", TEXT, "the banner headline, at most 12 words", required=True),
    Option(
        "cta",
        CTA_VALUE,
        "the banner's own call to action: checked, not shown (the page's CTA is)",
    ),
    Option("image", TEXT, "an image under `content/`, like `images/spring.webp`"),
    Option("image_alt", TEXT, "the image's text alternative (required with `image`)"),
    Option("starts", Date(), "the first day the banner shows, in the site's `TIMEZONE`"),
    Option("ends", Date(), "the last day the banner shows, in the site's `TIMEZONE`"),
)
# Plain pages take Pelican's usual metadata besides these: no unknown-key check.
PAGE = (
    Option("title", TEXT, "the page title and its h1", required=True),
    Option("nav_title", TEXT, "a short label for menus", shown_default="the title"),
    Option("description", TEXT, "one sentence for search results and social cards"),
    Option("summary", TEXT, "used as the description when there is none"),
    STATUS,
)
