"""Rules for services and financial assistance: amounts, dates within an enrollment, HUD service types."""
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from domain import codes
from domain.dates import us_date

MAX_AMOUNT = Decimal("100000.00")
CENT = Decimal("0.01")
NOT_A_NUMBER = "Enter the amount in dollars and cents, like 850 or 850.00."
NEGATIVE = "The amount cannot be negative."
ZERO = "The amount must be more than $0.00."
TOO_LARGE = "The amount cannot be more than $100,000.00. Check the number of digits."
CENTS = "Enter at most two decimal places (cents)."
AMOUNT_REQUIRED = "Enter the amount of this financial assistance."
AMOUNT_NOT_ALLOWED = "Only financial assistance has an amount: leave the amount empty for this service type."

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)  # ASCII: no "١٢٣"
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?", re.ASCII)
# 144 SSVF types 3-5 need SubTypeProvided, whose lists are not in the reference and have no column here.
NEEDS_SUB_TYPE = frozenset({(144, 3), (144, 4), (144, 5)})


def parse_amount(text: str) -> Decimal:
    """A typed dollar amount ("850", "$1,250.50") as a Decimal of cents; ValueError says what is wrong."""
    cleaned = text.strip().removeprefix("$").strip()
    if _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if len(cleaned) > 20 or not _NUMBER.fullmatch(cleaned):
        raise ValueError(NOT_A_NUMBER)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:  # the pattern admits only numbers; kept so no input can raise anything else
        raise ValueError(NOT_A_NUMBER) from None
    if amount < 0:
        raise ValueError(NEGATIVE)
    if amount == 0:
        raise ValueError(ZERO)
    if amount > MAX_AMOUNT:
        raise ValueError(TOO_LARGE)
    if amount != amount.quantize(CENT):
        raise ValueError(CENTS)
    return amount.quantize(CENT)


def check_amount(text: str, financial: bool) -> tuple[Decimal | None, str | None]:
    """(amount, problem): financial assistance needs an amount, every other service has none."""
    text = (text or "").strip()
    if not text:
        return None, AMOUNT_REQUIRED if financial else None
    if not financial:
        return None, AMOUNT_NOT_ALLOWED
    try:
        return parse_amount(text), None
    except ValueError as problem:
        return None, str(problem)


def date_problem(stored: date, entry: date, exit_date: date | None, whose: str = "this member's") -> str | None:
    """Why a stored Date Provided falls outside an enrollment (entry to exit, both days included), or None.

    Both sides are stored dates of one household, moved by the same offset, so comparing them is
    the same as comparing the real dates; the messages show the stored dates, as the household page does.
    """
    if stored < entry:
        return f"The Date Provided is before {whose} Project Start Date (stored as {us_date(entry)})."
    if exit_date is not None and stored > exit_date:
        return f"The Date Provided is after {whose} Project Exit Date (stored as {us_date(exit_date)})."
    return None


def is_financial(record_type: int | None) -> bool:
    return record_type in codes.FINANCIAL_ASSISTANCE_RECORD_TYPES


def hud_types() -> list[tuple[int, int, str]]:
    """(RecordType, TypeProvided, label) for every HUD service type the catalog can hold."""
    return [(record_type, code, label)
            for record_type, listed in codes.TYPE_PROVIDED.items()
            for code, label in listed.items() if (record_type, code) not in NEEDS_SUB_TYPE]


def describe_hud_type(record_type: int | None, type_provided: int | None) -> str:
    """"SSVF Financial Assistance: Rental assistance", or "" for the agency's own types (no HUD codes)."""
    if record_type is None or type_provided is None:
        return ""
    label = codes.TYPE_PROVIDED.get(record_type, {}).get(type_provided, str(type_provided))
    name = codes.RECORD_TYPE.get(record_type, str(record_type))
    return name if label == name else f"{name}: {label}"


@dataclass(frozen=True)
class Member:
    """One enrollment of a household, as the service form needs it (dates as stored)."""
    enrollment_id: int
    code: str  # the client's record code, formatted XXXX-XXXX
    relationship_to_hoh: int
    entry_date: date
    exit_date: date | None

    @property
    def is_head(self) -> bool:
        return self.relationship_to_hoh == 1


@dataclass(frozen=True)
class Head:
    """A household's head of household enrollment, as bulk entry needs it (dates as stored)."""
    household_id: int
    code: str
    enrollment_id: int
    entry_date: date
    exit_date: date | None
    offset_days: int
