"""The Pelican generator that reads, checks and writes the segsite pages.

All reading, checking and planning happens in ``generate_context`` (before
Pelican writes anything); ``generate_output`` only renders the plan and writes.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from jinja2 import BytecodeCache, pass_context
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .card_drawing import prepare_cards
from .experiments import arm_keys, view_selector
from .fields import url_origin
from .form_pages import TURNSTILE_HOST
from .fragments import Fragments
from .pages import PlannedPage, SitePlan, SitePlanner
from .publish import publish
from .render_cache import (
    RenderCache,
    commit_in_place,
    discard_pending,
    make_cache,
    pending,
    write_record,
)
from .rtl import convert_digits, digit_system_for, localize_html
from .scripts import Scripts, kept_scripts, load_scripts
from .site import Site, load_site
from .sitemap import render_sitemap

logger = logging.getLogger(__name__)
# Below this many pages a second process costs more than it saves.
PARALLEL_FROM_PAGES = 400
STYLESHEET = "theme/css/site.css"
LIST_STYLES = MappingProxyType({"latn": "decimal", "arab": "arabic-indic", "arabext": "persian"})


@dataclass(frozen=True)
class CheckedSite:
    """What ``segsite build`` hands the generator: the site it has read and
    checked already, and whether to render into the output folder itself
    (only the pages whose inputs changed; render_cache.py)."""

    site: Site
    in_place: bool = False
    # A long-lived process's compiled templates (warm.py), kept between
    # builds: every generator of the run compiles only changed templates.
    templates: BytecodeCache | None = None


@contextmanager
def generating_from(settings: dict, given: CheckedSite) -> Iterator[None]:
    """While the block runs, the SegsiteGenerator that Pelican makes for
    ``settings`` starts from ``given`` instead of reading the site itself.

    Pelican makes its generators itself and passes each new one to
    ``generator_init``; only the one made with these very settings (this
    run's) takes ``given``."""

    def hand_over(generator) -> None:
        if generator.settings is not settings:
            return
        if given.templates is not None:
            generator.env.bytecode_cache = given.templates
        if isinstance(generator, SegsiteGenerator):
            generator.given = given

    with signals.generator_init.connected_to(hand_over):
        yield


class SegsiteGenerator(Generator):
    """Landing pages per segment and language, plain pages, homes, sitemap."""

    def __init__(self, *args, **kwargs):
        # Before Generator.__init__, which sends generator_init (generating_from).
        self.given: CheckedSite | None = None
        super().__init__(*args, **kwargs)
        # Content crosses into HTML here: escape by default, mark trusted HTML
        # (converted Markdown) explicitly with Markup.
        self.env.autoescape = True
        # Templates do not change during a build: skip the per-use file check.
        self.env.auto_reload = False
        self.localized: dict[tuple[str, str], Markup] = {}
        # Partials rendered once for every page that shows them alike.
        fragments = Fragments(self.env)
        self.env.globals["fragment"] = pass_context(
            lambda ctx, name, **given: fragments(ctx, name, **given)
        )
        self.env.filters["localize"] = pass_context(
            lambda ctx, html: self.localize_filter(ctx, html)
        )
        self.env.filters["digits"] = pass_context(lambda ctx, text: self.digits_filter(ctx, text))

    def generate_context(self) -> None:
        """Read and check the site (unless handed over), plan it, and decide
        what to render; raises before anything is written."""
        given = self.given or CheckedSite(load_site(self.settings))
        self.site: Site = given.site
        self.plan: SitePlan = SitePlanner(self.site).plan()
        self.context["segsite"] = self.site
        self.cache: RenderCache | None = None
        # None: render every page; else the pages to render again in place.
        self.to_render: frozenset[str] | None = None
        if self.settings.get("SEGSITE_INCREMENTAL", True) and not self.settings.get(
            "SEGSITE_PUBLISH"
        ):
            self.cache = make_cache(self.site, self.settings, self.plan.pages)
        last_scripts = None
        if given.in_place and self.cache is not None:
            # Raises FullBuildNeeded unless only landing pages' own inputs changed.
            in_place = self.cache.check_in_place(Path(self.output_path))
            self.to_render, last_scripts = in_place.to_render, in_place.scripts
        # Minifying is slow; in place the theme is unchanged, so the last
        # build's minified scripts still hold.
        self.scripts = kept_scripts(last_scripts) or load_scripts(self.env)
        self.shared = {
            "inline_script": Markup(self.scripts.inline),
            "arms_script": Markup(self.scripts.arms),
            "csp": site_policy(self.scripts, self.site.config),
            "script_url": f"{self.site.config.siteurl}/theme/js/segsite.js",
            "analytics_url": f"{self.site.config.siteurl}/theme/js/analytics.js"
            if self.site.config.analytics.provider
            else None,
        }
        # A publish draws each landing page's social card (og:image) first:
        # a missing browser stops it before anything is written.
        self.cards = prepare_cards(self.site, self.settings)
        self.shared["cards"] = self.cards.plan.pages if self.cards else {}

    def generate_output(self, writer) -> None:
        output = Path(self.output_path)
        in_place = self.to_render is not None
        write_file(output / "theme/js/segsite.js", self.scripts.deferred)
        if self.site.config.preview:
            write_file(output / "theme/js/preview.js", self.scripts.preview)
        if self.site.config.analytics.provider:
            write_file(output / "theme/js/analytics.js", self.scripts.analytics)
        if self.site.segments.forms:
            write_file(output / "theme/js/forms.js", self.scripts.forms)
        to_write = [
            page
            for page in self.plan.pages
            if not in_place or page.location.save_as in self.to_render
        ]
        rendered = [page.location.save_as for page in to_write]
        stylesheet = output / STYLESHEET
        if in_place:
            # In place, pages go beside the old ones until every one has
            # rendered; the stylesheet is renamed into place with them.
            rendered.append(STYLESHEET)
            stylesheet = pending(stylesheet)
        scripts = dataclasses.asdict(self.scripts)
        try:
            if not in_place:
                # Made before the render workers fork: the sitemap reads the
                # canonical pages' data, which the workers then inherit.
                write_file(output / "sitemap.xml", render_sitemap(list(self.plan.pages)))
                write_file(output / "robots.txt", robots_txt(self.site.config.siteurl))
            self.write_pages(output, to_write)
            write_file(stylesheet, self.stylesheet(self.plan))
            if in_place:
                commit_in_place(output, rendered, self.cache, scripts)
            elif self.cache is not None:
                write_record(output, self.cache, scripts)  # last: it vouches for the rest
        except BaseException:
            if in_place:
                discard_pending(output, rendered)
            raise
        logger.info("segsite: wrote %d of %d pages", len(to_write), len(self.plan.pages))
        if self.settings.get("SEGSITE_PUBLISH"):
            # Publishing rewrites Pelican's static files too, which its static
            # generator writes after this one: it waits for the end of the run.
            signals.finalized.connect(self.publish_when_finished)

    def stylesheet(self, plan: SitePlan) -> str:
        config = self.site.config
        segments = self.site.segments
        arms = arm_keys(segments.experiments, segments.ids, self.site.today)
        return self.env.get_template("css/site.css").render(
            brand=config.brand,
            # Slugs only, so the selectors need no escaping (autoescape would
            # turn their quotes into HTML entities).
            views=[(Markup(view_selector(key)), key) for key in (*segments.ids, *arms)],
            section_orders=order_rules(plan.section_orders),
            # Ordered-list numbers are drawn by CSS, so they follow the digits too.
            list_styles={
                lang: LIST_STYLES[digit_system_for(lang, config.digits)]
                for lang in config.languages
            },
        )

    def publish_when_finished(self, pelican) -> None:
        """On ``finalized``: the publish pass over this run's output. Connected
        weakly (blinker's default), so it goes with this generator."""
        if pelican.settings is not self.settings:
            return  # another Pelican run in this interpreter
        signals.finalized.disconnect(self.publish_when_finished)
        publish(
            Path(self.output_path),
            self.site,
            self.plan.landing_paths,
            site_policy(self.scripts, self.site.config),
            cards=self.cards,
        )

    def write_pages(self, output: Path, pages: list[PlannedPage]) -> None:
        """Render and write every page; on several cores when it pays.

        Workers are forked after all reading, checking and planning is done,
        so each inherits the plan and renders its share of the pages; the
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


def order_rules(section_orders: tuple[tuple[str, int], ...]) -> list[tuple[int, list[Markup]]]:
    """site.css's rules that put a segment's sections in its own order: one
    rule a position, listing the selector of each (view, position) pair,
    rather than one a pair (the large benchmark shape has 128 pairs over 4
    positions: about 1.7 KB less on every page). Slugs only, as the views':
    one selector the browser could not read would drop its whole rule."""
    by_position: dict[int, list[Markup]] = {}
    for key, position in section_orders:
        selector = Markup(f'{view_selector(key)} [data-o~="{key}:{position}"]')
        by_position.setdefault(position, []).append(selector)
    return sorted(by_position.items())


def robots_txt(siteurl: str) -> str:
    """Everything may be crawled; the sitemap (absolute where SITEURL is set)
    lists the canonical pages only, so segment pages are not indexed twice."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"


def write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def site_policy(scripts: Scripts, config) -> str:
    """The Content-Security-Policy of every page: the form service's origin
    is the only other place a form may post to."""
    endpoint = config.forms["endpoint"] if config.forms["backend"] == "endpoint" else None
    return scripts.content_security_policy(
        config.analytics,
        url_origin(endpoint) if endpoint else "",
        TURNSTILE_HOST if config.forms["turnstile"] else "",
    )
