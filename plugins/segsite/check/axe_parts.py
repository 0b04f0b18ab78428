"""axe over one page at one size, leaving out what an earlier page judged:
the parts keyed alike (facts.js, shared.py), and, when the rest of the page
around them is alike too, running over the new parts alone, or not at all
when there are none. axe itself is put into the page only when it runs."""

from __future__ import annotations

from segsite.check.page_facts import run_axe
from segsite.check.phases import Phases
from segsite.check.shared import SharedParts

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Rules whose outcome can change with the layout: at the second and later
# viewports only these run (the others judge the DOM, which is the same).
AXE_LAYOUT_RULES = [
    "color-contrast",
    "target-size",
    "scrollable-region-focusable",
    "link-in-text-block",
]

# What axe judges around the parts (facts.js "rest"), named as a part is.
REST = "rest of the page"


def axe_keys(facts: dict) -> dict:
    """{part: its axe key} of facts.js's facts, the rest of the page included."""
    keys = {part: key and key["axe"] for part, key in facts["parts"].items()}
    return keys | {REST: facts["rest"]}


class PartsAxe:
    def __init__(self, shared: SharedParts, phases: Phases, axe_script: str):
        self.shared = shared
        self.phases = phases
        self.axe_script = axe_script
        self.in_tab = False  # axe is in the page loaded now (see new_load)

    def new_load(self) -> None:
        self.in_tab = False

    def judge(self, page, path: str, facts: dict, rules: str) -> tuple[list[dict], dict]:
        """(axe's violations with ``rules``, "all" or "layout", and {part:
        page} of the parts it left out, judged there). A part whose landmark
        shares its role and name with one outside it stays in (facts.js,
        clash): axe's landmark-unique compares only what it is given."""
        parts, keys = facts["parts"], axe_keys(facts)
        left_out = {
            part: judged_on
            for part, judged_on in self.shared.judged(keys, rules).items()
            if part == REST or not parts[part]["clash"]
        }
        new = [part for part, key in keys.items() if key and part not in left_out]
        violations = self._run(page, rules, parts, new, left_out) if new else []
        self.shared.axed(keys, rules, path)
        return violations, left_out

    def _run(self, page, rules: str, parts: dict, new: list, left_out: dict) -> list[dict]:
        if not self.in_tab:
            with self.phases("axe: injection"):
                page.evaluate(self.axe_script)
            self.in_tab = True
        # Over the new parts alone when the rest was judged, unless one of
        # them clashes: the landmark it shares a name with may be in the rest.
        if REST in left_out and not any(parts[part]["clash"] for part in new):
            include, exclude = [parts[part]["selector"] for part in new], []
        else:
            include = []
            exclude = [parts[part]["selector"] for part in left_out if part != REST]
        run_only = (
            {"type": "tag", "values": AXE_TAGS}
            if rules == "all"
            else {"type": "rule", "values": AXE_LAYOUT_RULES}
        )
        with self.phases(f"axe ({rules} rules)"):
            return run_axe(page, run_only, include, exclude)
