"""HUD's report rules that are not SQL: periods, APR or CAPER, brackets, destination and race rows."""
from collections.abc import Iterable
from datetime import date

from domain import codes, periods

DKPTR = "Client Doesn\u2019t Know/Prefers Not to Answer"
DATA_NOT_COLLECTED = "Data Not Collected"

# Household types as stored (domain.households) and as HUD heads the columns.
HOUSEHOLD_COLUMNS = {
    "Without children": "Without Children",
    "With children and adults": "With Children and Adults",
    "With only children": "With Only Children",
    "Unknown household type": "Unknown Household Type",
}
HOUSEHOLD_HEADER = ("Total", *HOUSEHOLD_COLUMNS.values())

# 2.06 funders: CoC programs report the APR, ESG programs the CAPER.
COC_FUNDERS = frozenset({1, 2, 3, 4, 5, 6, 7, 43, 44, 54, 55, 56})
ESG_FUNDERS = frozenset({8, 9, 10, 11, 53})
KINDS = {"apr": "CoC APR", "caper": "ESG CAPER"}

STREET_OUTREACH = 4
PSH_RRH = frozenset({3, 13})  # the "For PSH & RRH" rows of Q7a and Q8a


def period_problem(start: date | None, end: date | None) -> str | None:
    """Why a report period cannot be used, or None."""
    return periods.period_problem(start, end, order_message="The report end date must be on or after the start date.",
                                  subject="A report")


def kind_for(funding_sources: Iterable[int | None]) -> str | None:
    """"apr" when every project is CoC-funded, "caper" when every one is ESG-funded, else None (ask)."""
    kinds = {"apr" if f in COC_FUNDERS else "caper" if f in ESG_FUNDERS else None for f in funding_sources}
    return kinds.pop() if len(kinds) == 1 else None


def age_class(age: int | None, dob_data_quality: int | None) -> str:
    """Q7a's row for a person: adult, child, or one of the two unknown-age rows."""
    if age is not None and age >= 0:
        return "adult" if age >= 18 else "child"
    return "dkptr" if dob_data_quality in (8, 9) else "dnc"


# Q11, lowest age of each bracket.
AGE_BRACKETS = (("Under 5", 0), ("5-12", 5), ("13-17", 13), ("18-24", 18), ("25-34", 25), ("35-44", 35),
                ("45-54", 45), ("55-64", 55), ("65+", 65))

# Q22a1 (APR), Q22a2 (CAPER): (label, fewest days, most days or None).
LOS_APR = (("30 days or less", 0, 30), ("31 to 60 days", 31, 60), ("61 to 90 days", 61, 90),
           ("91 to 180 days", 91, 180), ("181 to 365 days", 181, 365), ("366 to 730 days (1-2 Yrs)", 366, 730),
           ("731 to 1,095 days (2-3 Yrs)", 731, 1095), ("1,096 to 1,460 days (3-4 Yrs)", 1096, 1460),
           ("1,461 to 1,825 days (4-5 Yrs)", 1461, 1825), ("More than 1,825 days (> 5 Yrs)", 1826, None))
LOS_CAPER = (("0 to 7 days", 0, 7), ("8 to 14 days", 8, 14), ("15 to 21 days", 15, 21), ("22 to 30 days", 22, 30),
             *LOS_APR[1:])
# Q22d (CAPER): the same first brackets, then one for two years or more.
LOS_BY_TYPE = (("7 days or less", 0, 7), *LOS_CAPER[1:9], ("731 days or more", 731, None))


def in_bracket(days: int, low: int, high: int | None) -> bool:
    return days >= low and (high is None or days <= high)


# Q15 prior living situation rows: (label, codes) with None codes for a heading row; "Subtotal" rows sum their group.
LIVING_SITUATION_ROWS = (
    ("Homeless Situations", None),
    ("Place not meant for habitation", (116,)),
    ("Emergency shelter, including hotel or motel paid for with emergency shelter voucher, Host Home shelter",
     (101,)),
    ("Safe Haven", (118,)),
    ("Subtotal", (101, 116, 118)),
    ("Institutional Settings", None),
    ("Foster care home or foster care group home", (215,)),
    ("Hospital or other residential non-psychiatric medical facility", (206,)),
    ("Jail, prison or juvenile detention facility", (207,)),
    ("Long-term care facility or nursing home", (225,)),
    ("Psychiatric hospital or other psychiatric facility", (204,)),
    ("Substance abuse treatment facility or detox center", (205,)),
    ("Subtotal", (215, 206, 207, 225, 204, 205)),
    ("Temporary Situation", None),
    ("Transitional housing for homeless persons (including homeless youth)", (302,)),
    ("Residential project or halfway house with no homeless criteria", (329,)),
    ("Hotel or motel paid for without emergency shelter voucher", (314,)),
    ("Host Home (non-crisis)", (332,)),
    ("Staying or living in a friend's room, apartment or house", (336,)),
    ("Staying or living in a family member's room, apartment or house", (335,)),
    ("Subtotal", (302, 329, 314, 332, 336, 335)),
    ("Permanent Situations", None),
    ("Rental by client, no ongoing housing subsidy", (410,)),
    ("Rental by client, with ongoing housing subsidy", (435,)),
    ("Owned by client, with ongoing housing subsidy", (421,)),
    ("Owned by client, no ongoing housing subsidy", (411,)),
    ("Subtotal", (410, 435, 421, 411)),
    (DKPTR, (8, 9)),
    (DATA_NOT_COLLECTED, (99, None)),
    ("Subtotal", (8, 9, 99, None)),
)

# Q23c destination rows, same shape; 435 without a valid subsidy type arrives here already as 99.
DESTINATION_ROWS = (
    ("Homeless Situations", None),
    (codes.DESTINATION[116], (116,)),
    ("Emergency shelter, including hotel or motel paid for with emergency shelter voucher, Host Home shelter",
     (101,)),
    ("Safe Haven", (118,)),
    ("Subtotal", (101, 116, 118)),
    ("Institutional Situations", None),
    ("Foster care home or foster care group home", (215,)),
    ("Hospital or other residential non-psychiatric medical facility", (206,)),
    ("Jail, prison or juvenile detention facility", (207,)),
    ("Long-term care facility or nursing home", (225,)),
    ("Psychiatric hospital or other psychiatric facility", (204,)),
    ("Substance abuse treatment facility or detox center", (205,)),
    ("Subtotal", (215, 206, 207, 225, 204, 205)),
    ("Temporary Situations", None),
    ("Transitional housing for homeless persons (including homeless youth)", (302,)),
    ("Residential project or halfway house with no homeless criteria", (329,)),
    ("Hotel or motel paid for without emergency shelter voucher", (314,)),
    ("Host Home (non-crisis)", (332,)),
    ("Staying or living with family, temporary tenure (e.g., room, apartment, or house)", (312,)),
    ("Staying or living with friends, temporary tenure (e.g., room, apartment, or house)", (313,)),
    ("Moved from one HOPWA funded project to HOPWA TH", (327,)),
    ("Subtotal", (302, 329, 314, 332, 312, 313, 327)),
    ("Permanent Situations", None),
    ("Staying or living with family, permanent tenure", (422,)),
    ("Staying or living with friends, permanent tenure", (423,)),
    ("Moved from one HOPWA funded project to HOPWA PH", (426,)),
    ("Rental by client, no ongoing housing subsidy", (410,)),
    ("Rental by client, with ongoing housing subsidy", (435,)),
    ("Owned by client, with ongoing housing subsidy", (421,)),
    ("Owned by client, no ongoing housing subsidy", (411,)),
    ("Subtotal", (422, 423, 426, 410, 435, 421, 411)),
    ("Other Situations", None),
    ("No Exit Interview completed", (30,)),
    ("Other", (17,)),
    ("Deceased", (24,)),
    (DKPTR, (8, 9)),
    (DATA_NOT_COLLECTED, (99, None)),
    ("Subtotal", (8, 9, 17, 24, 30, 99, None)),
)

PERMANENT_DESTINATIONS = frozenset({410, 411, 421, 422, 423, 426, 435})
# Street outreach (reference 6.6, Green River destinations.rb); every other type: permanent destinations only.
OUTREACH_POSITIVE = frozenset({101, 118, 204, 205, 215, 225, 302, 312, 313, 314, 327, 332}) | PERMANENT_DESTINATIONS
OUTREACH_EXCLUDED = frozenset({206, 329, 24})
EXCLUDED = frozenset({206, 215, 225, 24})


def positive_destination(destination: int | None, project_type: int) -> bool:
    allowed = OUTREACH_POSITIVE if project_type == STREET_OUTREACH else PERMANENT_DESTINATIONS
    return destination in allowed


def excluded_destination(destination: int | None, project_type: int) -> bool:
    return destination in (OUTREACH_EXCLUDED if project_type == STREET_OUTREACH else EXCLUDED)


# Q12: Green River's race numbers, the model's race columns in that numbering, and HUD's row order.
RACE_NAMES = {1: "American Indian, Alaska Native, or Indigenous", 2: "Asian or Asian American",
              3: "Black, African American, or African", 4: "Native Hawaiian or Pacific Islander", 5: "White",
              6: "Hispanic/Latina/e/o", 7: "Middle Eastern or North African"}
RACE_NUMBERS = {"am_ind_ak_native": 1, "asian": 2, "black_af_american": 3, "native_hi_pacific": 4, "white": 5,
                "hispanic_latinao": 6, "mid_east_n_african": 7}
HISPANIC = 6
_SINGLE_ORDER = (1, 2, 3, 6, 7, 4, 5)  # alphabetical by label
# All 21 pairs, in HUD's order.
_PAIRS = ((2, 1), (3, 1), (6, 1), (7, 1), (4, 1), (5, 1), (3, 2), (6, 2), (7, 2), (4, 2), (5, 2), (6, 3), (7, 3),
          (4, 3), (5, 3), (7, 6), (4, 6), (5, 6), (4, 7), (5, 7), (5, 4))
MULTI_WITH_HISPANIC = "Multiracial \u2013 more than 2 races/ethnicity, with one being Hispanic/Latina/e/o"
MULTI_WITHOUT_HISPANIC = "Multiracial \u2013 more than 2 races, where no option is Hispanic/Latina/e/o"
RACE_ROWS = (tuple(RACE_NAMES[n] for n in _SINGLE_ORDER)
             + tuple(" & ".join(RACE_NAMES[n] for n in pair) for pair in _PAIRS)
             + (MULTI_WITH_HISPANIC, MULTI_WITHOUT_HISPANIC, DKPTR, DATA_NOT_COLLECTED))
_PAIR_LABELS = {frozenset(pair): " & ".join(RACE_NAMES[n] for n in pair) for pair in _PAIRS}


def race_row(numbers: frozenset[int], race_none: int | None) -> str:
    """The Q12 row of a person's race and ethnicity answers."""
    if not numbers:
        return DKPTR if race_none in (8, 9) else DATA_NOT_COLLECTED
    if len(numbers) == 1:
        return RACE_NAMES[next(iter(numbers))]
    if len(numbers) == 2:
        return _PAIR_LABELS[numbers]
    return MULTI_WITH_HISPANIC if HISPANIC in numbers else MULTI_WITHOUT_HISPANIC


# Q6d rows: the project types each one reports (Green River dq/question_five.rb; type 7 "Other" is in none).
CHRONIC_DQ_GROUPS = (("ES-EE, ES-NbN, SH, Street Outreach", frozenset({0, 1, 4, 8})), ("TH", frozenset({2})),
                     ("PH (all)", frozenset(codes.PERMANENT_HOUSING_PROJECT_TYPES)), ("CE", frozenset({14})),
                     ("SSO, Day Shelter, HP", frozenset({6, 11, 12})))
CHRONIC_DQ_SINCE = date(2016, 10, 1)  # 3.917 as it is now began with the FY2017 standards

# Q6e rows: (label, fewest days, most days), None for no bound.
TIMELINESS_ROWS = (("< 0 days", None, -1), ("0 days", 0, 0), ("1-3 days", 1, 3), ("4-6 days", 4, 6),
                   ("7-10 days", 7, 10), ("11+ days", 11, None))


def timeliness_row(days: int) -> str:
    """The Q6e row of the days from a Project Start (or Exit) Date to the day its record was created."""
    return next(label for label, low, high in TIMELINESS_ROWS
                if (low is None or days >= low) and (high is None or days <= high))


ES_NIGHT_BY_NIGHT = 1
BED_NIGHT = 200  # 4.14 RecordType
INACTIVE_DAYS = 90  # Q6f: no bed night in the last 90 days of the period
