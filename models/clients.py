"""Households, clients and enrollments. Anonymous by construction: there is no column for a name,
SSN, address, contact detail or real date of birth, and dates of approximated households are stored
already shifted, including the record timestamps."""
import uuid

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, SmallIntegerField

from domain import codes, elements

from .accounts import Agency, Project, User
from .keys import UnorderedKeyModel

RACE_COLUMNS = {  # HMIS CSV column -> model field
    "AmIndAKNative": "am_ind_ak_native", "Asian": "asian", "BlackAfAmerican": "black_af_american",
    "HispanicLatinao": "hispanic_latinao", "MidEastNAfrican": "mid_east_n_african",
    "NativeHIPacific": "native_hi_pacific", "White": "white",
}
RACE_NONE_STEP = 1 << len(RACE_COLUMNS)  # race_combination: RaceNone sits above one bit per race column


def race_combination(races, race_none):
    """One integer per stored Race and Ethnicity answer (the races ticked, as HMIS CSV columns, and RaceNone), so
    the re-identification check compares one column instead of eight: a bit per race, plus (RaceNone + 1) times
    RACE_NONE_STEP, RaceNone missing counting as 0. Two answers are stored alike exactly when their values are."""
    bits = sum(1 << i for i, column in enumerate(RACE_COLUMNS) if column in races)
    return bits + RACE_NONE_STEP * (0 if race_none is None else race_none + 1)


def race_fields(races, race_none):
    """The client columns of a Race and Ethnicity answer, race_combination included: for rows written without
    Client.save (insert_many)."""
    return {**{field: column in races for column, field in RACE_COLUMNS.items()}, "race_none": race_none,
            "race_combination": race_combination(races, race_none)}


class Timestamps(UnorderedKeyModel):
    """HUD's DateCreated / DateUpdated / DateDeleted, shifted with the household's dates when approximated."""
    date_created = DateTimeField()
    date_updated = DateTimeField()
    date_deleted = DateTimeField(null=True)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    # Bumped by every edit: a save based on an older version is a conflict to show, not to overwrite.
    version = IntegerField(default=1)


def random_hud_id():
    """A HUD ID that carries no creation order (32 hex characters, HUD's longest ID)."""
    return uuid.uuid4().hex


class EnrollmentRecord(Timestamps):
    """A record that belongs to an enrollment (an exit, a service, an assessment's answers): its HUD ID is random,
    so an export's IDs and row order say nothing of when it was created."""
    hud_id = CharField(max_length=32, unique=True, default=random_hud_id)


class Household(Timestamps):
    agency = ForeignKeyField(Agency, on_delete="CASCADE")
    project = ForeignKeyField(Project, on_delete="CASCADE")
    household_id = CharField(max_length=32, unique=True)  # HUD HouseholdID; also the intake form's one-time token
    code = CharField(max_length=8, unique=True)  # record code staff note, without its hyphen
    dates_approximated = BooleanField(default=False)
    # HUD household type from members' ages at entry (domain.households.HOUSEHOLD_TYPES), kept for filtering.
    household_type = CharField(max_length=30, default="Unknown household type", index=True)
    # Live (not deleted) members, kept beside the type so the re-identification check needs no subquery.
    household_size = SmallIntegerField(default=0)

    @classmethod
    def visible_to(cls, user):
        return cls.select().where(cls.project.in_(_project_ids(user)), cls.date_deleted.is_null())

    @classmethod
    def visible_with_projects(cls, user):
        """visible_to, each household read with its project."""
        return cls.visible_to(user).select(cls, Project).join(Project)

    @classmethod
    def in_project(cls, user, project):
        """The live households of one project, if the user may see them."""
        return cls.visible_to(user).where(cls.project == project)

    @classmethod
    def recently_created_by(cls, user, limit):
        """The live households a user created, in projects they may still see, newest first, with their projects."""
        return list(cls.visible_with_projects(user).where(cls.user == user)
                    .order_by(cls.date_created.desc()).limit(limit))

    class Meta:
        indexes = ((("project", "date_created"), False),)


class Client(Timestamps):
    agency = ForeignKeyField(Agency, on_delete="CASCADE")
    personal_id = CharField(max_length=32, unique=True)
    code = CharField(max_length=8, unique=True)
    name_data_quality = SmallIntegerField(default=codes.PREFERS_NOT_TO_ANSWER)
    ssn_data_quality = SmallIntegerField(default=codes.PREFERS_NOT_TO_ANSWER)
    dob = DateField()  # always January 1 of an approximate year
    dob_data_quality = SmallIntegerField()
    am_ind_ak_native = BooleanField(default=False)
    asian = BooleanField(default=False)
    black_af_american = BooleanField(default=False)
    hispanic_latinao = BooleanField(default=False)
    mid_east_n_african = BooleanField(default=False)
    native_hi_pacific = BooleanField(default=False)
    white = BooleanField(default=False)
    race_none = SmallIntegerField(null=True)
    race_combination = SmallIntegerField()  # race_combination() of the columns above; kept by save()
    sex = SmallIntegerField()
    veteran_status = SmallIntegerField()

    def save(self, *args, **kwargs):
        self.race_combination = race_combination(self.races(), self.race_none)
        return super().save(*args, **kwargs)

    def races(self):
        """The races ticked, as HMIS CSV column names."""
        return frozenset(column for column, field in RACE_COLUMNS.items() if getattr(self, field))

    def race_labels(self):
        labels = [codes.RACE_FIELDS[col] for col, field in RACE_COLUMNS.items() if getattr(self, field)]
        return labels or [codes.RACE_NONE.get(self.race_none, "")]


class Enrollment(Timestamps):
    agency = ForeignKeyField(Agency, on_delete="CASCADE")
    project = ForeignKeyField(Project, on_delete="CASCADE")
    household = ForeignKeyField(Household, backref="enrollments", on_delete="CASCADE")
    client = ForeignKeyField(Client, backref="enrollments", on_delete="CASCADE")
    enrollment_id = CharField(max_length=32, unique=True)
    relationship_to_hoh = SmallIntegerField()
    entry_date = DateField()  # Project Start Date as stored (shifted when approximated)
    enrollment_coc = CharField(max_length=6, null=True)
    disabling_condition = SmallIntegerField()
    living_situation = SmallIntegerField(null=True)
    rental_subsidy_type = SmallIntegerField(null=True)
    length_of_stay = SmallIntegerField(null=True)
    los_under_threshold = SmallIntegerField(null=True)
    previous_street_essh = SmallIntegerField(null=True)
    date_to_street_essh = DateField(null=True)
    times_homeless_past_three_years = SmallIntegerField(null=True)
    months_homeless_past_three_years = SmallIntegerField(null=True)
    move_in_date = DateField(null=True)  # 3.20, permanent housing projects; stored (shifted) like every date

    class Meta:
        # The re-identification check's covering indexes are made by migrations/008_reidentification.py.
        indexes = ((("project", "entry_date"), False),)

    @classmethod
    def visible_to(cls, user):
        """Live enrollments of the live households a user may see."""
        return cls.select().join(Household).where(cls.date_deleted.is_null(),
                                                  Household.id.in_(Household.visible_to(user).select(Household.id)))


# A household's members as staff see them (with their clients joined): the head of household first, then by
# relationship, eldest first. Keys are random, so they only break ties, never give the order entered.
MEMBER_ORDER = (Enrollment.relationship_to_hoh, Client.dob.asc(nulls="LAST"), Enrollment.id)


class HealthAndDV(EnrollmentRecord):
    """4.11 Domestic Violence, one row per collection stage."""
    enrollment = ForeignKeyField(Enrollment, backref="health_and_dv", on_delete="CASCADE")
    information_date = DateField()
    data_collection_stage = SmallIntegerField()
    domestic_violence_survivor = SmallIntegerField()
    when_occurred = SmallIntegerField(null=True)
    currently_fleeing = SmallIntegerField(null=True)

    @classmethod
    def at_project_start(cls, enrollments):
        """enrollment id -> its live record of the project start (DataCollectionStage 1), for these enrollments."""
        rows = cls.select().where(cls.enrollment.in_([e.id for e in enrollments]), cls.data_collection_stage == 1,
                                  cls.date_deleted.is_null())
        return {row.enrollment_id: row for row in rows}


class EmploymentEducation(EnrollmentRecord):
    """R4 Last Grade Completed, for projects that collect education."""
    enrollment = ForeignKeyField(Enrollment, backref="employment_education", on_delete="CASCADE")
    information_date = DateField()
    data_collection_stage = SmallIntegerField()
    last_grade_completed = SmallIntegerField()


# Where each record of domain.elements is stored.
RECORD_MODELS = {elements.CLIENT: Client, elements.ENROLLMENT: Enrollment, elements.HEALTH_AND_DV: HealthAndDV,
                 elements.EMPLOYMENT_EDUCATION: EmploymentEducation}


def _project_ids(user):
    return Project.visible_to(user).select(Project.id)
