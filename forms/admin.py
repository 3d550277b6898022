"""Forms for the agency's admin screens: the agency, its projects and its users."""
import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from domain import codes
from domain.dashboard import DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD
from models.accounts import MIN_PASSWORD_LENGTH, ROLES

from ._fields import NoFormulaStart, choices, code_select, optional_code_select

COC_CODE = re.compile(r"^[A-Z]{2}-\d{3}$")
GEOCODE = re.compile(r"^\d{6}$", re.ASCII)
USERNAME = re.compile(r"^[a-z0-9._-]{3,64}$")
# Project types that house people and so have a HUD Housing Type (2.02.D).
RESIDENTIAL_PROJECT_TYPES = {0, 1, 2, 3, 8, 9, 10, 13}
DUPLICATE_PROJECT = "Another project of this agency already has this name."
DUPLICATE_USERNAME = "This username is taken."
THRESHOLD_RANGE = f"Enter a number from {MIN_THRESHOLD} to {MAX_THRESHOLD}."


class WholeNumberField(IntegerField):
    """An IntegerField whose message for text such as "eleven" says what to type."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(f"Enter a whole number, like {DEFAULT_THRESHOLD}.") from None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AgencyForm(FlaskForm):
    name = StringField("Organization Name", validators=[InputRequired("Enter the organization's name."),
                                                        Length(max=200), NoFormulaStart()])
    organization_common_code = StringField("Organization Common Code",
                                           validators=[Optional(), Length(max=50), NoFormulaStart()])
    victim_service_provider = BooleanField("Victim Service Provider")
    dob_data_quality = RadioField(
        "DOB Data Quality stored for approximate dates of birth", coerce=int,
        choices=choices([(9, "Client prefers not to answer (the DV guidance's “refused”)"),
                 (2, "Approximate or partial DOB reported (HUD's data quality reports expect this)")]))
    suppression_threshold = WholeNumberField(
        "Smallest count shown in reports for sharing",
        validators=[InputRequired(THRESHOLD_RANGE), NumberRange(MIN_THRESHOLD, MAX_THRESHOLD, THRESHOLD_RANGE)],
        description=f"Reports for sharing outside the agency show smaller counts as “<N”. {DEFAULT_THRESHOLD} is the "
                    "usual choice.")


class ProjectForm(FlaskForm):
    name = StringField("Project Name", validators=[InputRequired("Enter the project's name."), Length(max=200),
                                                   NoFormulaStart()])
    project_type = code_select("Project Type", codes.PROJECT_TYPE, "Choose the HUD project type.")
    rrh_sub_type = optional_code_select("RRH Subtype", codes.RRH_SUB_TYPE, "Not rapid re-housing")
    housing_type = optional_code_select("Housing Type", codes.HOUSING_TYPE, "Not a residential project")
    target_population = code_select("Target Population", codes.TARGET_POPULATION)
    continuum_project = BooleanField("Continuum Project (funded by the CoC or part of its system)")
    coc_code = StringField("CoC Code", validators=[InputRequired("Enter the CoC code, like WA-501."),
                                                   Length(max=6)],
                           description="The Continuum of Care the project operates in, like WA-501.")
    geocode = StringField("Geocode", validators=[InputRequired("Enter the project's six-digit geocode.")],
                          description="HUD's six-digit code for the area the project operates in (the city or "
                                      "county). Only the area: the shelter's address is never entered.")
    geography_type = optional_code_select("Geography Type", codes.GEOGRAPHY_TYPE, "Not answered")
    funding_source = code_select("Funding Source", codes.FUNDING_SOURCE, "Choose the funding source.")
    other_funder = StringField("Other Funder", validators=[Length(max=100), NoFormulaStart()],
                               description="Required for “Local or Other Funding Source” (VAWA, VOCA, FVPSA, state).")
    grant_id = StringField("Grant ID", validators=[Optional(), Length(max=100), NoFormulaStart()])
    operating_start_date = DateField("Operating Start Date",
                                     validators=[InputRequired("Enter the date the project began operating.")])
    operating_end_date = DateField("Operating End Date", validators=[Optional()])
    gives_financial_assistance = BooleanField("Gives rent or other financial assistance")
    collects_education = BooleanField("Collects education (Last Grade Completed)")

    def __init__(self, *args, agency=None, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._agency, self._project = agency, project

    def validate_name(self, field):
        from models import Project
        query = Project.select().where(Project.agency == self._agency, Project.name == field.data.strip())
        if self._project is not None:
            query = query.where(Project.id != self._project.id)
        if query.exists():
            raise ValidationError(DUPLICATE_PROJECT)

    def validate_coc_code(self, field):
        field.data = field.data.strip().upper()
        if not COC_CODE.match(field.data):
            raise ValidationError("A CoC code is two letters, a hyphen and three digits, like WA-501.")

    def validate_geocode(self, field):
        field.data = field.data.strip()
        if not GEOCODE.match(field.data):
            raise ValidationError("A geocode is six digits, like 539033.")

    def validate_rrh_sub_type(self, field):
        if self.project_type.data == 13 and field.data is None:
            raise ValidationError("Rapid re-housing projects need an RRH subtype.")
        if self.project_type.data != 13 and field.data is not None:
            raise ValidationError("Only rapid re-housing projects have an RRH subtype.")

    def validate_housing_type(self, field):
        residential = self.project_type.data in RESIDENTIAL_PROJECT_TYPES
        if residential and field.data is None:
            raise ValidationError("Residential projects need a housing type.")
        if not residential and field.data is not None:
            raise ValidationError("Only residential projects have a housing type.")

    def validate_other_funder(self, field):
        if self.funding_source.data == 46 and not field.data:
            raise ValidationError("Name the funder (for example VAWA, VOCA or the state program).")

    def validate_operating_end_date(self, field):
        start = self.operating_start_date.data
        if field.data and start and field.data < start:
            raise ValidationError("The operating end date cannot be before the operating start date.")


def _username_rules(form, field):
    field.data = (field.data or "").strip().lower()
    if not USERNAME.match(field.data):
        raise ValidationError("Usernames are 3 to 64 letters, digits, dots, hyphens or underscores.")


class PasswordFields:
    password = PasswordField("Password", validators=[
        InputRequired("Enter a password."),
        Length(min=MIN_PASSWORD_LENGTH, max=256,
               message=f"Passwords must be {MIN_PASSWORD_LENGTH} to 256 characters long.")],
        render_kw={"autocomplete": "new-password"},
        description=f"At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.")
    confirm = PasswordField("Repeat the password",
                            validators=[EqualTo("password", "The two passwords do not match.")],
                            render_kw={"autocomplete": "new-password"})


class UserForm(FlaskForm):
    role = RadioField("Role", choices=choices(ROLES.items()), validators=[InputRequired("Choose a role.")])
    projects = MultiCheckboxField("Projects", coerce=int,
                                  description="Staff enter data only in the projects ticked here.")
    active = BooleanField("Active (can sign in)", default=True)

    def __init__(self, *args, project_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.projects.choices = choices(project_choices)


class NewUserForm(UserForm, PasswordFields):
    username = StringField("Username", validators=[InputRequired("Enter a username."), _username_rules],
                           render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})

    def validate_username(self, field):
        from models import User
        if User.select().where(User.username == field.data).exists():
            raise ValidationError(DUPLICATE_USERNAME)


class PasswordResetForm(FlaskForm, PasswordFields):
    pass
