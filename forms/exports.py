"""The HMIS CSV export form: an optional period and project."""
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional, ValidationError

from domain.periods import export_range_problem

from ._fields import CodeSelectField, choices, int_or_none


class ExportForm(FlaskForm):
    start = DateField("Export Start Date", validators=[Optional()],
                      description="Leave both dates empty to export every enrollment.")
    end = DateField("Export End Date", validators=[Optional()])
    project = CodeSelectField("Project", coerce=int_or_none, validate_choice=False)

    def __init__(self, projects, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._project_ids = {p.id for p in projects}
        self.project.choices = choices([("", "All projects")] + [(p.id, p.name) for p in projects])

    def validate_end(self, field):
        if problem := export_range_problem(self.start.data, field.data):
            raise ValidationError(problem)

    def validate_project(self, field):
        if field.data is not None and field.data not in self._project_ids:
            raise ValidationError("Choose one of your agency's projects.")
