"""What a set of campaign e-mails needs before one is written: the landing
page, segments, languages and banner named exist, and every text the
e-mails show is there in each language. Every problem is collected and
reported at once (EmailProblem); nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from .i18n import strings_for
from .problems import Problem, ProblemLog, suggest
from .site import Site, SiteConfig

# The e-mail's own texts, beside the theme's (i18n.py); SEGSITE_STRINGS
# adds or overrides them per language like any theme string.
EMAIL_STRINGS = MappingProxyType(
    {
        "en": {
            "email_cta": "See the offer",
            "email_reason": "You get this e-mail because you asked us for news and offers.",
            "email_unsubscribe": "Unsubscribe",
        },
        "ar": {
            "email_cta": "اطّلع على العرض",
            "email_reason": "تصلك هذه الرسالة لأنك طلبت منا الأخبار والعروض.",
            "email_unsubscribe": "إلغاء الاشتراك",
        },
        "fa": {
            "email_cta": "دیدن پیشنهاد",
            "email_reason": "این ایمیل را می‌گیرید چون خبرها و پیشنهادهای ما را خواسته‌اید.",
            "email_unsubscribe": "لغو اشتراک",
        },
    }
)


class EmailProblem(Exception):
    """What stops the e-mails, every problem at once (nothing is written)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Campaign:
    """What to write: a landing page, optionally one banner for every
    segment, the ``utm_campaign`` value, and which segments and languages
    (empty: all)."""

    slug: str
    banner: str | None = None
    name: str | None = None
    segments: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


def check_campaign(site: Site, campaign: Campaign) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The segments and languages to write; every unknown name, and every
    text missing in a language an e-mail needs, is a problem."""
    content, problems = site.content, []
    slugs = sorted({slug for slug, _ in content.landings})
    if campaign.slug not in slugs:
        problems.append(
            f"no landing page '{campaign.slug}'{suggest(campaign.slug, slugs)}:"
            f" name one of {', '.join(slugs)} with --page"
        )
    known = site.segments.ids
    for segment in campaign.segments:
        if segment not in known:
            problems.append(
                f"unknown segment '{segment}'{suggest(segment, known)}:"
                f" the segments are {', '.join(known)}"
            )
    for lang in campaign.languages:
        if lang not in site.config.languages:
            problems.append(
                f"'{lang}' is not a configured language"
                f"{suggest(lang, site.config.languages)}: {', '.join(site.config.languages)}"
            )
    banners = sorted({banner_id for banner_id, _ in content.banners})
    if campaign.banner is not None and campaign.banner not in banners:
        problems.append(
            f"no banner '{campaign.banner}' in content/banners/{suggest(campaign.banner, banners)}"
        )
    if problems:
        raise EmailProblem(problems)
    languages = campaign.languages or site.config.languages
    for lang in languages:
        problems += missing_in(site, campaign, lang)
    if problems:
        raise EmailProblem(problems)
    return campaign.segments or known, languages


def missing_in(site: Site, campaign: Campaign, lang: str) -> list[str]:
    content, problems = site.content, []
    leave_out = f"write it, or leave '{lang}' out with --lang"
    if (campaign.slug, lang) not in content.landings:
        problems.append(
            f"missing translation: the landing page '{campaign.slug}' has no '{lang}'"
            f" version (content/landing/{campaign.slug}.{lang}.md), which the '{lang}'"
            f" e-mails show: {leave_out}"
        )
    if campaign.banner is not None and (campaign.banner, lang) not in content.banners:
        problems.append(
            f"missing translation: the banner '{campaign.banner}' has no '{lang}' version"
            f" (content/banners/{campaign.banner}.{lang}.md), which the '{lang}' e-mails"
            f" show: {leave_out}"
        )
    missing = [key for key in EMAIL_STRINGS["en"] if key not in email_strings(site.config, lang)]
    if missing:
        # Where the language's strings are given, or else where it is configured.
        lines = site.config.setting_lines
        line = lines.get("SEGSITE_STRINGS") or lines.get("SEGSITE_LANGUAGES", 0)
        problem = Problem(
            ProblemLog(site.root).display_path(site.config.settings_file),
            line,
            f"missing translation: the e-mail has no '{lang}' text for {', '.join(missing)}:"
            f" add them to SEGSITE_STRINGS['{lang}']",
        )
        problems.append(str(problem))
    return problems


def email_strings(config: SiteConfig, lang: str) -> dict[str, str]:
    """The e-mail's texts in ``lang`` with the theme's, SEGSITE_STRINGS over both."""
    return {**EMAIL_STRINGS.get(lang, {}), **strings_for(lang, config.strings)}
