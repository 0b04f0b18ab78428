"""What a failed check carries into the report: each finding names the
element, and the advice says what to change."""

from __future__ import annotations


class CheckFailed(AssertionError):
    """A check's findings: each one names the element and what to change."""

    def __init__(self, check: str, findings: list[str], advice: str):
        self.check, self.findings, self.advice = check, findings, advice
        super().__init__(f"{check}: " + "; ".join(findings) + f" -> {advice}")


def require(check: str, findings: list[str], advice: str) -> None:
    if findings:
        raise CheckFailed(check, [str(f) for f in findings], advice)


def note_reuse(notes: list[str], visit, kind: str) -> None:
    """Adds to the check's ``notes`` (its result's "reuses") what it took from
    another page's check instead of checking it again (Visit.reused: "header
    axe", "footer pixels"), and from which page."""
    reused = [f"{what} of {page}" for what, page in visit.reused.items() if what.endswith(kind)]
    if reused:
        notes.append("; ".join(reused))
