"""The start page: where the signed-in user works."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from domain import codes
from models import Project

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required
def index():
    """The user's projects and what they can do next."""
    return render_template("home/index.html", projects=list(Project.visible_to(current_user)),
                           project_types=codes.PROJECT_TYPE)
