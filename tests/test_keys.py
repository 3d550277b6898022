"""Keys checked at start: too short, readable by others, or not the date-shift key the database was started with."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import ConfigurationError, from_environment, keys_folder
from domain.dates import key_fingerprint
from models.instance import SHIFT_KEY_FINGERPRINT, InstanceSetting, KeyMismatchError
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parent.parent
TEST_KEY = "test-shift-key-0123456789abcdef"  # make_app's DATE_SHIFT_KEY
OTHER_KEY = "another-shift-key-0123456789abcdef"


@pytest.mark.parametrize("name", ["SECRET_KEY", "DATE_SHIFT_KEY"])
def test_a_short_key_is_refused_at_start(database_url, tmp_path, name):
    with pytest.raises(ConfigurationError, match=f"{name} must be at least 16 bytes \\(it is 15\\)"):
        make_app(database_url, tmp_path, **{name: "x" * 15})
    assert make_app(database_url, tmp_path, **{name: "x" * 16})  # 16 bytes are enough


def test_the_first_start_stores_a_keyed_fingerprint(app):
    stored = InstanceSetting.get_by_id(SHIFT_KEY_FINGERPRINT).value
    assert stored == key_fingerprint(TEST_KEY.encode())
    assert TEST_KEY not in stored and stored != key_fingerprint(OTHER_KEY.encode())


def test_the_same_key_starts_again_and_another_is_refused(app, database_url, tmp_path):
    assert make_app(database_url, tmp_path)  # same key: starts
    with pytest.raises(KeyMismatchError) as refused:
        make_app(database_url, tmp_path, DATE_SHIFT_KEY=OTHER_KEY)
    message = str(refused.value)
    assert "already stored were shifted with the other key" in message and "Restore the right key" in message
    assert OTHER_KEY not in message and TEST_KEY not in message
    assert InstanceSetting.get_by_id(SHIFT_KEY_FINGERPRINT).value == key_fingerprint(TEST_KEY.encode())  # unchanged


def test_a_key_file_others_can_read_is_refused(tmp_path):
    from_environment(str(tmp_path), env={})
    key_file = keys_folder(str(tmp_path), {}) / "date_shift_key"
    key_file.chmod(0o640)
    with pytest.raises(ConfigurationError, match=f"chmod 600 {key_file}"):
        from_environment(str(tmp_path), env={})
    assert key_file.stat().st_mode & 0o777 == 0o640  # nothing changed: the administrator decides


def test_an_unreadable_key_file_gets_a_message(tmp_path):
    (keys_folder(str(tmp_path), {}) / "secret_key").mkdir(mode=0o700, parents=True)  # a folder, not a key
    with pytest.raises(ConfigurationError, match="could not be read"):
        from_environment(str(tmp_path), env={})


def test_generated_keys_live_apart_from_the_database(tmp_path):
    """A copy of the instance folder (the SQLite database, its pre-migration backups) holds no key."""
    instance = tmp_path / "instance"
    config = from_environment(str(instance), env={})
    keys = tmp_path / "instance-keys"
    assert {p.name for p in keys.iterdir()} == {"secret_key", "date_shift_key"}
    assert (keys / "date_shift_key").read_text() == config["DATE_SHIFT_KEY"] and oct(keys.stat().st_mode)[-3:] == "700"
    assert config["DATABASE_URL"] == f"sqlite:///{instance / 'hmis.sqlite3'}"
    assert not instance.exists() or not {"secret_key", "date_shift_key"} & {p.name for p in instance.iterdir()}
    elsewhere = tmp_path / "vault"
    assert from_environment(str(instance), env={"KEYS_PATH": str(elsewhere)})["SECRET_KEY"] == (
        (elsewhere / "secret_key").read_text())


def test_keys_of_an_older_version_move_out_of_the_instance_folder(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700)
    for name, value in (("secret_key", "s" * 64), ("date_shift_key", "d" * 64)):
        (instance / name).write_text(value)
        (instance / name).chmod(0o600)
    config = from_environment(str(instance), env={})
    assert (config["SECRET_KEY"], config["DATE_SHIFT_KEY"]) == ("s" * 64, "d" * 64)  # the same keys, moved
    assert not (instance / "date_shift_key").exists() and (tmp_path / "instance-keys" / "date_shift_key").exists()
    assert from_environment(str(instance), env={})["DATE_SHIFT_KEY"] == "d" * 64  # and found there again


def test_two_different_keys_of_one_name_are_refused(tmp_path):
    instance = tmp_path / "instance"
    from_environment(str(instance), env={})
    instance.mkdir(mode=0o700, exist_ok=True)
    (instance / "date_shift_key").write_text("x" * 64)
    with pytest.raises(ConfigurationError, match="Two different key files"):
        from_environment(str(instance), env={})
    assert (instance / "date_shift_key").read_text() == "x" * 64  # nothing moved or deleted


def _flask(*args, tmp_path, **env):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                   "SECRET_KEY": "cli-secret-key-0123456789", "DATE_SHIFT_KEY": TEST_KEY, **env}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def test_the_command_line_refuses_a_changed_or_short_key(tmp_path):
    assert _flask("migrate", tmp_path=tmp_path).returncode == 0
    for env, message in (({"DATE_SHIFT_KEY": OTHER_KEY}, "is not the key this database was started with"),
                         ({"DATE_SHIFT_KEY": "short"}, "DATE_SHIFT_KEY must be at least 16 bytes"),
                         ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 16 bytes")):
        refused = _flask("migrate", tmp_path=tmp_path, **env)
        assert refused.returncode != 0 and message in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    assert _flask("migrate", tmp_path=tmp_path).returncode == 0  # the right key still starts
