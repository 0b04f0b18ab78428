"""Where a site's templates come from: the kit's theme, shipped inside the
package, and the site's own ``templates/`` folder (beside its ``content/``),
whose files replace the kit's one by one, as Pelican's
THEME_TEMPLATES_OVERRIDES and MkDocs' ``custom_dir`` do. A site that puts
``templates/partials/banner.html`` there changes the banner and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from pelican.settings import DEFAULT_THEME

KIT_THEME = Path(__file__).resolve().parent / "theme"
SITE_TEMPLATES = "templates"


def site_templates(settings: dict) -> Path:
    """The site's override folder: ``templates/`` beside its content folder."""
    return Path(settings["PATH"]).resolve().parent / SITE_TEMPLATES


def use_kit_theme(pelican) -> None:
    """On Pelican's ``initialized``: the kit's theme unless the settings name
    another, and the site's ``templates/`` ahead of it when there is one."""
    settings = pelican.settings
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
