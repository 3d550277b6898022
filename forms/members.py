"""Correcting a saved member's intake answers."""
from flask_wtf import FlaskForm
from wtforms import FormField, HiddenField

from domain import elements

from .intake import MemberForm
from .privacy import SaveAnywayFields


class EditMemberForm(SaveAnywayFields, FlaskForm):
    """The intake questions for one saved member. Birth fields may stay blank to keep the stored DOB."""
    WITHHOLD = elements.withhold_fields()
    member = FormField(MemberForm, label="")
    # The stored values this form was loaded from, signed: a save based on them after someone else's save
    # is shown as a conflict instead of silently overwriting the other person's changes.
    base = HiddenField()

    def proposal_fields(self, target):
        return self.member.form
