"""Agencies (HUD organizations), their projects and their users."""
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from peewee import (BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    SmallIntegerField, TextField)

from domain.reidentification import DEFAULT_ELEMENTS
from domain.spreadsheet import starts_like_formula

from .db import BaseModel

ROLES = {"admin": "Admin", "staff": "Staff", "viewer": "Viewer"}
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()
# Verified against when the username is unknown, so both paths cost one argon2 check.
_DUMMY_HASH = _hasher.hash("not a real password")


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


class Agency(BaseModel):
    """A victim service provider: an Organization in the HMIS CSV."""
    name = CharField(max_length=200, unique=True)
    victim_service_provider = BooleanField(default=True)
    organization_common_code = CharField(max_length=50, null=True)
    # 9 = "Client prefers not to answer" (the guidance's "refused"); 2 = HUD's "Approximate or partial".
    dob_data_quality = SmallIntegerField(default=9)
    # Reports "for sharing" show counts below this as "<N" (small cells can identify a person).
    suppression_threshold = SmallIntegerField(default=11)
    # The re-identification guard (domain.reidentification): the smallest group allowed, and the
    # quasi-identifiers counted, as comma-separated element names.
    reid_k = SmallIntegerField(default=5)
    reid_elements = TextField(default=",".join(DEFAULT_ELEMENTS))
    date_created = DateTimeField(default=utcnow)
    date_updated = DateTimeField(default=utcnow)


class Project(BaseModel):
    agency = ForeignKeyField(Agency, backref="projects", on_delete="CASCADE")
    name = CharField(max_length=200)
    project_type = SmallIntegerField()
    rrh_sub_type = SmallIntegerField(null=True)
    housing_type = SmallIntegerField(null=True)
    target_population = SmallIntegerField(default=1)  # 1 = DV: Survivor of Domestic Violence
    continuum_project = BooleanField(default=False)
    coc_code = CharField(max_length=6)
    geocode = CharField(max_length=6, null=True)  # 2.03.3: six digits naming the area, not the address
    geography_type = SmallIntegerField(null=True)  # 2.03.4
    funding_source = SmallIntegerField()
    other_funder = CharField(max_length=100, null=True)
    grant_id = CharField(max_length=100, null=True)
    operating_start_date = DateField()
    operating_end_date = DateField(null=True)
    gives_financial_assistance = BooleanField(default=False)
    collects_education = BooleanField(default=False)
    date_created = DateTimeField(default=utcnow)
    date_updated = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("agency", "name"), True),)

    @classmethod
    def for_agency(cls, agency):
        return cls.select().where(cls.agency == agency).order_by(cls.name)

    @classmethod
    def visible_to(cls, user):
        """Projects a user may work in: all of the agency's for admins and viewers, assigned ones for staff."""
        query = cls.for_agency(user.agency_id)
        if user.role == "staff":
            query = query.join(UserProject).where(UserProject.user == user)
        return query


class User(UserMixin, BaseModel):
    agency = ForeignKeyField(Agency, backref="users", on_delete="CASCADE")
    username = CharField(max_length=64, unique=True)
    password_hash = CharField(max_length=255)
    role = CharField(max_length=10, default="staff")
    active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    # Bumped on password reset or deactivation so that existing sessions end.
    session_version = IntegerField(default=0)
    # Kept on the server, so that replaying an older (unlocked) session cookie does not get past the lock.
    screen_locked = BooleanField(default=False)
    last_login_at = DateTimeField(null=True)
    date_created = DateTimeField(default=utcnow)

    class Meta:
        table_name = "app_user"  # "user" is reserved in PostgreSQL

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    @classmethod
    def for_agency(cls, agency):
        return cls.select().where(cls.agency == agency).order_by(cls.username)

    @classmethod
    def for_session(cls, user_id, session_version):
        """The active account a session names, or None: a session of an older version (signed out everywhere, a
        password reset, a deactivation) has ended."""
        user = cls.get_or_none(cls.id == user_id)
        if user is None or user.session_version != session_version or not user.active:
            return None
        return user

    def set_password(self, password):
        self.password_hash = _hasher.hash(password)

    def check_password(self, password):
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @staticmethod
    def spend_password_check(password):
        """Equalise timing for unknown usernames."""
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass

    @classmethod
    def authenticate(cls, username, password, now=None):
        """The active, unlocked account with this username and password, or None.

        Every path costs one argon2 check and a locked account answers as an unknown username does,
        so neither the answer nor its timing tells whether a username exists."""
        user = cls.get_or_none(cls.username == username.strip().lower())
        if user is None:
            cls.spend_password_check(password)
            return None
        matches = user.check_password(password)  # checked even when locked: the same cost
        if user.is_locked(now):
            return None
        if not matches or not user.active:
            user.record_failed_login(now)
            return None
        return user

    def is_locked(self, now=None):
        return self.locked_until is not None and self.locked_until > (now or utcnow())

    def record_failed_login(self, now=None):
        self.failed_logins += 1
        if self.failed_logins >= MAX_FAILED_LOGINS:
            self.locked_until = (now or utcnow()) + LOCKOUT
            self.failed_logins = 0
        self.save(only=[User.failed_logins, User.locked_until])

    def record_login(self, now=None):
        self.failed_logins = 0
        self.locked_until = None
        self.last_login_at = now or utcnow()
        self.save(only=[User.failed_logins, User.locked_until, User.last_login_at])

    def lock_screen(self):
        self.screen_locked = True
        self.save(only=[User.screen_locked])

    def unlock_screen(self):
        self.screen_locked = False
        self.save(only=[User.screen_locked])

    def end_sessions(self):
        """Invalidate every session cookie of this user (sign-out: an old cookie replayed is not let in)."""
        self.session_version += 1
        self.save(only=[User.session_version])

    def project_ids(self):
        return {p.id for p in Project.visible_to(self)}

    def assigned_project_ids(self):
        """The projects a staff member is assigned to (admins and viewers see all of the agency's)."""
        return [a.project_id for a in self.assignments]


class UserProject(BaseModel):
    """A staff member's assignment to a project."""
    user = ForeignKeyField(User, backref="assignments", on_delete="CASCADE")
    project = ForeignKeyField(Project, backref="assignments", on_delete="CASCADE")

    class Meta:
        indexes = ((("user", "project"), True),)


def no_accounts_yet():
    """Whether this instance has no accounts at all: its first start, before create-admin."""
    return not User.select().exists()


class AccountError(ValueError):
    """An account or agency cannot be created as asked; the message says why."""


MIN_PASSWORD_LENGTH = 12


def password_problem(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters long."
    if len(password) > 256:
        return "Passwords can be at most 256 characters long."
    return None


def create_agency_with_admin(name, username, password):
    """Create an agency and its first admin in one transaction."""
    from .db import write_transaction
    name, username = name.strip(), username.strip().lower()
    if not name or len(name) > 200:
        raise AccountError("The organization name must be 1 to 200 characters long.")
    if starts_like_formula(name):  # the HMIS CSV export carries it as typed
        raise AccountError(f"The organization name cannot start with {name[0]!r}: spreadsheets run such text "
                           "as a formula.")
    if not username or len(username) > 64:
        raise AccountError("The username must be 1 to 64 characters long.")
    if problem := password_problem(password):
        raise AccountError(problem)
    with write_transaction():
        if Agency.select().where(Agency.name == name).exists():
            raise AccountError(f"An agency named {name!r} already exists.")
        if User.select().where(User.username == username).exists():
            raise AccountError(f"The username {username!r} is taken.")
        agency = Agency.create(name=name)
        admin = User(agency=agency, username=username, role="admin")
        admin.set_password(password)
        admin.save()
    return agency, admin
