"""A household's history for admins: the audit events about it and its records, in order."""
from flask import Blueprint, render_template
from flask_login import current_user

from models import AuditEvent
from models.history import household_history

from ._access import get_household_or_404, role_required
from ._dates import household_stamp

bp = Blueprint("history", __name__, url_prefix="/households")


@bp.route("/<int:household_id>/history")
@role_required("admin")
def show(household_id):
    """Who created, changed, deleted, restored or opened this household and its records, oldest first."""
    household = get_household_or_404(household_id)
    events = list(household_history(household))
    AuditEvent.record(current_user, "view", "household", household.id, ["history"], at=household_stamp(household))
    return render_template("households/history.html", household=household, events=events)
