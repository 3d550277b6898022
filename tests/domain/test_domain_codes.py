import re

import pytest

from domain import codes
from domain.codes import grouped, living_situation_group

LISTS_WITH_MISSING_CODES = {
    "NO_YES_REASONS": codes.NO_YES_REASONS,
    "NAME_DATA_QUALITY": codes.NAME_DATA_QUALITY,
    "SSN_DATA_QUALITY": codes.SSN_DATA_QUALITY,
    "DOB_DATA_QUALITY": codes.DOB_DATA_QUALITY,
    "SEX": codes.SEX,
    "RACE_NONE": codes.RACE_NONE,
    "PRIOR_LIVING_SITUATION": codes.PRIOR_LIVING_SITUATION,
    "RESIDENCE_PRIOR_LENGTH_OF_STAY": codes.RESIDENCE_PRIOR_LENGTH_OF_STAY,
    "TIMES_HOMELESS_PAST_THREE_YEARS": codes.TIMES_HOMELESS_PAST_THREE_YEARS,
    "MONTHS_HOMELESS_PAST_THREE_YEARS": codes.MONTHS_HOMELESS_PAST_THREE_YEARS,
    "DESTINATION": codes.DESTINATION,
    "WHEN_DV_OCCURRED": codes.WHEN_DV_OCCURRED,
    "LAST_GRADE_COMPLETED": codes.LAST_GRADE_COMPLETED,
}


def test_missing_data_constants():
    assert (codes.CLIENT_DOESNT_KNOW, codes.PREFERS_NOT_TO_ANSWER, codes.DATA_NOT_COLLECTED) == (8, 9, 99)


@pytest.mark.parametrize("name", LISTS_WITH_MISSING_CODES)
def test_missing_data_responses_use_fy2024_labels_and_come_last(name):
    items = list(LISTS_WITH_MISSING_CODES[name].items())
    assert items[-3:] == [
        (8, "Client doesn't know"),
        (9, "Client prefers not to answer"),
        (99, "Data not collected"),
    ]
    assert "Client refused" not in LISTS_WITH_MISSING_CODES[name].values()


def test_yes_no_lists():
    assert codes.NO_YES == {0: "No", 1: "Yes"}
    assert list(codes.NO_YES_REASONS) == [0, 1, 8, 9, 99]
    assert list(codes.NO_YES_MISSING) == [0, 1, 99]


def test_sex_replaces_gender():
    assert list(codes.SEX) == [0, 1, 8, 9, 99]
    assert codes.SEX[0] == "Female" and codes.SEX[1] == "Male"


def test_race_fields_use_fy2026_column_names_in_csv_order():
    assert list(codes.RACE_FIELDS) == [
        "AmIndAKNative",
        "Asian",
        "BlackAfAmerican",
        "HispanicLatinao",
        "MidEastNAfrican",
        "NativeHIPacific",
        "White",
    ]
    assert codes.RACE_FIELDS["AmIndAKNative"] == "American Indian, Alaska Native, or Indigenous"
    assert codes.RACE_FIELDS["HispanicLatinao"] == "Hispanic/Latina/o"


def test_relationship_to_hoh_has_no_8_or_9():
    assert list(codes.RELATIONSHIP_TO_HOH) == [1, 2, 3, 4, 5, 99]
    assert codes.RELATIONSHIP_TO_HOH[1] == "Self (head of household)"


def test_prior_living_situation_differs_from_destination():
    assert set(codes.PRIOR_LIVING_SITUATION) == {
        8, 9, 99, 101, 116, 118, 204, 205, 206, 207, 215, 225,
        302, 314, 329, 332, 335, 336, 410, 411, 421, 435,
    }  # fmt: skip
    assert {335, 336} <= set(codes.PRIOR_LIVING_SITUATION) - set(codes.DESTINATION)
    assert {17, 24, 30, 312, 313, 327, 422, 423, 426} <= set(codes.DESTINATION) - set(
        codes.PRIOR_LIVING_SITUATION
    )


def test_length_of_stay_is_shortest_first():
    assert list(codes.RESIDENCE_PRIOR_LENGTH_OF_STAY) == [10, 11, 2, 3, 4, 5, 8, 9, 99]
    assert codes.RESIDENCE_PRIOR_LENGTH_OF_STAY[10] == "One night or less"


def test_months_homeless_codes():
    months = codes.MONTHS_HOMELESS_PAST_THREE_YEARS
    assert months[101] == "1" and months[112] == "12" and months[113] == "More than 12 months"
    assert list(months)[:13] == list(range(101, 114))


def test_rental_subsidy_type_keeps_hud_order():
    assert list(codes.RENTAL_SUBSIDY_TYPE) == [428, 419, 431, 433, 434, 420, 436, 437, 438, 439, 440]


def test_project_types():
    assert list(codes.PROJECT_TYPE) == [0, 1, 2, 3, 4, 6, 8, 9, 7, 10, 11, 12, 13, 14]
    assert codes.PERMANENT_HOUSING_PROJECT_TYPES == {3, 9, 10, 13}
    assert codes.LITERALLY_HOMELESS_PROJECT_TYPES == {0, 1, 4, 8}
    assert codes.PERMANENT_HOUSING_PROJECT_TYPES <= set(codes.PROJECT_TYPE)


def test_funding_sources_are_fy2026():
    assert 56 in codes.FUNDING_SOURCE and codes.FUNDING_SOURCE[56] == "HUD: CoC Builds"
    for retired in (12, 47, 48, 49):
        assert retired not in codes.FUNDING_SOURCE
    assert codes.FUNDING_SOURCE[46] == "Local or Other Funding Source"
    assert len(codes.FUNDING_SOURCE) == 49


def test_descriptor_lists():
    assert codes.TARGET_POPULATION[1] == "DV: Survivor of Domestic Violence"
    assert list(codes.HOUSING_TYPE) == [1, 2, 3]
    assert list(codes.DATA_COLLECTION_STAGE) == [1, 2, 3, 5, 6]
    assert codes.WHEN_DV_OCCURRED[1] == "Within the past three months"
    assert list(codes.LAST_GRADE_COMPLETED)[:12] == [1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14]


def test_washington_cocs():
    assert {"WA-500", "WA-501", "WA-502", "WA-503", "WA-504", "WA-508"} <= set(codes.COC_CODES)
    assert codes.COC_CODES["WA-501"] == "Washington Balance of State CoC"
    assert all(re.fullmatch(r"[A-Z]{2}-\d{3}", code) for code in codes.COC_CODES)


@pytest.mark.parametrize(
    ("code", "group"),
    [
        (101, "Homeless"), (116, "Homeless"), (118, "Homeless"),
        (204, "Institutional"), (225, "Institutional"),
        (302, "Temporary"), (336, "Temporary"),
        (410, "Permanent"), (435, "Permanent"),
        (8, "Other"), (9, "Other"), (17, "Other"), (24, "Other"), (30, "Other"), (99, "Other"),
    ],
)  # fmt: skip
def test_living_situation_group(code, group):
    assert living_situation_group(code) == group


def test_grouped_prior_living_situation_in_hud_group_order():
    groups = grouped(codes.PRIOR_LIVING_SITUATION, living_situation_group)
    assert [name for name, _ in groups] == ["Homeless", "Institutional", "Temporary", "Permanent", "Other"]
    as_codes = {name: [code for code, _ in items] for name, items in groups}
    assert as_codes["Homeless"] == [101, 116, 118]
    assert as_codes["Permanent"] == [410, 411, 421, 435]
    assert as_codes["Other"] == [8, 9, 99]
    assert groups[0][1][2] == (118, "Safe Haven")


def test_grouped_destination_other_group():
    groups = dict(grouped(codes.DESTINATION, living_situation_group))
    assert [code for code, _ in groups["Other"]] == [17, 24, 30, 8, 9, 99]
    assert sum(len(items) for items in groups.values()) == len(codes.DESTINATION)


def test_grouped_drops_empty_groups_and_appends_unknown_ones():
    sample = {1: "a", 435: "b", 2: "c", 101: "d"}
    groups = grouped(sample, lambda code: "Odd" if code < 100 and code % 2 else living_situation_group(code))
    assert groups == [
        ("Homeless", [(101, "d")]),
        ("Permanent", [(435, "b")]),
        ("Other", [(2, "c")]),
        ("Odd", [(1, "a")]),
    ]
