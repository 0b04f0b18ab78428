"""The site under check: its pages, settings and static facts (files, links,
weights), read from the built output folder."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from segsite.cli import read_site_settings
from segsite.config import read_settings
from segsite.problems import ProblemLog, SiteInvalid

PHYSICAL_CSS = re.compile(
    # Physical properties (margin-left, border-right-width, left: ...) and
    # physical values (float: left, text-align: right): right to left breaks them.
    r"(?<![\w-])(?:(?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?|left|right)\s*:"
    r"|(?<![\w-])(?:float|clear|text-align)\s*:\s*(?:left|right)\b"
)


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


@dataclass
class Site:
    root: Path
    settings: dict
    # Where the site is served when its links are absolute (make publish
    # writes SITEURL into them): links to this host are internal links.
    base_url: str | None = None
    _docs: dict = field(default_factory=dict)

    def _internal(self, url: str):
        """The URL's parts, with this site's own scheme and host dropped."""
        parts = urlsplit(url)
        if self.base_url and parts.netloc == urlsplit(self.base_url).netloc:
            parts = parts._replace(scheme="", netloc="")
        return parts

    @cached_property
    def pages(self) -> list[str]:
        """Every HTML page as a site path ("/en/", "/en/about/"), minus skipped ones."""
        paths = []
        for file in sorted(self.root.rglob("*.html")):
            rel = file.relative_to(self.root).as_posix()
            path = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            if path not in self.settings["skip"] and not rel.startswith("."):
                paths.append(path)
        return paths

    def file_for(self, path: str) -> Path | None:
        """The file a static host serves for a site path, or None."""
        path = unquote(path.split("#")[0].split("?")[0])
        candidate = self.root / path.lstrip("/")
        if path.endswith("/"):
            candidate = candidate / "index.html"
        if candidate.is_file():
            return candidate
        if (candidate / "index.html").is_file():
            return candidate / "index.html"
        return None

    def doc(self, path: str) -> BeautifulSoup:
        if path not in self._docs:
            self._docs[path] = BeautifulSoup(self.file_for(path).read_bytes(), "html5lib")
        return self._docs[path]

    def language_of(self, path: str) -> str:
        first = path.strip("/").split("/")[0]
        return first if first in self.settings["languages"] else self.settings["languages"][0]

    def home_of(self, lang: str) -> str:
        return f"/{lang}/" if f"/{lang}/" in self.pages else self.pages[0]

    def landing_variants(self) -> list[tuple[str, str]]:
        """(generic page, segment) for every segment page /…/for/<segment>/ that exists."""
        pairs = []
        for path in self.pages:
            match = re.fullmatch(r"(/.*/)for/([a-z0-9-]+)/", path)
            if match and match[1] in self.pages:
                pairs.append((match[1], match[2]))
        return pairs

    def broken_references(self, path: str) -> list[str]:
        """Internal links, images and #fragments of a page that lead nowhere."""
        doc, problems = self.doc(path), []
        for tag, attribute in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
            for element in doc.find_all(tag, attrs={attribute: True}):
                url = element[attribute]
                parts = self._internal(url)
                if (
                    parts.scheme
                    or parts.netloc
                    or (tag == "link" and "alternate" in element.get("rel", []))
                ):
                    continue  # other hosts are the browser's concern; hreflang URLs may be absolute
                target = parts.path or path
                if not target.startswith("/"):
                    target = path.rsplit("/", 1)[0] + "/" + target
                if self.file_for(target) is None:
                    problems.append(f'<{tag} {attribute}="{url}">: {target} does not exist')
                elif (
                    parts.fragment
                    and self.file_for(target).suffix == ".html"
                    and self.doc(self._page_of(target)).find(id=parts.fragment) is None
                ):
                    problems.append(
                        f'<{tag} {attribute}="{url}">: no element with id "{parts.fragment}"'
                    )
        return problems

    def _page_of(self, target: str) -> str:
        rel = self.file_for(target).relative_to(self.root).as_posix()
        return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    def weight(self, path: str) -> tuple[int, int]:
        """(HTML + CSS + JS bytes, JS bytes) of a page, uncompressed."""
        doc, file = self.doc(path), self.file_for(path)
        total, js = file.stat().st_size, 0
        for script in doc.find_all("script"):
            if script.has_attr("data-dev-only"):
                continue  # development tools (the preview bar) are never published
            if script.get("src"):
                size = self._size(script["src"])
                total, js = total + size, js + size
            elif not script.get("type"):
                js += len((script.string or "").encode("utf-8"))
        for link in doc.find_all("link", rel="stylesheet"):
            total += self._size(link["href"])
        return total, js

    def _size(self, url: str) -> int:
        parts = self._internal(url)
        file = self.file_for(parts.path) if not parts.netloc else None
        return file.stat().st_size if file else 0

    def stylesheets(self) -> list[Path]:
        return sorted(self.root.rglob("*.css"))

    def physical_properties(self, css: Path) -> list[str]:
        found = []
        for number, line in enumerate(css.read_text(encoding="utf-8").split("\n"), 1):
            for match in PHYSICAL_CSS.finditer(line):
                found.append(f"line {number}: {match.group(0).strip()}")
        return found
