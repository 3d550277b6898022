"""HUD FY2026 HMIS code lists (code -> official label).

Source: the team's HUD standards reference (hmis-standards.md) (sections 1-4). Each dict keeps HUD's order for
the real answers and puts the missing-data responses (8, 9, 99) last, as HUD's forms do, so a
dict can feed a <select> directly. RESIDENCE_PRIOR_LENGTH_OF_STAY is ordered shortest stay first
because HUD's codes (10, 11, 2, 3, 4, 5) are not in time order.
"""

from collections.abc import Callable

CLIENT_DOESNT_KNOW = 8
PREFERS_NOT_TO_ANSWER = 9  # "Client refused" before FY2024
DATA_NOT_COLLECTED = 99

_MISSING = {
    CLIENT_DOESNT_KNOW: "Client doesn't know",
    PREFERS_NOT_TO_ANSWER: "Client prefers not to answer",
    DATA_NOT_COLLECTED: "Data not collected",
}

# 1.7 NoYesMissing: the list of LOSUnderThreshold and PreviousStreetESSH.
NO_YES_MISSING = {0: "No", 1: "Yes", DATA_NOT_COLLECTED: "Data not collected"}
# 1.8 NoYesReasonsForMissingData
NO_YES_REASONS = {0: "No", 1: "Yes", **_MISSING}
# 1.10 NoYes
NO_YES = {0: "No", 1: "Yes"}

# 3.01.5
NAME_DATA_QUALITY = {
    1: "Full name reported",
    2: "Partial, street name, or code name reported",
    **_MISSING,
}
# 3.02.2
SSN_DATA_QUALITY = {
    1: "Full SSN reported",
    2: "Approximate or partial SSN reported",
    **_MISSING,
}
# 3.03.2
DOB_DATA_QUALITY = {
    1: "Full DOB reported",
    2: "Approximate or partial DOB reported",
    **_MISSING,
}

# 4.21 (replaces 3.06 Gender in FY2026)
SEX = {0: "Female", 1: "Male", **_MISSING}

# 3.04: Client.csv column -> label; each column is 0/1 (list 1.10).
RACE_FIELDS = {
    "AmIndAKNative": "American Indian, Alaska Native, or Indigenous",
    "Asian": "Asian or Asian American",
    "BlackAfAmerican": "Black, African American, or African",
    "HispanicLatinao": "Hispanic/Latina/o",  # FY2024 name was HispanicLatinaeo
    "MidEastNAfrican": "Middle Eastern or North African",
    "NativeHIPacific": "Native Hawaiian or Pacific Islander",
    "White": "White",
}
# 1.6 RaceNone: filled only when every race column is 0.
RACE_NONE = dict(_MISSING)

# 3.15.1 (no 8/9 in this list)
RELATIONSHIP_TO_HOH = {
    1: "Self (head of household)",
    2: "Child",
    3: "Spouse or partner",
    4: "Other relative",
    5: "Unrelated household member",
    DATA_NOT_COLLECTED: "Data not collected",
}

# 3.917
PRIOR_LIVING_SITUATION = {
    101: "Emergency shelter, including hotel or motel paid for with emergency shelter voucher, "
    "or Host Home shelter",
    116: "Place not meant for habitation (e.g., a vehicle, an abandoned building, "
    "bus/train/subway station/airport or anywhere outside)",
    118: "Safe Haven",
    204: "Psychiatric hospital or other psychiatric facility",
    205: "Substance abuse treatment facility or detox center",
    206: "Hospital or other residential non-psychiatric medical facility",
    207: "Jail, prison or juvenile detention facility",
    215: "Foster care home or foster care group home",
    225: "Long-term care facility or nursing home",
    302: "Transitional housing for homeless persons (including homeless youth)",
    314: "Hotel or motel paid for without emergency shelter voucher",
    329: "Residential project or halfway house with no homeless criteria",
    332: "Host Home (non-crisis)",
    335: "Staying or living in a family member\u2019s room, apartment, or house",
    336: "Staying or living in a friend's room, apartment or house",
    410: "Rental by client, no ongoing housing subsidy",
    411: "Owned by client, no ongoing housing subsidy",
    421: "Owned by client, with ongoing housing subsidy",
    435: "Rental by client, with ongoing housing subsidy",
    **_MISSING,
}

# 3.917.2, shortest stay first.
RESIDENCE_PRIOR_LENGTH_OF_STAY = {
    10: "One night or less",
    11: "Two to six nights",
    2: "One week or more, but less than one month",
    3: "One month or more, but less than 90 days",
    4: "90 days or more but less than one year",
    5: "One year or longer",
    **_MISSING,
}

# 3.917.4
TIMES_HOMELESS_PAST_THREE_YEARS = {
    1: "One time",
    2: "Two times",
    3: "Three times",
    4: "Four or more times",
    **_MISSING,
}

# 3.917.5: codes 101-112 mean 1-12 months.
MONTHS_HOMELESS_PAST_THREE_YEARS = {
    **{100 + n: str(n) for n in range(1, 13)},
    113: "More than 12 months",
    **_MISSING,
}

# 3.12.A: subsidy type for prior living situation or destination 435.
RENTAL_SUBSIDY_TYPE = {
    428: "GPD TIP housing subsidy",
    419: "VASH housing subsidy",
    431: "RRH or equivalent subsidy",
    433: "HCV voucher (tenant or project based) (not dedicated)",
    434: "Public housing unit",
    420: "Rental by client, with other ongoing housing subsidy",
    436: "Housing Stability Voucher",
    437: "Family Unification Program Voucher (FUP)",
    438: "Foster Youth to Independence Initiative (FYI)",
    439: "Permanent Supportive Housing",
    440: "Other permanent housing dedicated for formerly homeless persons",
}

# 3.12
DESTINATION = {
    101: "Emergency shelter, including hotel or motel paid for with emergency shelter voucher, "
    "or Host Home shelter",
    116: "Place not meant for habitation (e.g., a vehicle, an abandoned building, "
    "bus/train/subway station/airport or anywhere outside)",
    118: "Safe Haven",
    204: "Psychiatric hospital or other psychiatric facility",
    205: "Substance abuse treatment facility or detox center",
    206: "Hospital or other residential non-psychiatric medical facility",
    207: "Jail, prison or juvenile detention facility",
    215: "Foster care home or foster care group home",
    225: "Long-term care facility or nursing home",
    302: "Transitional housing for homeless persons (including homeless youth)",
    312: "Staying or living with family, temporary tenure (e.g. room, apartment or house)",
    313: "Staying or living with friends, temporary tenure (e.g. room apartment or house)",
    314: "Hotel or motel paid for without emergency shelter voucher",
    327: "Moved from one HOPWA funded project to HOPWA TH",
    329: "Residential project or halfway house with no homeless criteria",
    332: "Host Home (non-crisis)",
    410: "Rental by client, no ongoing housing subsidy",
    411: "Owned by client, no ongoing housing subsidy",
    421: "Owned by client, with ongoing housing subsidy",
    422: "Staying or living with family, permanent tenure",
    423: "Staying or living with friends, permanent tenure",
    426: "Moved from one HOPWA funded project to HOPWA PH",
    435: "Rental by client, with ongoing housing subsidy",
    17: "Other",
    24: "Deceased",
    30: "No exit interview completed",
    **_MISSING,
}

# 4.11.A
WHEN_DV_OCCURRED = {
    1: "Within the past three months",
    2: "Three to six months ago (excluding six months exactly)",
    3: "Six months to one year ago (excluding one year exactly)",
    4: "One year or more",
    **_MISSING,
}

# R4.1
LAST_GRADE_COMPLETED = {
    1: "Less than grade 5",
    2: "Grades 5-6",
    3: "Grades 7-8",
    4: "Grades 9-11",
    5: "Grade 12",
    6: "School program does not have grade levels",
    7: "GED",
    10: "Some college",
    11: "Associate's degree",
    12: "Bachelor's degree",
    13: "Graduate degree",
    14: "Vocational certification",
    **_MISSING,
}

# 2.02.6 (HUD lists 7 Other after 9; there is no code 5)
PROJECT_TYPE = {
    0: "Emergency Shelter - Entry Exit",
    1: "Emergency Shelter - Night-by-Night",
    2: "Transitional Housing",
    3: "PH - Permanent Supportive Housing",
    4: "Street Outreach",
    6: "Services Only",
    8: "Safe Haven",
    9: "PH - Housing Only",
    7: "Other",
    10: "PH - Housing with Services (no disability required for entry)",
    11: "Day Shelter",
    12: "Homelessness Prevention",
    13: "PH - Rapid Re-Housing",
    14: "Coordinated Entry",
}
PERMANENT_HOUSING_PROJECT_TYPES = frozenset({3, 9, 10, 13})
# Project types that collect 3.917A (ES, SO, SH); every other type collects 3.917B.
LITERALLY_HOMELESS_PROJECT_TYPES = frozenset({0, 1, 4, 8})

# 2.02.D
HOUSING_TYPE = {
    1: "Site-based - single site",
    2: "Site-based - clustered / multiple sites",
    3: "Tenant-based - scattered site",
}

# 2.03.4
GEOGRAPHY_TYPE = {
    1: "Urban",
    2: "Suburban",
    3: "Rural",
    99: "Unknown / data not collected",
}

# 2.02.7
TARGET_POPULATION = {
    1: "DV: Survivor of Domestic Violence",
    3: "HIV: Persons with HIV/AIDS",
    4: "NA: Not applicable",
}

# 2.06.1, current codes only: 12, 47 (ESG-CV), 48 (HOPWA-CV) and 49 are retired.
# VAWA, FVPSA and VOCA grants have no code: use 46 and name the funder in OtherFunder.
FUNDING_SOURCE = {
    1: "HUD: CoC - Homelessness Prevention (High Performing Communities Only)",
    2: "HUD: CoC - Permanent Supportive Housing",
    3: "HUD: CoC - Rapid Re-Housing",
    4: "HUD: CoC - Supportive Services Only",
    5: "HUD: CoC - Transitional Housing",
    6: "HUD: CoC - Safe Haven",
    7: "HUD: CoC - Single Room Occupancy (SRO)",
    8: "HUD: ESG - Emergency Shelter (operating and/or essential services)",
    9: "HUD: ESG - Homelessness Prevention",
    10: "HUD: ESG - Rapid Rehousing",
    11: "HUD: ESG - Street Outreach",
    13: "HUD: HOPWA - Hotel/Motel Vouchers",
    14: "HUD: HOPWA - Housing Information",
    15: "HUD: HOPWA - Permanent Housing (facility based or TBRA)",
    16: "HUD: HOPWA - Permanent Housing Placement",
    17: "HUD: HOPWA - Short-Term Rent, Mortgage, Utility assistance",
    18: "HUD: HOPWA - Short-Term Supportive Facility",
    19: "HUD: HOPWA - Transitional Housing (facility based or TBRA)",
    20: "HUD: HUD/VASH",
    21: "HHS: PATH - Street Outreach & Supportive Services Only",
    22: "HHS: RHY - Basic Center Program (prevention and shelter)",
    23: "HHS: RHY - Maternity Group Home for Pregnant and Parenting Youth",
    24: "HHS: RHY - Transitional Living Program",
    25: "HHS: RHY - Street Outreach Project",
    26: "HHS: RHY - Demonstration Project",
    27: "VA: CRS Contract Residential Services",
    30: "VA: Community Contract Safe Haven Program",
    32: "VA: Compensated Work Therapy Transitional Residence",
    33: "VA: Supportive Services for Veteran Families",
    34: "N/A",
    35: "HUD: Pay for Success",
    36: "HUD: Public and Indian Housing (PIH) Programs",
    37: "VA: Grant Per Diem - Bridge Housing",
    38: "VA: Grant Per Diem - Low Demand",
    39: "VA: Grant Per Diem - Hospital to Housing",
    40: "VA: Grant Per Diem - Clinical Treatment",
    41: "VA: Grant Per Diem - Service Intensive Transitional Housing",
    42: "VA: Grant Per Diem - Transition in Place",
    43: "HUD: CoC - Youth Homeless Demonstration Program (YHDP)",
    44: "HUD: CoC - Joint Component TH/RRH",
    45: "VA: Grant Per Diem - Case Management/Housing Retention",
    46: "Local or Other Funding Source",
    50: "HUD: HOME",
    51: "HUD: HOME (ARP)",
    52: "HUD: PIH (Emergency Housing Voucher)",
    53: "HUD: ESG - RUSH",
    54: "HUD: Unsheltered Special NOFO",
    55: "HUD: Rural Special NOFO",
    56: "HUD: CoC Builds",
}

# 3.16 / 2.03: only the Washington CoCs the reference names.
COC_CODES = {
    "WA-500": "Seattle/King County CoC",
    "WA-501": "Washington Balance of State CoC",
    "WA-502": "Spokane City & County CoC",
    "WA-503": "Tacoma, Lakewood/Pierce County CoC",
    "WA-504": "Everett/Snohomish County CoC",
    "WA-508": "Vancouver/Clark County CoC",
}

# 5.03.1
DATA_COLLECTION_STAGE = {
    1: "Project entry",
    2: "Update",
    3: "Project exit",
    5: "Annual assessment",
    6: "Post-exit",
}

# Living situations and destinations are grouped by code range since FY2024.
LIVING_SITUATION_GROUPS = ("Homeless", "Institutional", "Temporary", "Permanent", "Other")


def living_situation_group(code: int) -> str:
    """HUD group of a 3.917 living situation or 3.12 destination: 1xx..4xx, else "Other"."""
    if 100 <= code < 500:
        return LIVING_SITUATION_GROUPS[code // 100 - 1]
    return "Other"


def grouped(
    codes: dict[int, str], group_fn: Callable[[int], str]
) -> list[tuple[str, list[tuple[int, str]]]]:
    """Split a code list into (group, [(code, label), ...]) for <optgroup>s.

    Groups come in HUD's order (LIVING_SITUATION_GROUPS), any other group name after them in
    order of first appearance; codes keep their order inside a group; empty groups are left out.
    """
    groups: dict[str, list[tuple[int, str]]] = {name: [] for name in LIVING_SITUATION_GROUPS}
    for code, label in codes.items():
        groups.setdefault(group_fn(code), []).append((code, label))
    return [(name, items) for name, items in groups.items() if items]

# List 2.02.A
RRH_SUB_TYPE = {1: "RRH: Services Only", 2: "RRH: Housing with or without services"}

# 4.02 Income and Sources: (HMIS CSV flag column, amount column, label). Flags use list 1.7.
INCOME_SOURCES = (
    ("Earned", "EarnedAmount", "Earned income"),
    ("Unemployment", "UnemploymentAmount", "Unemployment insurance"),
    ("SSI", "SSIAmount", "Supplemental Security Income (SSI)"),
    ("SSDI", "SSDIAmount", "Social Security Disability Insurance (SSDI)"),
    ("VADisabilityService", "VADisabilityServiceAmount", "VA service-connected disability compensation"),
    ("VADisabilityNonService", "VADisabilityNonServiceAmount", "VA non-service-connected disability pension"),
    ("PrivateDisability", "PrivateDisabilityAmount", "Private disability insurance"),
    ("WorkersComp", "WorkersCompAmount", "Worker's compensation"),
    ("TANF", "TANFAmount", "TANF"),
    ("GA", "GAAmount", "General Assistance (GA)"),
    ("SocSecRetirement", "SocSecRetirementAmount", "Retirement income from Social Security"),
    ("Pension", "PensionAmount", "Pension or retirement income from a former job"),
    ("ChildSupport", "ChildSupportAmount", "Child support"),
    ("Alimony", "AlimonyAmount", "Alimony and other spousal support"),
    ("OtherIncomeSource", "OtherIncomeAmount", "Other source"),
)
# 4.03 Non-cash benefits: (flag column, label), list 1.7.
BENEFIT_SOURCES = (
    ("SNAP", "Supplemental Nutrition Assistance Program (SNAP)"),
    ("WIC", "Special Supplemental Nutrition Program for Women, Infants, and Children (WIC)"),
    ("TANFChildCare", "TANF Child Care services"),
    ("TANFTransportation", "TANF transportation services"),
    ("OtherTANF", "Other TANF-funded services"),
    ("OtherBenefitsSource", "Other source"),
)
# 4.04 Health insurance: (flag column, label), list 1.7.
INSURANCE_SOURCES = (
    ("Medicaid", "Medicaid"),
    ("Medicare", "Medicare"),
    ("SCHIP", "State Children's Health Insurance Program"),
    ("VHAServices", "Veteran's Health Administration (VHA)"),
    ("EmployerProvided", "Employer-provided health insurance"),
    ("COBRA", "Health insurance obtained through COBRA"),
    ("PrivatePay", "Private pay health insurance"),
    ("StateHealthIns", "State health insurance for adults"),
    ("IndianHealthServices", "Indian Health Services Program"),
    ("OtherInsurance", "Other"),
)
# 1.3 DisabilityType (4.05-4.10)
DISABILITY_TYPE = {
    5: "Physical disability",
    6: "Developmental disability",
    7: "Chronic health condition",
    8: "HIV/AIDS",
    9: "Mental health disorder",
    10: "Substance use disorder",
}
# 4.10.2: DisabilityResponse for substance use disorder; the other types use list 1.8.
SUBSTANCE_USE_RESPONSE = {
    0: "No",
    1: "Alcohol use disorder",
    2: "Drug use disorder",
    3: "Both alcohol and drug use disorders",
    **_MISSING,
}
# IndefiniteAndImpairs is asked for these types; developmental and HIV/AIDS are disabling by definition.
DISABILITY_TYPES_ASKING_INDEFINITE = frozenset({5, 7, 9, 10})

# 1.4 RecordType (Services.csv)
RECORD_TYPE = {
    141: "PATH Service",
    142: "RHY Service Connections",
    143: "HOPWA Service",
    144: "SSVF Service",
    151: "HOPWA Financial Assistance",
    152: "SSVF Financial Assistance",
    161: "PATH Referral",
    200: "Bed Night",
    210: "HUD-VASH OTH Voucher Tracking",
    300: "Moving On Assistance",
}
FINANCIAL_ASSISTANCE_RECORD_TYPES = frozenset({151, 152})

# Reason for Leaving: a local element (HUD has none for CoC/ESG); the guidance asks for it at exit.
REASON_FOR_LEAVING = {
    1: "Completed program",
    2: "Non-compliance with program",
    3: "Reached maximum time allowed",
    4: "Needs could not be met by the program",
    5: "Left for a housing opportunity before completing the program",
    6: "Disagreement with rules or persons",
    7: "Death",
    8: "Unknown/disappeared",
    9: "Other",
}

# services: TypeProvided lists of Services.csv (reference 3.7), by the RecordType they go with.
# W1.2 HOPWAServices (RecordType 143)
HOPWA_SERVICES = {
    1: "Adult day care and personal assistance",
    2: "Case management",
    3: "Child care",
    4: "Criminal justice/legal services",
    5: "Education",
    6: "Employment and training services",
    7: "Food/meals/nutritional services",
    8: "Health/medical care",
    9: "Life skills training",
    10: "Mental health care/counseling",
    11: "Outreach and/or engagement",
    12: "Substance use services/treatment",
    13: "Transportation",
    14: "Other HOPWA funded service",
}
# V2.2 SSVFServices (RecordType 144)
SSVF_SERVICES = {
    1: "Outreach services",
    2: "Case management services",
    3: "Assistance obtaining VA benefits",
    4: "Assistance obtaining/coordinating other public benefits",
    5: "Direct provision of other public benefits",
    6: "Other (non-TFA) supportive service approved by VA",
    7: "Shallow Subsidy",
    8: "Returning Home",
    9: "Rapid Resolution",
    10: "Healthcare Navigation",
}
# W2.2 HOPWAFinancialAssistance (RecordType 151)
HOPWA_FINANCIAL_ASSISTANCE = {
    1: "Rental assistance",
    2: "Security deposits",
    3: "Utility deposits",
    4: "Utility payments",
    7: "Mortgage assistance",
}
# V3.3 SSVFFinancialAssistance (RecordType 152)
SSVF_FINANCIAL_ASSISTANCE = {
    1: "Rental assistance",
    2: "Security deposit",
    3: "Utility deposit",
    4: "Utility fee payment assistance",
    5: "Moving costs",
    8: "Transportation services: tokens/vouchers",
    9: "Transportation services: vehicle repair/maintenance",
    10: "Child care",
    12: "General housing stability assistance",
    14: "Emergency housing assistance",
    15: "Shallow Subsidy - Financial Assistance",
    16: "Food Assistance",
    17: "Landlord Incentive",
    18: "Tenant Incentive",
}
# 4.14 Bed Night (RecordType 200): TypeProvided is always 200.
BED_NIGHT = {200: "Bed Night"}
# C2.2 MovingOnAssistance (RecordType 300)
MOVING_ON_ASSISTANCE = {
    1: "Subsidized housing application assistance",
    2: "Financial assistance for Moving On (e.g., security deposit, moving expenses)",
    3: "Non-financial assistance for Moving On (e.g., housing navigation, transition support)",
    4: "Housing referral/placement",
    5: "Other",
}
# RecordType -> its TypeProvided list. PATH (141, 161), RHY (142) and HUD-VASH (210) lists are not in
# the reference, and no DV program funded by them records services here.
TYPE_PROVIDED = {
    143: HOPWA_SERVICES,
    144: SSVF_SERVICES,
    151: HOPWA_FINANCIAL_ASSISTANCE,
    152: SSVF_FINANCIAL_ASSISTANCE,
    200: BED_NIGHT,
    300: MOVING_ON_ASSISTANCE,
}
