"""The Pelican generator that reads, checks and writes the segsite pages.

All reading and checking happens in ``generate_context`` (before Pelican writes
anything); ``generate_output`` only renders and writes.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican.generators import Generator

from .pages import PlannedPage, SitePlanner
from .publish import publish
from .render_cache import (
    FullBuildNeeded,
    RenderCache,
    commit_in_place,
    discard_pending,
    make_cache,
    pending,
    write_record,
)
from .rtl import convert_digits, digit_system_for, localize_html
from .scripts import Scripts, load_scripts
from .site import Site, load_site
from .sitemap import render_sitemap

logger = logging.getLogger(__name__)
# Builds waiting for the publish pass, by output folder: Pelican's finalized
# signal names only the Pelican instance, and the publish pass needs the
# checked site this generator holds.
_TO_PUBLISH: dict[str, SegsiteGenerator] = {}
# Below this many pages a second process costs more than it saves.
PARALLEL_FROM_PAGES = 400
STYLESHEET = "theme/css/site.css"
LIST_STYLES = {"latn": "decimal", "arab": "arabic-indic", "arabext": "persian"}


class SegsiteGenerator(Generator):
    """Landing pages per segment and language, plain pages, homes, sitemap."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Content crosses into HTML here: escape by default, mark trusted HTML
        # (converted Markdown) explicitly with Markup.
        self.env.autoescape = True
        # Templates do not change during a build: skip the per-use file check.
        self.env.auto_reload = False
        self.localized: dict[tuple[str, str], Markup] = {}
        self.env.filters["localize"] = pass_context(
            lambda ctx, html: self.localize_filter(ctx, html)
        )
        self.env.filters["digits"] = pass_context(lambda ctx, text: self.digits_filter(ctx, text))
        self.site: Site | None = None
        self.pages: list[PlannedPage] = []
        self.scripts: Scripts | None = None
        self.cache: RenderCache | None = None
        # None: render every page; else the pages to render again in place.
        self.to_render: set[str] | None = None

    def generate_context(self) -> None:
        # Read and checked already when an in-place build turned into a full one.
        self.site = self.settings.get("SEGSITE_CHECKED_SITE") or load_site(self.settings)
        self.planner = SitePlanner(self.site)
        self.pages = self.planner.plan()
        self.context["segsite"] = self.site
        if self.settings.get("SEGSITE_INCREMENTAL", True) and not self.settings.get(
            "SEGSITE_PUBLISH"
        ):
            self.cache = make_cache(self.site, self.settings, self.pages)
            if self.settings.get("SEGSITE_IN_PLACE"):
                # Raises FullBuildNeeded (before anything is written) unless
                # only landing pages' own inputs changed.
                try:
                    self.to_render = self.cache.check_in_place(Path(self.output_path))
                except FullBuildNeeded as needed:
                    needed.site = self.site
                    raise
        # Minifying is slow; in place the theme is unchanged, so the last
        # build's minified scripts still hold.
        if self.to_render is not None and self.cache.previous_scripts:
            self.scripts = Scripts(**self.cache.previous_scripts)
        else:
            self.scripts = load_scripts(self.env)
        if self.cache is not None:
            self.cache.scripts = dataclasses.asdict(self.scripts)

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
        to_write = [
            page
            for page in self.pages
            if self.to_render is None or page.location.save_as in self.to_render
        ]
        # The canonical pages' data here, before any fork: the sitemap lists
        # them and their sections give the per-segment orders site.css needs
        # (a segment page adds none). Segment pages' data is made by the
        # worker that writes them. In place, only the pages written again:
        # the sitemap stays, the other pages' orders come from the record.
        for page in to_write:
            if page.canonical:
                page.context  # noqa: B018 - made and kept
        rendered = [page.location.save_as for page in to_write]
        if self.to_render is not None:
            rendered.append(STYLESHEET)  # also renamed into place with the pages
        try:
            self.write_pages(output, to_write)
            self.write_site_files(output)
            if self.to_render is not None:
                commit_in_place(output, rendered, self.cache)
        except BaseException:
            if self.to_render is not None:
                discard_pending(output, rendered)
            raise
        logger.info("segsite: wrote %d of %d pages", len(to_write), len(self.pages))
        if self.settings.get("SEGSITE_PUBLISH"):
            _TO_PUBLISH[str(output.resolve())] = self

    def write_site_files(self, output: Path) -> None:
        """The stylesheet (its per-segment section orders come from the
        pages), and, in a full build, the sitemap, robots.txt and the record."""
        config = self.site.config
        css = self.env.get_template("css/site.css").render(
            brand=config.brand,
            segments=self.site.segments.ids,
            section_orders=sorted(self.section_orders()),
            # Ordered-list numbers are drawn by CSS, so they follow the digits too.
            list_styles={
                lang: LIST_STYLES[digit_system_for(lang, config.digits)]
                for lang in config.languages
            },
        )
        stylesheet = output / STYLESHEET
        write_file(stylesheet if self.to_render is None else pending(stylesheet), css)
        if self.to_render is None:
            write_file(output / "sitemap.xml", render_sitemap(self.pages))
            write_file(output / "robots.txt", robots_txt(config.siteurl))
            if self.cache is not None:
                write_record(output, self.cache)

    def section_orders(self) -> set[tuple[str, int]]:
        """Every (segment, position) a generic page orders sections by; in
        place, the pages not written again keep what the record says."""
        orders = {
            f"{slug}|{lang}": sorted(pairs)
            for (slug, lang), pairs in self.planner.section_orders.items()
        }
        if self.to_render is not None:
            orders = {**self.cache.previous_orders, **orders}
        if self.cache is not None:
            self.cache.section_orders = orders
        return {(segment, index) for pairs in orders.values() for segment, index in pairs}

    def publish(self) -> None:
        publish(
            Path(self.output_path),
            self.site,
            self.planner.landing_paths(),
            self.scripts.content_security_policy(),
        )

    def write_pages(self, output: Path, pages: list[PlannedPage]) -> None:
        """Render and write every page; on several cores when it pays.

        Workers are forked after all reading and checking is done, so each
        inherits the checked site and renders its share of the pages; the
        bytes written do not depend on which process writes them."""
        jobs = self.jobs(len(pages))
        if jobs <= 1:
            self.write_share(output, pages, 0, 1)
            return
        context = multiprocessing.get_context("fork")
        workers = [
            context.Process(target=self.write_share, args=(output, pages, n, jobs))
            for n in range(jobs)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        failed = [worker.exitcode for worker in workers if worker.exitcode != 0]
        if failed:
            raise RuntimeError(
                f"{len(failed)} of {jobs} render workers failed (exit codes {failed})"
            )

    def jobs(self, pages: int) -> int:
        """SEGSITE_JOBS: a number, or "auto" (every core, for sites big enough)."""
        setting = self.settings.get("SEGSITE_JOBS", "auto")
        if setting == "auto":
            cores = (
                len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
            )
            return min(cores or 1, 8) if pages >= PARALLEL_FROM_PAGES else 1
        return max(1, int(setting))

    def write_share(self, output: Path, pages: list[PlannedPage], index: int, count: int) -> None:
        for page in pages[index::count]:
            target = output / page.location.save_as
            # In place: beside the old page until every page has rendered.
            write_file(
                target if self.to_render is None else pending(target), self.render_page(page)
            )

    def render_page(self, page: PlannedPage) -> str:
        return self.get_template(page.template).render({**self.shared, **page.context})

    def localize_filter(self, context, html: str) -> Markup:
        """Right-to-left work on a rendered chunk (Latin runs isolated, digits
        converted; rtl.localize_html), once per distinct chunk and language:
        the same section or footer on a thousand pages is done once."""
        lang = context["lang"]
        key = (html, lang)
        if key not in self.localized:
            digits = digit_system_for(lang, self.site.config.digits)
            self.localized[key] = Markup(
                localize_html(str(html), self.site.config.direction(lang), digits)
            )
        return self.localized[key]

    def digits_filter(self, context, text: str) -> str:
        """Digits in the page's digit system, for text that cannot hold markup."""
        return convert_digits(str(text), digit_system_for(context["lang"], self.site.config.digits))


def publish_finished_build(output_path: str) -> None:
    """The publish pass (SEGSITE_PUBLISH) over a build that has finished writing."""
    generator = _TO_PUBLISH.pop(str(Path(output_path).resolve()), None)
    if generator is not None:
        generator.publish()


def robots_txt(siteurl: str) -> str:
    """Everything may be crawled; the sitemap (absolute where SITEURL is set)
    lists the canonical pages only, so segment pages are not indexed twice."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"


def write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
