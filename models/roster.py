"""Queries for finding anonymous records again: by record code, and the project roster."""
from peewee import JOIN, fn

from domain.record_codes import is_valid, normalize

from .clients import MEMBER_ORDER, Client, Enrollment, Household
from .exits import Exit
from .services import Service

ROSTER_SORTS = ("code", "start", "last_service")


def find_by_code(user, text):
    """The household or client with this record code, within what the user may see (or None)."""
    if not is_valid(text):
        return None
    code = normalize(text)
    household = Household.visible_to(user).where(Household.code == code).first()
    if household is not None:
        return household
    return (Client.select(Client, Enrollment, Household).join(Enrollment).join(Household)
            .where(Client.code == code, Client.date_deleted.is_null(), Enrollment.date_deleted.is_null(),
                   Household.id.in_(Household.visible_to(user).select(Household.id)))
            .first())


def current_enrollments(project):
    """Live enrollments of the project with no live exit: the current participants."""
    live_exit = Exit.select(Exit.id).where(Exit.enrollment == Enrollment.id, Exit.date_deleted.is_null())
    return Enrollment.select().where(Enrollment.project == project, Enrollment.date_deleted.is_null(),
                                     ~fn.EXISTS(live_exit))


def roster(project, *, household_type=None, entered_from=None, entered_to=None, sort="start",
           descending=False):
    """Households with current participants, with their start date and last service date."""
    current = current_enrollments(project)
    starts = (current.select(Enrollment.household.alias("hh"), fn.MIN(Enrollment.entry_date).alias("start"))
              .group_by(Enrollment.household).alias("starts"))
    last_service = (Service.select(Enrollment.household.alias("hh"), fn.MAX(Service.date_provided).alias("last"))
                    .join(Enrollment).where(Enrollment.project == project, Service.date_deleted.is_null())
                    .group_by(Enrollment.household).alias("services"))
    query = (Household.select(Household, starts.c.start.alias("start"), last_service.c.last.alias("last_service"))
             .join(starts, on=(starts.c.hh == Household.id))
             .join(last_service, JOIN.LEFT_OUTER, on=(last_service.c.hh == Household.id))
             .where(Household.project == project, Household.date_deleted.is_null()))
    if household_type:
        query = query.where(Household.household_type == household_type)
    if entered_from:
        query = query.where(starts.c.start >= entered_from)
    if entered_to:
        query = query.where(starts.c.start <= entered_to)
    column = {"code": Household.code, "start": starts.c.start, "last_service": last_service.c.last}[sort]
    order = column.desc(nulls="LAST") if descending else column.asc(nulls="LAST")
    return query.order_by(order, Household.id).objects()  # start and last_service land on each Household


def members_of(households):
    """Live enrollments (with clients) of these households, for one roster page."""
    ids = [h.id for h in households]
    if not ids:
        return []
    return list(Enrollment.select(Enrollment, Client).join(Client)
                .where(Enrollment.household.in_(ids), Enrollment.date_deleted.is_null())
                .order_by(*MEMBER_ORDER))
