"""Correcting a household's Project Start Date."""
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField
from wtforms.validators import InputRequired, ValidationError

from .intake import start_date_problem


class StartDateForm(FlaskForm):
    project_start_date = DateField("Project Start Date", validators=[InputRequired("Enter the Project Start Date.")],
                                   description="Type the real date; approximated households store it moved "
                                               "like their other dates.")
    # The stored start the page showed: a save after someone else's correction is a conflict to show.
    loaded = HiddenField()

    def __init__(self, *args, project, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.today = project, today

    def validate_project_start_date(self, field):
        if field.data is not None and (problem := start_date_problem(field.data, self.project, self.today)):
            raise ValidationError(problem)
