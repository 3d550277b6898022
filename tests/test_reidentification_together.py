"""Members typed in one form count in each other's groups, as they would once stored; both databases."""
from datetime import date
from itertools import product

import pytest

from domain.reidentification import Proposal
from models.reidentification import Settings, check_people, check_person
from tests.intake_helpers import ADULT, intake_post, intake_token
from tests.reid_helpers import shelter, stored_household

# Without household size and type: a member stored alone can then stand for the same member typed with others.
ELEMENTS = ("age_group", "sex", "race", "veteran_status", "disabling_condition", "project", "start_month")
TYPED = {"start_month": (2026, 1), "age_group": "35–44", "sex": 0, "race": (frozenset({"White"}), None),
         "veteran_status": 0, "disabling_condition": 0}  # DOB 01/01/1990 at a January 2026 start: 36


def _people(agency, project, people, k=3, elements=ELEMENTS, **kwargs):
    return check_people(agency_id=agency.id, project_id=project.id, settings=Settings(k=k, elements=elements),
                        people=people, **kwargs)


def test_members_with_the_same_answers_count_each_other(agency):
    ag, (project,), _ = agency
    other = shelter(ag)
    stored_household(project)  # like the first two members
    stored_household(other)    # like them, in another project of the agency
    first, second, third = _people(ag, project, [[TYPED], [TYPED], [{**TYPED, "sex": 1}]])
    assert (first.project_size, first.agency_size) == (3, 4)  # 1 + 1 stored + the second member; + 1 elsewhere
    assert (second.project_size, second.agency_size) == (3, 4)
    assert (third.project_size, third.agency_size) == (1, 1)  # another sex: alone


def test_a_member_who_has_not_answered_yet_is_not_counted(agency):
    ag, (project,), _ = agency
    unanswered = {name: value for name, value in TYPED.items() if name != "sex"}
    first, second = _people(ag, project, [[TYPED], [unanswered]])
    assert first.project_size == 1  # the second member's sex is not known yet
    assert second.project_size == 2  # the first member matches every answer the second one has given


def test_a_proposal_counts_members_stored_as_withheld(agency):
    ag, (project,), _ = agency
    for _ in range(2):
        stored_household(project, members=({"veteran_status": 9},))
    first, second = _people(ag, project, [[TYPED], [{**TYPED, "veteran_status": 9}]], k=4)
    assert first.project_size == 1 and first.at_risk
    # Withholding Veteran Status: the 2 stored as 9 and the second member, typed as 9.
    assert first.proposal == Proposal(withhold=("veteran_status",), approximate=False, group_size=4)
    assert second.project_size == 3  # the first member is not stored as 9


def test_approximating_moves_every_member_of_the_household(agency):
    ag, (project,), _ = agency
    for _ in range(2):
        stored_household(project, start=date(2026, 3, 15))
    shifted = {**TYPED, "start_month": (2026, 3)}
    first, second = _people(ag, project, [[TYPED, shifted], [TYPED, shifted]], k=4)
    assert first.project_size == 2  # the two members, in January
    assert first.proposal == Proposal(withhold=(), approximate=True, group_size=4)  # both move to March
    assert second == first


def test_members_leaving_together_count_each_other(agency):
    ag, (project,), _ = agency
    stored_household(project, members=({"exit": (date(2026, 4, 3), 410)},))
    leaving = [stored_household(project)[0] for _ in range(2)]
    profile = {**TYPED, "exit_month": (2026, 4), "destination_group": "Permanent"}
    checks = _people(ag, project, [[profile], [profile]], elements=ELEMENTS + ("exit_month", "destination_group"),
                     stage="exit", exclude_clients=[e.client_id for e in leaving])
    assert [c.project_size for c in checks] == [3, 3]  # the one stored exit, and each other


SEXES, VETERANS, RACES = (0, 1), (0, 9), ((("white",), None), ((), 9))


@pytest.mark.parametrize("sex, veteran", list(product(SEXES, VETERANS)))
def test_counting_a_member_typed_together_is_counting_them_stored(agency, sex, veteran):
    """The first member's whole check (sizes, levers, proposal) with the second member typed beside them equals
    the check with the second member stored instead, for every second member on a small grid."""
    ag, _, _ = agency
    stored, typed = shelter(ag, "Stored"), shelter(ag, "Typed")
    for _ in range(2):  # the same background in both projects: two stored as 9 for every answer
        for project in (stored, typed):
            stored_household(project, members=({"sex": 9, "veteran_status": 9, "race": (), "race_none": 9},))
    for (race_fields, race_none) in RACES:
        member = {"sex": sex, "veteran_status": veteran, "race": race_fields, "race_none": race_none}
        stored_household(stored, members=(member,))
        second = {**TYPED, "sex": sex, "veteran_status": veteran,
                  "race": (frozenset({"White"}), None) if race_fields else (frozenset(), 9)}
        together = _people(ag, typed, [[TYPED], [second]], k=3)[0]
        alone = check_person(agency_id=ag.id, project_id=stored.id, settings=Settings(k=3, elements=ELEMENTS),
                             variants=[TYPED])
        assert (together.project_size, together.levers, together.proposal) == \
               (alone.project_size, alone.levers, alone.proposal)
        stored_household(typed, members=(member,))  # both projects hold the same people again


def test_the_intake_panel_counts_the_other_adult(client, auth, agency):
    """Two adults with the same answers, a household nobody stored resembles: each is one other person's group."""
    auth.login("staff-1")
    _, (project,), _ = agency
    for _ in range(4):  # enough stored people for the check to run; none in a household of two
        stored_household(project, start=date(2026, 2, 10), members=({"dob": date(1987, 1, 1)},))
    partner = {**ADULT, "relationship_to_hoh": "3", "veteran_status": "1"}
    data = intake_post(intake_token(client, project.id), members=({**ADULT, "veteran_status": "1"}, partner))
    html = client.post(f"/projects/{project.id}/intake/privacy-check", data=data).get_data(as_text=True)
    assert html.count("Only 1 other person in Safe Shelter shares these answers") == 2
