"""Role checks and lookups scoped to the signed-in user's agency (and, for staff, their projects)."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from models import Enrollment, Household, Project, User


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
    project = Project.visible_to(current_user).where(Project.id == project_id).first()
    if project is None:
        abort(404)
    return project


def get_user_or_404(user_id):
    user = User.for_agency(current_user.agency_id).where(User.id == user_id).first()
    if user is None:
        abort(404)
    return user


def get_household_or_404(household_id):
    """A live household in a project the current user may work in."""
    household = Household.visible_to(current_user).where(Household.id == household_id).first()
    if household is None:
        abort(404)
    return household


def get_enrollment_or_404(enrollment_id):
    """A live enrollment in a project the current user may work in."""
    enrollment = (Enrollment.select().join(Household)
                  .where(Enrollment.id == enrollment_id, Enrollment.date_deleted.is_null(),
                         Household.id.in_(Household.visible_to(current_user).select(Household.id)))
                  .first())
    if enrollment is None:
        abort(404)
    return enrollment
