"""segsite: personalized, multilingual landing pages for Pelican.

Installed, it is found by name (``PLUGINS = ["segsite"]``); its theme ships
inside the package (``theme/``), so a site needs no copy of it."""

from pelican import signals


def _apply_kit_defaults(pelican):
    from .kit import apply_kit_defaults

    apply_kit_defaults(pelican)


def _generators(pelican):
    from .generator import SegsiteGenerator

    return SegsiteGenerator


def register():
    signals.initialized.connect(_apply_kit_defaults)
    signals.get_generators.connect(_generators)
