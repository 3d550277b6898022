"""One member's answers at a data collection stage: income, benefits, insurance, 4.11, disabilities."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, IntegerField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput, TextInput

from domain import codes
from domain.assessments import (PROJECT_START, YES, AmountError, Source, disabling_condition_conflict,
                                implied_disabling_condition, income_problems, is_disability_yes, parse_amount,
                                source_problems, stored_flags, stored_income, total_monthly_income)
from models.assessments import BENEFIT_FIELDS, INCOME_FIELDS, INSURANCE_FIELDS, StageValues, snake

from ._fields import CodeRadioField, NoFormulaStart, code_choices, code_radio, int_or_none, optional_code_select
from ._screening import NoIdentifyingText
from .privacy import SaveAnywayFields

IDENTIFY_HELP = ("A few words, such as “cash help from a relative”. Never a name, phone number, address "
                 "or other contact detail.")
# The three "from any source" elements: title, question, source flags, the "other" flag and its text.
SOURCE_SECTIONS = {
    "income": ("Income and Sources", "income_from_any_source", tuple(f for f, _ in INCOME_FIELDS),
               "other_income_source", "other_income_source_identify"),
    "benefits": ("Non-Cash Benefits", "benefits_from_any_source", BENEFIT_FIELDS, "other_benefits_source",
                 "other_benefits_source_identify"),
    "insurance": ("Health Insurance", "insurance_from_any_source", INSURANCE_FIELDS, "other_insurance",
                  "other_insurance_identify"),
}


class AmountField(Field):
    """A monthly amount in dollars; shows back exactly what was typed when it cannot be read."""
    widget = TextInput()

    def process_formdata(self, valuelist):
        if valuelist:
            try:
                self.data = parse_amount(valuelist[0])
            except AmountError as exc:
                self.data = None
                raise ValueError(str(exc)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:.2f}" if self.data is not None else ""


def yes_no(label):
    return CodeRadioField(label, choices=code_choices(codes.NO_YES), coerce=int_or_none, validators=[Optional()])


def identify(label):
    return StringField(label, description=IDENTIFY_HELP, filters=[lambda s: s.strip() if s else s],
                       validators=[Optional(), Length(max=50, message="Keep it to 50 characters or fewer."),
                                   NoFormulaStart(), NoIdentifyingText()])


class AssessmentForm(SaveAnywayFields, FlaskForm):
    """Built for one member and stage: the view passes which sections apply and the date rules."""
    WITHHOLD = {"domestic_violence": ("domestic_violence_survivor", ("when_occurred", "currently_fleeing"))}
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    information_date = DateField("Information Date", validators=[InputRequired("Enter the Information Date.")],
                                 invalid_value_message="Enter a real date, for example 03/15/2026.")
    income_from_any_source = code_radio("Income from Any Source", codes.NO_YES_REASONS,
                                        "Answer Income from Any Source.")
    other_income_source_identify = identify("Other income source: what is it?")
    benefits_from_any_source = code_radio("Non-Cash Benefits from Any Source", codes.NO_YES_REASONS,
                                          "Answer Non-Cash Benefits from Any Source.")
    other_benefits_source_identify = identify("Other non-cash benefit: what is it?")
    insurance_from_any_source = code_radio("Covered by Health Insurance", codes.NO_YES_REASONS,
                                           "Answer Covered by Health Insurance.")
    other_insurance_identify = identify("Other health insurance: what is it?")
    domestic_violence_survivor = code_radio("Domestic Violence Survivor", codes.NO_YES_REASONS,
                                            "Answer Domestic Violence Survivor.")
    when_occurred = optional_code_select("When Experience Occurred", codes.WHEN_DV_OCCURRED, "Choose…",
                                         validators=[Optional()])
    currently_fleeing = CodeRadioField("Currently Fleeing", choices=code_choices(codes.NO_YES_REASONS),
                                       coerce=int_or_none, validators=[Optional()])
    set_disabling_condition = BooleanField("Change the enrollment's Disabling Condition to match these answers")

    def __init__(self, *args, sections, date_rules, disabling_condition, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections, self.date_rules, self.disabling_condition = sections, date_rules, disabling_condition
        self.record_errors = []
        for name in self._unasked_fields(date_rules):
            delattr(self, name)

    def _unasked_fields(self, date_rules):
        unasked = [name for section, names in SECTION_FIELDS.items() if section not in self.sections
                   for name in names]
        return unasked + ([] if date_rules.typed else ["information_date"])

    # -- Validation ---------------------------------------------------------------------------------

    def validate_information_date(self, field):
        problem = self.date_rules.problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if "income" in self.sections and self.income_from_any_source.data is not None:
            self._attach(income_problems(self.income_from_any_source.data, self.income_sources()), "income")
        for section in ("benefits", "insurance"):
            _, any_field, names, _, _ = SOURCE_SECTIONS[section]
            if section in self.sections and self[any_field].data is not None:
                label = self[any_field].label.text
                self._attach(source_problems(self[any_field].data, self.flags(names), label), section)
        for section in SOURCE_SECTIONS:
            if section in self.sections:
                self._require_identify(section)
        if "dv" in self.sections and self.domestic_violence_survivor.data == YES:
            for field in (self.when_occurred, self.currently_fleeing):
                _require(field, f"Answer {field.label.text}.")
        if "disabilities" in self.sections:
            for disability_type in codes.DISABILITY_TYPE:
                response, indefinite = self.disability_answer(disability_type)
                if indefinite is not None and is_disability_yes(disability_type, response.data):
                    _require(indefinite, "Answer whether it is long-lasting and limits independent living.")
        return valid and not any(field.errors for field in self)

    def _attach(self, problems, section):
        """Each rule's message beside its field (sources are keyed by their flag field's name)."""
        for problem in problems:
            if problem.source is None:
                name = SOURCE_SECTIONS[section][1]
            else:
                name = dict(INCOME_FIELDS)[problem.source] if problem.part == "amount" else problem.source
            if problem.message not in self[name].errors:
                self[name].errors.append(problem.message)

    def _require_identify(self, section):
        _, any_name, _, other, text = SOURCE_SECTIONS[section]
        if self[any_name].data == YES and self[other].data == YES and not self[text].data and not self[text].errors:
            self[text].errors.append("Say what the other source is, in a few words.")

    # -- Values -------------------------------------------------------------------------------------

    def shows_sources(self, section):
        """Sources are asked under a Yes, and stay in view while any of them has a message."""
        _, any_name, names, _, text = SOURCE_SECTIONS[section]
        amounts = [dict(INCOME_FIELDS)[name] for name in names] if section == "income" else []
        return self[any_name].data == YES or any(self[name].errors for name in (*names, *amounts, text))

    def source_rows(self, section):
        """(flag field, amount field or None) per source, in HUD's order."""
        amounts = dict(INCOME_FIELDS) if section == "income" else {}
        return [(self[name], self[amounts[name]] if amounts else None) for name in SOURCE_SECTIONS[section][2]]

    def shows_dv_followups(self):
        return self.domestic_violence_survivor.data == YES or bool(self.when_occurred.errors or
                                                                   self.currently_fleeing.errors)

    def shows_indefinite(self, disability_type):
        response, indefinite = self.disability_answer(disability_type)
        return indefinite is not None and (is_disability_yes(disability_type, response.data) or bool(indefinite.errors))

    def income_sources(self):
        return {flag: Source(self[flag].data, self[amount].data) for flag, amount in INCOME_FIELDS}

    def flags(self, names):
        return {name: self[name].data for name in names}

    def disability_answer(self, disability_type):
        """(response field, indefinite-and-impairs field or None) for one disability type."""
        indefinite = f"indefinite_{disability_type}"
        return self[f"disability_{disability_type}"], (self[indefinite] if indefinite in self else None)

    def total_income(self):
        """TotalMonthlyIncome for what is typed so far (None when not computable)."""
        if "income" not in self.sections:
            return None
        return total_monthly_income(self.income_from_any_source.data, self.income_sources())

    def disabling_notice(self):
        """When the disabilities answered contradict the enrollment's Disabling Condition: the value they imply."""
        if "disabilities" not in self.sections:
            return None
        answers = {}
        for disability_type in codes.DISABILITY_TYPE:
            response, indefinite = self.disability_answer(disability_type)
            answers[disability_type] = (response.data, indefinite.data if indefinite else None)
        implied = implied_disabling_condition(answers)
        return implied if disabling_condition_conflict(self.disabling_condition, implied) else None

    def counted_changes(self, stage):
        """The answers the privacy check counts that this form would store: the DV answer at project start, the
        Disabling Condition when changed to match the disabilities."""
        changes = {}
        if stage == PROJECT_START and "dv" in self.sections and self.domestic_violence_survivor.data is not None:
            changes["domestic_violence"] = self.domestic_violence_survivor.data
        implied = self.disabling_notice()
        if implied is not None and self.set_disabling_condition.data:
            changes["disabling_condition"] = implied
        return changes

    def stage_values(self):
        """What to store (call on a validated form)."""
        implied = self.disabling_notice()
        return StageValues(
            income_benefits={**self._income_values(), **self._source_values("benefits"),
                             **self._source_values("insurance")},
            dv=self._dv_values() if "dv" in self.sections else None,
            disabilities=self._disability_values() if "disabilities" in self.sections else None,
            disabling_condition=implied if implied is not None and self.set_disabling_condition.data else None)

    def _income_values(self):
        asked = "income" in self.sections
        from_any = self.income_from_any_source.data if asked else None
        values = {"income_from_any_source": from_any, "total_monthly_income": self.total_income()}
        stored = stored_income(from_any, self.income_sources()) if asked else {}
        for flag, amount in INCOME_FIELDS:
            values[flag], values[amount] = stored.get(flag, (None, None))
        values["other_income_source_identify"] = self._identify(values["other_income_source"],
                                                                "other_income_source_identify")
        return values

    def _source_values(self, section):
        _, any_name, names, other, text = SOURCE_SECTIONS[section]
        if section not in self.sections:
            return {any_name: None, text: None, **{name: None for name in names}}
        values = {any_name: self[any_name].data, **stored_flags(self[any_name].data, self.flags(names))}
        values[text] = self._identify(values[other], text)
        return values

    def _identify(self, other_flag, name):
        return (self[name].data or None) if other_flag == YES else None

    def _dv_values(self):
        survivor = self.domestic_violence_survivor.data
        return {"domestic_violence_survivor": survivor,
                "when_occurred": self.when_occurred.data if survivor == YES else None,
                "currently_fleeing": self.currently_fleeing.data if survivor == YES else None}

    def _disability_values(self):
        values = {}
        for disability_type in codes.DISABILITY_TYPE:
            response, indefinite = self.disability_answer(disability_type)
            asked = indefinite is not None and is_disability_yes(disability_type, response.data)
            values[disability_type] = {"disability_response": response.data,
                                       "indefinite_and_impairs": indefinite.data if asked else None}
        return values


def data_from_record(record):
    """Form data from a record's rows (the fields each row has), for a correction or a new update."""
    if record is None:
        return {}
    data = {}
    for row in (record.income_benefits, record.dv):
        if row is not None:
            data.update({name: getattr(row, name) for names in SECTION_FIELDS.values() for name in names
                         if hasattr(row, name)})
    for disability_type, row in record.disabilities.items():
        data[f"disability_{disability_type}"] = row.disability_response
        data[f"indefinite_{disability_type}"] = row.indefinite_and_impairs
    return data


def _require(field, message):
    if field.data is None and not field.errors:
        field.errors.append(message)


# One Yes/No per source (and an amount per income source), named like the model's fields.
for _flag, _amount, _label in codes.INCOME_SOURCES:
    setattr(AssessmentForm, snake(_flag), yes_no(_label))
    setattr(AssessmentForm, snake(_amount), AmountField("Monthly amount", validators=[Optional()]))
for _flag, _label in codes.BENEFIT_SOURCES + codes.INSURANCE_SOURCES:
    setattr(AssessmentForm, snake(_flag), yes_no(_label))
for _type, _label in codes.DISABILITY_TYPE.items():
    _responses = codes.SUBSTANCE_USE_RESPONSE if _type == 10 else codes.NO_YES_REASONS
    setattr(AssessmentForm, f"disability_{_type}", code_radio(_label, _responses, f"Answer {_label}."))
    if _type in codes.DISABILITY_TYPES_ASKING_INDEFINITE:
        setattr(AssessmentForm, f"indefinite_{_type}", CodeRadioField(
            "Expected to be of long-continued and indefinite duration and substantially impairs ability to "
            "live independently", choices=code_choices(codes.NO_YES_REASONS), coerce=int_or_none,
            validators=[Optional()]))

SECTION_FIELDS = {
    "income": ("income_from_any_source", "other_income_source_identify",
               *(name for pair in INCOME_FIELDS for name in pair)),
    "benefits": ("benefits_from_any_source", "other_benefits_source_identify", *BENEFIT_FIELDS),
    "insurance": ("insurance_from_any_source", "other_insurance_identify", *INSURANCE_FIELDS),
    "dv": ("domestic_violence_survivor", "when_occurred", "currently_fleeing"),
    "disabilities": (*(f"disability_{t}" for t in codes.DISABILITY_TYPE),
                     *(f"indefinite_{t}" for t in sorted(codes.DISABILITY_TYPES_ASKING_INDEFINITE)),
                     "set_disabling_condition"),
}
