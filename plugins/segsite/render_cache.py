"""Incremental builds: when only landing pages' Markdown changed since the
last build, only those pages are rendered again, in place.

Every build still reads and checks the whole site first (docs/contract.md, Validation);
only rendering is skipped. Each page gets a digest of what its bytes depend on:

- the site-wide inputs: settings, segments.yaml, the theme, the plugin's own
  code, every content file except landing pages' Markdown, the build date;
- what a landing page shows on other pages (title, navigation title,
  description, which segments get their own page): menus, the home list and
  the language switcher name it;
- for a landing page's own pages, that landing file's bytes.

When the first two are as in the last build (its record,
``.segsite-pages.json`` in the output folder, development builds only), the
build writes into the output folder itself: pages whose digest changed are
rendered to temporary files, then renamed over the old ones once every one of
them rendered; the record is removed first and written last, so an
interrupted build is followed by a full one. Anything else (a section, a
template, a setting, a new page) means a full build into a staging folder,
as always (cli.build). ``make publish`` never builds incrementally.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .kit import template_folders
from .site import Site

MANIFEST = ".segsite-pages.json"
PENDING_SUFFIX = ".segsite-new"
PLUGIN_ROOT = Path(__file__).resolve().parent
# Settings that cannot change a page's bytes (where the build writes, how many
# processes render): left out so they do not invalidate every page.
IGNORED_SETTINGS = frozenset({"OUTPUT_PATH", "SEGSITE_JOBS", "SEGSITE_ROOT"})


class FullBuildNeeded(Exception):
    """More than landing pages' Markdown changed: build everything afresh."""


def can_build_in_place(output: Path, settings: dict[str, Any]) -> bool:
    return (
        settings.get("SEGSITE_INCREMENTAL", True)
        and not settings.get("SEGSITE_PUBLISH")
        and (output / MANIFEST).is_file()
    )


@dataclass(frozen=True)
class InPlace:
    """An in-place build: the pages to render again, and the last build's
    minified scripts (scripts.Scripts as a dict; the theme is unchanged, so
    they still hold)."""

    to_render: frozenset[str]
    scripts: dict[str, str]


@dataclass(frozen=True)
class RenderCache:
    """This build's digests: of what every page shares, and per page."""

    site_digest: str
    digests: dict[str, str]  # save_as -> digest

    def check_in_place(self, output: Path) -> InPlace:
        """What to render again in ``output``, against the last build's
        record; raises FullBuildNeeded unless only landing pages' own inputs
        changed."""
        try:
            previous = json.loads((output / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise FullBuildNeeded("no usable record of the last build") from error
        if previous.get("site") != self.site_digest or set(previous.get("pages", {})) != set(
            self.digests
        ):
            raise FullBuildNeeded("site-wide inputs changed")
        old = previous["pages"]
        # Plain string paths: this runs once per page, and a live rebuild of
        # a large site (segsite serve) waits for it.
        folder = str(output)
        to_render = frozenset(
            save_as
            for save_as, digest in self.digests.items()
            if old[save_as] != digest or not os.path.isfile(os.path.join(folder, save_as))
        )
        return InPlace(to_render, previous.get("scripts", {}))

    def record(self, scripts: dict[str, str]) -> str:
        """The record of this build, with its minified ``scripts``."""
        return json.dumps(
            {"site": self.site_digest, "pages": self.digests, "scripts": scripts},
            sort_keys=True,
        )


def pending(path: Path) -> Path:
    return path.with_name(path.name + PENDING_SUFFIX)


def commit_in_place(
    output: Path, rendered: list[str], cache: RenderCache, scripts: dict[str, str]
) -> None:
    """Put the freshly rendered pages in place, then the new record."""
    (output / MANIFEST).unlink(missing_ok=True)
    for save_as in rendered:
        os.replace(pending(output / save_as), output / save_as)
    write_record(output, cache, scripts)


def discard_pending(output: Path, rendered: list[str]) -> None:
    for save_as in rendered:
        pending(output / save_as).unlink(missing_ok=True)


def write_record(output: Path, cache: RenderCache, scripts: dict[str, str]) -> None:
    (output / MANIFEST).write_text(cache.record(scripts), encoding="utf-8")


def make_cache(site: Site, settings: dict[str, Any], pages) -> RenderCache:
    """Digests of everything each page's bytes depend on."""
    shared = hashlib.sha256()
    shared.update(_site_inputs(site, settings).encode("utf-8"))
    shared.update(_landing_facts(site).encode("utf-8"))
    landing_files: dict[tuple[str, str], str] = {}
    digests = {}
    for page in pages:
        hasher = shared.copy()
        landing = page.landing_key
        if landing is not None:
            if landing not in landing_files:
                path = site.content.landings[landing].path
                landing_files[landing] = hashlib.sha256(path.read_bytes()).hexdigest()
            hasher.update(landing_files[landing].encode("ascii"))
        hasher.update(page.location.save_as.encode("utf-8"))
        digests[page.location.save_as] = hasher.hexdigest()
    return RenderCache(shared.hexdigest(), digests)


def _site_inputs(site: Site, settings: dict[str, Any]) -> str:
    config = site.config
    # The settings file is known only when built through `segsite build`; its
    # values are hashed below either way.
    files = [f for f in (config.segments_path, config.settings_file) if f.is_file()]
    files += [f for folder in template_folders(settings) for f in _tree(folder)]
    files += _tree(Path(settings["THEME"]) / "static")
    files += _tree(PLUGIN_ROOT, suffixes={".py", ".js"})
    landing_folder = config.content_path / "landing"
    files += [f for f in _tree(config.content_path) if landing_folder not in f.parents]
    parts = [site.today.isoformat()]
    # Libraries whose output ends up in the pages.
    for library in ("pelican", "jinja2", "markupsafe", "markdown", "jdatetime", "calmjs.parse"):
        try:
            parts.append(f"{library} {metadata.version(library)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{library} absent")
    parts += [
        f"{key}={settings[key]!r}"
        for key in sorted(settings)
        if key.isupper() and key not in IGNORED_SETTINGS
    ]
    for file in files:
        parts.append(f"{file}:{hashlib.sha256(file.read_bytes()).hexdigest()}")
    return "\n".join(parts)


def _landing_facts(site: Site) -> str:
    """What other pages show of each landing page."""
    return repr(
        [
            (key, landing.title, landing.nav_title, landing.description, landing.segments)
            for key, landing in sorted(site.content.landings.items())
        ]
        + sorted(site.content.drafts)
    )


def _tree(root: Path, suffixes: set[str] | None = None) -> list[Path]:
    if not root.is_dir():
        return [root] if root.is_file() else []
    return [
        f
        for f in sorted(root.rglob("*"))
        if f.is_file()
        and "__pycache__" not in f.parts
        and (suffixes is None or f.suffix in suffixes)
    ]
