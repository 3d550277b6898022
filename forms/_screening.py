"""A validator refusing free text that looks like it identifies a person (see domain.identifying_text)."""
import logging

from wtforms.validators import ValidationError

from domain.identifying_text import ADDRESS, DATE, EMAIL, NAME, PHONE, PLATE, SSN, find_identifying

log = logging.getLogger("hmis.screening")

ADVICE = {
    PHONE: "never enter contact details",
    EMAIL: "never enter contact details",
    ADDRESS: "never enter an address or other contact details",
    SSN: "never enter a Social Security number",
    DATE: "dates go only in the date fields",
    PLATE: "never enter a vehicle's plate",
    NAME: "never enter a person's name",
}
MIXED_ADVICE = "never enter names, contact details, ID numbers or exact dates"


def screening_message(findings):
    """The message shown beside the field: each kind found with its first fragment, and what to do."""
    first = {}
    for finding in findings:
        first.setdefault(finding.category, finding.fragment)
    parts = [f"{category} (“{fragment}”)" for category, fragment in first.items()]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    advice = {ADVICE[category] for category in first}
    if len(findings) == 1:
        return f"This looks like {listed}. Remove it: {advice.pop()}."
    return f"This looks like {listed}. Remove them: {advice.pop() if len(advice) == 1 else MIXED_ADVICE}."


class NoIdentifyingText:
    """Refuse what looks like a name, contact detail, ID number or exact date. The message holds the
    fragment typed, so it is shown beside the field and never logged. A failing check lets the text
    through: a bug in the safety net must not stop a caseworker from saving."""

    def __call__(self, form, field):
        try:
            findings = find_identifying(field.data) if isinstance(field.data, str) else []
        except Exception as exc:  # noqa: BLE001 - any failure of the check, by design
            log.error("Free-text screening failed with %s; the text was saved unchecked", type(exc).__name__)
            return
        if findings:
            raise ValidationError(screening_message(findings))
