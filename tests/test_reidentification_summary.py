"""The export page's summaries, counted in one pass over the agency, equal each project's own report; both
databases."""
from datetime import date

import pytest

from domain.reidentification import DEFAULT_ELEMENTS, ELEMENTS
from models import Project
from models.reidentification import Settings, agency_reports, project_report
from tests.reid_helpers import stored_household


@pytest.fixture
def crafted(agency):
    """Three projects: a crowded one, a sparse one with exits, one with no records; and another agency's project."""
    ag, (crowded,), _ = agency
    sparse = Project.create(agency=ag, name="Sparse", project_type=13, coc_code="WA-501", funding_source=3,
                            operating_start_date="2020-01-01")
    empty = Project.create(agency=ag, name="Empty", project_type=2, coc_code="WA-501", funding_source=5,
                           operating_start_date="2020-01-01")
    for _ in range(4):
        stored_household(crowded, start=date(2026, 1, 5))
    stored_household(crowded, start=date(2026, 1, 9), members=({"sex": 1},))
    stored_household(crowded, start=date(2026, 1, 9), members=({"race": ("white", "asian")},))
    stored_household(crowded, start=date(2026, 1, 9), members=({}, {"dob": date(2016, 1, 1), "dv": None}),
                     kind="With children and adults")
    for month in (1, 1, 2):
        stored_household(sparse, start=date(2026, month, 3), members=({"exit": (date(2026, 4, 1), 410)},))
    stored_household(sparse, start=date(2026, 1, 3), members=({"race": (), "race_none": 9, "education": 2},))
    stored_household(sparse, start=date(2026, 1, 3), deleted=True)
    other_agency = type(ag).create(name="Elsewhere")
    elsewhere = Project.create(agency=other_agency, name="Elsewhere", project_type=0, coc_code="WA-501",
                               funding_source=8, operating_start_date="2020-01-01")
    stored_household(elsewhere, start=date(2026, 1, 5))
    return ag, [crowded, sparse, empty]


@pytest.mark.parametrize("k, elements", [
    (5, DEFAULT_ELEMENTS), (3, ("sex", "start_month", "project")), (2, ("race",)), (4, tuple(ELEMENTS)),
    (3, ("exit_month", "destination_group", "age_group"))])
def test_summaries_equal_each_projects_report(crafted, k, elements):
    ag, projects = crafted
    settings = Settings(k=k, elements=elements)
    summaries = agency_reports(ag.id, settings, [p.id for p in projects])
    for project in projects:
        assert summaries[project.id] == project_report(project, settings, limit=0)


def test_hand_counted_summary(crafted):
    ag, (crowded, sparse, empty) = crafted
    summaries = agency_reports(ag.id, Settings(k=3, elements=("sex", "start_month", "project")),
                               [crowded.id, sparse.id, empty.id])
    # Crowded: 7 women (4 + the other race + the household of two) and 1 man, all in January.
    assert (summaries[crowded.id].records, summaries[crowded.id].below_k_total) == (8, 1)
    assert summaries[crowded.id].contributions == [("sex", 1)]
    # Sparse: January 3 women, February 1: without the start month she joins them.
    assert summaries[sparse.id].bands == {"1": 1, "2": 0, "3 or more": 3}
    assert summaries[sparse.id].contributions == [("start_month", 1)]
    assert summaries[empty.id].records == 0 and summaries[empty.id].bands == {"1": 0, "2": 0, "3 or more": 0}
