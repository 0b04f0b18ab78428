"""``segsite new DIR``: a new site that builds at once.

Writes settings, a ``segments.yaml`` with the default segment and one example,
one landing page (the language home), one section, one banner and an about
page per language, a Makefile with the everyday commands and a README for
the site's editors. The kit itself (plugin, theme) stays in the installed
package; the site holds only its own files. Never writes over a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .fields import is_slug

# Copy for each language the skeleton knows, short and meant to be replaced.
COPY = {
    "en": {
        "everyone": "Everyone",
        "newsletter": "From our newsletter",
        "title": "Welcome to {name}",
        "nav": "Home",
        "description": "What {name} offers, in one sentence.",
        "headline": "Say what you offer in a few words",
        "line": "One supporting line: why it matters to the visitor.",
        "cta": "Get in touch",
        "newsletter_cta": "Claim your reader offer",
        "body": "What every visitor reads: benefits, the offer, proof and trust.",
        "section_title": "How it works",
        "section_body": "Three short steps from the first visit to a happy customer.",
        "about_title": "About us",
        "about_body": "Who we are and how to reach us.",
    },
    "ar": {
        "everyone": "الجميع",
        "newsletter": "من نشرتنا البريدية",
        "title": "مرحبا بكم في {name}",
        "nav": "الرئيسية",
        "description": "ما تقدمه {name} في جملة واحدة.",
        "headline": "قل ما تقدمه في كلمات قليلة",
        "line": "سطر داعم واحد: لماذا يهم الزائر.",
        "cta": "تواصل معنا",
        "newsletter_cta": "احصل على عرض القراء",
        "body": "ما يقرؤه كل زائر: الفوائد والعرض والدليل والثقة.",
        "section_title": "كيف نعمل",
        "section_body": "ثلاث خطوات قصيرة من الزيارة الأولى إلى عميل سعيد.",
        "about_title": "من نحن",
        "about_body": "من نحن وكيف تتواصل معنا.",
    },
    "fa": {
        "everyone": "همه",
        "newsletter": "از خبرنامه‌ی ما",
        "title": "به {name} خوش آمدید",
        "nav": "خانه",
        "description": "آنچه {name} ارائه می‌دهد، در یک جمله.",
        "headline": "آنچه ارائه می‌دهید را در چند کلمه بگویید",
        "line": "یک خط پشتیبان: چرا برای بازدیدکننده مهم است.",
        "cta": "با ما در تماس باشید",
        "newsletter_cta": "پیشنهاد ویژه‌ی خوانندگان",
        "body": "آنچه هر بازدیدکننده می‌خواند: مزایا، پیشنهاد، گواه و اعتماد.",
        "section_title": "چگونه کار می‌کنیم",
        "section_body": "سه گام کوتاه از اولین بازدید تا یک مشتری راضی.",
        "about_title": "درباره‌ی ما",
        "about_body": "ما که هستیم و چگونه با ما تماس بگیرید.",
    },
}


class NewSiteError(Exception):
    """The site cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class NewSite:
    folder: Path
    name: str
    languages: tuple[str, ...]

    def files(self) -> dict[str, str]:
        """Every file of the new site, by path relative to its folder."""
        files = {
            "pelicanconf.py": self.settings(),
            "publishconf.py": PUBLISHCONF,
            "segments.yaml": self.segments(),
            "Makefile": MAKEFILE,
            "README.md": README.format(name=self.name),
            ".gitignore": "output/\noutput-check/\noutput-report/\n__pycache__/\n",
        }
        for lang in self.languages:
            copy = {key: text.format(name=self.name) for key, text in COPY[lang].items()}
            # Front matter values quoted (JSON strings are YAML strings): a
            # site name may hold ':' or '#'.
            quoted = {key: json.dumps(text, ensure_ascii=False) for key, text in copy.items()}
            files[f"content/landing/home.{lang}.md"] = LANDING.format(c=copy, q=quoted)
            files[f"content/sections/how-it-works.{lang}.md"] = TITLED.format(
                title=quoted["section_title"], body=copy["section_body"]
            )
            files[f"content/banners/welcome.{lang}.md"] = BANNER.format(c=copy, q=quoted)
            files[f"content/pages/about.{lang}.md"] = TITLED.format(
                title=quoted["about_title"], body=copy["about_body"]
            )
        return files

    def settings(self) -> str:
        return SETTINGS.format(
            name=self.name,
            quoted_name=json.dumps(self.name, ensure_ascii=False),
            languages=list(self.languages),
        )

    def segments(self) -> str:
        def labels(key: str) -> str:
            return "{" + ", ".join(f"{lang}: {COPY[lang][key]}" for lang in self.languages) + "}"

        return SEGMENTS.format(
            everyone=labels("everyone"),
            newsletter=labels("newsletter"),
            newsletter_cta=labels("newsletter_cta"),
        )


def new_site(folder: Path, name: str, languages: list[str]) -> list[Path]:
    """Write a new site into ``folder`` (new or empty); returns the files written."""
    unknown = [lang for lang in languages if lang not in COPY]
    if not languages or unknown:
        raise NewSiteError(
            f"--languages {','.join(languages)}: segsite new writes copy in"
            f" {', '.join(COPY)}; start with those and add other languages by hand"
        )
    if len(set(languages)) != len(languages):
        raise NewSiteError(f"--languages {','.join(languages)}: a language is named twice")
    if not name.strip() or "\n" in name:
        raise NewSiteError(f"--name {name!r}: give the site's name on one line")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NewSiteError(f"{folder} exists and is not an empty folder: name a new one")
    site = NewSite(folder, name.strip(), tuple(languages))
    written = []
    for relative, text in site.files().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def parse_languages(text: str) -> list[str]:
    languages = [part.strip() for part in text.split(",") if part.strip()]
    bad = [lang for lang in languages if not is_slug(lang)]
    if bad:
        raise NewSiteError(f"--languages: {', '.join(bad)} is not a language code (en, ar, fa)")
    return languages


SETTINGS = '''"""Settings of this segsite site (every SEGSITE_* setting is in the segsite
README). publishconf.py adds the production ones."""

from pathlib import Path

HERE = Path(__file__).parent

SITENAME = {quoted_name}
SITEURL = ""
PATH = str(HERE / "content")
OUTPUT_PATH = str(HERE / "output")
TIMEZONE = "UTC"
DEFAULT_LANG = "{languages[0]}"
# The installed kit; its theme is the default, and templates/ beside content/
# overrides any of its files (templates/partials/banner.html, ...).
PLUGINS = ["segsite"]
# No feeds, as pelican-quickstart writes it for development (Pelican warns
# about feeds without SITEURL while it reads settings, before any plugin).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

SEGSITE_SEGMENTS = str(HERE / "segments.yaml")
SEGSITE_LANGUAGES = {languages!r}  # the first one is the default
SEGSITE_MENU = ["home", "about"]
SEGSITE_FOOTER_MENU = ["about"]
SEGSITE_CONTACT = {{"email": "hello@example.com"}}
SEGSITE_PREVIEW = True
SEGSITE_BRAND = {{"name": {quoted_name}}}
'''

PUBLISHCONF = '''"""Production settings: the development ones plus the public address."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SEGSITE_SITEURL", "https://example.com")
RELATIVE_URLS = False
SEGSITE_PREVIEW = False
SEGSITE_PUBLISH = True
'''

SEGMENTS = """# Who the audiences are and how a visitor is recognised (see the segsite README).
default: everyone

segments:
  everyone:
    label: {everyone}
    stage: acquisition
  newsletter:
    label: {newsletter}
    stage: retention
    match:
      - utm_medium: [email]
    cta:
      label: {newsletter_cta}
      href: "/{{lang}}/about/"
"""

LANDING = """---
title: {q[title]}
nav_title: {q[nav]}
description: {q[description]}
banner: welcome
sections: [how-it-works]
cta: {{label: {q[cta]}, href: "/{{lang}}/about/"}}
segments: all
---
{c[body]}
"""

# A section and a plain page: a title and a body.
TITLED = """---
title: {title}
---
{body}
"""

BANNER = """---
headline: {q[headline]}
cta: {{label: {q[cta]}, href: "/{{lang}}/about/"}}
---
{c[line]}
"""

MAKEFILE = """# The everyday commands of this site (segsite must be installed: pip install segsite).
.PHONY: build serve check report publish
build:
\tsegsite build
serve:
\tsegsite serve
check:
\tsegsite check
report:
\tsegsite report
publish:
\tsegsite publish
"""

README = """# {name}

A personalized, multilingual site built with segsite.

```sh
segsite build     # checks everything, then writes output/
segsite serve     # http://127.0.0.1:8000/, rebuilds and reloads on every save
segsite check     # every page in Chromium (pip install "segsite[check]"), report in output-check/
segsite report    # who sees what, in output-report/
segsite publish   # the production build (publishconf.py)
```

- `segments.yaml`: the audiences and how a visitor is recognised.
- `content/landing/<slug>.<lang>.md`: landing pages (`home` is each language's home page).
- `content/sections/`, `content/banners/`, `content/pages/`: sections, banners, plain pages.
- `templates/`: optional; a file here replaces the kit's file of the same name
  (`templates/partials/banner.html`), nothing else changes.

`segsite new-page SLUG` and `segsite new-segment ID` write skeletons to fill in.
Every mistake is reported as `file:line: message`, and nothing is written
until all are fixed.
"""
