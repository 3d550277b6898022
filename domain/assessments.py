"""Rules for the answers collected at the data collection stages (4.02-4.11 and 3.08).

Pure functions: what makes Income and Sources, Non-Cash Benefits and Health Insurance consistent,
what HMIS stores for them, and when the disabilities imply a Disabling Condition.
"""
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain import codes
from domain.ages import age_on, is_adult
from domain.dates import shift_date

# 5.03.1 stages this app records, in the order they happen.
STAGES = {1: "Project start", 2: "Update", 5: "Annual assessment", 3: "Project exit"}
PROJECT_START, UPDATE, PROJECT_EXIT, ANNUAL_ASSESSMENT = 1, 2, 3, 5
SINGLE_STAGES = frozenset({PROJECT_START, PROJECT_EXIT})  # one record per enrollment
SECTIONS = ("income", "benefits", "insurance", "dv", "disabilities")

YES = 1
NO = 0
MAX_MONTHLY_AMOUNT = Decimal("100000")
CENTS = Decimal("0.01")
# Digits with an optional "$" and thousands commas; a leading "-" is read so it can be named.
_AMOUNT = re.compile(r"\$?\s*(-)?\s*\$?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?", re.ASCII)


class AmountError(ValueError):
    """A monthly amount that cannot be stored; the message says why, for the field."""


def parse_amount(text: str) -> Decimal | None:
    """A typed monthly amount in dollars ("1,250.50", "$80") as a Decimal; blank is None."""
    text = (text or "").strip()
    if not text:
        return None
    match = _AMOUNT.fullmatch(text)
    if not match or (match.group(2) is None and not match.group(3)):
        raise AmountError("Enter the amount in dollars, for example 1250 or 1250.50.")
    if match.group(1):
        raise AmountError("The amount cannot be negative.")
    if len(match.group(3) or "") > 2:
        raise AmountError("Use no more than two decimal places (cents).")
    amount = Decimal(f"{(match.group(2) or '0').replace(',', '')}.{match.group(3) or '0'}")
    if amount > MAX_MONTHLY_AMOUNT:
        raise AmountError("More than $100,000 a month: check the amount (it is a monthly amount).")
    return amount.quantize(CENTS)


@dataclass(frozen=True)
class Source:
    """One income source as answered: its Yes/No flag and the monthly amount typed."""
    flag: int | None
    amount: Decimal | None = None


@dataclass(frozen=True)
class Problem:
    """A message for one answer: `source` is None for the "from any source" question."""
    source: str | None
    part: str  # "from_any", "flag", "amount" or "identify"
    message: str


def source_problems(from_any: int | None, flags: Mapping[str, int | None], any_label: str) -> list[Problem]:
    """Sources are answered only under a Yes; a Yes needs at least one source Yes."""
    if from_any is None:
        return []
    if from_any != YES:
        answer = codes.NO_YES_REASONS.get(from_any, "not Yes")
        return [Problem(key, "flag", f"{any_label} is “{answer}”, so no source can be Yes.")
                for key, flag in flags.items() if flag == YES]
    problems = [Problem(key, "flag", "Answer Yes or No.") for key, flag in flags.items() if flag is None]
    if not any(flag == YES for flag in flags.values()):
        problems.append(Problem(None, "from_any", f"{any_label} is Yes: mark at least one source Yes."))
    return problems


def income_problems(from_any: int | None, sources: Mapping[str, Source]) -> list[Problem]:
    """4.02: source_problems, and a positive monthly amount for each source Yes (none for the others)."""
    problems = source_problems(from_any, {key: s.flag for key, s in sources.items()}, "Income from Any Source")
    for key, source in sources.items():
        if source.flag == YES and from_any == YES and not (source.amount and source.amount > 0):
            problems.append(Problem(key, "amount", "Enter the monthly amount (more than $0)."))
        elif source.amount is not None and (source.flag != YES or from_any != YES):
            problems.append(Problem(key, "amount", "This source is not marked Yes: clear the amount."))
    return problems


def total_monthly_income(from_any: int | None, sources: Mapping[str, Source]) -> Decimal | None:
    """TotalMonthlyIncome: the sum of the amounts under a Yes, 0 under a No, unknown otherwise."""
    if from_any == NO:
        return Decimal("0.00")
    if from_any != YES:
        return None
    return sum((s.amount for s in sources.values() if s.flag == YES and s.amount), Decimal("0.00"))


def stored_flags(from_any: int | None, flags: Mapping[str, int | None]) -> dict[str, int | None]:
    """Source flags as stored: as answered under a Yes, all No under a No, blank otherwise."""
    if from_any == YES:
        return dict(flags)
    return {key: NO if from_any == NO else None for key in flags}


def stored_income(from_any: int | None, sources: Mapping[str, Source]) -> dict[str, tuple[int | None, Decimal | None]]:
    """(flag, amount) per source as stored: an amount only for a source Yes under a Yes."""
    flags = stored_flags(from_any, {key: s.flag for key, s in sources.items()})
    return {key: (flags[key], s.amount if from_any == YES and s.flag == YES else None)
            for key, s in sources.items()}


def is_disability_yes(disability_type: int, response: int | None) -> bool:
    """A Yes: 1 on list 1.8, or any of the three disorders on 4.10.2 for substance use."""
    if disability_type == 10:
        return response in (1, 2, 3)
    return response == YES


def implied_disabling_condition(answers: Mapping[int, tuple[int | None, int | None]]) -> int | None:
    """3.08 as HUD derives it from 4.05-4.10 (type -> (response, indefinite and impairs)).

    Yes when developmental or HIV/AIDS is Yes, or another type is Yes and expected to be of
    long-continued and indefinite duration; No when every type is a known No (or a Yes that is
    not indefinite); None when an answer is missing or unknown, so nothing can be said.
    """
    known = True
    for disability_type, (response, indefinite) in answers.items():
        if is_disability_yes(disability_type, response):
            if disability_type not in codes.DISABILITY_TYPES_ASKING_INDEFINITE or indefinite == YES:
                return YES
            known = known and indefinite == NO
        else:
            known = known and response == NO
    return NO if known and answers else None


def disabling_condition_conflict(current: int, implied: int | None) -> bool:
    """Whether the enrollment's Disabling Condition contradicts the disabilities recorded."""
    return (implied == YES and current != YES) or (implied == NO and current == YES)


def asked_sections(relationship_to_hoh: int, dob: date, on: date) -> tuple[str, ...]:
    """Income, benefits and 4.11 are asked of the head of household and adults; insurance and
    disabilities of everyone. Age as reports compute it, from the stored DOB on a stored date."""
    if relationship_to_hoh == 1 or is_adult(age_on(dob, on)):
        return SECTIONS
    return ("insurance", "disabilities")


@dataclass(frozen=True)
class DateRules:
    """Where a record's Information Date may fall. Bounds are stored dates; staff type real ones.

    `fixed` is the stored date a stage takes without asking: the Project Start Date at project
    start, the Project Exit Date at exit once the exit is recorded.
    """
    entry: date
    exit: date | None
    offset: int
    today: date
    fixed: date | None = None

    @property
    def typed(self) -> bool:
        return self.fixed is None

    def stored(self, real: date) -> date:
        return shift_date(real, self.offset)

    def real(self, stored: date) -> date:
        """The date staff typed for a stored one (what the edit form shows)."""
        return shift_date(stored, -self.offset)

    def problem(self, real: date | None) -> str | None:
        """Why a typed real date cannot be this record's Information Date (None if it can)."""
        if real is None:
            return None
        if real > self.today:
            return "The Information Date cannot be in the future."
        stored = self.stored(real)
        if stored < self.entry:
            return "The Information Date cannot be before this member's Project Start Date."
        if self.exit is not None and stored > self.exit:
            return "The Information Date cannot be after this member's Project Exit Date."
        return None
