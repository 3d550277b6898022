"""Forms for services: the agency's catalog, one service for a household member, and bulk entry."""
import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FieldList, Form, FormField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from domain import codes
from domain.dates import us_date
from domain.intake import stored_start
from domain.record_codes import format_code, is_valid, normalize
from domain.services import check_amount, date_problem, hud_types, is_financial
from models.services import ServiceType

from ._fields import CodeSelectField, choices, int_or_none
from ._screening import NoIdentifyingText

MAX_ROWS = 100
HOH_ONLY = ("Rent and other financial assistance are recorded on the head of household's enrollment: "
            "choose the head of household.")
FUTURE = "The Date Provided cannot be in the future."
CODE_FORMAT = "A record code is 8 letters and digits, like ABCD-EFGH."
CODE_TYPO = "This is not a valid record code: check it against your file for a typo."
DUPLICATE_ROW = "This household is already in an earlier row."
NO_CODE = "Enter the household's record code, or empty this row."
NO_ROWS = "Enter the record code of at least one household."
TOO_MANY_ROWS = f"Enter at most {MAX_ROWS} households at once: save these, then enter the rest."
FINANCIAL_GROUP = "Financial assistance (head of household, with an amount)"
OTHER_GROUP = "Other services"
_HUD_VALUE = re.compile(r"(\d+)-(\d+)")


def type_choices(types, financial_first):
    """Active service types as <optgroup>s; projects that give financial assistance see those first."""
    groups = (FINANCIAL_GROUP, OTHER_GROUP) if financial_first else (OTHER_GROUP, FINANCIAL_GROUP)
    ordered = sorted(types, key=lambda t: (groups.index(_group(t)), t.name.lower()))
    by_id = {str(t.id): t for t in ordered}
    return choices([("", "Choose…")]) + choices([(str(t.id), t.name) for t in ordered],
                                                group=lambda value: _group(by_id[value]))


def _group(service_type):
    return FINANCIAL_GROUP if service_type.financial_assistance else OTHER_GROUP


def _hud_type_choices():
    pairs = [(f"{record_type}-{code}", label) for record_type, code, label in hud_types()]
    return choices([("", "None: one of the agency's own types")]) + choices(
        pairs, group=lambda value: f"{codes.RECORD_TYPE[int(value.split('-')[0])]} ({value.split('-')[0]})")


class ServiceTypeNameForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired("Enter a name for this service type."),
                                           Length(max=100, message="A name can be at most 100 characters long."),
                                           NoIdentifyingText()],
                       description="What staff choose from, like “Rent” or “Bed night”.")

    def __init__(self, *args, agency, service_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._agency, self._service_type = agency, service_type

    def validate_name(self, field):
        field.data = " ".join(field.data.split())
        if not field.data:
            raise ValidationError("Enter a name for this service type.")
        same = ServiceType.named(self._agency, field.data)
        if same is not None and (self._service_type is None or same.id != self._service_type.id):
            hint = " (it is inactive: reactivate it instead)" if not same.active else ""
            raise ValidationError(f"This agency already has a service type called “{same.name}”{hint}.")


class ServiceTypeForm(ServiceTypeNameForm):
    hud_type = CodeSelectField(
        "HUD Record Type and Type Provided", choices=_hud_type_choices(), default="",
        description="Only for services the HMIS CSV export carries (Bed Night for night-by-night shelters, "
                    "HOPWA, SSVF, Moving On). Rent paid from VAWA, state or other funds is one of the agency's "
                    "own types.")
    financial_assistance = BooleanField("Financial assistance: recorded on the head of household, with an amount")

    @property
    def record_type(self):
        match = _HUD_VALUE.fullmatch(self.hud_type.data or "")
        return int(match.group(1)) if match else None

    @property
    def type_provided(self):
        match = _HUD_VALUE.fullmatch(self.hud_type.data or "")
        return int(match.group(2)) if match else None

    @property
    def financial(self):
        """HUD's record type decides for HUD types; the box decides for the agency's own."""
        if self.record_type is not None:
            return is_financial(self.record_type)
        return bool(self.financial_assistance.data)

    def validate_financial_assistance(self, field):
        if field.data and self.record_type is not None and not is_financial(self.record_type):
            raise ValidationError("Of HUD's record types only HOPWA and SSVF Financial Assistance have an amount: "
                                  "untick this, or choose one of those.")


def _date_field():
    return DateField("Date Provided", validators=[InputRequired("Enter the Date Provided.")],
                     description="The real date. When the household's dates are approximated, HMIS stores it "
                                 "moved by the household's offset.")


class ServiceForm(FlaskForm):
    """One service for one member of a household."""
    service_type = CodeSelectField("Service Type", coerce=int_or_none,
                                   validators=[InputRequired("Choose the service type.")])
    enrollment = CodeSelectField("Household Member", coerce=int_or_none,
                                 validators=[InputRequired("Choose the household member who received it.")],
                                 description="Financial assistance goes on the head of household.")
    date_provided = _date_field()
    fa_amount = StringField("Amount", description="Financial assistance only, in dollars and cents.")

    def __init__(self, *args, types, members, offset_days, today, financial_first, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = {t.id: t for t in types}
        self.members = {m.enrollment_id: m for m in members}
        self.offset_days, self.today = offset_days, today
        self.service_type.choices = type_choices(types, financial_first)
        self.enrollment.choices = choices([("", "Choose…")] + [(m.enrollment_id, _member_label(m)) for m in members])
        self.amount = None

    @property
    def chosen_type(self):
        return self.types.get(self.service_type.data)

    @property
    def chosen_member(self):
        return self.members.get(self.enrollment.data)

    def stored_date(self):
        """The Date Provided as HMIS stores it, or None while it is missing, not a date, or in the future."""
        real = self.date_provided.data
        if real is None or real > self.today:
            return None
        return stored_start(real, self.offset_days)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        service_type, member = self.chosen_type, self.chosen_member
        if service_type and member and service_type.financial_assistance and not member.is_head:
            self.enrollment.errors.append(HOH_ONLY)
        if service_type and not self.fa_amount.errors:
            self.amount, problem = check_amount(self.fa_amount.data, service_type.financial_assistance)
            if problem:
                self.fa_amount.errors.append(problem)
        if self.date_provided.data and not self.date_provided.errors:
            problem = self.date_problem()
            if problem:
                self.date_provided.errors.append(problem)
        return valid and not any(field.errors for field in self)

    def date_problem(self):
        if self.date_provided.data > self.today:
            return FUTURE
        member = self.chosen_member
        return date_problem(self.stored_date(), member.entry_date, member.exit_date) if member else None


def _member_label(member):
    label = f"{member.code} · {codes.RELATIONSHIP_TO_HOH.get(member.relationship_to_hoh, '')}"
    if member.exit_date:
        label += f" · exited {us_date(member.exit_date)}"
    return label


class BulkRowForm(Form):
    household_code = StringField("Household record code",
                                 render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                            "spellcheck": "false"})
    fa_amount = StringField("Amount", render_kw={"inputmode": "decimal", "autocomplete": "off"})

    def is_blank(self):
        return not (self.household_code.data or "").strip() and not (self.fa_amount.data or "").strip()


class BulkServiceForm(FlaskForm):
    """The same service on the same (real) date for many households of one project, each on its head."""
    service_type = CodeSelectField("Service Type", coerce=int_or_none,
                                   validators=[InputRequired("Choose the service type.")])
    date_provided = _date_field()
    # One more than allowed, so that too many rows is reported rather than silently cut off.
    rows = FieldList(FormField(BulkRowForm), min_entries=1, max_entries=MAX_ROWS + 1)

    def __init__(self, *args, types, find_heads, project, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = {t.id: t for t in types}
        self.service_type.choices = type_choices(types, project.gives_financial_assistance)
        self.find_heads, self.project, self.today = find_heads, project, today
        self.rows_errors, self.items = [], []

    @property
    def chosen_type(self):
        return self.types.get(self.service_type.data)

    def preview_statuses(self):
        """row_statuses for the rows with a code typed, with the date typed when it can be stored."""
        real = self.date_provided.data
        entries = [entry for entry in self.rows if (entry.form.household_code.data or "").strip()]
        return self.row_statuses(entries, real if real and real <= self.today else None)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        real = self.date_provided.data if not self.date_provided.errors else None
        if real and real > self.today:
            self.date_provided.errors.append(FUTURE)
            real = None
        filled = [entry for entry in self.rows if not entry.form.is_blank()]
        if len(self.rows) > MAX_ROWS:
            self.rows_errors.append(TOO_MANY_ROWS)
        elif not filled:
            self.rows_errors.append(NO_ROWS)
        service_type = self.chosen_type
        statuses = self.row_statuses(filled, real)
        for entry in filled:
            row, (head, problem, _) = entry.form, statuses[entry.name]
            if problem:
                row.household_code.errors.append(problem)
            if service_type:
                amount, amount_problem = check_amount(row.fa_amount.data, service_type.financial_assistance)
                if amount_problem:
                    row.fa_amount.errors.append(amount_problem)
                elif head and not problem:
                    self.items.append((entry, head, amount))
        return valid and not self.rows_errors and not any(field.errors for field in self) and \
            not any(field.errors for entry in self.rows for field in entry.form)

    def row_statuses(self, entries, real):
        """entry name -> (head, problem, stored date) for the rows typed; the date parts need a real date."""
        wanted = {code for code in (normalize(e.form.household_code.data or "") for e in entries)
                  if code and is_valid(code)}
        heads = self.find_heads(wanted) if wanted else {}
        seen, statuses = set(), {}
        for entry in entries:
            text = (entry.form.household_code.data or "").strip()
            code = normalize(text)
            head, problem, stored = None, None, None
            if not text:
                problem = NO_CODE
            elif code is None:
                problem = CODE_FORMAT
            elif not is_valid(code):
                problem = CODE_TYPO
            elif code not in heads:
                problem = f"No household of {self.project.name} has the record code {format_code(code)}."
            elif code in seen:
                problem = DUPLICATE_ROW
            else:
                seen.add(code)
                head = heads[code]
                if real:
                    stored = stored_start(real, head.offset_days)
                    problem = date_problem(stored, head.entry_date, head.exit_date, "the head of household's")
            statuses[entry.name] = (head, problem, stored)
        return statuses
