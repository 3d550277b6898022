"""Settings from the environment, with secrets generated once into the instance folder."""
import ipaddress
import os
import secrets
from pathlib import Path

from flask.cli import NoAppException

from domain.dates import MIN_KEY_BYTES

DEFAULT_IDLE_MINUTES = 30
DEFAULT_LOCK_MINUTES = 5
ENV_SETTINGS = ("DATABASE_URL", "SECRET_KEY", "DATE_SHIFT_KEY", "SESSION_IDLE_MINUTES", "LOCK_IDLE_MINUTES",
                "PROXIES", "TRUSTED_PROXY")


class ConfigurationError(NoAppException):
    """A setting the app cannot start with; flask's CLI prints it as a one-line error, not a traceback."""


def load_secret(instance_path: str, filename: str) -> str:
    """Read a secret from the instance folder, creating it (owner-only) on first use.

    A key file other accounts can read is refused rather than quietly tightened: whoever can read it may already
    have copied it, so the administrator should know (and the fix is one command)."""
    path = Path(instance_path) / filename
    try:
        if not path.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise ConfigurationError(f"The key file {path} can be read by other accounts (mode {mode:04o}); "
                                     f"make it readable by the service account only: chmod 600 {path}")
        return path.read_text().strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"The key file {path} could not be read: {getattr(exc, 'strerror', None) or exc}"
                                 ) from None


def checked_key(name: str, value: str) -> str:
    """A key long enough to resist guessing; a short one is refused at start, not at the first save that needs it."""
    if len(value.encode()) < MIN_KEY_BYTES:
        raise ConfigurationError(f"{name} must be at least {MIN_KEY_BYTES} bytes (it is {len(value.encode())}); "
                                 f"generate one with: python3 -c 'import secrets; print(secrets.token_hex(32))'")
    return value


def _minutes(env, name: str, default: int) -> int:
    value = env.get(name, str(default))
    if not value.isdigit() or not 1 <= int(value) <= 24 * 60:
        raise ConfigurationError(f"{name} must be a whole number of minutes from 1 to 1440, not {value!r}")
    return int(value)


def from_environment(instance_path: str, env=os.environ) -> dict:
    """Build the Flask config mapping from environment variables."""
    return {
        "DATABASE_URL": env.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'hmis.sqlite3'}",
        "SECRET_KEY": checked_key("SECRET_KEY", env.get("SECRET_KEY") or load_secret(instance_path, "secret_key")),
        "DATE_SHIFT_KEY": checked_key("DATE_SHIFT_KEY",
                                      env.get("DATE_SHIFT_KEY") or load_secret(instance_path, "date_shift_key")),
        "SESSION_IDLE_MINUTES": _minutes(env, "SESSION_IDLE_MINUTES", DEFAULT_IDLE_MINUTES),
        "LOCK_IDLE_MINUTES": _minutes(env, "LOCK_IDLE_MINUTES", DEFAULT_LOCK_MINUTES),
        "PROXIES": _proxies(env),
        "TRUSTED_PROXY": _trusted_proxy(env),
    }


def _proxies(env):
    value = env.get("PROXIES", "0")
    if value not in ("0", "1", "2"):
        raise ConfigurationError(f"PROXIES is the number of reverse proxies in front of the app (0, 1 or 2), "
                                 f"not {value!r}")
    return int(value)


def _trusted_proxy(env):
    """The address the nearest proxy connects from. nginx on the same machine, proxying to
    http://127.0.0.1:5000, connects from 127.0.0.1; only that peer's X-Forwarded-* headers count."""
    value = env.get("TRUSTED_PROXY", "127.0.0.1").strip()
    try:
        return str(ipaddress.ip_address(value))  # the form waitress compares the peer address with
    except ValueError:
        raise ConfigurationError(f"TRUSTED_PROXY is the IP address the reverse proxy connects from "
                                 f"(such as 127.0.0.1), not {value!r}") from None


def with_defaults(instance_path: str, given: dict) -> dict:
    """A config mapping passed to create_app (tests, embedding), completed with the usual defaults."""
    env = {key: str(value) for key, value in given.items() if key in ENV_SETTINGS}
    return {**from_environment(instance_path, env), **given}
