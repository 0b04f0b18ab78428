"""The theme's JavaScript: minified at build time, the inline one hashed for a
Content-Security-Policy without 'unsafe-inline'."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from dataclasses import dataclass
from importlib import resources

from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print
from jinja2 import Environment

from .analytics import NO_ANALYTICS, AnalyticsHosts


@dataclass(frozen=True)
class Scripts:
    inline: str  # minified head script, inlined on every page
    arms: str  # minified experiment script, inlined after it on pages with an experiment
    deferred: str  # minified script written to theme/js/segsite.js
    preview: str  # minified development preview bar script (theme/js/preview.js)
    analytics: str  # minified provider forwarding (theme/js/analytics.js, with SEGSITE_ANALYTICS)
    forms: str  # minified lead form script (theme/js/forms.js, on form pages)

    @property
    def inline_hashes(self) -> str:
        return " ".join(f"'{source_hash(script)}'" for script in (self.inline, self.arms))

    def content_security_policy(
        self, analytics: AnalyticsHosts = NO_ANALYTICS, form_action: str = "", turnstile: str = ""
    ) -> str:
        """Scripts only from the site or the hashed inline ones; no third-party
        host but the configured analytics provider's, the form service's
        origin (``form_action``) as the only other place a form may post to,
        and Turnstile's host (``turnstile``) for its script and frame."""
        return "; ".join(
            [
                "default-src 'self'",
                f"script-src 'self' {self.inline_hashes}{analytics.sources('script')}"
                + (f" {turnstile}" if turnstile else ""),
                *([f"frame-src {turnstile}"] if turnstile else []),
                "style-src 'self'",
                f"img-src 'self' data:{analytics.sources('img')}",
                *([f"connect-src 'self'{analytics.sources('connect')}"] if analytics.hosts else []),
                "object-src 'none'",
                "base-uri 'self'",
                f"form-action 'self'{' ' + form_action if form_action else ''}",
            ]
        )


def source_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


# The rule resolver lives with the edge runtimes in the package, not in the
# theme: the inline head script and both edge runtimes (edge.py) read this one
# file from here. Were it a theme template, a site's templates/ could override
# it for the browser while the edge kept the kit's, and the two would decide
# differently without a word; a site may still replace head.js, but head.js
# gets the kit's resolver whatever it is.
RESOLVER = "resolve.js"
ASSIGNER = "assign.js"  # the experiment assignment, carried the same way


def runtime_source(name: str) -> str:
    """A file of plugins/segsite/runtime/ (the installed package's copy)."""
    return resources.files("segsite").joinpath("runtime", name).read_text(encoding="utf-8")


def kept_scripts(record: dict | None) -> Scripts | None:
    """The scripts a previous build recorded, when they are this kit's kind
    (a record from an older kit may lack one: then minify again)."""
    names = {field.name for field in dataclasses.fields(Scripts)}
    return Scripts(**record) if record and set(record) == names else None


def load_scripts(env: Environment) -> Scripts:
    """Read the theme's scripts through the template loader (theme overrides apply)."""
    return Scripts(
        inline=_minified(inline_source(env)),
        arms=_minified(inline_source(env, ASSIGNER, "js/arms.js")),
        deferred=_minified(_template(env, "js/segsite.js")),
        preview=_minified(_template(env, "js/preview.js")),
        analytics=_minified(_template(env, "js/analytics.js")),
        forms=_minified(_template(env, "js/forms.js")),
    )


def inline_source(env: Environment, runtime: str = RESOLVER, script: str = "js/head.js") -> str:
    """An inline script before minifying: the runtime file (the resolver for
    the head script), then the theme's script as the body of one function of
    ``doc`` and ``win``, so no name of either leaks into the page's globals
    and the minifier may shorten them all."""
    return "".join(
        [
            "(function (doc, win) {\n",
            runtime_source(runtime),
            "\n",
            _template(env, script),
            "\n})(document, window);\n",
        ]
    )


def _template(env: Environment, name: str) -> str:
    source, _, _ = env.loader.get_source(env, name)
    return source


def _minified(source: str) -> str:
    # "</script" cannot occur in minified code of ours, but never let it end the element.
    # drop_semi: no ";" before "}"; the inline script needs those bytes for its budget.
    minified = minify_print(es5(source), obfuscate=True, obfuscate_globals=False, drop_semi=True)
    return minified.replace("</", "<\\/")
