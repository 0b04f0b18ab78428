"""segsite: personalized, multilingual landing pages for Pelican."""

from pelican import signals


def _generators(pelican):
    from .generator import SegsiteGenerator

    return SegsiteGenerator


def register():
    signals.get_generators.connect(_generators)
