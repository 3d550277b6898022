"""Friendly error pages that reveal nothing; htmx requests get a short alert instead."""
import logging

from flask import make_response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ._htmx import wants_partial

log = logging.getLogger("hmis.errors")

MESSAGES = {
    400: ("Something in that request was not right", "Reload the page and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Not found", "There is nothing here, or it belongs to another agency or project."),
    405: ("Not allowed this way", "This page cannot be used like that. Go back and use the page's own buttons."),
    413: ("Too much data", "That request was larger than this app accepts."),
    415: ("Not a form this app accepts", "This app takes only its own forms, without files. "
          "Go back and use the page's own buttons."),
    500: ("Something went wrong on our side", "Nothing you typed was saved by this request. Try again; "
          "if it happens again, tell your administrator the time it happened."),
}
CSRF_MESSAGE = ("This form has expired", "Your session changed since the page was loaded. "
                "Reload the page and try again.")


def render_error(status, title, detail):
    template = "errors/_alert.html" if wants_partial() else "errors/error.html"
    resp = make_response(render_template(template, status=status, title=title, detail=detail), status)
    if wants_partial():
        # Show the alert in the page's alert region rather than inside whatever was targeted.
        resp.headers["HX-Retarget"] = "#alerts"
        resp.headers["HX-Reswap"] = "innerHTML"
    return resp


def init_app(app):
    @app.errorhandler(CSRFError)
    def _csrf_error(exc):
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http_error(exc):
        title, detail = MESSAGES.get(exc.code, (exc.name, ""))
        return render_error(exc.code or 500, title, detail)

    @app.errorhandler(Exception)
    def _unexpected(exc):
        # Log the exception type and where it happened, never the request body or form values.
        log.error("Unhandled %s in %s", type(exc).__name__, _where(exc))
        return render_error(500, *MESSAGES[500])


def _where(exc):
    tb = exc.__traceback__
    while tb and tb.tb_next:
        tb = tb.tb_next
    return f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"

