"""Field helpers shared by the forms: HUD code lists as choices."""
from wtforms import RadioField, SelectField
from wtforms.validators import InputRequired

PICK_ONE = "Choose an answer."


def code_choices(codes):
    return [(code, label) for code, label in codes.items()]


def code_select(label, codes, message=PICK_ONE, blank="Choose…", **kwargs):
    """A <select> over a HUD code list; the blank first option makes an unanswered field obvious."""
    return SelectField(label, choices=[("", blank)] + code_choices(codes), coerce=_int_or_none,
                       validators=[InputRequired(message)], validate_choice=True, **kwargs)


def code_radio(label, codes, message=PICK_ONE, **kwargs):
    """Radio buttons for a short HUD list: "Client prefers not to answer" is one tap away."""
    return RadioField(label, choices=code_choices(codes), coerce=_int_or_none,
                      validators=[InputRequired(message)], **kwargs)


def _int_or_none(value):
    if value in (None, ""):
        return None
    return int(value)
