"""The site under check: its pages, settings and static facts (files, links,
weights, and what each page's HTML alone tells: html_facts.py), read from the
built output folder, or the HTML from where the site is served already."""

from __future__ import annotations

import os
import urllib.request
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from segsite.check.html_facts import PageFacts, read_page
from segsite.check.phases import Phases
from segsite.check.shards import group_of
from segsite.check.views import View, read_host, swappable_in
from segsite.cli import read_site_settings
from segsite.config import read_settings
from segsite.problems import ProblemLog, SiteInvalid


def load_settings() -> dict:
    """SEGSITE_CHECK of the settings file (SEGSITE_CHECK_SETTINGS), read and
    checked as the build reads it (declared in segsite.setting_options, with
    its defaults), and the languages with their directions."""
    settings_file = Path(os.environ.get("SEGSITE_CHECK_SETTINGS", "pelicanconf.py")).resolve()
    if not settings_file.is_file():
        raise pytest.UsageError(f"{settings_file} does not exist: name the settings file")
    try:
        settings = read_site_settings(
            settings_file, override={"SEGSITE_SETTINGS_FILE": str(settings_file)}
        )
    except SiteInvalid as invalid:
        raise pytest.UsageError(str(invalid)) from None
    log = ProblemLog(Path.cwd())
    values, _ = read_settings(settings, log)
    if log.errors:
        raise pytest.UsageError("\n".join(str(problem) for problem in log.errors))
    return {
        **values["SEGSITE_CHECK"],
        "viewports": [tuple(size) for size in values["SEGSITE_CHECK"]["viewports"]],
        "languages": list(values["SEGSITE_LANGUAGES"]),
        "rtl_languages": sorted(values["SEGSITE_RTL_LANGUAGES"]),
    }


def listed_files(root: Path) -> list[str]:
    """Every file under ``root``, as a path from it ("en/index.html"), in the
    order of their parts (as sorted Paths are). One walk: a large site has
    thousands of folders, and pathlib's glob is several times slower."""
    found = []
    for folder, _, names in os.walk(root):
        rel = Path(folder).relative_to(root).as_posix()
        found += (name if rel == "." else f"{rel}/{name}" for name in names)
    return sorted(found, key=lambda rel: rel.split("/"))


@dataclass
class Site:
    root: Path
    settings: dict
    # Where the site is served when its links are absolute (make publish
    # writes SITEURL into them): links to this host are internal links.
    base_url: str | None = None
    _facts: dict = field(default_factory=dict)
    _files: dict = field(default_factory=dict)
    _phases: Phases = field(default_factory=Phases)
    _views: dict = field(default_factory=dict)

    @cached_property
    def own_host(self) -> str | None:
        """The host the site is served at when its links are absolute, or None."""
        return urlsplit(self.base_url).netloc if self.base_url else None

    def internal(self, url: str):
        """The URL's parts, with this site's own scheme and host dropped."""
        parts = urlsplit(url)
        if self.own_host and parts.netloc == self.own_host:
            parts = parts._replace(scheme="", netloc="")
        return parts

    @cached_property
    def files(self) -> list[str]:
        """Every file of the site (listed_files), listed once: the pages, the
        stylesheets and the whole site's key each need them."""
        return listed_files(self.root)

    @cached_property
    def pages(self) -> list[str]:
        """Every HTML page as a site path ("/en/", "/en/about/"), minus skipped ones."""
        paths = []
        for rel in self.files:
            if not rel.endswith(".html"):
                continue
            path = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            if path not in self.settings["skip"] and not rel.startswith("."):
                paths.append(path)
        return paths

    def file_for(self, path: str) -> Path | None:
        """The file a static host serves for a site path, or None (looked up
        once a path: the built site does not change during a pass, and its
        pages reference the same files thousands of times)."""
        path = unquote(path.split("#")[0].split("?")[0])
        if path not in self._files:
            self._files[path] = self._find_file(path)
        return self._files[path]

    def _find_file(self, path: str) -> Path | None:
        candidate = self.root / path.lstrip("/")
        if path.endswith("/"):
            candidate = candidate / "index.html"
        if candidate.is_file():
            return candidate
        if (candidate / "index.html").is_file():
            return candidate / "index.html"
        return None

    def html(self, path: str) -> bytes:
        """The page's HTML as the site serves it: from the server it is served
        from already (a Worker may change what it sends), else the file the
        pass's own static server sends unchanged."""
        if self.base_url:
            with urllib.request.urlopen(self.base_url + path, timeout=30) as response:
                return response.read()
        return self.file_for(path).read_bytes()

    def facts(self, path: str) -> PageFacts:
        """What the page's HTML alone tells (html_facts.py), read once."""
        if path not in self._facts:
            with self._phases("html facts (no browser)"):
                self._facts[path] = read_page(self.html(path))
        return self._facts[path]

    def language_of(self, path: str) -> str:
        first = path.strip("/").split("/")[0]
        return first if first in self.settings["languages"] else self.settings["languages"][0]

    def home_of(self, lang: str) -> str:
        return f"/{lang}/" if f"/{lang}/" in self._page_set else self.pages[0]

    def landing_variants(self) -> list[tuple[str, str]]:
        """(generic page, segment) for every segment page /…/for/<segment>/ that exists."""
        return [
            (generic, path[len(generic) + len("for/") : -1])
            for generic, paths in self._segment_pages.items()
            for path in paths
        ]

    @cached_property
    def _segment_pages(self) -> dict[str, list[str]]:
        """Each generic page's segment pages, in the site's order."""
        found: dict[str, list[str]] = {}
        for path in self.pages:
            if generic := self.generic_of(path):
                found.setdefault(generic, []).append(path)
        return found

    def generic_of(self, path: str) -> str | None:
        """The generic page of a segment page (/en/x/ of /en/x/for/ID/), or None."""
        generic = group_of(path, self._page_set)
        return generic if generic != path else None

    @cached_property
    def _page_set(self) -> frozenset[str]:
        return frozenset(self.pages)

    def views_of(self, generic: str) -> tuple[View, ...]:
        """The segment pages of ``generic`` checked in its tab (views.py): all
        whose <head> and body allow it but a language's first segment page,
        which loads on its own so that the scripts' run on a segment page
        is checked too, in each language and direction."""
        if generic not in self._views:
            views = []
            own = [path for path in self._segment_pages.get(generic, []) if path not in self._alone]
            if own:
                with self._phases("html facts (no browser)"):
                    host = read_host(self.html(generic).decode("utf-8", "replace"))
                    for path in sorted(own):
                        text = self.html(path).decode("utf-8", "replace")
                        if swappable_in(host, text):
                            views.append(View(path, generic, text))
            self._views[generic] = tuple(views)
        return self._views[generic]

    @cached_property
    def _alone(self) -> frozenset[str]:
        """Each language's first segment page, in sorted order."""
        first: dict[str, str] = {}
        for path in sorted(p for paths in self._segment_pages.values() for p in paths):
            first.setdefault(self.language_of(path), path)
        return frozenset(first.values())

    def view_host(self, path: str) -> str | None:
        """The generic page in whose tab segment page ``path`` is checked, or None."""
        generic = self.generic_of(path)
        if generic and any(view.path == path for view in self.views_of(generic)):
            return generic
        return None

    def broken_references(self, path: str) -> list[str]:
        """Internal links, images and #fragments of a page that lead nowhere."""
        problems = []
        for tag, attribute, url, alternate in self.facts(path).links:
            parts = self.internal(url)
            if parts.scheme or parts.netloc or alternate:
                continue  # other hosts are the browser's concern; hreflang URLs may be absolute
            target = parts.path or path
            if not target.startswith("/"):
                target = path.rsplit("/", 1)[0] + "/" + target
            file = self.file_for(target)
            if file is None:
                problems.append(f'<{tag} {attribute}="{url}">: {target} does not exist')
            elif (
                parts.fragment
                and file.suffix == ".html"
                and parts.fragment not in self.facts(self._page_of(target)).ids
            ):
                problems.append(
                    f'<{tag} {attribute}="{url}">: no element with id "{parts.fragment}"'
                )
        return problems

    def other_host_references(self, path: str, allowed: set[str]) -> list[str]:
        """What the page's HTML makes the browser load from a host not in
        ``allowed`` (this site's own host is always allowed), as the browser
        spells the URL."""
        found = []
        for url in self.facts(path).fetched:
            parts = urlsplit(url)
            if parts.scheme.lower() not in ("http", "https", "") or not parts.netloc:
                continue  # relative, data: and the like stay on this site
            if parts.netloc == self.own_host:
                continue
            if parts.netloc.lower() not in allowed:
                spelled = parts._replace(
                    scheme=(parts.scheme or "http").lower(),
                    netloc=parts.netloc.lower(),
                    path=parts.path or "/",
                ).geturl()
                found.append(spelled)
        return found

    def _page_of(self, target: str) -> str:
        rel = self.file_for(target).relative_to(self.root).as_posix()
        return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    def stylesheets(self) -> list[Path]:
        return [self.root / rel for rel in self.files if rel.endswith(".css")]


def page_weight(site: Site, path: str) -> tuple[int, int]:
    """(HTML + CSS + JS bytes, JS bytes) of a page, uncompressed."""
    facts = site.facts(path)
    total, js = site.file_for(path).stat().st_size, 0
    for script in facts.scripts:
        if script["dev"]:
            continue  # development tools (the preview bar) are never published
        if script["src"]:
            size = _file_size(site, script["src"])
            total, js = total + size, js + size
        elif not script["type"]:
            js += script["bytes"]
    for href in facts.stylesheets:
        total += _file_size(site, href)
    return total, js


def _file_size(site: Site, url: str) -> int:
    parts = site.internal(url)
    file = site.file_for(parts.path) if not parts.netloc else None
    return file.stat().st_size if file else 0
