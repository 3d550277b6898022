"""The APR/CAPER report form: a period, the projects (the user's own), and APR or CAPER."""
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField
from wtforms.validators import InputRequired, ValidationError

from domain.hud_reports.rules import KINDS, kind_for, period_problem

from ._fields import choices
from .admin import MultiCheckboxField

MIXED_FUNDING = ("These projects are not all CoC-funded or all ESG-funded: choose the APR (CoC) or the CAPER (ESG).")


class ProjectsField(MultiCheckboxField):
    """Project ids; a made-up or foreign id gets one plain message, never a 500."""

    def process_formdata(self, valuelist):
        try:
            self.data = [int(value) for value in valuelist]
        except ValueError:
            self.data = None
            raise ValueError("Choose among the projects listed.") from None

    def pre_validate(self, form):
        allowed = {value for value, *_ in self.iter_choices()}
        if any(value not in allowed for value in self.data or ()):
            raise ValidationError("Choose among the projects listed.")


class ReportDateField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a real date as YYYY-MM-DD, for example 2025-10-01.") from None


class HudReportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only reads aggregate counts

    start = ReportDateField("Report Start Date", validators=[InputRequired("Enter the report start date.")])
    end = ReportDateField("Report End Date", validators=[InputRequired("Enter the report end date.")])
    projects = ProjectsField("Projects", coerce=int,
                             description="Leave all unticked to report on every project listed.")
    kind = RadioField("Report", default="", choices=choices([("", "From the projects' funding (CoC: APR, ESG: CAPER)"),
                                                                 *KINDS.items()]))

    def __init__(self, projects, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._projects = {p.id: p for p in projects}
        self.projects.choices = choices([(p.id, p.name) for p in projects])

    def validate_end(self, field):
        if problem := period_problem(self.start.data, field.data):
            raise ValidationError(problem)

    def validate_kind(self, field):
        if not field.data and self.chosen_projects() and self.report_kind() is None:
            raise ValidationError(MIXED_FUNDING)

    def chosen_projects(self):
        ids = self.projects.data or list(self._projects)
        return [self._projects[i] for i in ids if i in self._projects]

    def report_kind(self):
        return self.kind.data or kind_for(p.funding_source for p in self.chosen_projects())
