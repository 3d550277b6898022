"""The app as it runs for real: nginx with TLS, from the config docs/DEPLOY.md ships (deploy/nginx.conf), in front
of waitress built as `flask --app app serve` builds it with PROXIES=1. Chromium signs in over HTTPS and saves a
household; the sign-in throttle counts each client address, not the proxy's, whatever a client forwards."""
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from models import Household
from models.db import close_all
from models.instance import FAILURES_PER_ADDRESS, SignInFailure
from tests.browser.conftest import SIZES, login
from tests.browser.test_intake_browser import fill_head
from tests.conftest import _require, make_agency, make_app
from tests.served import served

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx.conf"
NGINX = Path("/usr/sbin/nginx")
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_config(folder: Path, https_port, http_port, app_port):
    """deploy/nginx.conf with the test's ports and certificate, inside a main config that keeps nginx's files in
    folder. Each replaced line must still be in the template, so the shipped file and the tested one never part."""
    site = TEMPLATE.read_text()
    for old, new in (("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("/etc/ssl/certs/hmis.example.org.crt", str(folder / "cert.pem")),
                     ("/etc/ssl/private/hmis.example.org.key", str(folder / "key.pem")),
                     ("http://127.0.0.1:5000;", f"http://127.0.0.1:{app_port};")):
        assert site.count(old) == 1, f"deploy/nginx.conf no longer holds {old!r}"
        site = site.replace(old, new)
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                            "scgi"))
    return (("user root;\n" if os.geteuid() == 0 else "")  # workers must reach the temp folders in folder
            + f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
            + "events { worker_connections 64; }\n"
            + f"http {{\n    access_log {folder / 'access.log'};\n{temp}\n{site}\n}}\n")


@pytest.fixture(scope="module")
def https_proxy(sqlite_template, tmp_path_factory):
    """https://127.0.0.1:PORT: nginx (self-signed certificate) in front of the app served by waitress with PROXIES=1."""
    if not NGINX.exists():
        _require("REQUIRE_BROWSER", f"nginx is not installed at {NGINX} (apt-get install nginx)")
    folder = tmp_path_factory.mktemp("nginx")
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-subj", "/CN=127.0.0.1", "-days", "2",
                    "-keyout", folder / "key.pem", "-out", folder / "cert.pem"], check=True, capture_output=True)
    path = folder / "hmis.sqlite3"
    shutil.copy(sqlite_template, path)
    app = make_app(f"sqlite:///{path}", folder, WTF_CSRF_ENABLED=True, PROXIES=1)  # TRUSTED_PROXY: 127.0.0.1
    with served(app) as app_port:
        https_port = _free_port()
        (folder / "nginx.conf").write_text(nginx_config(folder, https_port, _free_port(), app_port))
        with subprocess.Popen([NGINX, "-p", folder, "-c", folder / "nginx.conf", "-e", folder / "error.log"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as nginx:
            try:
                _wait_for(nginx, https_port, folder)
                yield f"https://127.0.0.1:{https_port}"
            finally:
                nginx.terminate()  # a fast shutdown
                nginx.wait(timeout=10)
    close_all()


def _wait_for(nginx, port, folder):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if nginx.poll() is not None:
            pytest.fail(f"nginx exited: {nginx.stderr.read().decode()} {(folder / 'error.log').read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("nginx did not listen within 10 s")


@pytest.fixture
def base_url(https_proxy):
    return https_proxy


@pytest.fixture
def browser_context_args(base_url):
    return {"base_url": base_url, "viewport": SIZES["laptop"], "ignore_https_errors": True}


@pytest.fixture(scope="module")
def agency(https_proxy):
    return make_agency()


class Device:
    """A client on its own loopback address, signing in through nginx as a form would (TLS not verified)."""

    def __init__(self, url, source):
        self.port, self.source, self.origin = int(url.rsplit(":", 1)[1]), source, url
        page = self._request("GET", "/login")
        self.cookie = page.headers["Set-Cookie"].split(";")[0]
        self.token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)

    def _request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=10, source_address=(self.source, 0),
                                           context=ssl._create_unverified_context())
        try:
            conn.request(method, path, body, headers or {})
            response = conn.getresponse()
            response.text = response.read().decode()
            return response
        finally:
            conn.close()

    def sign_in(self, username, password, forwarded_for=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie,
                   "Referer": f"{self.origin}/login"}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        return self._request("POST", "/login", urlencode({"csrf_token": self.token, "username": username,
                                                          "password": password}), headers)


def test_over_https_behind_nginx(page: Page, https_proxy, agency):
    """20 failed sign-ins from 127.0.0.2 hold that address back, a forged X-Forwarded-For neither frees it nor
    blames another address, and Chromium on 127.0.0.1 still signs in, gets a Secure cookie and saves a household."""
    attacker = Device(https_proxy, "127.0.0.2")
    for n in range(FAILURES_PER_ADDRESS):
        response = attacker.sign_in(f"guess-{n}", "wrong password!")
        assert response.status == 422 and "do not match an active account" in response.text
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    held = attacker.sign_in("staff-1", "correct horse battery", forwarded_for="127.0.0.9")
    assert "Too many failed sign-ins from this device" in held.text
    bystander = Device(https_proxy, "127.0.0.3").sign_in("nobody", "wrong password!", forwarded_for="127.0.0.2")
    assert bystander.status == 422 and "do not match an active account" in bystander.text
    counted = {f.address: 0 for f in SignInFailure.select()}
    for failure in SignInFailure.select():
        counted[failure.address] += 1
    assert counted == {"127.0.0.2": FAILURES_PER_ADDRESS, "127.0.0.3": 1}

    login(page, "staff-1")
    assert page.url.startswith("https://")
    cookie = next(c for c in page.context.cookies() if c["name"] == "hmis_session")
    assert cookie["secure"] and cookie["httpOnly"]

    page.goto(f"/projects/{agency[1][0].id}/intake")  # htmx posts from here on: CSRF header and same-origin Referer
    page.get_by_label("Project Start Date").fill("2026-02-01")
    fill_head(page.locator("#members-0"))
    page.get_by_role("button", name="Save household").click()
    expect(page.locator("#alerts")).to_contain_text("saved with 1 person.")
    assert Household.select().count() == 1
