"""The agency's re-identification settings, and the "save anyway" choice the guard offers in data entry forms."""
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, IntegerField, StringField, ValidationError
from wtforms.validators import Length

from domain.reidentification import DEFAULT_K, ELEMENTS, MAX_K, MIN_K, WITHHELD, k_problem

from ._fields import choices
from ._screening import NoIdentifyingText
from .admin import MultiCheckboxField

REASON_MAX = 200


class ElementsField(MultiCheckboxField):
    def pre_validate(self, form):
        unknown = [name for name in self.data or () if name not in ELEMENTS]
        if unknown:
            raise ValidationError(f"Unknown element: {', '.join(unknown)[:100]}. Choose from the list.")


class PrivacySettingsForm(FlaskForm):
    elements = ElementsField("Answers counted together", choices=choices((n, e.label) for n, e in ELEMENTS.items()),
                             description="People who share all of the ticked answers form a group.")
    k = IntegerField("Smallest group allowed (k)", description=f"From {MIN_K} to {MAX_K}. {DEFAULT_K} is usual.",
                     render_kw={"inputmode": "numeric", "min": MIN_K, "max": MAX_K})

    def validate_k(self, field):
        if field.data is None and field.raw_data and field.raw_data[0].strip():
            field.errors[:] = []  # WTForms' own "Not a valid integer value." says less
            raise ValidationError(f"Enter the group size as a whole number, like {DEFAULT_K}.")
        if problem := k_problem(field.data):
            raise ValidationError(problem)

    def validate_elements(self, field):
        if not field.data:
            raise ValidationError("Tick at least one answer: with none, nothing is checked.")


class SaveAnywayFields:
    """Mixed into a data entry form: when the guard warns, staff apply its proposal, change answers, or save anyway
    with a reason. One flow for every form the guard checks (models.privacy_check gives the panel)."""
    # Withholding an element, as this form's fields spell it: element -> (field set to 9, fields cleared).
    WITHHOLD: dict = {}

    save_anyway = BooleanField("Save anyway, as typed")
    # The reason goes to the audit trail: a name or a phone number typed here would be stored there.
    save_anyway_reason = StringField("Reason for saving anyway", filters=[lambda v: v.strip() if v else v],
                                     validators=[Length(max=REASON_MAX,
                                                        message=f"Keep the reason to {REASON_MAX} characters."),
                                                 NoIdentifyingText()],
                                     description="Recorded in the audit trail. Never a name or a place.")

    def proposal_fields(self, target):
        """The form, or the member's sub-form, that a proposal for `target` changes."""
        return self

    def with_proposal(self, formdata, panel, target):
        """The posted data with the guard's proposal for `target` applied: answers set to 9 ("Client prefers not
        to answer", their follow-up answers cleared) and, at intake, the dates approximated."""
        data = MultiDict(formdata)
        proposal = panel.proposals.get(target)
        if proposal is None:
            return data
        fields = self.proposal_fields(target)
        for name in proposal.withhold:
            if name in self.WITHHOLD:
                to_nine, cleared = self.WITHHOLD[name]
                for field_name in cleared:
                    data.poplist(fields[field_name].name)
                data[fields[to_nine].name] = str(WITHHELD)
        if proposal.approximate:
            data[self.approximate_dates.name] = "y"
        return data

    def blocked_by(self, panel):
        """Whether the guard's warning stops this save: then the message is put beside the field it concerns."""
        problem = self.override_problem() if panel.at_risk else None
        if problem:
            getattr(self, problem[0]).errors.append(problem[1])
        return problem is not None

    def privacy_override(self, panel):
        """What the audit trail records of a save despite a warning: the elements kept as typed, and the reason."""
        return (panel.overridden_elements(), self.save_anyway_reason.data) if panel.at_risk else None

    def override_problem(self):
        """None when saving may go ahead despite a warning; otherwise (field name, message)."""
        if not self.save_anyway.data:
            return ("save_anyway", "These answers could identify someone: apply the proposal, change answers, "
                                   "or tick “Save anyway” and give the reason.")
        if not self.save_anyway_reason.data:
            return ("save_anyway_reason", "Give the reason for saving anyway.")
        return None
