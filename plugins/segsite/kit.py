"""What the installed kit sets on Pelican, so a site's settings hold only
what is its own.

- Templates: the kit's theme, shipped inside the package, and the site's own
  ``templates/`` folder (beside its ``content/``), whose files replace the
  kit's one by one, as Pelican's THEME_TEMPLATES_OVERRIDES and MkDocs'
  ``custom_dir`` do. A site that puts ``templates/partials/banner.html``
  there changes the banner and nothing else.
- Pelican's blog machinery off (articles, feeds, its page and index
  templates, its content cache): segsite writes every page itself.
  ``segsite build`` passes these before Pelican reads the settings (Pelican
  warns about feeds without SITEURL while reading); a plain ``pelican`` run
  gets them on ``initialized``.

A setting the site gives itself is left as it is.
"""

from __future__ import annotations

from pathlib import Path

from pelican.settings import DEFAULT_CONFIG, DEFAULT_THEME

KIT_THEME = Path(__file__).resolve().parent / "theme"
SITE_TEMPLATES = "templates"
BLOG_OFF = {
    "ARTICLE_PATHS": [],
    "PAGE_PATHS": [],
    "DIRECT_TEMPLATES": [],
    "FEED_ALL_ATOM": None,
    "FEED_ALL_RSS": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
}


def site_templates(settings: dict) -> Path:
    """The site's override folder: ``templates/`` beside its content folder."""
    return Path(settings["PATH"]).resolve().parent / SITE_TEMPLATES


def apply_kit_defaults(pelican) -> None:
    """On Pelican's ``initialized`` (before any generator reads them): the
    kit's theme unless the settings name another, the site's ``templates/``
    ahead of it when there is one, and the blog machinery off."""
    settings = pelican.settings
    for key, value in BLOG_OFF.items():
        if settings.get(key) == DEFAULT_CONFIG.get(key):
            settings[key] = value
    if settings.get("THEME") in (None, DEFAULT_THEME):
        settings["THEME"] = pelican.theme = str(KIT_THEME)
    overrides = site_templates(settings)
    listed = [str(Path(p).resolve()) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    if overrides.is_dir() and str(overrides) not in listed:
        settings["THEME_TEMPLATES_OVERRIDES"] = [*listed, str(overrides)]


def template_folders(settings: dict) -> list[Path]:
    """Every folder a build reads templates from, overrides first."""
    return [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])] + [
        Path(settings["THEME"]) / "templates"
    ]
