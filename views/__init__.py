"""Blueprints, one per area, and the request hooks every page shares."""
from flask_login import LoginManager
from werkzeug.routing import IntegerConverter

from domain.dates import SHIFT_MAX_DAYS, SHIFT_MIN_DAYS, us_date, us_datetime
from domain.record_codes import hyphenate
from models.accounts import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to continue."
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_key):
    user_id, _, version = user_key.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    return User.for_session(int(user_id), int(version))


class RecordId(IntegerConverter):
    """<int:...> in every route: a number a record id can be (a signed 64-bit integer), or the page is not
    found, instead of a query the database refuses."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, *args, **{"max": 2 ** 63 - 1, **kwargs})


def register_blueprints(app):
    from . import (admin, assessments, auth, errors, exits, exports, history, home, households, hud_reports, intake,
                   members, privacy, records, reports, security, services)
    app.url_map.converters["int"] = RecordId  # before the routes are added
    login_manager.init_app(app)
    app.add_template_filter(hyphenate, "record_code")
    app.add_template_filter(us_date)  # every date a page shows
    app.add_template_filter(us_datetime)
    # Policy numbers that pages state, from the constants that enforce them.
    app.jinja_env.globals.update(SHIFT_MIN_DAYS=SHIFT_MIN_DAYS, SHIFT_MAX_DAYS=SHIFT_MAX_DAYS)
    security.init_app(app)
    errors.init_app(app)
    for module in (auth, home, admin, intake, households, members, records, services, exits, assessments,
                   exports, reports, hud_reports, privacy, history):
        app.register_blueprint(module.bp)
