"""Role checks and lookups scoped to the signed-in user's agency (and, for staff, their projects)."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from models import Enrollment, Household, Project, User
from models.db import one_or_404


def role_required(*roles):
    """Allow only signed-in users with one of these roles; others get 403."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def get_project_or_404(project_id):
    """A project the current user may see; another agency's (or an unassigned one, for staff) is a 404."""
    return one_or_404(Project.visible_to(current_user), project_id)


def get_user_or_404(user_id):
    """An account of the current user's agency."""
    return one_or_404(User.for_agency(current_user.agency_id), user_id)


def get_household_or_404(household_id):
    """A live household in a project the current user may work in."""
    return one_or_404(Household.visible_to(current_user), household_id)


def get_enrollment_or_404(enrollment_id):
    """A live enrollment in a project the current user may work in."""
    return one_or_404(Enrollment.visible_to(current_user), enrollment_id)
