"""What the app creates is for the service account only: instance folder, database files, exports, reports."""
import os
import subprocess
import sys
from pathlib import Path

from app import create_app
from models.db import close_all

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"SECRET_KEY": "file-mode-secret-0123456789", "DATE_SHIFT_KEY": "file-mode-shift-key-0123456789"}


def _mode(path):
    return oct(os.stat(path).st_mode & 0o777)


def test_a_new_instance_folder_and_its_database_are_private(tmp_path):
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance), "TESTING": True})  # its own SQLite file, migrated
    try:
        with app.test_request_context():
            from models import Agency
            Agency.create(name="Written")  # leaves the -wal and -shm files beside the database
            assert _mode(instance) == oct(0o700)
            for name in ("hmis.sqlite3", "hmis.sqlite3-wal", "hmis.sqlite3-shm"):
                assert _mode(instance / name) == oct(0o600), name
            keys = tmp_path / "instance-keys"
            assert _mode(keys) == oct(0o700)
            for name in ("secret_key", "date_shift_key"):
                assert _mode(keys / name) == oct(0o600), name
    finally:
        close_all()


def test_an_instance_folder_others_can_read_is_tightened(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "TESTING": True, **KEYS})
    close_all()
    assert _mode(instance) == oct(0o700)


def _flask(*args, tmp_path):
    env = {**os.environ, **KEYS, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "HMIS_ADMIN_PASSWORD": "a long passphrase"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
                            preexec_fn=lambda: os.umask(0o022))  # a usual login umask: the app sets its own
    assert result.returncode == 0, result.stderr
    return result


def test_command_line_exports_and_reports_are_private(tmp_path):
    _flask("seed-demo", "--clients", "5", "--seed", "1", tmp_path=tmp_path)  # an agency with projects
    _flask("export-hmis-csv", "--out", str(tmp_path / "upload.zip"), tmp_path=tmp_path)
    _flask("hud-report", "--start", "2025-01-01", "--end", "2025-12-31", "--kind", "caper",
           "--out", str(tmp_path / "caper"), tmp_path=tmp_path)
    _flask("hud-report", "--start", "2025-01-01", "--end", "2025-12-31", "--kind", "apr", "--zip",
           "--out", str(tmp_path / "sage"), tmp_path=tmp_path)
    assert _mode(tmp_path / "cli.sqlite3") == oct(0o600)
    assert _mode(tmp_path / "upload.zip") == oct(0o600)
    assert _mode(tmp_path / "caper") == oct(0o700) and _mode(tmp_path / "sage") == oct(0o700)
    reports = list((tmp_path / "caper").glob("Q*.csv")) + list((tmp_path / "sage").glob("*.zip"))
    assert len(reports) > 10 and {_mode(p) for p in reports} == {oct(0o600)}
