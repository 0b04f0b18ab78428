"""The theme's JavaScript: minified at build time, the inline one hashed for a
Content-Security-Policy without 'unsafe-inline'."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print
from jinja2 import Environment


@dataclass(frozen=True)
class Scripts:
    inline: str  # minified head script, inlined on every page
    deferred: str  # minified script written to theme/js/segsite.js
    preview: str  # minified development preview bar script (theme/js/preview.js)

    @property
    def inline_hash(self) -> str:
        digest = hashlib.sha256(self.inline.encode("utf-8")).digest()
        return "sha256-" + base64.b64encode(digest).decode("ascii")

    def content_security_policy(self) -> str:
        """Scripts only from the site or the hashed inline one; no third-party host."""
        return "; ".join(
            [
                "default-src 'self'",
                f"script-src 'self' '{self.inline_hash}'",
                "style-src 'self'",
                "img-src 'self' data:",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
            ]
        )


def load_scripts(env: Environment) -> Scripts:
    """Read the theme's scripts through the template loader (theme overrides apply)."""
    return Scripts(
        inline=_minified(env, "js/head.js"),
        deferred=_minified(env, "js/segsite.js"),
        preview=_minified(env, "js/preview.js"),
    )


def _minified(env: Environment, name: str) -> str:
    source, _, _ = env.loader.get_source(env, name)
    # "</script" cannot occur in minified code of ours, but never let it end the element.
    minified = minify_print(es5(source), obfuscate=True, obfuscate_globals=False)
    return minified.replace("</", "<\\/")
