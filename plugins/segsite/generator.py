"""The Pelican generator that reads, checks and writes the segsite pages.

All reading and checking happens in ``generate_context`` (before Pelican writes
anything); ``generate_output`` only renders and writes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from .pages import PlannedPage, SitePlanner
from .rtl import digit_system_for, localize_html
from .scripts import Scripts, load_scripts
from .site import Site, load_site
from .sitemap import render_sitemap

logger = logging.getLogger(__name__)
LIST_STYLES = {"latn": "decimal", "arab": "arabic-indic", "arabext": "persian"}


class SegsiteGenerator(Generator):
    """Landing pages per segment and language, plain pages, homes, sitemap."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Content crosses into HTML here: escape by default, mark trusted HTML
        # (converted Markdown) explicitly with Markup.
        self.env.autoescape = True
        self.site: Site | None = None
        self.pages: list[PlannedPage] = []
        self.scripts: Scripts | None = None

    def generate_context(self) -> None:
        self.site = load_site(self.settings)
        self.planner = SitePlanner(self.site)
        self.pages = self.planner.plan()
        self.scripts = load_scripts(self.env)
        self.context["segsite"] = self.site

    def generate_output(self, writer) -> None:
        output = Path(self.output_path)
        siteurl = self.site.config.siteurl
        self.shared = {
            "inline_script": Markup(self.scripts.inline),
            "csp": self.scripts.content_security_policy(),
            "script_url": f"{siteurl}/theme/js/segsite.js",
        }
        write_file(output / "theme/js/segsite.js", self.scripts.deferred)
        if self.site.config.preview:
            write_file(output / "theme/js/preview.js", self.scripts.preview)
        for page in self.pages:
            html = self.render_page(page)
            write_file(output / page.location.save_as, html)
        config = self.site.config
        css = self.env.get_template("css/site.css").render(
            brand=config.brand,
            segments=self.site.segments.ids,
            section_orders=sorted(self.planner.section_orders),
            # Ordered-list numbers are drawn by CSS, so they follow the digits too.
            list_styles={
                lang: LIST_STYLES[digit_system_for(lang, config.digits)]
                for lang in config.languages
            },
        )
        write_file(output / "theme/css/site.css", css)
        write_file(output / "sitemap.xml", render_sitemap(self.pages))
        logger.info("segsite: wrote %d pages", len(self.pages))

    def render_page(self, page: PlannedPage) -> str:
        html = self.get_template(page.template).render({**self.shared, **page.context})
        direction = self.site.config.direction(page.lang)
        digits = digit_system_for(page.lang, self.site.config.digits)
        return localize_html(html, direction, digits)


def write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
