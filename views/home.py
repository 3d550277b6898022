"""The start page: where the signed-in user works."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from domain import codes
from models import Household, Project

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required
def index():
    """The user's projects and what they can do next."""
    projects = list(Project.visible_to(current_user))
    recent = Household.recently_created_by(current_user, 10) if current_user.role != "viewer" else []
    return render_template("home/index.html", projects=projects, recent=recent, project_types=codes.PROJECT_TYPE,
                           can_enter=current_user.role in ("admin", "staff"))
