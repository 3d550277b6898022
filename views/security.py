"""Headers, caching, idle timeout and the screen lock, applied to every request."""
import time

from flask import flash, request, session, url_for
from flask_login import current_user, logout_user

from ._htmx import htmx_redirect

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")
# Endpoints a locked or timed-out session may still reach.
OPEN_WHILE_LOCKED = {"auth.unlock", "auth.logout", "static"}
# Activity is written to the session cookie at most this often. A request that changes nothing
# sends no cookie back: otherwise a preview answered after a save would put back the session it
# had read, without the save's flash message. Idle time is therefore counted up to this much early.
LAST_SEEN_STEP = 30


def init_app(app):
    @app.before_request
    def _idle_timeout_and_lock():
        if not current_user.is_authenticated:
            return None
        now = int(time.time())
        idle = now - session.get("last_seen", now)
        if idle > app.config["SESSION_IDLE_MINUTES"] * 60:
            logout_user()
            session.clear()
            flash(f"You were signed out after {app.config['SESSION_IDLE_MINUTES']} minutes without activity.")
            return htmx_redirect(url_for("auth.login"))
        if idle > app.config["LOCK_IDLE_MINUTES"] * 60 and not current_user.screen_locked:
            current_user.lock_screen()  # also when the page's script did not run
        if now - session.get("last_seen", 0) >= LAST_SEEN_STEP:
            session["last_seen"] = now
        if current_user.screen_locked and request.endpoint not in OPEN_WHILE_LOCKED:
            return htmx_redirect(url_for("auth.unlock"))
        return None

    @app.after_request
    def _security_headers(resp):
        h = resp.headers
        h["Content-Security-Policy"] = CSP
        h["X-Frame-Options"] = "DENY"
        h["X-Content-Type-Options"] = "nosniff"
        # Same-origin only: Flask-WTF's HTTPS check needs a same-site Referer on every POST, and no URL
        # (record codes in paths) ever goes to another site.
        h["Referrer-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.endpoint != "static":
            # Pages hold client data: keep them out of shared-desk browser caches and history.
            h["Cache-Control"] = "no-store"
        return resp

    app.permanent_session_lifetime = app.config["SESSION_IDLE_MINUTES"] * 60
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False  # see LAST_SEEN_STEP
