"""Field helpers shared by the forms: HUD code lists as choices."""
from wtforms import RadioField, SelectChoice, SelectField
from wtforms.validators import InputRequired

PICK_ONE = "Choose an answer."


def choices(pairs, group=None):
    """(value, label) pairs as WTForms choices; `group(value)` names an <optgroup> when given."""
    return [SelectChoice(value, label, optgroup=group(value) if group else None) for value, label in pairs]


def code_choices(codes, group=None):
    return choices(codes.items(), group)


def int_or_none(value):
    """Coerce a posted code; a blank answer is None, text raises ValueError (shown as an invalid choice)."""
    if value in (None, ""):
        return None
    return int(value)


def code_select(label, codes, message=PICK_ONE, blank="Choose…", group=None, **kwargs):
    """A <select> over a HUD code list; the blank first option makes an unanswered field obvious."""
    return SelectField(label, choices=choices([("", blank)]) + code_choices(codes, group), coerce=int_or_none,
                       validators=[InputRequired(message)], **kwargs)


def optional_code_select(label, codes, blank, **kwargs):
    return SelectField(label, choices=choices([("", blank)]) + code_choices(codes), coerce=int_or_none, **kwargs)


def code_radio(label, codes, message=PICK_ONE, **kwargs):
    """Radio buttons for a short HUD list: "Client prefers not to answer" is one tap away."""
    return RadioField(label, choices=code_choices(codes), coerce=int_or_none,
                      validators=[InputRequired(message)], **kwargs)
