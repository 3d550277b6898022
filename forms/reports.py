"""The report filters: a period, some or all of the user's projects, and the "for sharing" switch (a GET form)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectMultipleField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from domain.dashboard import range_problem

from ._fields import choices

NOT_YOURS = "Project {} is not one of your projects."


class ProjectsField(SelectMultipleField):
    """Project checkboxes; an id that is not a number gets a plain message (no 500, no list of choices)."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        self.data = []
        for value in valuelist:
            if not (value.isascii() and value.isdigit() and len(value) < 10):
                raise ValueError("Choose projects from the list.")
            self.data.append(int(value))


class ReportForm(FlaskForm):
    class Meta:
        csrf = False  # a bookmarkable GET that changes nothing

    start = DateField("Report start date", validators=[InputRequired("Enter the first day of the period.")])
    end = DateField("Report end date", validators=[InputRequired("Enter the last day of the period.")])
    projects = ProjectsField("Projects", coerce=int, validate_choice=False,
                             description="None ticked: all of them.")
    sharing = BooleanField("For sharing outside the agency (hide small counts)")

    def __init__(self, projects, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._project_ids = {p.id for p in projects}
        self.projects.choices = choices([(p.id, p.name) for p in projects])

    def validate_end(self, field):
        if problem := range_problem(self.start.data, field.data):
            raise ValidationError(problem)

    def validate_projects(self, field):
        for project_id in field.data or []:
            if project_id not in self._project_ids:
                raise ValidationError(NOT_YOURS.format(project_id))

    def chosen_ids(self):
        """The projects to report on: those ticked, or all the user's."""
        return tuple(sorted(self.projects.data or self._project_ids))
