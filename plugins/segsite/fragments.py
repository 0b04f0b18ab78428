"""Parts of a page rendered once for every page that shows them alike.

A landing page's 33 segment pages share their navigation, footer, body and
most sections with each other and with the other pages of their language.
Templates call ``fragment("partials/x.html")`` where they would include a
partial: the partial is rendered the first time, and a later page whose
values for every variable the partial reads are equal gets the same markup.

Which variables a partial reads is found from its source (and that of the
partials it includes) with Jinja's own analysis, so a site that overrides a
partial and shows, say, the page's title in its footer keeps a correct page:
``title`` becomes part of the key, and the footer is rendered per title. The
page's language is always part of it (the localize and digits filters
depend on it). A value that cannot be compared cheaply (an object that is
neither text, a number, a list, a dict nor hashable) makes the partial render
each time, as an include would. A fragment's partial includes others with
``include`` (their reads are followed), never with ``fragment``.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from jinja2 import Environment, meta
from jinja2.runtime import Context, Undefined
from markupsafe import Markup

# How many frozen containers Fragments keeps by identity.
KEPT_CONTAINERS = 2048


class Unkeyable(Exception):
    """A value the fragment's key cannot hold."""


def frozen(value: Any) -> Hashable:
    """An equal-if-equal, hashable stand-in for a template value."""
    if isinstance(value, dict):
        return ("{", frozen_items(tuple(value.items())))
    if isinstance(value, list | tuple):
        return ("[", frozen_items(tuple(value)))
    if isinstance(value, Undefined):
        return ("undefined",)
    try:
        hash(value)
    except TypeError as error:
        raise Unkeyable(type(value).__name__) from error
    return value


def frozen_items(items: tuple) -> tuple:
    # Most containers hold text and numbers: hashed as they are, in C; only
    # those holding containers are taken apart.
    try:
        hash(items)
        return items
    except TypeError:
        return tuple(frozen(item) for item in items)


class Fragments:
    """The ``fragment`` template global of one build (each render process
    has its own copy after the fork)."""

    # Off: every fragment renders every time (the tests compare both).
    enabled = True

    def __init__(self, env: Environment):
        self.env = env
        self._reads: dict[str, tuple[str, ...]] = {}
        self._rendered: dict[Hashable, Markup] = {}
        # Containers already frozen, by identity: a language's strings, its
        # menus and contact strip are one object on thousands of pages. Each
        # is held here, so its id stays its own while it is here; emptied
        # when it grows (a page's own lists would otherwise stay alive), the
        # shared ones are back at their next use.
        self._frozen: dict[int, tuple[Any, Hashable]] = {}

    def __call__(self, context: Context, name: str, **given: Any) -> Markup:
        if not self.enabled:
            return self._render(context, name, given)
        try:
            key = (
                name,
                context.resolve_or_missing("lang"),
                tuple(
                    self.key_part(
                        given[variable]
                        if variable in given
                        else context.resolve_or_missing(variable)
                    )
                    for variable in self.reads(name)
                ),
            )
        except Unkeyable:
            return self._render(context, name, given)
        if key not in self._rendered:
            self._rendered[key] = self._render(context, name, given)
        return self._rendered[key]

    def key_part(self, value: Any) -> Hashable:
        """``frozen(value)``, once per shared container."""
        if not isinstance(value, dict | list):
            return frozen(value)
        known = self._frozen.get(id(value))
        if known is None or known[0] is not value:
            if len(self._frozen) >= KEPT_CONTAINERS:
                self._frozen.clear()
            known = self._frozen[id(value)] = (value, frozen(value))
        return known[1]

    def _render(self, context: Context, name: str, given: dict[str, Any]) -> Markup:
        return Markup(self.env.get_template(name).render({**context.get_all(), **given}))

    def reads(self, name: str) -> tuple[str, ...]:
        """The variables ``name`` and the partials it includes read from the page."""
        if name not in self._reads:
            found: set[str] = set()
            self._collect(name, found, set())
            self._reads[name] = tuple(sorted(found))
        return self._reads[name]

    def _collect(self, name: str, found: set[str], seen: set[str]) -> None:
        if name in seen:
            return
        seen.add(name)
        source = self.env.loader.get_source(self.env, name)[0]
        tree = self.env.parse(source)
        found |= meta.find_undeclared_variables(tree) - set(self.env.globals)
        for included in meta.find_referenced_templates(tree):
            if included is None:
                # An include whose name is computed: its reads are unknown.
                raise ValueError(f"{name}: fragment() needs includes with fixed names")
            # A name an included partial reads may be set by this one ({% with
            # %}, a loop): keyed also by the page's value of that name, if it
            # has one; more keys, never a wrong page.
            self._collect(included, found, seen)
