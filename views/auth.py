"""Sign in, sign out, and the screen lock for shared intake desks."""
import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forms.auth import LoginForm, UnlockForm
from models import AuditEvent, User, utcnow
from models.accounts import no_accounts_yet
from models.instance import SignInFailure

from ._htmx import htmx_redirect

bp = Blueprint("auth", __name__)

# One answer for every failed sign-in: a wrong password, an unknown username and a locked account
# look the same, so the form cannot be used to find out which usernames exist.
LOGIN_FAILED = ("That username and password do not match an active account, or the account is locked "
                "for 15 minutes after repeated failed sign-ins.")
THROTTLED = "Too many failed sign-ins from this device. Wait 15 minutes and try again."


@bp.route("/login", methods=("GET", "POST"))
def login():
    """Sign in with a username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        now = utcnow()
        address = request.remote_addr or "?"  # the client's, as the trusted proxy reports it
        user = None
        if SignInFailure.throttled(address, now):
            error = THROTTLED
        else:
            user = User.authenticate(form.username.data, form.password.data, now)
            if user is None:
                SignInFailure.record(address, now)
                error = LOGIN_FAILED
        if user is not None:
            user.record_login()
            if user.screen_locked:  # a fresh sign-in with the password is as good as unlocking
                user.unlock_screen()
            session.clear()
            login_user(user)
            session["last_seen"] = int(time.time())
            session.permanent = True  # expires with the idle timeout, renewed with last_seen
            AuditEvent.record(user, "login", "user", user.id)
            return redirect(url_for("home.index"), 303)
    first_run = no_accounts_yet()
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
