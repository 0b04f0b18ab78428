"""JSON-LD for search engines: who runs the site, what the page is and, where
its banner is a dated campaign, the offer it makes."""

from __future__ import annotations

from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .models import Banner
from .site import SiteConfig
from .urls import Location, UrlScheme


def structured_data(
    config: SiteConfig,
    urls: UrlScheme,
    lang: str,
    title: str,
    location: Location,
    canonical: Location,
    offer: Banner | None,
) -> Markup:
    """The organization (with how to reach a person), this page and the
    offer; escaped for a <script> element. The page is named by its canonical
    URL: a segment page is the generic page seen by one segment."""
    contact = config.contact
    points = [
        {"@type": "ContactPoint", "contactType": "customer service", key: value}
        for key, value in (("telephone", contact.get("phone")), ("email", contact.get("email")))
        if value
    ]
    organization = {
        "@type": "Organization",
        "name": config.brand["name"],
        "url": urls.absolute(""),
    }
    if points:
        organization["contactPoint"] = points
    page = {
        "@type": "WebPage",
        "name": title,
        "url": urls.absolute(canonical.url),
        "inLanguage": lang,
    }
    graph = [organization, page]
    if offer is not None and (offer.starts or offer.ends):
        graph.append(offer_data(config, urls, offer, location))
    return htmlsafe_json_dumps({"@context": "https://schema.org", "@graph": graph})


def offer_data(
    config: SiteConfig, urls: UrlScheme, banner: Banner, location: Location
) -> dict[str, Any]:
    """A banner with campaign dates is a time-limited offer, on the page that shows it."""
    offer: dict[str, Any] = {
        "@type": "Offer",
        "name": banner.headline,
        "url": urls.absolute(location.url),
        "offeredBy": {"@type": "Organization", "name": config.brand["name"]},
    }
    if banner.starts:
        offer["validFrom"] = banner.starts.isoformat()
    if banner.ends:
        offer["validThrough"] = banner.ends.isoformat()
    return offer
