"""Queries for finding anonymous records again: by record code, each user's recent records, and the project roster."""
from peewee import JOIN, fn

from domain.dates import shift_datetime
from domain.record_codes import is_valid, normalize

from .audit import AuditEvent
from .clients import MEMBER_ORDER, Client, Enrollment, Household
from .dialect import as_date
from .exits import Exit
from .services import Service

ROSTER_SORTS = ("code", "start", "last_service")
# Households read to find a user's ten most recent: enough unless one person opens over 200 within three months
# (the most an approximated household's stamps run ahead).
RECENT_CANDIDATES = 200


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


def recent_households(user, offset_for, limit=10):
    """Households the user created or opened most recently (from the audit trail). The events of an approximated
    household are stamped ahead by its offset and keys carry no order: the real times are worked out here, for
    the households last touched by stamp, and never stored. offset_for(household) gives a household's date offset
    (0 when its dates are real)."""
    latest = (AuditEvent.select(AuditEvent.record_id, fn.MAX(AuditEvent.at).alias("last"))
              .where(AuditEvent.user == user, AuditEvent.record_type == "household",
                     AuditEvent.action.in_(("create", "view")))
              .group_by(AuditEvent.record_id).order_by(fn.MAX(AuditEvent.at).desc()).limit(RECENT_CANDIDATES))
    last = {row.record_id: row.last for row in latest}
    found = Household.visible_to(user).where(Household.id.in_(list(last)))
    return sorted(found, key=lambda h: shift_datetime(last[h.id], -offset_for(h)), reverse=True)[:limit]


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


def roster_page(project, page, size, **filters):
    """One page of the roster (see roster for the filters), each household's start and last_service as dates, and
    how many households the whole roster has."""
    query = roster(project, **filters)
    total = query.count()
    households = list(query.paginate(page, size))
    for household in households:
        household.start, household.last_service = as_date(household.start), as_date(household.last_service)
    return households, total


def members_of(households):
    """Live enrollments (with clients) of these households, for one roster page."""
    ids = [h.id for h in households]
    if not ids:
        return []
    return list(Enrollment.select(Enrollment, Client).join(Client)
                .where(Enrollment.household.in_(ids), Enrollment.date_deleted.is_null())
                .order_by(*MEMBER_ORDER))
