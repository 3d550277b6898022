"""Headers, CSRF, cookies, error pages and logs that reveal nothing."""
import pytest

from tests.conftest import make_app


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_in_pages(client, auth, agency):
    auth.login("admin-1")
    for url in ("/", "/admin/projects", "/admin/users", "/admin/agency", "/admin/projects/new"):
        html = client.get(url).get_data(as_text=True)
        for tag in html.split("<script")[1:]:
            assert " src=" in tag.split(">")[0], f"inline script on {url}"
        assert " on" not in "".join(t.split(">")[0] for t in html.split("<")[1:]).replace(" one", "")


def test_session_cookie_flags(client, auth, agency):
    response = auth.login("staff-1")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_secure_over_https(client, agency):
    response = client.post("/login", data={"username": "staff-1", "password": "correct horse battery"},
                           base_url="https://hmis.example.org")
    assert "Secure" in response.headers["Set-Cookie"]


@pytest.fixture
def csrf_client(database_url, tmp_path):
    application = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    return application.test_client()


def test_post_without_csrf_token_is_refused(csrf_client, agency):
    response = csrf_client.post("/login", data={"username": "staff-1", "password": "correct horse battery"})
    assert response.status_code == 400
    assert b"This form has expired" in response.data and b"<html" in response.data


def test_htmx_post_without_csrf_token_gets_an_alert(csrf_client, agency):
    response = csrf_client.post("/login", data={"username": "x"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#alerts" and b"<html" not in response.data


def test_htmx_post_with_csrf_header_is_accepted(csrf_client, agency):
    page = csrf_client.get("/login").get_data(as_text=True)
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]
    response = csrf_client.post("/login", data={"username": "staff-1", "password": "correct horse battery"},
                                headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 303


@pytest.mark.parametrize("method, url, status", [
    ("get", "/no-such-page", 404),
    ("get", "/logout", 405),
    ("get", "/admin/projects/abc/edit", 404),
])
def test_friendly_error_pages(client, method, url, status):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert b"<html" in response.data and b"Traceback" not in response.data


def test_unexpected_error_is_a_friendly_500_without_details(database_url, tmp_path, caplog):
    application = make_app(database_url, tmp_path, TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @application.route("/boom", methods=["POST"])
    def boom():
        raise RuntimeError("secret-marker-1987-03-14")

    response = application.test_client().post("/boom", data={"dob": "1987-03-14"})
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert b"secret-marker" not in response.data and b"1987-03-14" not in response.data
    assert "secret-marker" not in caplog.text and "1987-03-14" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_oversized_request_is_refused(client):
    response = client.post("/login", data={"username": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_behind_a_proxy_forwarded_https_makes_the_cookie_secure(database_url, tmp_path, agency):
    application = make_app(database_url, tmp_path, PROXIES=1)
    response = application.test_client().post(
        "/login", data={"username": "staff-1", "password": "correct horse battery"},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
    assert response.status_code == 303 and "Secure" in response.headers["Set-Cookie"]


def test_without_proxies_forwarded_headers_are_ignored(client, agency):
    response = client.post("/login", data={"username": "staff-1", "password": "correct horse battery"},
                           headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in response.headers["Set-Cookie"]
