"""The whole site's input, read and checked before anything is written.

``load_site`` reads settings (config.py), segments.yaml (schema.py) and
content/ (content.py), cross-checks every reference (references.py), and
raises SiteInvalid with all problems at once.
"""

from __future__ import annotations

import datetime
import os
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import SiteConfig, read_config
from .content import ContentReader
from .models import Content
from .problems import ProblemLog
from .references import References
from .schema import SegmentsConfig, load_segments
from .variants import SiteDefaults
from .warm import ReadCache


@dataclass
class Site:
    config: SiteConfig
    segments: SegmentsConfig
    content: Content
    defaults: SiteDefaults
    today: datetime.date
    warnings: list = field(default_factory=list)
    # The folder problems name files from (planning reports problems too).
    root: Path = field(default_factory=Path.cwd)


def build_date(timezone: str) -> datetime.date:
    """Today in the site's time zone, or the day of SOURCE_DATE_EPOCH when set."""
    zone = zoneinfo.ZoneInfo(timezone)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=zone).date()
    return datetime.datetime.now(tz=zone).date()


def check_page_count(
    segments: SegmentsConfig, content: Content, config: SiteConfig, log: ProblemLog
) -> None:
    """Stop a site whose page count would pass SEGSITE_MAX_PAGES, counted
    before anything is planned (what pages.py plans, by arithmetic): landing
    pages multiply by segments and languages, and a typo there can ask for
    millions of pages."""
    ids = frozenset(segments.ids) - {segments.default}
    landing_pages = widest = 0
    for landing in content.landings.values():
        own = len(ids) if landing.segments is None else len(ids.intersection(landing.segments))
        landing_pages += 1 + own  # the generic page, and one per segment of its own
        widest = max(widest, 1 + own)
    home_lists = sum((config.home_slug, lang) not in content.landings for lang in config.languages)
    total = landing_pages + len(content.pages) + home_lists + 1  # and the chooser
    if total <= config.max_pages:
        return
    slugs = len({slug for slug, _ in content.landings})
    log.error(
        config.settings_file,
        config.setting_lines.get("SEGSITE_MAX_PAGES", 0),
        f"the site would have {total:,} pages, more than SEGSITE_MAX_PAGES allows"
        f" ({config.max_pages:,}): {slugs:,} landing pages x {widest:,} segments x"
        f" {len(config.languages)} languages; give landing pages a shorter 'segments'"
        " list, or raise SEGSITE_MAX_PAGES",
    )


def load_site(settings: dict[str, Any], reads: ReadCache | None = None) -> Site:
    """Read and check everything; raise SiteInvalid listing every problem.
    ``reads``: a long-lived process's earlier reads of content files (warm.py)."""
    # Problems name files from here, so it is needed before the settings are checked.
    root = Path(settings.get("SEGSITE_ROOT") or os.getcwd())
    log = ProblemLog(root)
    config, defaults = read_config(settings, log)
    segments = load_segments(config.segments_path, log, config.languages)
    content = ContentReader(
        config.content_path, config.languages, log, config.section_words, reads
    ).read()
    today = build_date(config.timezone)
    if segments is not None:
        References(segments, content, config, today, log).check(defaults)
        check_page_count(segments, content, config, log)
    log.raise_if_failed(strict=config.strict)
    return Site(config, segments, content, defaults, today, warnings=log.warnings, root=root)
