"""Household rules from the APR/CAPER: household type and head-of-household checks."""

from domain.ages import is_adult
from domain.codes import DATA_NOT_COLLECTED, RELATIONSHIP_TO_HOH

SELF = 1  # RelationshipToHoH "Self (head of household)"

# Q7a/Q8a column order.
HOUSEHOLD_TYPES = (
    "Without children",
    "With children and adults",
    "With only children",
    "Unknown household type",
)

NEEDS_ONE_HEAD = "A household needs exactly one Head of Household."
CHILD_HEAD_ALONE = (
    "The head of household is a child and no adult is listed. "
    "HUD allows this (unaccompanied youth); check it is right."
)
RELATIONSHIP_NOT_COLLECTED = (
    "Relationship to Head of Household is “Data not collected” for someone; "
    "HUD reports count that as a data quality problem."
)


def household_type(ages: list[int | None]) -> str:
    """HUD household type from each member's age (None or negative = unknown age)."""
    if not ages:
        raise ValueError("A household needs at least one member.")
    known = [age for age in ages if age is not None and age >= 0]
    has_adult = any(is_adult(age) for age in known)
    has_child = any(not is_adult(age) for age in known)
    if has_adult and has_child:
        return "With children and adults"
    if len(known) < len(ages):
        return "Unknown household type"
    return "Without children" if has_adult else "With only children"


def check_relationships(
    relationships: list[int], adult_flags: list[bool | None]
) -> tuple[list[str], list[str]]:
    """(errors, warnings) for one household; adult_flags[i] is None when i's age is unknown."""
    if len(relationships) != len(adult_flags):
        raise ValueError("Give one adult flag per household member.")
    for code in relationships:
        if code not in RELATIONSHIP_TO_HOH:
            raise ValueError(f"{code} is not a HUD relationship to head of household code.")
    errors, warnings = [], []
    heads = [i for i, code in enumerate(relationships) if code == SELF]
    if len(heads) != 1:
        errors.append(NEEDS_ONE_HEAD)
    elif adult_flags[heads[0]] is False and not any(adult_flags):
        warnings.append(CHILD_HEAD_ALONE)
    if DATA_NOT_COLLECTED in relationships:
        warnings.append(RELATIONSHIP_NOT_COLLECTED)
    return errors, warnings
