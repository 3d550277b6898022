"""/admin/privacy settings and the project privacy report, both databases."""
from datetime import date

import pytest

from domain.reidentification import DEFAULT_K, MAX_K, MIN_K
from models import Agency
from models.reidentification import settings_for
from tests.reid_helpers import shelter, stored_household


@pytest.mark.parametrize("k, elements, message", [
    ("1", ["sex"], "The group size must be at least 2"),
    ("100000", ["sex"], "The group size can be at most 1000"),
    ("five", ["sex"], "Enter the group size as a whole number, like 5."),
    ("5", ["sex", "shoe_size"], "Unknown element: shoe_size. Choose from the list."),
    ("5", [], "Tick at least one answer"),
])
def test_bad_settings_are_refused_beside_the_field(client, auth, agency, k, elements, message):
    auth.login("admin-1")
    response = client.post("/admin/privacy", data={"k": k, "elements": elements})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert f'value="{k}"' in response.get_data(as_text=True)
    assert Agency.get().reid_k == 5


def test_the_settings_page_states_the_bounds_it_enforces(client, auth, agency):
    auth.login("admin-1")
    page = client.get("/admin/privacy").get_data(as_text=True)
    assert f"From {MIN_K} to {MAX_K}. {DEFAULT_K} is usual." in page
    assert f'max="{MAX_K}"' in page and f'min="{MIN_K}"' in page


def test_settings_are_saved(client, auth, agency):
    auth.login("admin-1")
    assert client.post("/admin/privacy", data={"k": "3", "elements": ["sex", "age_group"]}).status_code == 303
    assert settings_for(Agency.get()).k == 3 and settings_for(Agency.get()).elements == ("age_group", "sex")


def test_an_unknown_stored_name_is_ignored_with_a_warning(client, auth, agency, caplog):
    Agency.update(reid_elements="sex,shoe_size").execute()
    assert settings_for(Agency.get()).elements == ("sex",)
    assert "ignoring 1 unknown" in caplog.text
    auth.login("admin-1")
    assert "this version does not know (shoe_size)" in client.get("/admin/privacy").get_data(as_text=True)


def test_report_bands_records_and_contributions(client, auth, agency):
    _, (project,), _ = agency
    Agency.update(reid_k=3, reid_elements="sex,start_month,project").execute()
    for _ in range(3):
        stored_household(project, start=date(2026, 1, 5))  # a group of 3: safe
    stored_household(project, start=date(2026, 1, 5), members=({"sex": 1},))  # alone: sex makes him unique
    stored_household(project, start=date(2026, 2, 5), members=({"sex": 1},))  # alone in February
    auth.login("staff-1")
    html = client.get(f"/projects/{project.id}/privacy").get_data(as_text=True)
    assert "5 records; 2 in groups smaller than 3" in html
    assert "<th scope=\"row\">1</th><td>2</td>" in html and "<th scope=\"row\">3 or more</th><td>3</td>" in html
    # Without sex, January's man joins the three women (4); February's man is still alone.
    assert "Sex: without it, 1 of the 2 would be in a group of 3 or more." in html
    assert html.count("/households/") >= 2
    auth.logout()
    auth.login("viewer-1")
    viewer = client.get(f"/projects/{project.id}/privacy").get_data(as_text=True)
    assert "5 records" in viewer and "/households/" not in viewer


def test_export_page_loads_the_privacy_summaries_after_it_shows(client, auth, agency):
    _, (project,), _ = agency
    Agency.update(reid_k=3, reid_elements="sex,start_month,project").execute()
    for _ in range(3):
        stored_household(project, start=date(2026, 1, 5))
    stored_household(project, start=date(2026, 1, 5), members=({"sex": 1},))
    auth.login("admin-1")
    page = client.get("/admin/export/hmis-csv").get_data(as_text=True)
    assert 'hx-get="/admin/export/privacy-summary"' in page and "4 records" not in page
    part = client.get("/admin/export/privacy-summary", headers={"HX-Request": "true"})
    html = part.get_data(as_text=True)
    assert "<html" not in html and "4 records; 1 in groups smaller than 3" in html
    assert "Sex: without it, 1 of the 1 would be in a group of 3 or more." in html
    assert "/households/" not in html  # aggregates only
    assert "<html" in client.get("/admin/export/privacy-summary").get_data(as_text=True)


def test_export_summary_follows_the_exports_period_and_project(client, auth, agency):
    """The summary counts what the export chosen would carry: the enrollments active in its period, its project."""
    _, (project,), _ = agency
    for _ in range(3):
        stored_household(project, start=date(2026, 1, 5))
    stored_household(project, start=date(2026, 3, 5), members=({"exit": (date(2026, 3, 20), 410)},))
    other = shelter(project.agency)
    stored_household(other, start=date(2026, 1, 5))
    auth.login("admin-1")

    def summary(**args):
        return client.get("/admin/export/privacy-summary", query_string=args,
                          headers={"HX-Request": "true"}).get_data(as_text=True)

    everything = summary()
    assert "4 records" in everything and "Second Shelter" in everything and "every enrollment" in everything
    january = summary(start="2026-01-01", end="2026-01-31")  # the March stay is not in it
    assert "3 records" in january and "active from 01/01/2026 to 01/31/2026" in january
    april = summary(start="2026-04-01", project=str(project.id))  # exited in March: left out; one project only
    assert "3 records" in april and "Second Shelter" not in april and "one project" in april
    wrong = summary(start="2026-02-01", end="2026-01-01")
    assert "Fix the export's dates or project below" in wrong and "records" not in wrong
