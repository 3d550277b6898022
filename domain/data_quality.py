"""What HUD's data quality checks would flag for one household, kept apart from privacy choices.

"Client prefers not to answer" (9) chosen for safety and approximated dates are deliberate: they
are listed as privacy choices, not as errors to fix. "Data not collected" (99), blanks where HUD
requires an answer, exits with no destination and overdue annual assessments are gaps to fix.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from domain.codes import CLIENT_DOESNT_KNOW, DATA_NOT_COLLECTED, PREFERS_NOT_TO_ANSWER

GAP, UNKNOWN, PRIVACY = "gap", "unknown", "privacy"
ANNUAL_ASSESSMENT_DUE = timedelta(days=365)


@dataclass(frozen=True)
class Finding:
    kind: str       # GAP (to fix), UNKNOWN (client doesn't know: check later) or PRIVACY (deliberate)
    element: str    # the HUD element, as labelled on the forms
    member: str     # the member's record code
    fix: str        # where to fix it: "member", "exit" or "assessment"


def classify(code: int | None) -> str | None:
    """The finding kind for a stored answer, or None when it is a real answer."""
    if code is None or code == DATA_NOT_COLLECTED:
        return GAP
    if code == CLIENT_DOESNT_KNOW:
        return UNKNOWN
    if code == PREFERS_NOT_TO_ANSWER:
        return PRIVACY
    return None


def member_findings(member_code: str, answers: Mapping[str, int | None], *, exit_destination: int | None = None,
                    exited: bool = False, entry_date: date | None = None, last_annual: date | None = None,
                    today: date | None = None) -> list[Finding]:
    """Findings for one member. `answers` maps HUD element labels to stored codes (only elements asked)."""
    findings = [Finding(kind, element, member_code, "member")
                for element, code in answers.items() if (kind := classify(code))]
    if exited:
        kind = GAP if exit_destination in (None, DATA_NOT_COLLECTED, 30) else classify(exit_destination)
        if kind:
            findings.append(Finding(kind, "Destination", member_code, "exit"))
    elif entry_date and today and today - entry_date >= ANNUAL_ASSESSMENT_DUE:
        if last_annual is None or today - last_annual >= ANNUAL_ASSESSMENT_DUE:
            findings.append(Finding(GAP, "Annual assessment (in the project a year or more)", member_code,
                                    "assessment"))
    return findings


def stored_today(today: date, offset_days: int) -> date:
    """Today on the household's stored time line (its dates sit `offset_days` later)."""
    return today + timedelta(days=offset_days)
