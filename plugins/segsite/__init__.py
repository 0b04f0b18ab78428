"""segsite: personalized, multilingual landing pages for Pelican."""

from pelican import signals


def _generators(pelican):
    from .generator import SegsiteGenerator

    return SegsiteGenerator


def _finalized(pelican):
    # After Pelican's own generators (theme and static files) have written.
    from .generator import publish_finished_build

    publish_finished_build(pelican.output_path)


def register():
    signals.get_generators.connect(_generators)
    signals.finalized.connect(_finalized)
