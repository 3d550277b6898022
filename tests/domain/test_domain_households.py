import pytest

from domain.households import (
    CHILD_HEAD_ALONE,
    HOUSEHOLD_TYPES,
    NEEDS_ONE_HEAD,
    RELATIONSHIP_NOT_COLLECTED,
    check_relationships,
    household_type,
)


@pytest.mark.parametrize(
    ("ages", "expected"),
    [
        ([34], "Without children"),
        ([34, 40], "Without children"),
        ([18], "Without children"),
        ([34, 6], "With children and adults"),
        ([18, 17], "With children and adults"),
        ([34, 0, None], "With children and adults"),  # known adult and child win over unknown
        ([34, None], "Unknown household type"),
        ([None], "Unknown household type"),
        ([16, None], "Unknown household type"),
        ([34, -1], "Unknown household type"),  # negative age = DOB after start = unknown
        ([17], "With only children"),
        ([16, 2], "With only children"),
    ],
)
def test_household_type(ages, expected):
    assert household_type(ages) == expected
    assert expected in HOUSEHOLD_TYPES


def test_household_type_needs_members():
    with pytest.raises(ValueError):
        household_type([])


@pytest.mark.parametrize(
    ("relationships", "adults", "errors", "warnings"),
    [
        ([1], [True], [], []),
        ([1, 3, 2], [True, True, False], [], []),
        ([1, 2], [False, True], [], []),  # child head, but an adult is listed
        ([1], [False], [], [CHILD_HEAD_ALONE]),
        ([1, 2], [False, False], [], [CHILD_HEAD_ALONE]),
        ([1, 5], [False, None], [], [CHILD_HEAD_ALONE]),
        ([1], [None], [], []),  # head's age unknown: nothing to warn about
        ([2, 3], [False, True], [NEEDS_ONE_HEAD], []),
        ([], [], [NEEDS_ONE_HEAD], []),
        ([1, 1], [True, True], [NEEDS_ONE_HEAD], []),
        ([1, 1], [False, False], [NEEDS_ONE_HEAD], []),
        ([1, 99], [True, False], [], [RELATIONSHIP_NOT_COLLECTED]),
    ],
)
def test_check_relationships(relationships, adults, errors, warnings):
    assert check_relationships(relationships, adults) == (errors, warnings)


def test_messages():
    assert NEEDS_ONE_HEAD == "A household needs exactly one Head of Household."
    assert CHILD_HEAD_ALONE == (
        "The head of household is a child and no adult is listed. "
        "HUD allows this (unaccompanied youth); check it is right."
    )


@pytest.mark.parametrize(("relationships", "adults"), [([1, 2], [True]), ([1, 8], [True, False])])
def test_check_relationships_refuses_bad_input(relationships, adults):
    with pytest.raises(ValueError):
        check_relationships(relationships, adults)
