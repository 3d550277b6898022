"""The agency's service catalog and the services given (HUD Services.csv semantics)."""
from peewee import BooleanField, CharField, DateField, DecimalField, ForeignKeyField, SmallIntegerField, fn

from .accounts import Agency
from .clients import Client, Enrollment, EnrollmentRecord, Household
from .db import BaseModel, write_transaction

# What a new agency's catalog starts with: the help DV programs give, which HUD has no record type for.
DEFAULT_LOCAL_TYPES = (
    ("Rent", True), ("Security deposit", True), ("Utility assistance", True), ("Motel or hotel nights", True),
    ("Moving costs", True), ("Other financial assistance", True), ("Advocacy", False), ("Legal advocacy", False),
    ("Counseling", False), ("Safety planning", False), ("Transportation", False), ("Child care", False),
)


class ServiceType(BaseModel):
    """A kind of service in the agency's catalog. HUD-typed ones (record_type set) go to the HMIS CSV."""
    agency = ForeignKeyField(Agency, backref="service_types", on_delete="CASCADE")
    name = CharField(max_length=100)
    record_type = SmallIntegerField(null=True)  # HUD list 1.4; None for the agency's own types
    type_provided = SmallIntegerField(null=True)
    financial_assistance = BooleanField(default=False)  # recorded on the head of household, with an amount
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("agency", "name"), True),)

    @classmethod
    def for_agency(cls, agency):
        return cls.select().where(cls.agency == agency).order_by(cls.financial_assistance.desc(), cls.name)

    @classmethod
    def active_for(cls, agency):
        return cls.for_agency(agency).where(cls.active)

    @classmethod
    def names_by_id(cls, agency):
        """id -> name of each of the agency's types."""
        return dict(cls.select(cls.id, cls.name).where(cls.agency == agency).tuples())

    @classmethod
    def named(cls, agency, name):
        """The agency's type with this name, ignoring case (names are unique per agency)."""
        return cls.select().where(cls.agency == agency, fn.LOWER(cls.name) == name.lower()).first()

    @classmethod
    def ensure_defaults(cls, agency):
        """Give an agency with an empty catalog the usual DV program types."""
        if cls.select().where(cls.agency == agency).exists():
            return  # the usual case: no write transaction for a page view
        with write_transaction():
            # Two first page views at once: the second insert finds the names taken and adds nothing.
            cls.insert_many([{"agency": agency, "name": name, "financial_assistance": fa}
                             for name, fa in DEFAULT_LOCAL_TYPES]).on_conflict_ignore().execute()


class Service(EnrollmentRecord):
    enrollment = ForeignKeyField(Enrollment, backref="services", on_delete="CASCADE")
    service_type = ForeignKeyField(ServiceType, on_delete="RESTRICT")
    date_provided = DateField()  # as stored (shifted with the household when approximated)
    fa_amount = DecimalField(max_digits=10, decimal_places=2, null=True)

    class Meta:
        indexes = ((("service_type", "date_provided"), False), (("enrollment", "date_provided"), False))

    @classmethod
    def visible_to(cls, user):
        """Live services of live members of the live households a user may see, with their enrollment and
        household."""
        return (cls.select(cls, Enrollment, Household).join(Enrollment).join(Household)
                .where(cls.date_deleted.is_null(), Enrollment.date_deleted.is_null(),
                       Household.id.in_(Household.visible_to(user).select(Household.id))))

    @classmethod
    def latest_for_household(cls, household, limit):
        """The household's `limit` most recent live services (live_for_household), and how many it has."""
        services = cls.live_for_household(household)
        latest = list(services.limit(limit))
        return latest, (services.count() if len(latest) == limit else len(latest))

    @classmethod
    def live_for_household(cls, household):
        """The household's services that are not deleted, newest first, with type and member's client."""
        return (cls.select(cls, ServiceType, Enrollment, Client)
                .join(ServiceType).switch(cls).join(Enrollment).join(Client)
                .where(Enrollment.household == household, Enrollment.date_deleted.is_null(),
                       cls.date_deleted.is_null())
                .order_by(cls.date_provided.desc(), cls.date_created.desc(), cls.id.desc()))
