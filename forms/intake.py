"""The household intake form: one project start, any number of members, HUD entry questions."""
from datetime import date

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FieldList, Form, FormField, HiddenField, IntegerField
from wtforms.validators import InputRequired, Optional, ValidationError

from domain import codes, elements
from domain import reidentification as reid
from domain.dates import us_date
from domain.dob import BirthInput, keyed_choice, validate_age, validate_birth_year, validate_real_dob
from domain.households import check_relationships
from domain.intake import MemberAnswers, real_adult
from domain.living_situation import followup_fields

from ._fields import (PICK_ONE, CodeRadioField, CodeSelectField, choices, code_choices, code_radio, code_select,
                      int_or_none)
from .admin import MultiCheckboxField
from .privacy import SaveAnywayFields

MAX_MEMBERS = 20


def optional_radio(label, code_list, **kwargs):
    return CodeRadioField(label, choices=code_choices(code_list), coerce=int_or_none, validators=[Optional()],
                          **kwargs)


def optional_select(label, code_list, group=None, **kwargs):
    return CodeSelectField(label, choices=choices([("", "Choose…")]) + code_choices(code_list, group),
                           coerce=int_or_none, validators=[Optional()], **kwargs)


class MemberForm(Form):
    """One person. Nothing here can hold a name, SSN, address, contact detail or the real DOB after saving."""
    birth_date = DateField("Date of Birth", validators=[Optional()],
                           description="Used only to work out the approximate date stored; never saved.")
    age = IntegerField("Age", validators=[Optional()], description="If the date is not known.")
    birth_year = IntegerField("Year of birth", validators=[Optional()], description="If only the year is known.")
    race = MultiCheckboxField("Race and Ethnicity", choices=code_choices(codes.RACE_FIELDS),
                              description="Choose all that apply.")
    race_none = optional_radio("Race and Ethnicity not given", codes.RACE_NONE)
    # One field per declared element (domain.elements.INTAKE), added below the class.

    def birth_input(self, real_start):
        """The birth information typed, or None when there is none (or more than one kind)."""
        given = [f for f in (self.birth_date, self.age, self.birth_year) if f.data is not None]
        if len(given) != 1:
            return None
        if self.birth_date.data is not None:
            return BirthInput(dob=self.birth_date.data)
        if self.age.data is not None:
            return BirthInput(age=self.age.data, as_of=real_start or date.today())
        return BirthInput(year=self.birth_year.data)

    def dob_choice(self, real_start):
        """Which allowed year the approximate DOB takes: keyed on the real DOB (domain.dob.keyed_choice)."""
        birth = self.birth_input(real_start)
        return None if birth is None else keyed_choice(current_app.config["DATE_SHIFT_KEY"].encode(), birth)

    def answers(self, real_start):
        """The typed answers, for saving (call only on a validated form)."""
        return MemberAnswers(birth=self.birth_input(real_start), dob_choice=self.dob_choice(real_start) or 0,
                             race=frozenset(self.race.data or ()), race_none=self.race_none.data,
                             values={element.name: self[element.name].data for element in elements.INTAKE})

    def typed(self, start):
        """This member as typed so far, for the re-identification check (answers not given yet are None)."""
        return reid.TypedMember(birth=self.birth_input(start), dob_choice=self.dob_choice(start),
                                is_head=self.relationship_to_hoh.data == 1, race=frozenset(self.race.data or ()),
                                race_none=self.race_none.data,
                                **{element.name: self[element.name].data for element in elements.counted()})

    def questions(self, project, *, adults):
        """The fields the member template shows in its loops, in the form's order: the declared elements without a
        layout of their own, asked in this project of everyone, or (adults) of the head of household and adults."""
        flags = elements.flags_on(project)
        return [self[e.name] for e in elements.INTAKE
                if not e.own_layout and (e.asked_of != elements.EVERYONE) == adults
                and (e.project_flag is None or e.project_flag in flags)]

    def followups(self, project_type):
        """The 3.917 follow-up questions to show, from the answers given so far."""
        try:
            return followup_fields(project_type, self.living_situation.data, self.length_of_stay.data,
                                   self.previous_street_essh.data)
        except ValueError:  # an unknown code: the field's own validation explains it
            return []

    def check(self, project, start, today, *, known_adult=None):
        """Cross-field rules; returns whether the person is an adult (None if unknown).

        known_adult: the stored status, when correcting a saved member whose birth fields may stay blank.
        """
        birth_fields = (self.birth_date, self.age, self.birth_year)
        given = [f for f in birth_fields if f.data is not None]
        if not given and known_adult is None and not any(f.errors for f in birth_fields):
            self.birth_date.errors.append("Enter the Date of Birth, or an age or year of birth if that is all "
                                          "you have.")
        elif len(given) > 1:
            self.birth_date.errors.append("Enter only one of: the Date of Birth, an age, or a year of birth.")
        elif given:
            problem = self._birth_problem(start, today)
            if problem:
                given[0].errors.append(problem)
        if self.race.data and self.race_none.data is not None:
            self.race_none.errors.append("Choose races and ethnicities, or a reason none is given, not both.")
        elif not self.race.data and self.race_none.data is None:
            self.race.errors.append("Choose at least one, or “Client prefers not to answer”.")
        birth = self.birth_input(start) if given and not any(f.errors for f in birth_fields) else None
        adult = real_adult(birth, start) if birth and start else known_adult
        if adult or self.relationship_to_hoh.data == 1:
            self._check_adult_answers(project, start, adult)
        return adult

    def _birth_problem(self, start, today):
        if self.birth_date.data is not None:
            problem = validate_real_dob(self.birth_date.data, today)
            if not problem and start and self.birth_date.data > start:
                problem = "The Date of Birth is after the Project Start Date."
            return problem
        if self.age.data is not None:
            return validate_age(self.age.data)
        return validate_birth_year(self.birth_year.data, today)

    def _check_adult_answers(self, project, start, adult):
        """Each declared element this member is asked (and whose condition holds) is answered."""
        is_head, flags = self.relationship_to_hoh.data == 1, elements.flags_on(project)
        shown = self.followups(project.project_type)
        for element in elements.INTAKE:
            field = self[element.name]
            if (not element.required or element.asked_of == elements.EVERYONE or field.data is not None
                    or field.errors or not element.asked(adult=adult, is_head=is_head, project_flags=flags)
                    or element.only_if and self[element.only_if[0]].data != element.only_if[1]
                    or element.living_situation_followup and element.name not in shown):
                continue
            field.errors.append(f"Answer {field.label.text}." if element.widget == elements.DATE
                                else f"{PICK_ONE[:-1]} for {field.label.text}.")
        if self.date_to_street_essh.data and start and self.date_to_street_essh.data > start:
            self.date_to_street_essh.errors.append(
                "The date homelessness started cannot be after the Project Start Date.")


def start_date_problem(start, project, today):
    """What is wrong with a real Project Start Date for this project, or None."""
    if start > today:
        return "The Project Start Date cannot be in the future."
    if start < project.operating_start_date:
        return (f"{project.name} began operating on {us_date(project.operating_start_date)}; "
                "the Project Start Date cannot be earlier.")
    if project.operating_end_date and start > project.operating_end_date:
        return f"{project.name} stopped operating on {us_date(project.operating_end_date)}."
    return None


def element_field(element):
    """The field of a declared element. One everyone answers is required by its validator; the others are checked
    once the member is known to be asked them (MemberForm.check)."""
    if element.widget == elements.DATE:
        return DateField(element.label, validators=[Optional()])
    required = element.required and element.asked_of == elements.EVERYONE
    if element.widget == elements.RADIO:
        return (code_radio(element.label, element.code_list, element.message or PICK_ONE) if required
                else optional_radio(element.label, element.code_list))
    return (code_select(element.label, element.code_list, element.message or PICK_ONE, group=element.group)
            if required else optional_select(element.label, element.code_list, group=element.group))


for _element in elements.INTAKE:
    setattr(MemberForm, _element.name, element_field(_element))


class IntakeForm(SaveAnywayFields, FlaskForm):
    WITHHOLD = elements.withhold_fields()
    household_token = HiddenField()
    project_start_date = DateField("Project Start Date",
                                   validators=[InputRequired("Enter the Project Start Date.")])
    approximate_dates = BooleanField("These dates could identify this household: approximate them")
    members = FieldList(FormField(MemberForm), min_entries=1, max_entries=MAX_MEMBERS)

    def __init__(self, *args, project, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.today = project, today
        self.household_errors, self.household_warnings = [], []

    def checked_start(self):
        """The real Project Start Date typed, once it passed its own checks (else None)."""
        return self.project_start_date.data if not self.project_start_date.errors else None

    def typed_members(self, real_start):
        """(member row name, answers as typed) for the privacy check."""
        return [(entry.name, entry.form.typed(real_start)) for entry in self.members]

    def proposal_fields(self, target):
        return next((entry.form for entry in self.members if entry.name == target), self)

    def validate_project_start_date(self, field):
        if field.data is not None and (problem := start_date_problem(field.data, self.project, self.today)):
            raise ValidationError(problem)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        start = self.project_start_date.data if not self.project_start_date.errors else None
        adults = [m.form.check(self.project, start, self.today) for m in self.members]
        relationships = [m.form.relationship_to_hoh.data for m in self.members]
        if all(r in codes.RELATIONSHIP_TO_HOH for r in relationships):  # unknown codes: the field says so
            self.household_errors, self.household_warnings = check_relationships(relationships, adults)
        # Field by field: a form's cached `errors` may predate the cross-field checks above.
        return valid and not self.household_errors and not any(f.errors for m in self.members for f in m.form)

