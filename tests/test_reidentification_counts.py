"""Group sizes from SQL against hand-counted data sets, on both databases."""
from datetime import date


from domain.reidentification import APPROXIMATE, Proposal
from models import Enrollment
from models.reidentification import Settings, check_household, check_person
from tests.reid_helpers import shelter, stored_household

ELEMENTS = ("age_group", "sex", "race", "veteran_status", "disabling_condition", "household_size",
            "household_type", "project", "start_month")
# An adult of 36 starting in January 2026 (DOB 01/01/1990), White, female, not a veteran, no disabling condition.
TYPED = {"start_month": (2026, 1), "age_group": "35–44", "sex": 0, "race": (frozenset({"White"}), None),
         "veteran_status": 0, "disabling_condition": 0, "household_size": 1, "household_type": "Without children"}


def _check(agency, project, variants, k=3, elements=ELEMENTS, **kwargs):
    return check_person(agency_id=agency.id, project_id=project.id, settings=Settings(k=k, elements=elements),
                        variants=variants, **kwargs)


def test_counts_people_sharing_the_stored_combination(agency):
    ag, (project,), _ = agency
    other = shelter(ag)
    stored_household(project)                                         # same: counts
    stored_household(project, members=({"dob": date(1984, 1, 1)},))   # 42: 35-44, counts
    stored_household(project, members=({"dob": date(1980, 1, 1)},))   # 46: another age group
    stored_household(project, start=date(2026, 2, 1))                 # another month
    stored_household(project, members=({"sex": 1},))                  # another sex
    stored_household(project, members=({"race": ("white", "asian")},))  # another race combination
    stored_household(project, members=({}, {"dob": date(2016, 1, 1)}), kind="With children and adults")  # size 2
    stored_household(project, deleted=True)                           # deleted: never exported
    stored_household(other)                                           # same answers, other project
    check = _check(ag, project, [TYPED])
    assert (check.project_size, check.agency_size) == (3, 4)  # the person plus 2 in the project, plus 1 elsewhere
    assert not check.at_risk and check.proposal is None


def test_withheld_answers_match_only_those_stored_as_9(agency):
    ag, (project,), _ = agency
    stored_household(project, members=({"veteran_status": 9},))
    stored_household(project, members=({"veteran_status": 9, "sex": 9},))
    stored_household(project, members=({"veteran_status": 1},))
    check = _check(ag, project, [{**TYPED, "veteran_status": 9}], k=2)
    assert check.project_size == 2  # only the one stored 9 with the other answers equal
    assert "veteran_status" not in check.levers  # already withheld


def test_proposal_withholds_the_fewest_answers_and_reaching_it_is_real(agency):
    ag, (project,), _ = agency
    # Four people stored with Veteran Status 9, otherwise like the person; one exactly like the person.
    for _ in range(4):
        stored_household(project, members=({"veteran_status": 9},))
    stored_household(project)
    for _ in range(2):
        stored_household(project, members=({"race": (), "race_none": 9},))
    check = _check(ag, project, [TYPED], k=5)
    assert check.project_size == 2 and check.at_risk
    assert check.proposal == Proposal(withhold=("veteran_status",), approximate=False, group_size=5)
    applied = _check(ag, project, [{**TYPED, "veteran_status": 9}], k=5)
    assert applied.project_size == 5 and not applied.at_risk  # the proposal, stored, does reach k


def test_approximating_counts_the_shifted_month(agency):
    ag, (project,), _ = agency
    for _ in range(3):
        stored_household(project, start=date(2026, 3, 15))
    shifted = {**TYPED, "start_month": (2026, 3)}
    check = _check(ag, project, [TYPED, shifted], k=4)
    assert check.project_size == 1
    assert check.proposal == Proposal(withhold=(), approximate=True, group_size=4)
    assert APPROXIMATE in check.levers


def test_no_change_reaches_k_in_an_empty_project(agency):
    ag, (project,), _ = agency
    check = _check(ag, project, [TYPED], k=5)
    assert check.project_size == 1 and check.at_risk and check.proposal is None


def test_exit_stage_counts_exited_people_by_month_and_destination_group(agency):
    ag, (project,), _ = agency
    stored_household(project, members=({"exit": (date(2026, 4, 3), 410)},))  # permanent, April
    stored_household(project, members=({"exit": (date(2026, 4, 20), 435)},))  # permanent too
    stored_household(project, members=({"exit": (date(2026, 4, 20), 101)},))  # homeless
    stored_household(project, members=({"exit": (date(2026, 4, 20), 9)},))  # withheld: group "Other"
    stored_household(project)  # not exited
    mine = stored_household(project, members=({"exit": (date(2026, 4, 9), 411)},))
    profile = {**TYPED, "exit_month": (2026, 4), "destination_group": "Permanent"}
    check = _check(ag, project, [profile], k=4, elements=ELEMENTS + ("exit_month", "destination_group"),
                   stage="exit", exclude_clients=[mine[0].client_id])
    assert check.project_size == 3
    assert check.proposal is None  # withholding moves them to "Other", where 1 other person is: 2 < 4


def test_household_check_counts_households(agency):
    ag, (project,), _ = agency
    stored_household(project, members=({}, {"dob": date(2016, 1, 1)}), kind="With children and adults")
    stored_household(project, members=({}, {"dob": date(2016, 1, 1)}), kind="With children and adults",
                     start=date(2026, 3, 2))
    stored_household(project, members=({},), kind="Without children")
    counts = check_household(project=project, settings=Settings(k=3, elements=ELEMENTS), size=2,
                             kind="With children and adults", months=[(2026, 1), (2026, 3)])
    assert counts == [1, 1]
    assert Enrollment.select().count() == 5


def test_without_the_start_month_each_age_is_taken_at_its_own_start(agency):
    ag, (project,), _ = agency
    stored_household(project, start=date(2026, 1, 20))  # 36 at the start: 35-44, counts
    stored_household(project, start=date(2024, 6, 1))   # the same DOB, 34 at its start: 25-34
    stored_household(project, start=date(2023, 3, 1), members=({"dob": date(1987, 1, 1)},))  # 36 then: counts
    elements = tuple(name for name in ELEMENTS if name != "start_month")
    assert _check(ag, project, [TYPED], elements=elements).project_size == 3


def test_household_check_without_the_start_month_counts_every_month(agency):
    ag, (project,), _ = agency
    for start in (date(2026, 1, 5), date(2025, 7, 1)):
        stored_household(project, members=({}, {"dob": date(2016, 1, 1)}), kind="With children and adults",
                         start=start)
    stored_household(project, members=({},), kind="Without children")
    elements = tuple(name for name in ELEMENTS if name != "start_month")
    counts = check_household(project=project, settings=Settings(k=3, elements=elements), size=2,
                             kind="With children and adults", months=[(2026, 1), (2026, 3)])
    assert counts == [2, 2]


def test_household_check_without_the_project_counts_the_agency(agency):
    ag, (project,), _ = agency
    other = shelter(ag)
    for where in (project, other, other):
        stored_household(where, members=({}, {"dob": date(2016, 1, 1)}), kind="With children and adults")
    size_two = dict(size=2, kind="With children and adults", months=[(2026, 1)])
    assert check_household(project=project, settings=Settings(k=3, elements=ELEMENTS), **size_two) == [1]
    elements = tuple(name for name in ELEMENTS if name != "project")
    assert check_household(project=project, settings=Settings(k=3, elements=elements), **size_two) == [3]
