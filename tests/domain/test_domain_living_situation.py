import itertools

import pytest

from domain.codes import PRIOR_LIVING_SITUATION, PROJECT_TYPE, RESIDENCE_PRIOR_LENGTH_OF_STAY
from domain.living_situation import followup_fields, los_under_threshold

EPISODE = ["date_to_street_essh", "times_homeless_past_three_years", "months_homeless_past_three_years"]
LOS = "length_of_stay"
PREV = "previous_street_essh"
SUBSIDY = "rental_subsidy_type"
A_TYPES = [0, 1, 4, 8]
B_TYPES = [2, 3, 6, 7, 9, 10, 11, 12, 13, 14]


@pytest.mark.parametrize("project_type", A_TYPES)
@pytest.mark.parametrize(
    ("living", "length", "prev"),
    [(None, None, None), (116, 10, None), (204, 5, 0), (336, 2, None), (410, 8, 1), (8, None, None), (99, 99, 99)],
)
def test_3917a_asks_everything_of_everyone(project_type, living, length, prev):
    assert followup_fields(project_type, living, length, prev) == [LOS, *EPISODE]


@pytest.mark.parametrize("project_type", A_TYPES)
def test_3917a_asks_subsidy_type_for_435(project_type):
    assert followup_fields(project_type, 435, None, None) == [SUBSIDY, LOS, *EPISODE]


B_FLOW = [
    # Nothing chosen yet.
    (None, None, None, []),
    # Homeless: straight to the episode questions, no length of stay.
    (101, None, None, EPISODE),
    (116, 5, None, EPISODE),
    (118, None, 0, EPISODE),
    # Institutional: the threshold is 90 days.
    (204, None, None, [LOS]),
    (207, 10, None, [LOS, PREV]),
    (205, 3, None, [LOS, PREV]),
    (204, 3, 1, [LOS, PREV, *EPISODE]),
    (215, 2, 0, [LOS, PREV]),
    (225, 3, 99, [LOS, PREV]),
    (206, 4, 1, [LOS]),
    (204, 5, None, [LOS]),
    # Temporary and permanent: the threshold is 7 nights.
    (336, 11, 1, [LOS, PREV, *EPISODE]),
    (335, 10, 0, [LOS, PREV]),
    (302, 2, 1, [LOS]),
    (314, 3, None, [LOS]),
    (410, 10, None, [LOS, PREV]),
    (411, 5, 1, [LOS]),
    (435, None, None, [SUBSIDY, LOS]),
    (435, 11, 1, [SUBSIDY, LOS, PREV, *EPISODE]),
    (435, 4, 1, [SUBSIDY, LOS]),
    # Missing living situation: "Other", 7-night threshold.
    (8, 10, 1, [LOS, PREV, *EPISODE]),
    (9, 11, None, [LOS, PREV]),
    (99, 2, 1, [LOS]),
    # Missing length of stay: stop.
    (336, 8, 1, [LOS]),
    (204, 9, 1, [LOS]),
    (410, 99, 1, [LOS]),
]


@pytest.mark.parametrize("project_type", [2, 3, 13])
@pytest.mark.parametrize(("living", "length", "prev", "fields"), B_FLOW)
def test_3917b_flow(project_type, living, length, prev, fields):
    assert followup_fields(project_type, living, length, prev) == fields


@pytest.mark.parametrize(
    ("living", "length", "expected"),
    [
        (204, 10, 1), (204, 3, 1), (204, 4, 0), (204, 5, 0),
        (336, 10, 1), (336, 11, 1), (336, 2, 0), (336, 3, 0), (435, 5, 0),
        (8, 11, 1), (99, 2, 0),
        (336, 8, 99), (204, 9, 99), (410, 99, 99),
        (116, 10, None), (101, 5, None), (204, None, None), (None, 10, None), (None, None, None),
    ],
)  # fmt: skip
def test_los_under_threshold(living, length, expected):
    assert los_under_threshold(living, length) == expected


ALL_ANSWERS = list(
    itertools.product(
        [None, *PRIOR_LIVING_SITUATION], [None, *RESIDENCE_PRIOR_LENGTH_OF_STAY], [None, 0, 1, 99]
    )
)


@pytest.mark.parametrize("project_type", list(PROJECT_TYPE))
def test_flow_invariants_over_every_answer(project_type):
    for living, length, prev in ALL_ANSWERS:
        fields = followup_fields(project_type, living, length, prev)
        assert "los_under_threshold" not in fields
        assert len(fields) == len(set(fields))
        assert (SUBSIDY in fields) == (living == 435)
        if project_type in A_TYPES:
            continue
        assert (PREV in fields) == (los_under_threshold(living, length) == 1)
        # The episode questions come as a block, only after a homeless situation or a Yes.
        episode = [f for f in fields if f in EPISODE]
        assert episode in ([], EPISODE)
        homeless = living is not None and 100 <= living < 200
        assert bool(episode) == (homeless or (PREV in fields and prev == 1))


@pytest.mark.parametrize(
    "args",
    [(5, None, None, None), (2, 312, None, None), (2, 204, 1, None), (2, 204, 3, 8)],
)
def test_unknown_codes_are_refused(args):
    with pytest.raises(ValueError):
        followup_fields(*args)
