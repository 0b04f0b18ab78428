"""The check pass's one pytest test: every check of one page or stylesheet
(units.py), parametrized by conftest.py with the units of this run."""

from __future__ import annotations

from segsite.check.units import RUN


def test_checks(request, unit):
    request.config.pluginmanager.get_plugin(RUN).run_unit(unit, request.getfixturevalue)
