"""Sign in, sign out, and the screen lock for shared intake desks."""
import time
from collections import defaultdict, deque

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forms.auth import LoginForm, UnlockForm
from models import AuditEvent, User

from ._htmx import htmx_redirect

bp = Blueprint("auth", __name__)

# Per-address throttle on failed sign-ins, on top of the per-account lock (which an attacker
# spraying many usernames would not trip). In memory: one waitress process serves an agency.
FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW_SECONDS = 15 * 60
_failures = defaultdict(deque)
LOGIN_FAILED = "That username and password do not match an active account."


def _address_throttled(address, now):
    recent = _failures[address]
    while recent and now - recent[0] > FAILURE_WINDOW_SECONDS:
        recent.popleft()
    return len(recent) >= FAILURES_PER_ADDRESS


@bp.route("/login", methods=("GET", "POST"))
def login():
    """Sign in with a username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        now = time.monotonic()
        address = request.remote_addr or "?"
        user = User.get_or_none(User.username == form.username.data.strip().lower())
        if _address_throttled(address, now):
            error = "Too many failed sign-ins from this device. Wait 15 minutes and try again."
        elif user is None:
            User.spend_password_check(form.password.data)
            _failures[address].append(now)
            error = LOGIN_FAILED
        elif user.is_locked():
            error = "This account is locked after repeated failed sign-ins. Try again in 15 minutes."
        elif not user.check_password(form.password.data) or not user.active:
            user.record_failed_login()
            _failures[address].append(now)
            error = LOGIN_FAILED
        else:
            user.record_login()
            if user.screen_locked:  # a fresh sign-in with the password is as good as unlocking
                user.unlock_screen()
            session.clear()
            login_user(user)
            session["last_seen"] = int(time.time())
            session.permanent = True  # expires with the idle timeout, renewed with last_seen
            AuditEvent.record(user, "login", "user", user.id)
            return redirect(url_for("home.index"), 303)
    first_run = not User.select().exists()
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form, error=error, first_run=first_run), status


@bp.route("/logout", methods=("POST",))
def logout():
    """Sign out and forget the session (on every device: a copied cookie stops working too)."""
    if current_user.is_authenticated:
        current_user.end_sessions()
    logout_user()
    session.clear()
    flash("You are signed out.")
    return htmx_redirect(url_for("auth.login"))


@bp.route("/lock", methods=("POST",))
@login_required
def lock():
    """Blank the screen until the user's password is typed again."""
    current_user.lock_screen()
    return htmx_redirect(url_for("auth.unlock"))


@bp.route("/unlock", methods=("GET", "POST"))
@login_required
def unlock():
    """Ask for the signed-in user's password to come back to work."""
    if not current_user.screen_locked:
        return redirect(url_for("home.index"))
    form = UnlockForm()
    error = None
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            current_user.unlock_screen()
            current_user.record_login()
            return redirect(url_for("home.index"), 303)
        current_user.record_failed_login()
        if current_user.is_locked():
            current_user.unlock_screen()  # the account lock takes over; the next sign-in starts unlocked
            current_user.end_sessions()
            logout_user()
            session.clear()
            flash("Too many wrong passwords: you are signed out and the account is locked for 15 minutes.")
            return redirect(url_for("auth.login"), 303)
        error = "That password is not right."
    status = 422 if form.is_submitted() else 200
    return render_template("auth/unlock.html", form=form, error=error,
                           idle_minutes=current_app.config["LOCK_IDLE_MINUTES"]), status
