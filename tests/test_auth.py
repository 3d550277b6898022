"""Sign-in, sign-out, lockout, idle timeout and the screen lock."""
import re
import time
from datetime import timedelta

import pytest

import models.accounts
from models import AuditEvent, User, utcnow
from models.accounts import MAX_FAILED_LOGINS
from models.instance import FAILURE_WINDOW, FAILURES_PER_ADDRESS, SignInFailure
from tests.conftest import PASSWORD
from views import auth as auth_views
from views import security


def test_login_page_and_first_run_hint(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert b"No accounts exist yet" in page.data and b"create-admin" in page.data


def test_login_and_logout(client, auth, agency):
    _, _, users = agency
    response = auth.login("staff-1")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    home = client.get("/")
    assert b"Safe Harbor" in home.data and b"staff-1" in home.data
    assert AuditEvent.select().where(AuditEvent.action == "login").count() == 1
    auth.logout()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("username, password, message", [
    ("", "", b"Enter your username."),
    ("staff-1", "", b"Enter your password."),
    ("staff-1", "wrong password!", b"do not match an active account"),
    ("nobody", PASSWORD, b"do not match an active account"),
    ("x" * 65, PASSWORD, b"Field cannot be longer than 64 characters."),
])
def test_login_refuses_bad_credentials(client, auth, agency, username, password, message):
    response = auth.login(username, password)
    assert response.status_code == 422
    assert message in response.data
    assert client.get("/").status_code == 302


def test_username_is_case_insensitive(client, auth, agency):
    assert auth.login("STAFF-1").status_code == 303


def test_deactivated_user_cannot_sign_in(client, auth, agency):
    User.update(active=False).where(User.username == "staff-1").execute()
    assert auth.login("staff-1").status_code == 422


def test_repeated_failures_lock_the_account(client, auth, agency):
    for _ in range(MAX_FAILED_LOGINS):
        auth.login("staff-1", "wrong password!")
    response = auth.login("staff-1")  # the right password no longer helps
    assert response.status_code == 422 and b"locked for 15 minutes" in response.data
    assert User.get(User.username == "staff-1").locked_until is not None
    assert client.get("/").status_code == 302


def _error(response):
    return re.search(r'<p class="error-summary" role="alert">(.*?)</p>', response.get_data(as_text=True), re.S).group(1)


def test_a_locked_account_answers_as_an_unknown_username_does(client, auth, agency, monkeypatch):
    """After the same failures, a locked real account (even with its right password) and a made-up
    username get the same status and message, and each costs exactly one argon2 check."""
    for username in ("staff-1", "no-such-user"):
        for _ in range(MAX_FAILED_LOGINS):
            auth.login(username, "wrong password!")
    checks = []

    class CountingHasher:
        def verify(self, *args, real=models.accounts._hasher):
            checks.append(1)
            return real.verify(*args)

    monkeypatch.setattr(models.accounts, "_hasher", CountingHasher())
    locked, unknown = auth.login("staff-1"), auth.login("no-such-user")
    assert locked.status_code == unknown.status_code == 422
    assert _error(locked) == _error(unknown) == auth_views.LOGIN_FAILED.replace("'", "&#39;")
    assert len(checks) == 2
    assert User.get(User.username == "staff-1").is_locked()


def test_address_throttle_stops_password_spraying(client, auth, agency):
    for n in range(FAILURES_PER_ADDRESS):
        auth.login(f"guess-{n}", "wrong password!")
    response = auth.login("staff-1")
    assert response.status_code == 422 and b"Too many failed sign-ins from this device" in response.data
    other_device = client.application.test_client()
    other = other_device.post("/login", data={"username": "staff-1", "password": PASSWORD},
                              environ_base={"REMOTE_ADDR": "192.0.2.8"})
    assert other.status_code == 303  # only the address that failed is held back


def test_the_throttle_forgets_failures_older_than_its_window(client, auth, agency):
    old = utcnow() - FAILURE_WINDOW - timedelta(seconds=1)
    SignInFailure.insert_many([{"address": "127.0.0.1", "at": old}] * FAILURES_PER_ADDRESS).execute()
    assert not SignInFailure.throttled("127.0.0.1", utcnow())
    auth.login("nobody", "wrong password!")  # a new failure prunes the old ones
    assert [(f.address, f.at > old) for f in SignInFailure.select()] == [("127.0.0.1", True)]
    assert auth.login("staff-1").status_code == 303


def test_idle_session_ends(client, auth, agency, app):
    auth.login("staff-1")
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    response = client.get("/")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert b"without activity" in client.get("/login").data
    assert client.get("/").status_code == 302


def test_idle_session_ends_for_htmx_with_redirect_header(client, auth, agency, app):
    auth.login("staff-1")
    with client.session_transaction() as session:
        session["last_seen"] = 0
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/login"


def test_a_request_that_changes_nothing_sends_no_session_cookie(client, auth, agency):
    """A preview answered after a save must not put back the session without the save's flash message."""
    auth.login("staff-1")
    client.get("/")  # the first page after signing in adds the session's CSRF token
    assert "Set-Cookie" not in client.get("/").headers
    with client.session_transaction() as session:
        session["last_seen"] -= security.LAST_SEEN_STEP
    renewed = client.get("/").headers["Set-Cookie"]
    assert renewed.startswith("hmis_session=") and "Expires=" in renewed
    assert "Set-Cookie" not in client.get("/").headers


def test_lock_screen_blocks_pages_until_password(client, auth, agency):
    auth.login("staff-1")
    assert client.post("/lock").headers["Location"] == "/unlock"
    assert client.get("/").headers["Location"] == "/unlock"
    wrong = client.post("/unlock", data={"password": "not it at all"})
    assert wrong.status_code == 422 and b"That password is not right." in wrong.data
    assert client.get("/").headers["Location"] == "/unlock"
    assert client.post("/unlock", data={"password": PASSWORD}).status_code == 303
    assert client.get("/").status_code == 200


def test_lock_screen_signs_out_after_repeated_wrong_passwords(client, auth, agency):
    auth.login("staff-1")
    client.post("/lock")
    for _ in range(MAX_FAILED_LOGINS):
        response = client.post("/unlock", data={"password": "not it at all"})
    assert response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


def test_password_reset_ends_existing_sessions(client, auth, agency):
    auth.login("staff-1")
    user = User.get(User.username == "staff-1")
    user.session_version += 1
    user.save()
    assert client.get("/").status_code == 302


def _cookie(client):
    return client.get_cookie("hmis_session").value


def test_a_copied_cookie_stops_working_after_sign_out(app, client, auth, agency):
    auth.login("staff-1")
    copied = _cookie(client)
    auth.logout()
    replay = app.test_client()
    replay.set_cookie("hmis_session", copied)
    assert replay.get("/").status_code == 302


def test_a_copied_cookie_does_not_get_past_the_lock(app, client, auth, agency):
    auth.login("staff-1")
    copied = _cookie(client)
    client.post("/lock")
    replay = app.test_client()
    replay.set_cookie("hmis_session", copied)
    assert replay.get("/").headers["Location"] == "/unlock"


def test_the_server_locks_after_idle_minutes_even_without_the_script(client, auth, agency, app):
    auth.login("staff-1")
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - app.config["LOCK_IDLE_MINUTES"] * 60 - 5
    assert client.get("/").headers["Location"] == "/unlock"
    assert User.get(User.username == "staff-1").screen_locked
    assert client.post("/unlock", data={"password": PASSWORD}).status_code == 303
    assert client.get("/").status_code == 200
