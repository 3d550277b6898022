"""The demo is its own instance: its own folder, keys and database, its own cookie, and a banner on every page."""
import pytest

import app as app_module
from app import create_app
from models.db import close_all
from tests.conftest import PASSWORD, make_agency


def _instance(tmp_path, name, **config):
    application = create_app({"INSTANCE_PATH": str(tmp_path / name), "TESTING": True, "WTF_CSRF_ENABLED": False,
                              **config})
    make_agency()  # user id 1 in each: the ids of the two instances' accounts coincide, as in the issue
    return application


def _signed_in(client):
    return client.get("/").status_code == 200


@pytest.fixture
def demo_and_real(tmp_path):
    demo = _instance(tmp_path, "demo", DEMO=True)
    demo_client = demo.test_client()
    assert demo_client.post("/login", data={"username": "admin-1", "password": PASSWORD}).status_code == 303
    demo_cookie = demo_client.get_cookie("hmis_demo_session")
    real = _instance(tmp_path, "real")  # the app's database proxy now points at the real instance's database
    real_client = real.test_client()
    assert real_client.post("/login", data={"username": "admin-1", "password": PASSWORD}).status_code == 303
    yield demo, demo_cookie, real, real_client.get_cookie("hmis_session")
    close_all()


def test_each_instance_has_its_own_keys_and_database(demo_and_real, tmp_path):
    demo, _, real, _ = demo_and_real
    for key in ("SECRET_KEY", "DATE_SHIFT_KEY", "DATABASE_URL"):
        assert demo.config[key] != real.config[key]
    assert str(tmp_path / "demo") in demo.config["DATABASE_URL"]
    assert demo.config["SESSION_COOKIE_NAME"] == "hmis_demo_session" != real.config["SESSION_COOKIE_NAME"]


def test_a_session_of_one_does_not_open_the_other(demo_and_real):
    demo, demo_cookie, real, real_cookie = demo_and_real
    assert demo_cookie is not None and real_cookie is not None
    # A browser sends both cookies to every port of the host: each instance reads only its own name ...
    assert not _opens(real, "hmis_demo_session", demo_cookie)
    assert not _opens(demo, "hmis_session", real_cookie)
    # ... and a cookie renamed to fool it fails its signature: each instance has its own secret.
    assert not _opens(real, "hmis_session", demo_cookie)
    assert not _opens(demo, "hmis_demo_session", real_cookie)
    # Each cookie does open its own instance (the demo's database proxy is re-pointed by the real app: same ids).
    assert _opens(real, "hmis_session", real_cookie)


def _opens(app, name, cookie):
    """Whether a browser holding `cookie` under `name` is signed in to `app`."""
    browser = app.test_client()
    browser.set_cookie(name, cookie.value)
    return _signed_in(browser)


def test_the_demo_banner_is_on_every_page_and_only_on_the_demo(demo_and_real):
    demo, _, real, _ = demo_and_real
    for path in ("/login", "/no-such-page"):
        assert "Demo data" in demo.test_client().get(path).get_data(as_text=True)
        assert "Demo data" not in real.test_client().get(path).get_data(as_text=True)


def test_the_demo_never_reads_the_real_instances_settings(monkeypatch, tmp_path):
    monkeypatch.setattr(app_module, "DEMO_INSTANCE", str(tmp_path / "instance-demo"))
    monkeypatch.setenv("HMIS_DEMO", "1")
    for name, value in (("DATABASE_URL", "postgresql://real@db/hmis"), ("SECRET_KEY", "the-real-secret-key-0123"),
                        ("DATE_SHIFT_KEY", "the-real-shift-key-0123"), ("INSTANCE_PATH", str(tmp_path / "real"))):
        monkeypatch.setenv(name, value)
    demo = create_app()
    close_all()
    assert demo.config["DEMO"] and demo.instance_path == str(tmp_path / "instance-demo")
    assert demo.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'instance-demo' / 'hmis.sqlite3'}"
    assert "the-real" not in demo.config["SECRET_KEY"] + demo.config["DATE_SHIFT_KEY"]
    assert not (tmp_path / "real").exists()
