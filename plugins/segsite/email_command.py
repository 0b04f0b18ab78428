"""``segsite email``: the campaign e-mails of one landing page
(campaign_email.py), one HTML file and one plain-text file per segment and
language, into ``output-email/`` (replaced whole, and only when every e-mail
could be written)."""

from __future__ import annotations

import json
import logging
import re
import shutil
import sys
import tempfile
from pathlib import Path

from pelican.log import init as init_logging

from .commandline import PATH_OPTIONS, add_command, path_overrides
from .problems import SiteInvalid

# A problem that names its file and line already.
LOCATED = re.compile(r"\S+:\d+: ")
HELP = "campaign e-mails of a landing page, per segment and language, in output-email/"
DESCRIPTION = (
    "Write a ready-to-send e-mail (HTML and plain text) per segment and language for a"
    " landing page: the banner's headline and line, the segment's offer, one button to the"
    " segment's page with utm_source=email, utm_medium=email and utm_campaign, the contact"
    " channels and your e-mail service's unsubscribe placeholder (SEGSITE_EMAIL_UNSUBSCRIBE)."
    " Links are absolute: the settings need the site's SITEURL (publishconf.py)."
)


def register(commands) -> None:
    parser = add_command(commands, "email", help=HELP, description=DESCRIPTION)
    parser.add_argument(
        "--settings",
        type=Path,
        default=Path("publishconf.py"),
        help="the settings file (default: publishconf.py, which has the site's address)",
    )
    for option, meaning in PATH_OPTIONS[1:3]:
        parser.add_argument(option, type=Path, help=meaning)
    parser.add_argument("--page", help="the landing page's slug (default: SEGSITE_HOME_SLUG)")
    parser.add_argument("--banner", help="one banner for every segment (default: each its own)")
    parser.add_argument(
        "--campaign", help="utm_campaign (default: the banner's id); an experiment's id, say"
    )
    parser.add_argument(
        "--segment", action="append", default=[], help="only this segment (repeatable)"
    )
    parser.add_argument(
        "--lang", action="append", default=[], help="only this language (repeatable)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("output-email"),
        help="the folder, replaced whole (default: output-email)",
    )
    parser.set_defaults(run=run_email)


def run_email(args) -> int:
    init_logging(level=logging.WARNING, handler=logging.StreamHandler(sys.stderr))
    return write_emails(
        args.settings,
        args.out,
        content=args.content,
        segments=args.segments,
        page=args.page,
        banner=args.banner,
        campaign=args.campaign,
        only_segments=tuple(dict.fromkeys(args.segment)),
        languages=tuple(dict.fromkeys(args.lang)),
    )


def write_emails(
    settings_file: Path,
    out: Path,
    *,
    content: Path | None = None,
    segments: Path | None = None,
    page: str | None = None,
    banner: str | None = None,
    campaign: str | None = None,
    only_segments: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
) -> int:
    """The command's work: 0 when every e-mail was written into ``out``, 1
    (every problem on stderr, nothing written) when none was."""
    from .campaign_email import Campaign, EmailProblem, EmailWriter
    from .cli import read_site_settings
    from .site import load_site

    override = {
        "SEGSITE_SETTINGS_FILE": str(settings_file.resolve()),
        **path_overrides(content, segments),
    }
    try:
        settings = read_site_settings(settings_file.resolve(), override)
        site = load_site(settings)
    except SiteInvalid as exc:
        print(f"{exc}\nNothing was written.", file=sys.stderr)
        return 1
    if not site.config.siteurl:
        print(
            f"segsite email: SITEURL is empty in {settings_file}, and an e-mail's links must"
            " be absolute: use --settings publishconf.py (or set SITEURL)",
            file=sys.stderr,
        )
        return 1
    wanted = Campaign(
        slug=page or site.config.home_slug,
        banner=banner,
        name=campaign,
        segments=only_segments,
        languages=languages,
    )
    try:
        emails = EmailWriter(site, settings).write(wanted)
    except EmailProblem as problem:
        for message in problem.problems:
            located = LOCATED.match(message) is not None
            print(message if located else f"segsite email: {message}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    write_folder(out.resolve(), emails)
    shown = ", ".join(email.name for email in emails[:3]) + (" ..." if len(emails) > 3 else "")
    print(
        f"Wrote {len(emails)} e-mail{'s' if len(emails) != 1 else ''} into {out}/"
        " (an .html and a .txt each, and"
        f" emails.json): {shown}"
    )
    return 0


def write_folder(out: Path, emails) -> None:
    """Every e-mail and ``emails.json`` (subject, preheader and link of
    each, for the e-mail service), in place of ``out`` at once."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        index = []
        for email in emails:
            (staging / f"{email.name}.html").write_text(email.html, encoding="utf-8")
            (staging / f"{email.name}.txt").write_text(email.text, encoding="utf-8")
            index.append(
                {
                    "html": f"{email.name}.html",
                    "text": f"{email.name}.txt",
                    "page": email.slug,
                    "segment": email.segment,
                    "lang": email.lang,
                    "subject": email.subject,
                    "preheader": email.preheader,
                    "link": email.link,
                }
            )
        (staging / "emails.json").write_text(
            json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        shutil.rmtree(out, ignore_errors=True)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
