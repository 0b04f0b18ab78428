"""Production settings: the development ones plus the public address."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SEGSITE_SITEURL", "https://tanin.example")
RELATIVE_URLS = False
SEGSITE_PREVIEW = False
# Fingerprinted, minified and precompressed files, _headers, _redirects and the
# edge runtimes (_worker.js, _netlify/segsite.js): segsite/publish.py.
SEGSITE_PUBLISH = True
