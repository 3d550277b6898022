"""Dashboard CSVs neutralise formulas typed into names; text the HMIS CSV export carries is refused at entry."""
import html

from models import Agency, Project, ServiceType
from tests.test_reports import PERIOD, signed_in, table_csv, world  # noqa: F401


def test_dashboard_csvs_neutralise_names_that_look_like_formulas(app, world):  # noqa: F811
    (agency, projects, users), _ = world
    ServiceType.update(name="=1+2").where(ServiceType.agency == agency, ServiceType.name == "Rent").execute()
    Project.update(name="@SUM(A1)").where(Project.id == projects[0].id).execute()
    client = signed_in(app, users["admin"])
    services, rows = table_csv(client, "services")
    assert services["'=1+2"] == ["3", "2", "850.50"]  # the counts are numbers still
    assert rows[2][1].startswith("'@SUM(A1)")
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_free_text_for_the_hmis_export_refuses_a_formula_at_entry(client, auth, agency):
    auth.login("admin-1")
    response = client.post("/admin/agency", data={"name": "+cmd|' /C calc'!A0", "dob_data_quality": "9",
                                                  "suppression_threshold": "11"})
    assert response.status_code == 422
    assert "text starting with “+” is run as a formula" in html.unescape(response.get_data(as_text=True))
    assert Agency.get_by_id(agency[0].id).name == "Safe Harbor"
