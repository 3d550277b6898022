"""Field helpers shared by the forms: HUD code lists as choices, and posted lists WTForms can read."""
import re

from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectChoice, SelectField
from wtforms.validators import InputRequired, ValidationError

from domain.spreadsheet import FORMULA_MESSAGE, starts_like_formula

PICK_ONE = "Choose an answer."
NOT_ON_THE_LIST = "Choose one of the answers listed."


class NoFormulaStart:
    """For text the HMIS CSV export carries as typed (HUD's format has no escaping, and a leading apostrophe would
    change the data the HMIS imports): refuse at entry what a spreadsheet would run as a formula."""

    def __call__(self, form, field):
        if starts_like_formula(field.data):
            first = {"\t": "a tab", "\r": "a line break"}.get(field.data[0], f"“{field.data[0]}”")
            raise ValidationError(FORMULA_MESSAGE.format(first))


class CodeChoice:
    """A HUD code field: a made-up or non-numeric code gets one plain message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(NOT_ON_THE_LIST) from None

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(NOT_ON_THE_LIST) from None


class CodeSelectField(CodeChoice, SelectField):
    pass


class CodeRadioField(CodeChoice, RadioField):
    pass


def choices(pairs, group=None):
    """(value, label) pairs as WTForms choices; `group(value)` names an <optgroup> when given."""
    return [SelectChoice(value, label, optgroup=group(value) if group else None) for value, label in pairs]


def code_choices(codes, group=None):
    return choices(codes.items(), group)


def int_or_none(value):
    """Coerce a posted code; a blank answer is None, text raises ValueError (shown as NOT_ON_THE_LIST)."""
    if value in (None, ""):
        return None
    return int(value)


def code_select(label, codes, message=PICK_ONE, blank="Choose…", group=None, **kwargs):
    """A <select> over a HUD code list; the blank first option makes an unanswered field obvious."""
    return CodeSelectField(label, choices=choices([("", blank)]) + code_choices(codes, group), coerce=int_or_none,
                           validators=[InputRequired(message)], **kwargs)


def optional_code_select(label, codes, blank, **kwargs):
    return CodeSelectField(label, choices=choices([("", blank)]) + code_choices(codes), coerce=int_or_none, **kwargs)


def code_radio(label, codes, message=PICK_ONE, **kwargs):
    """Radio buttons for a short HUD list: "Client prefers not to answer" is one tap away."""
    return CodeRadioField(label, choices=code_choices(codes), coerce=int_or_none,
                          validators=[InputRequired(message)], **kwargs)


def readable_list_data(formdata, prefix, max_digits=3):
    """Posted data without the keys of FieldList `prefix` that WTForms cannot read.

    FieldList turns the index in "members-²-sex" into int() and crashes; a 5,000-digit index is a slow
    int(). Rows are numbered with a few ASCII digits, so anything else under the prefix is dropped.
    """
    if formdata is None:
        return None
    row_key = re.compile(rf"{re.escape(prefix)}-[0-9]{{1,{max_digits}}}-[A-Za-z_]+", re.ASCII)
    return MultiDict([(key, value) for key, value in formdata.items(multi=True)
                      if not key.startswith(f"{prefix}-") or row_key.fullmatch(key)])


def list_indices(formdata, prefix):
    """The row numbers posted for FieldList `prefix` (from readable keys only)."""
    return sorted({int(key.split("-")[1]) for key in readable_list_data(formdata, prefix)
                   if key.startswith(f"{prefix}-")})
