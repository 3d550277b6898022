"""Project exit (3.11, 3.12 and Reason for Leaving) for chosen members, and the Housing Move-in Date (3.20)."""
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from domain import codes
from domain.exits import (OTHER_DESTINATION_MAX, asks_other_destination, asks_subsidy, destination_group,
                          exit_date_problems, head_of, move_in_problem)
from domain.intake import stored_start

from ._fields import CodeChoice, NoFormulaStart, code_select, int_or_none, optional_code_select
from ._screening import NoIdentifyingText
from .admin import MultiCheckboxField
from .privacy import SaveAnywayFields

SUBSIDY_LABEL = codes.DESTINATION[435]
NOT_PERMANENT_HOUSING = ("The Housing Move-in Date is collected only in permanent housing projects "
                         "(PSH, PH - Housing Only, PH - Housing with Services, Rapid Re-Housing).")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class MembersField(CodeChoice, MultiCheckboxField):
    """The members to exit: those without a live exit. An exited member posted anyway is named."""

    def pre_validate(self, form):
        exited = [form.stays[i].code for i in self.data or () if i in form.stays and form.stays[i].exit_date]
        if exited:
            raise ValidationError(f"{', '.join(exited)} already {'has' if len(exited) == 1 else 'have'} "
                                  "a Project Exit Date. Undo that exit first to record a new one.")
        super().pre_validate(form)


class DestinationFields(FlaskForm):
    """3.12 Destination with its follow-ups, and the local Reason for Leaving."""
    destination = code_select("Destination", codes.DESTINATION, "Choose the Destination.", group=destination_group)
    destination_subsidy_type = optional_code_select("Rental Subsidy Type", codes.RENTAL_SUBSIDY_TYPE, "Choose…")
    other_destination = StringField(
        "Other Destination", filters=[_strip],
        validators=[Length(max=OTHER_DESTINATION_MAX,
                           message=f"Keep the Other Destination to {OTHER_DESTINATION_MAX} characters."),
                    NoFormulaStart(), NoIdentifyingText()],
        description="The kind of place only: never an address, a town or a person's name.")
    reason_for_leaving = code_select("Reason for Leaving", codes.REASON_FOR_LEAVING, "Choose the Reason for Leaving.")

    def followups(self):
        """The follow-up fields to show: those the Destination asks for, and any with a message."""
        destination = self.destination.data
        return {name for name, asked in (("destination_subsidy_type", asks_subsidy(destination)),
                                         ("other_destination", asks_other_destination(destination)))
                if asked or getattr(self, name).errors}

    def _check_followups(self):
        """3.12.A only for destination 435, Other Destination only for 17 (HUD's dependencies)."""
        destination, subsidy, other = self.destination.data, self.destination_subsidy_type, self.other_destination
        if self.destination.errors or subsidy.errors or other.errors:
            return
        if asks_subsidy(destination) and subsidy.data is None:
            subsidy.errors.append(f"Choose the Rental Subsidy Type: HUD asks it for “{SUBSIDY_LABEL}”.")
        elif not asks_subsidy(destination) and subsidy.data is not None:
            subsidy.errors.append(f"Leave the Rental Subsidy Type empty: HUD asks it only for “{SUBSIDY_LABEL}”.")
        if asks_other_destination(destination) and not other.data:
            other.errors.append("Describe the Other Destination.")
        elif not asks_other_destination(destination) and other.data:
            other.errors.append("Leave the Other Destination empty: it is asked only when the Destination is “Other”.")

    def answers(self):
        """The 3.12 values to store (call on a validated form)."""
        return {"destination": self.destination.data,
                "destination_subsidy_type": self.destination_subsidy_type.data,
                "other_destination": self.other_destination.data or None,
                "reason_for_leaving": self.reason_for_leaving.data}


class ExitForm(SaveAnywayFields, DestinationFields):
    WITHHOLD = {"destination_group": ("destination", ("destination_subsidy_type", "other_destination"))}
    members = MembersField("Household members to exit", coerce=int_or_none,
                           description="Everyone still enrolled is ticked; untick anyone who stays.")
    exit_date = DateField("Project Exit Date", validators=[InputRequired("Enter the Project Exit Date.")],
                          description="Type the real date. The last day of the stay, or of services.")

    def __init__(self, *args, stays, offset_days, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.stays = {s.enrollment_id: s for s in stays}
        self.offset_days, self.today = offset_days, today
        self.members.choices = [(s.enrollment_id, f"{s.code} · {codes.RELATIONSHIP_TO_HOH[s.relationship_to_hoh]}")
                                for s in stays if s.exit_date is None]

    def chosen(self):
        """The stays of the members chosen so far (unknown or exited ones left out)."""
        return [self.stays[i] for i in self.members.data or () if i in self.stays and not self.stays[i].exit_date]

    def stored_exit_date(self):
        return stored_start(self.exit_date.data, self.offset_days)

    def checked_stored_exit_date(self):
        """The exit date as stored, once a date passed its own checks (else None)."""
        return self.stored_exit_date() if self.exit_date.data and not self.exit_date.errors else None

    def date_problems(self):
        """What is wrong with the exit date for the members chosen (for the live preview too)."""
        if self.exit_date.data > self.today:
            return ["The Project Exit Date cannot be in the future."]
        stored = self.stored_exit_date()
        return [problem for stay in self.chosen() for problem in exit_date_problems(stored, stay)]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.members.data and not self.members.errors:
            self.members.errors.append("Choose at least one household member to exit.")
        if self.exit_date.data and not self.exit_date.errors and not self.members.errors:
            self.exit_date.errors.extend(self.date_problems())
        self._check_followups()
        return valid and not any(f.errors for f in (self.members, self.exit_date, self.destination_subsidy_type,
                                                     self.other_destination))



class InactiveExitForm(DestinationFields):
    """Exit several inactive participants at once, each on their own last activity date."""
    enrollments = MultiCheckboxField("Participants to exit", coerce=int_or_none)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrollments.choices = choices

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.enrollments.data and not self.enrollments.errors:
            self.enrollments.errors.append("Tick at least one participant to exit.")
        self._check_followups()
        return valid and not any(f.errors for f in (self.enrollments, self.destination_subsidy_type,
                                                     self.other_destination))


class MoveInForm(FlaskForm):
    # The stored move-in date the page showed: a save after someone else's correction is a conflict to show.
    loaded = HiddenField()
    move_in_date = DateField("Housing Move-in Date", validators=[InputRequired("Enter the Housing Move-in Date.")],
                             description="Type the real date the household moved in and slept in the unit.")

    def __init__(self, *args, project, stays, offset_days, today, **kwargs):
        super().__init__(*args, **kwargs)
        permanent_housing = project.project_type in codes.PERMANENT_HOUSING_PROJECT_TYPES
        self.refusal = None if permanent_housing else NOT_PERMANENT_HOUSING
        self.head = head_of(stays)
        self.offset_days, self.today = offset_days, today

    def not_changed_meanwhile(self):
        """False (with a message) when the stored move-in date changed since the page was loaded."""
        current = self.head.move_in.isoformat() if self.head and self.head.move_in else ""
        if self.loaded.data == current:
            return True
        self.move_in_date.errors.append("Someone else saved a Housing Move-in Date while you had this page "
                                        "open: check the date stored now, then save again.")
        self.loaded.data = current
        return False

    def stored_move_in_date(self):
        return stored_start(self.move_in_date.data, self.offset_days)

    def date_problem(self):
        """What is wrong with the date typed (for the live preview too), or None."""
        if self.move_in_date.data > self.today:
            return "The Housing Move-in Date cannot be in the future."
        if self.head is None:
            return "This household has no head of household, whose Housing Move-in Date this is."
        return move_in_problem(self.stored_move_in_date(), self.head)

    def validate(self, extra_validators=None):
        if self.refusal:  # whatever was posted, this comes first
            self.move_in_date.errors = [self.refusal]
            return False
        return super().validate(extra_validators)

    def validate_move_in_date(self, field):
        if field.data is not None and (problem := self.date_problem()):
            raise ValidationError(problem)

