"""Forwarding segsite's events to the analytics tool a team already runs
(``SEGSITE_ANALYTICS``), and the hosts its Content-Security-Policy must allow.

segsite loads no third-party script: the team adds its provider's tag (an
external ``<script src>``, in a site template override of
``partials/analytics.html``), segsite.js hands each event to that provider's
own browser API when it is on the page, and the policy names exactly that
provider's hosts, nothing else. The hosts are the ones each provider
documents for a Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

GOOGLE = MappingProxyType(
    {
        "script": ("https://www.googletagmanager.com",),
        "connect": (
            "https://*.google-analytics.com",
            "https://*.analytics.google.com",
            "https://*.googletagmanager.com",
        ),
        "img": ("https://*.google-analytics.com", "https://*.googletagmanager.com"),
    }
)
# provider -> its default host (None: there is none, `host` is required), or
# its fixed hosts by policy directive.
PROVIDERS = MappingProxyType(
    {
        "ga4": GOOGLE,
        "gtm": GOOGLE,
        "plausible": "https://plausible.io",
        "umami": "https://cloud.umami.is",
        "matomo": None,
    }
)
# What a self-hosted (or default) host serves: the script and the event
# requests; Matomo's tracker also falls back to an image request.
HOST_DIRECTIVES = MappingProxyType(
    {
        "plausible": ("script", "connect"),
        "umami": ("script", "connect"),
        "matomo": ("script", "connect", "img"),
    }
)


@dataclass(frozen=True)
class AnalyticsHosts:
    """The configured provider (None: none) and its hosts by CSP directive."""

    provider: str | None = None
    hosts: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def sources(self, directive: str) -> str:
        """The directive's extra sources, with a leading space, or ''."""
        return "".join(" " + host for host in self.hosts.get(directive, ()))


NO_ANALYTICS = AnalyticsHosts()


def analytics_problem(provider: str, host: str | None) -> str | None:
    """What is wrong with a provider and host pair, or None."""
    fixed = PROVIDERS[provider]
    if isinstance(fixed, MappingProxyType) and host:
        return (
            f"SEGSITE_ANALYTICS: '{provider}' takes no 'host' (its hosts are Google's): remove it"
        )
    if fixed is None and not host:
        return (
            f"SEGSITE_ANALYTICS: '{provider}' needs 'host', the https origin of your"
            " instance, like 'https://analytics.example.org'"
        )
    return None


def analytics_hosts(provider: str | None, host: str | None) -> AnalyticsHosts:
    if provider is None:
        return NO_ANALYTICS
    fixed = PROVIDERS[provider]
    if isinstance(fixed, MappingProxyType):
        return AnalyticsHosts(provider, fixed)
    origin = host or fixed
    return AnalyticsHosts(
        provider, MappingProxyType({name: (origin,) for name in HOST_DIRECTIVES[provider]})
    )
