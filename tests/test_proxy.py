"""Behind a reverse proxy: waitress and Flask trust the same PROXIES hops, the throttle counts the real client in
the database every process shares, and forms pass the strict HTTPS CSRF check."""
import http.client
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from config import ConfigurationError, from_environment
from models import utcnow
from models.instance import FAILURES_PER_ADDRESS, SignInFailure
from serving import make_server, waitress_options
from tests.conftest import PASSWORD, make_app
from tests.served import served

ROOT = Path(__file__).resolve().parents[1]
WRONG = {"username": "nobody", "password": "wrong password!"}


@pytest.mark.parametrize("env, expected", [
    ({}, {"threads": 8, "ident": ""}),
    ({"PROXIES": "1"}, {"threads": 8, "ident": "", "trusted_proxy": "127.0.0.1", "trusted_proxy_count": 1,
                        "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto x-forwarded-host",
                        "clear_untrusted_proxy_headers": True}),
    ({"PROXIES": "2", "TRUSTED_PROXY": " 10.0.0.5 "}, {"threads": 8, "ident": "", "trusted_proxy": "10.0.0.5",
                                                       "trusted_proxy_count": 2,
                                                       "trusted_proxy_headers":
                                                           "x-forwarded-for x-forwarded-proto x-forwarded-host",
                                                       "clear_untrusted_proxy_headers": True}),
])
def test_waitress_options_follow_proxies(tmp_path, env, expected):
    config = from_environment(str(tmp_path), {"SECRET_KEY": "k" * 32, "DATE_SHIFT_KEY": "d" * 32, **env})
    assert waitress_options(config) == expected


@pytest.mark.parametrize("value", ["localhost", "*", "127.0.0.1:8080", "", "10.0.0.0/8"])
def test_trusted_proxy_must_be_one_address(tmp_path, value):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXY is the IP address the reverse proxy connects from"):
        from_environment(str(tmp_path), {"SECRET_KEY": "k" * 32, "DATE_SHIFT_KEY": "d" * 32, "TRUSTED_PROXY": value})


def test_serve_reads_the_headers_in_one_layer_only(database_url, tmp_path):
    """ProxyFix serves other WSGI servers; the server `serve` builds drops it, as waitress reads the headers."""
    app = make_app(database_url, tmp_path, PROXIES=1)
    assert isinstance(app.wsgi_app, ProxyFix) and app.config["SESSION_COOKIE_SECURE"]
    server = make_server(app, "127.0.0.1", 0)
    server.close()
    assert not isinstance(app.wsgi_app, ProxyFix)
    assert server.adj.trusted_proxy == "127.0.0.1" and server.adj.trusted_proxy_count == 1


def _post(port, data, headers=(), source="127.0.0.1"):
    """POST /login to the waitress server from a chosen loopback address; returns (status, headers)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        conn.request("POST", "/login", urlencode(data),
                     {"Content-Type": "application/x-www-form-urlencoded", **dict(headers)})
        response = conn.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        conn.close()


def _addresses():
    return sorted(f.address for f in SignInFailure.select())


@pytest.fixture
def proxied(database_url, tmp_path):
    """The app behind one proxy (PROXIES=1, trusting 127.0.0.1), served by waitress as `serve` does."""
    with served(make_app(database_url, tmp_path, PROXIES=1)) as port:
        yield port


@pytest.mark.parametrize("forwarded_for, counted", [
    ("203.0.113.9", "203.0.113.9"),
    ("198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client wrote the first hop; our proxy the last
    ("10.1.1.1, 10.2.2.2, 198.51.100.1,203.0.113.9", "203.0.113.9"),
    ("2001:db8::7", "2001:db8::7"),
    (",", "127.0.0.1"),  # nonsense from a broken proxy: no client named, so the peer is counted
    ("a" * 100, "a" * 64),  # never an error, whatever the proxy writes
])
def test_only_the_last_hop_of_a_long_chain_counts(proxied, forwarded_for, counted):
    status, _ = _post(proxied, WRONG, {"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"})
    assert status == 422
    assert _addresses() == [counted]


def test_headers_from_a_peer_that_is_not_the_proxy_are_dropped(proxied):
    status, _ = _post(proxied, WRONG, {"X-Forwarded-For": "203.0.113.9"}, source="127.0.0.2")
    assert status == 422 and _addresses() == ["127.0.0.2"]


def test_a_malformed_proxy_header_is_a_bad_request(proxied):
    status, _ = _post(proxied, WRONG, {"X-Forwarded-Proto": "https, http"})
    assert status == 400 and _addresses() == []


def test_through_the_proxy_the_session_cookie_is_secure(proxied, agency):
    status, headers = _post(proxied, {"username": "staff-1", "password": PASSWORD},
                            {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert status == 303 and "; Secure" in headers["Set-Cookie"]


def test_proxyfix_trusts_only_the_last_hops_too(database_url, tmp_path):
    """`flask run` or another WSGI server behind the proxy: the same rule through ProxyFix."""
    client = make_app(database_url, tmp_path, PROXIES=1).test_client()
    response = client.post("/login", data=WRONG, headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"})
    assert response.status_code == 422 and _addresses() == ["203.0.113.9"]


@pytest.fixture
def https_client(database_url, tmp_path):
    """CSRF on, behind one proxy that says the browser used https://hmis.example.org."""
    client = make_app(database_url, tmp_path, PROXIES=1, WTF_CSRF_ENABLED=True).test_client()
    client.environ_base.update(HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_HOST="hmis.example.org",
                               HTTP_X_FORWARDED_FOR="203.0.113.9")
    page = client.get("/login").get_data(as_text=True)
    return client, page.split('"X-CSRFToken": "')[1].split('"')[0]


@pytest.mark.parametrize("referer, status", [
    ("https://hmis.example.org/login", 303),
    (None, 400),  # the strict check stays on: no Referer, no sign-in
    ("https://evil.example.com/login", 400),
    ("http://hmis.example.org/login", 400),
])
def test_csrf_over_https_wants_a_same_origin_referer(https_client, agency, referer, status):
    client, token = https_client
    headers = {"HX-Request": "true", "X-CSRFToken": token, **({"Referer": referer} if referer else {})}
    response = client.post("/login", data={"username": "staff-1", "password": PASSWORD}, headers=headers)
    assert response.status_code == status


SIGN_IN_FAILURES = """
import sys
from tests.conftest import make_app
client = make_app(sys.argv[1], None).test_client()
for n in range(int(sys.argv[2])):
    response = client.post("/login", data={"username": f"guess-{n}", "password": "wrong password!"},
                           environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert response.status_code == 422, response.status_code
"""


def test_failures_in_one_process_count_in_another(database_url, tmp_path, agency):
    """Two `serve` processes on one database share the throttle: failures made by another process count here."""
    subprocess.run([sys.executable, "-c", SIGN_IN_FAILURES, database_url, str(FAILURES_PER_ADDRESS - 1)],
                   cwd=ROOT, check=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    client = make_app(database_url, tmp_path).test_client()
    here = {"environ_base": {"REMOTE_ADDR": "203.0.113.5"}}
    assert client.post("/login", data=WRONG, **here).status_code == 422
    assert SignInFailure.throttled("203.0.113.5", utcnow())
    response = client.post("/login", data={"username": "staff-1", "password": PASSWORD}, **here)
    assert b"Too many failed sign-ins from this device" in response.data


def test_the_serve_command_runs_the_server_make_server_builds(database_url, tmp_path, monkeypatch):
    import serving
    built = []

    def make_and_stop(app, host, port):
        server = make_server(app, host, 0)
        built.append(server)
        server.run = server.close  # nothing to serve in a test: stop at once
        return server

    monkeypatch.setattr(serving, "make_server", make_and_stop)
    app = make_app(database_url, tmp_path, PROXIES=1)
    with app.app_context():  # as the flask command line pushes one
        result = app.test_cli_runner().invoke(args=["serve"])
    assert result.exit_code == 0, result.output
    assert "behind 1 proxy(ies) connecting from 127.0.0.1" in result.output
    assert built[0].adj.trusted_proxy == "127.0.0.1" and not isinstance(app.wsgi_app, ProxyFix)
