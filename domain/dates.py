"""Approximate project dates for households whose real dates could identify them.

WA Commerce: add one to three months to the real dates and keep the length of stay real. Every
date of a household moves by the same offset, derived from a secret key and the household id,
so it never needs storing and lengths of stay between shifted dates stay exact.
"""

import hashlib
import hmac
from datetime import date, datetime, timedelta

SHIFT_MIN_DAYS = 30
SHIFT_MAX_DAYS = 92
# Household ids travel in HUD exports, so a guessable key would let anyone undo the shift.
MIN_KEY_BYTES = 16


def household_offset_days(key: bytes, household_id: str) -> int:
    """The household's shift, SHIFT_MIN_DAYS..SHIFT_MAX_DAYS inclusive.

    HMAC-SHA256 of the household id under the key, read as a 256-bit integer; reducing it
    modulo 63 leaves a bias below 2**-249, so every offset is equally likely.
    """
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"The date-shift key must be at least {MIN_KEY_BYTES} random bytes.")
    digest = hmac.new(key, household_id.encode("utf-8"), hashlib.sha256).digest()
    span = SHIFT_MAX_DAYS - SHIFT_MIN_DAYS + 1
    return SHIFT_MIN_DAYS + int.from_bytes(digest, "big") % span


def key_fingerprint(key: bytes) -> str:
    """A keyed fingerprint that tells one date-shift key from another: HMAC-SHA256 of a fixed label under the key.

    Stored in the database, it recognises a changed key without revealing it: with 16+ random bytes of key,
    the fingerprint is no help in guessing the key or any household's offset."""
    return hmac.new(key, b"dv-hmis date-shift key fingerprint v1", hashlib.sha256).hexdigest()


def shift_date(real: date, offset_days: int) -> date:
    """Shift by whole days. A date near year 9999 (only ever a typing mistake) stops at date.max,
    so previews can show it and the form's own checks refuse it, instead of an overflow."""
    try:
        return real + timedelta(days=offset_days)
    except OverflowError:
        return date.max


def shift_datetime(real: datetime, offset_days: int) -> datetime:
    """Shift by whole days; the time of day (and any tzinfo) is kept."""
    return real + timedelta(days=offset_days)


def us_date(day: date | None) -> str:
    """MM/DD/YYYY, the way HMIS screens show dates; "" for no date, so a page can say what that means."""
    return "" if day is None else day.strftime("%m/%d/%Y")


def us_datetime(moment: datetime | None) -> str:
    """MM/DD/YYYY HH:MM, the way pages show a time of day (audit history, last sign-in)."""
    return "" if moment is None else moment.strftime("%m/%d/%Y %H:%M")
