"""Bodies no form sends (JSON, text, files) get 415 or 400 with the normal layout, never a 500; NULs never stored."""
import io
import json

import pytest
from peewee import CharField, TextField

import models
from tests.conftest import make_app
from tests.test_malformed_requests import SESSION_ROUTES, _field_names, admin  # noqa: F401
from tests.test_access import CHANGES_THE_RECORDS_UNDER_TEST, world  # noqa: F401


def _posts(urls):
    return [(endpoint, url) for endpoint, method, url, _ in urls
            if method == "POST" and endpoint not in SESSION_ROUTES | CHANGES_THE_RECORDS_UNDER_TEST]


def _text_with_nul():
    """Every stored text value holding a NUL (read in Python: PostgreSQL cannot even compare one)."""
    found = []
    for model in (m for m in vars(models).values() if isinstance(m, type) and issubclass(m, models.db.BaseModel)):
        fields = [f for f in model._meta.sorted_fields if isinstance(f, (CharField, TextField))]
        for row in model.select(*fields).tuples() if fields else ():
            found += [(model.__name__, value) for value in row if isinstance(value, str) and "\x00" in value]
    return found


def test_json_text_and_file_bodies_on_every_post_route(admin):  # noqa: F811
    client, urls, _ = admin
    names = _field_names(client, urls)
    posts = _posts(urls)
    assert len(posts) > 30
    answers = {}
    for endpoint, url in posts:
        fields = {name: "a\x00b" for name in names}
        answers[(endpoint, "json")] = client.post(url, data=json.dumps(fields), content_type="application/json")
        answers[(endpoint, "text")] = client.post(url, data="a=b", content_type="text/plain")
        with_file = {**fields, names[0]: (io.BytesIO(b"=1+2\x00"), "x.csv")}
        answers[(endpoint, "file")] = client.post(url, data=with_file, content_type="multipart/form-data")
    wrong = {key: r.status_code for key, r in answers.items()
             if r.status_code != (400 if key[1] == "file" else 415)}
    assert wrong == {}
    page = answers[(posts[0][0], "json")].get_data(as_text=True)
    assert "Not a form this app accepts" in page and "<html" in page  # the error page, in the layout
    assert _text_with_nul() == []


def test_form_fields_sent_as_multipart_without_files_are_accepted_without_nul(admin):  # noqa: F811
    client, _, _ = admin
    response = client.post("/admin/services/new", data={"name": "Bus\x00 pass"}, content_type="multipart/form-data")
    assert response.status_code == 303
    assert models.ServiceType.get(models.ServiceType.name == "Bus pass")
    assert _text_with_nul() == []


def test_a_json_body_is_refused_before_the_csrf_check(database_url, tmp_path):
    client = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/login", data=json.dumps({"username": "x"}), content_type="application/json")
    assert response.status_code == 415


def test_an_empty_post_still_reaches_the_route(client):
    assert client.post("/logout").status_code in (302, 303)  # no body, no content type: as buttons send


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data"])
def test_sign_in_works_with_either_form_encoding(client, agency, content_type):
    response = client.post("/login", data={"username": "staff-1", "password": "correct horse battery"},
                           content_type=content_type)
    assert response.status_code == 303
