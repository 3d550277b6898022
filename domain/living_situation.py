"""Which 3.917 Prior Living Situation follow-up questions to ask.

3.917A (ES, SO, SH) asks every sub-field of everyone. 3.917B (all other project types) follows
Green River's form, which mirrors HUD's Data Dictionary:

1. Homeless situation (1xx): ask the episode questions 3.917.3-.5 directly, no length of stay.
2. Otherwise ask the length of stay. Institutional (2xx) for 90 days or more, or anything else
   (3xx, 4xx, and 8/9/99 "Other") for 7 nights or more, is a "break": stop.
3. Under the threshold: ask PreviousStreetESSH; if Yes ask 3.917.3-.5, otherwise stop.

Our choice for missing answers: a LivingSituation of 8/9/99 is an "Other" situation with the
7-night threshold (as in Green River); a LengthOfStay of 8/9/99 stops the questions, since
nobody can tell whether the stay broke the homeless episode.
"""

from collections.abc import Mapping

from domain.codes import (
    CLIENT_DOESNT_KNOW,
    DATA_NOT_COLLECTED,
    LITERALLY_HOMELESS_PROJECT_TYPES,
    NO_YES_MISSING,
    PREFERS_NOT_TO_ANSWER,
    PRIOR_LIVING_SITUATION,
    PROJECT_TYPE,
    RESIDENCE_PRIOR_LENGTH_OF_STAY,
    living_situation_group,
)

RENTAL_BY_CLIENT_WITH_SUBSIDY = 435
EPISODE_FIELDS = (
    "date_to_street_essh",
    "times_homeless_past_three_years",
    "months_homeless_past_three_years",
)
# LengthOfStay codes below each threshold: one night or less, two to six nights, and for
# institutions also one week to one month and one month to 90 days.
_UNDER_7_NIGHTS = {10, 11}
_UNDER_90_DAYS = {10, 11, 2, 3}
_UNKNOWN_LENGTH = {CLIENT_DOESNT_KNOW, PREFERS_NOT_TO_ANSWER, DATA_NOT_COLLECTED}


def followup_fields(
    project_type: int,
    living_situation: int | None,
    length_of_stay: int | None,
    previous_street_essh: int | None,
) -> list[str]:
    """Names of the 3.917 fields to show after LivingSituation, in display order.

    LOSUnderThreshold is never asked: store los_under_threshold() instead (3.917B only).
    """
    _check(project_type, PROJECT_TYPE, "project type")
    _check(living_situation, PRIOR_LIVING_SITUATION, "prior living situation")
    _check(length_of_stay, RESIDENCE_PRIOR_LENGTH_OF_STAY, "length of stay")
    _check(previous_street_essh, NO_YES_MISSING, "PreviousStreetESSH")
    fields = ["rental_subsidy_type"] if living_situation == RENTAL_BY_CLIENT_WITH_SUBSIDY else []
    if project_type in LITERALLY_HOMELESS_PROJECT_TYPES:  # 3.917A
        return [*fields, "length_of_stay", *EPISODE_FIELDS]
    if living_situation is None:
        return fields
    if living_situation_group(living_situation) == "Homeless":
        return [*fields, *EPISODE_FIELDS]
    fields.append("length_of_stay")
    if los_under_threshold(living_situation, length_of_stay) != 1:
        return fields  # not answered yet, a break, or an unknown length
    fields.append("previous_street_essh")
    if previous_street_essh == 1:
        fields.extend(EPISODE_FIELDS)
    return fields


def los_under_threshold(living_situation: int | None, length_of_stay: int | None) -> int | None:
    """LOSUnderThreshold (list 1.7) for 3.917B: 1 under the threshold, 0 a break.

    99 when the length is 8/9/99 (the answer exists but cannot be judged); None when the
    question does not apply (homeless situation) or either answer is still blank.
    """
    _check(living_situation, PRIOR_LIVING_SITUATION, "prior living situation")
    _check(length_of_stay, RESIDENCE_PRIOR_LENGTH_OF_STAY, "length of stay")
    if living_situation is None or length_of_stay is None:
        return None
    group = living_situation_group(living_situation)
    if group == "Homeless":
        return None
    if length_of_stay in _UNKNOWN_LENGTH:
        return DATA_NOT_COLLECTED
    under = _UNDER_90_DAYS if group == "Institutional" else _UNDER_7_NIGHTS
    return int(length_of_stay in under)


def _check(code: int | None, codes: Mapping[int, str], what: str) -> None:
    if code is not None and code not in codes:
        raise ValueError(f"{code} is not a HUD {what} code.")
