"""Encrypted backups in the age format (age-encryption.org/v1), so an admin can also decrypt one with the standard
`age` tool (Debian package `age`) without this app: `age -d -o hmis.sqlite3 backup.age`.

Two kinds: a passphrase (scrypt), or one or more public keys (`age1...`, X25519) whose secret keys stay off the
server. Public-key encryption streams in 64 KiB chunks; the library's passphrase mode works in memory only: its
peak was 700 MB for a 128 MB database (the copy and the ciphertext, each in Python and in the library).
"""
import os
import stat
from pathlib import Path

import pyrage

MAGIC = b"age-encryption.org/v1\n"
MIN_PASSPHRASE = 12


class CryptError(Exception):
    """A passphrase, key or encrypted file this module cannot use; the message says which and why."""


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def needs_passphrase(path: Path) -> bool:
    """Whether an age file was encrypted with a passphrase (a scrypt stanza) rather than public keys."""
    with open(path, "rb") as f:
        header = f.read(4096)
    return b"\n-> scrypt " in header


def parse_recipients(values) -> list:
    recipients = []
    for value in values:
        try:
            recipients.append(pyrage.x25519.Recipient.from_str(value.strip()))
        except Exception:  # noqa: BLE001 - pyrage raises its own RecipientError or ValueError
            raise CryptError(f"{value!r} is not an age public key (they start with age1, as "
                             "`age-keygen` prints them).") from None
    return recipients


def read_identities(path: Path) -> list:
    """The secret keys of an age identity file (`age-keygen -o key.txt`): AGE-SECRET-KEY-1... lines."""
    text = _read_private(path, "identity file")
    identities = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                identities.append(pyrage.x25519.Identity.from_str(line))
            except Exception:  # noqa: BLE001
                raise CryptError(f"{path} holds a line that is not an age secret key (AGE-SECRET-KEY-1...).") \
                    from None
    if not identities:
        raise CryptError(f"{path} holds no age secret key (AGE-SECRET-KEY-1...).")
    return identities


def read_passphrase_file(path: Path) -> str:
    lines = _read_private(path, "passphrase file").splitlines()
    return lines[0] if lines else ""


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise CryptError(f"The passphrase must be at least {MIN_PASSPHRASE} characters: it is all that stands "
                         "between a stolen backup and every record in it.")
    return passphrase


def _read_private(path: Path, what: str) -> str:
    path = Path(path)
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise CryptError(f"The {what} {path} can be read by others (mode {stat.S_IMODE(mode):o}); "
                             f"make it owner-only first: chmod 600 {path}")
        return path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise CryptError(f"The {what} {path} could not be read: {getattr(exc, 'strerror', None) or exc}.") \
            from None


def encrypt(plain: Path, out: Path, *, passphrase=None, recipients=()) -> None:
    """Encrypt `plain` into `out` (created owner-only; the caller writes to a temporary name and renames)."""
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as target:
        if passphrase is not None:
            target.write(pyrage.passphrase.encrypt(Path(plain).read_bytes(), passphrase))
        else:
            with open(plain, "rb") as source:
                pyrage.encrypt_io(source, target, list(recipients))
        target.flush()
        os.fsync(target.fileno())


def decrypt(encrypted: Path, out: Path, *, passphrase=None, identities=()) -> None:
    """Decrypt `encrypted` into `out` (created owner-only). A wrong passphrase or key, or a damaged or cut-off
    file, raises CryptError: age authenticates every chunk, so nothing half-decrypted is ever used."""
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as target:
        try:
            if passphrase is not None:
                target.write(pyrage.passphrase.decrypt(Path(encrypted).read_bytes(), passphrase))
            else:
                with open(encrypted, "rb") as source:
                    pyrage.decrypt_io(source, target, list(identities))
        except (pyrage.DecryptError, OSError, ValueError) as exc:  # a file cut short ends in an OSError
            reason = ("the passphrase is wrong, or the file is damaged" if passphrase is not None
                      else "none of the keys given opens it, or the file is damaged")
            raise CryptError(f"{encrypted} could not be decrypted: {reason} ({exc}).") from None
