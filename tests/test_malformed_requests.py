"""No request, however malformed, gets a 500: every route, every method, every field the pages render, filled with
values a form never sends, and ids no database can hold."""
import re

import pytest
from werkzeug.datastructures import MultiDict

from models.instance import SignInFailure
from tests.test_access import CHANGES_THE_RECORDS_UNDER_TEST, _ids, _login, _urls, world  # noqa: F401

NASTY = ("", " ", "-1", "0", "99999999999999999999999", "-99999999999999999999999", "1e400", "nan", "12.5",
         "2026-02-30", "0001-01-01", "9999-12-31", "31/12/2026", "\x00", "a\x00b", "☃💥", "<script>x</script>",
         "1,2", "true", "x" * 3000)
HUGE_IDS = (2 ** 63, 10 ** 30)
# These end or change the signed-in session itself (covered in test_auth).
SESSION_ROUTES = {"auth.logout", "auth.login", "auth.lock", "auth.unlock"}
FIELD_NAME = re.compile(r'\sname="([^"]+)"')


@pytest.fixture
def admin(app, world):  # noqa: F811
    own, _ = world
    client = app.test_client()
    _login(client, own[2]["admin"].username)
    ids = _ids(own)
    return client, list(_urls(app, ids)), ids


def _field_names(client, urls):
    """Every input name the pages render, for one household of each kind of form."""
    names = set()
    for _, method, url, _ in urls:
        if method == "GET":
            names.update(FIELD_NAME.findall(client.get(url).get_data(as_text=True)))
    return sorted(names)


def _routes(urls, method):
    return [(endpoint, url) for endpoint, m, url, _ in urls
            if m == method and endpoint not in SESSION_ROUTES | CHANGES_THE_RECORDS_UNDER_TEST]


def test_every_form_field_filled_with_nonsense(admin):
    client, urls, _ = admin
    names = _field_names(client, urls)
    assert len(names) > 100  # intake, exit, assessments, services, admin, reports: the walk found the forms
    posts = _routes(urls, "POST")
    assert len(posts) > 30
    failed = []
    for endpoint, url in posts:
        for value in NASTY:
            headers = {"HX-Request": "true"} if value in ("", "-1", "2026-02-30") else {}
            response = client.post(url, data={name: value for name in names}, headers=headers)
            if response.status_code >= 500:
                failed.append((endpoint, value))
        # each field given twice, with two different answers
        response = client.post(url, data=MultiDict([(name, v) for name in names for v in ("1", "x")]))
        if response.status_code >= 500:
            failed.append((endpoint, "repeated"))
    assert not failed, sorted({endpoint for endpoint, _ in failed})


def test_query_strings_with_nonsense(admin):
    client, urls, _ = admin
    names = _field_names(client, urls)
    failed = [(endpoint, value) for endpoint, url in _routes(urls, "GET") for value in NASTY
              if client.get(url, query_string={name: value for name in names}).status_code >= 500]
    assert not failed, sorted({endpoint for endpoint, _ in failed})


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_no_database_can_hold_are_not_found(app, admin, huge):
    client, _, own_ids = admin
    ids = {key: huge if isinstance(value, int) else value for key, value in own_ids.items()}
    answers = {(method, url): client.open(url, method=method, data={}).status_code
               for endpoint, method, url, has_ids in _urls(app, ids) if has_ids and endpoint not in SESSION_ROUTES}
    assert len(answers) > 20
    assert {key: status for key, status in answers.items() if status != 404} == {}


def test_sign_in_and_unlock_with_nonsense(app, world):  # noqa: F811
    client = app.test_client()
    for value in NASTY:
        response = client.post("/login", data={"username": value, "password": value})
        assert response.status_code == 422, (value, response.status_code)
    SignInFailure.delete().execute()  # the address throttle counted the tries above
    assert client.post("/login", data={"username": "staff-1\x00", "password": "correct horse battery"}
                       ).status_code == 303  # the NUL is dropped, not stored or compared
    client.post("/lock")
    answers = [client.post("/unlock", data={"password": value}).status_code for value in NASTY]
    # wrong passwords (422) until the session is ended, then redirects to sign in
    assert answers[0] == 422 and set(answers) <= {422, 303, 302}, answers
