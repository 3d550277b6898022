"""Assessments at the data collection stages: rows stored, rules enforced, dates shifted, records corrected."""
import html
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from domain import codes
from domain.dates import household_offset_days
from models import AuditEvent, Disability, Enrollment, Exit, HealthAndDV, IncomeBenefits, Project
from models.assessments import snake
from models.accounts import utcnow  # naive UTC, as the app stores times
from tests.conftest import make_agency
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token, saved_household

SHIFT_KEY = b"test-shift-key-0123456789abcdef"
TODAY = date.today()


@pytest.fixture
def staff(client, auth, agency):
    auth.login("staff-1")
    return agency[1][0]


def make_household(client, project, approximate=False, start="2026-02-01", members=(ADULT, CHILD)):
    token = intake_token(client, project.id)
    response = client.post(f"/projects/{project.id}/intake",
                           data=intake_post(token, start=start, members=members, approximate=approximate))
    assert response.status_code == 303
    household = saved_household(token)
    head, child, *_ = (Enrollment.select().where(Enrollment.household == household)
                       .order_by(Enrollment.relationship_to_hoh))
    return household, head, child


@pytest.fixture
def household(client, staff):
    return make_household(client, staff)


def answers(adult=True, **overrides):
    """A complete, consistent post: earned income 1,200.50 and SSI 300, SNAP, no insurance, 4.11, no disabilities."""
    data = {"information_date": "2026-03-01", "insurance_from_any_source": "0",
            **{f"disability_{t}": "0" for t in codes.DISABILITY_TYPE}}
    if adult:
        data.update({"income_from_any_source": "1", "benefits_from_any_source": "1",
                     "domestic_violence_survivor": "1", "when_occurred": "2", "currently_fleeing": "0",
                     **{snake(flag): "0" for flag, _, _ in codes.INCOME_SOURCES},
                     **{snake(flag): "0" for flag, _ in codes.BENEFIT_SOURCES},
                     "earned": "1", "earned_amount": "1,200.50", "ssi": "1", "ssi_amount": "$300", "snap": "1"})
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, enrollment, stage=2, **overrides):
    return client.post(f"/enrollments/{enrollment.id}/assessments/{stage}", data=answers(**overrides))


def errors_beside(response, field_id):
    """The messages shown in the field block with this id."""
    text = html.unescape(response.get_data(as_text=True))
    block = text.split(f'id="field-{field_id}"')[1].split('id="field-')[0]
    return " ".join(re.findall(r"<li>(.*?)</li>", block))


def visible_text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def test_form_page_and_partial(client, household):
    _, head, _ = household
    page = client.get(f"/enrollments/{head.id}/assessments/2")
    part = client.get(f"/enrollments/{head.id}/assessments/2", headers={"HX-Request": "true"})
    assert page.status_code == 200 and b"<html" in page.data and b"<html" not in part.data
    assert "HX-Request" in part.headers["Vary"]
    text = page.get_data(as_text=True)
    for label in ("Information Date", "Income from Any Source", "Non-Cash Benefits from Any Source",
                  "Covered by Health Insurance", "Domestic Violence Survivor", "Substance use disorder"):
        assert label in text
    assert 'name="earned_amount"' not in text  # sources appear under a Yes only


@pytest.mark.parametrize("stage", [1, 2, 5, 3])
def test_each_element_is_saved_at_each_stage(client, household, stage):
    _, head, _ = household
    response = post(client, head, stage=stage, disability_9="1", indefinite_9="0")
    assert response.status_code == 303 and response.headers["Location"].endswith("#assessments")
    row = IncomeBenefits.get()
    expected_date = date(2026, 2, 1) if stage == 1 else date(2026, 3, 1)  # project start takes the entry date
    assert (row.data_collection_stage, row.information_date) == (stage, expected_date)
    assert (row.income_from_any_source, row.earned, row.earned_amount, row.ssi, row.ssi_amount) == \
        (1, 1, Decimal("1200.50"), 1, Decimal("300.00"))
    assert row.total_monthly_income == Decimal("1500.50") and row.unemployment == 0 and row.unemployment_amount is None
    assert (row.benefits_from_any_source, row.snap, row.wic) == (1, 1, 0)
    assert row.insurance_from_any_source == 0 and row.medicaid == 0 and row.other_insurance == 0  # No: every source No
    assert HealthAndDV.select().count() == (1 if stage == 1 else 2)  # a project start corrects intake's 4.11 row
    dv = HealthAndDV.get(HealthAndDV.data_collection_stage == stage)
    assert (dv.data_collection_stage, dv.information_date) == (stage, expected_date)
    assert (dv.domestic_violence_survivor, dv.when_occurred, dv.currently_fleeing) == (1, 2, 0)
    disabilities = {d.disability_type: d for d in Disability.select()}
    assert set(disabilities) == set(codes.DISABILITY_TYPE)
    assert {(d.data_collection_stage, d.information_date) for d in disabilities.values()} == {(stage, expected_date)}
    assert (disabilities[9].disability_response, disabilities[9].indefinite_and_impairs) == (1, 0)
    assert disabilities[5].indefinite_and_impairs is None
    event = AuditEvent.get(AuditEvent.record_type == "assessment")
    assert event.action == "create" and event.record_id == row.id and "income_benefits.earned_amount" in event.fields
    assert "1200" not in event.fields


def test_child_answers_insurance_and_disabilities_only(client, household):
    _, _, child = household
    form = client.get(f"/enrollments/{child.id}/assessments/2").get_data(as_text=True)
    assert "Covered by Health Insurance" in form and "Income from Any Source" not in form
    assert "Domestic Violence Survivor" not in form
    response = post(client, child, adult=False, insurance_from_any_source="1", medicaid="1",
                    **{snake(f): "0" for f, _ in codes.INSURANCE_SOURCES[1:]},
                    income_from_any_source="1", earned="1", earned_amount="50")  # not asked: ignored
    assert response.status_code == 303
    row = IncomeBenefits.get()
    assert (row.insurance_from_any_source, row.medicaid, row.medicare) == (1, 1, 0)
    assert row.income_from_any_source is None and row.earned is None and row.total_monthly_income is None
    assert HealthAndDV.select().where(HealthAndDV.enrollment == child).count() == 0
    assert Disability.select().where(Disability.enrollment == child).count() == 6


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"earned_amount": "-5"}, "earned_amount", "The amount cannot be negative."),
    ({"earned_amount": "twelve"}, "earned_amount", "Enter the amount in dollars"),
    ({"earned_amount": "100000.01"}, "earned_amount", "More than $100,000 a month"),
    ({"earned_amount": "12.345"}, "earned_amount", "no more than two decimal places"),
    ({"earned_amount": ""}, "earned_amount", "Enter the monthly amount (more than $0)."),
    ({"earned_amount": "0"}, "earned_amount", "Enter the monthly amount (more than $0)."),
    ({"unemployment_amount": "50"}, "unemployment_amount", "This source is not marked Yes: clear the amount."),
    ({"income_from_any_source": "0"}, "earned", "Income from Any Source is “No”, so no source can be Yes."),
    ({"income_from_any_source": "9"}, "ssi", "“Client prefers not to answer”, so no source can be Yes."),
    ({"earned": "0", "ssi": "0", "earned_amount": "", "ssi_amount": ""}, "income_from_any_source",
     "Income from Any Source is Yes: mark at least one source Yes."),
    ({"alimony": None}, "alimony", "Answer Yes or No."),
    ({"earned": "maybe"}, "earned", "Choose one of the answers listed."),
    ({"income_from_any_source": "7"}, "income_from_any_source", "Choose one of the answers listed."),
    ({"income_from_any_source": None}, "income_from_any_source", "Answer Income from Any Source."),
    ({"other_income_source": "1", "other_income_amount": "20"}, "other_income_source_identify",
     "Say what the other source is"),
    ({"other_income_source": "1", "other_income_amount": "20", "other_income_source_identify": "x" * 51},
     "other_income_source_identify", "50 characters or fewer"),
    ({"snap": "0"}, "benefits_from_any_source", "Non-Cash Benefits from Any Source is Yes: mark at least one"),
    ({"medicaid": "1"}, "medicaid", "Covered by Health Insurance is “No”, so no source can be Yes."),
    ({"when_occurred": None}, "when_occurred", "Answer When Experience Occurred."),
    ({"when_occurred": "5"}, "when_occurred", "Choose one of the answers listed."),
    ({"disability_10": "4"}, "disability_10", "Choose one of the answers listed."),
    ({"disability_7": None}, "disability_7", "Answer Chronic health condition."),
    ({"disability_5": "1"}, "indefinite_5", "Answer whether it is long-lasting"),
    ({"disability_10": "2"}, "indefinite_10", "Answer whether it is long-lasting"),
    ({"information_date": ""}, "information_date", "Enter the Information Date."),
    ({"information_date": "03/01/2026x"}, "information_date", "Enter a real date"),
    ({"information_date": "2026-01-31"}, "information_date", "before this member's Project Start Date"),
    ({"information_date": (TODAY + timedelta(days=1)).isoformat()}, "information_date", "cannot be in the future"),
    ({"information_date": "9999-12-31"}, "information_date", "cannot be in the future"),
])
def test_bad_answers_are_refused_beside_the_field(client, household, overrides, field, message):
    _, head, _ = household
    response = post(client, head, **overrides)
    assert response.status_code == 422
    assert message in errors_beside(response, field)
    assert IncomeBenefits.select().count() == 0 and Disability.select().count() == 0
    assert HealthAndDV.select().count() == 1  # intake's only
    typed_date = answers(**overrides).get("information_date")
    assert f'value="{typed_date}"' in response.get_data(as_text=True)  # what was typed is kept


def test_typed_amount_is_shown_back(client, household):
    _, head, _ = household
    response = post(client, head, earned_amount="12.345")
    assert 'value="12.345"' in response.get_data(as_text=True)


def test_information_date_must_not_be_after_the_exit(client, household):
    _, head, _ = household
    Exit.create(enrollment=head, exit_date=date(2026, 3, 10), destination=410, date_created=datetime(2026, 3, 10),
                date_updated=datetime(2026, 3, 10))
    late = post(client, head, information_date="2026-03-11")
    assert late.status_code == 422
    assert "after this member's Project Exit Date" in errors_beside(late, "information_date")
    assert post(client, head, information_date="2026-03-10").status_code == 303


def test_exit_answers_take_the_recorded_exit_date(client, household):
    _, head, _ = household
    Exit.create(enrollment=head, exit_date=date(2026, 3, 10), destination=410, date_created=datetime(2026, 3, 10),
                date_updated=datetime(2026, 3, 10))
    page = client.get(f"/enrollments/{head.id}/assessments/3").get_data(as_text=True)
    assert 'name="information_date"' not in page and "03/10/2026" in page
    assert post(client, head, stage=3, information_date=None).status_code == 303
    assert IncomeBenefits.get().information_date == date(2026, 3, 10)


def test_a_deleted_exit_does_not_bound_the_date(client, household):
    _, head, _ = household
    Exit.create(enrollment=head, exit_date=date(2026, 2, 10), destination=410, date_created=datetime(2026, 2, 10),
                date_updated=datetime(2026, 2, 10), date_deleted=datetime(2026, 2, 11))
    assert post(client, head, information_date="2026-03-01").status_code == 303


def test_approximated_household_stores_shifted_dates_and_timestamps(client, staff):
    household, head, _ = make_household(client, staff, approximate=True)
    offset = household_offset_days(SHIFT_KEY, household.household_id)
    preview = client.post(f"/enrollments/{head.id}/assessments/preview",
                          data=answers(information_date="2026-03-01"))
    stored = date(2026, 3, 1) + timedelta(days=offset)
    text = preview.get_data(as_text=True)
    assert stored.strftime("%m/%d/%Y") in text and f"+{offset} days (approximated)" in text
    assert "$1,500.50" in text and text.count('hx-swap-oob="true"') == 2
    before = utcnow()
    assert post(client, head, information_date="2026-03-01").status_code == 303
    row = IncomeBenefits.get()
    dv = HealthAndDV.get(HealthAndDV.data_collection_stage == 2)
    assert row.information_date == stored and dv.information_date == stored
    assert {d.information_date for d in Disability.select()} == {stored}
    for record in (row, dv):
        shifted = record.date_created - before
        assert timedelta(days=offset) - timedelta(minutes=1) <= shifted <= timedelta(days=offset, minutes=1)
    # The start's own date is the stored entry date; a date before the real start is refused.
    assert post(client, head, stage=1).status_code == 303
    assert IncomeBenefits.get(IncomeBenefits.data_collection_stage == 1).information_date == head.entry_date
    early = post(client, head, information_date="2026-01-31")
    assert "before this member's Project Start Date" in errors_beside(early, "information_date")


def test_project_start_and_exit_are_recorded_once(client, household):
    _, head, _ = household
    assert post(client, head, stage=1).status_code == 303
    first = IncomeBenefits.get()
    again = client.get(f"/enrollments/{head.id}/assessments/1")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/assessments/{first.id}/edit")
    # A second save (two tabs, or a double submit) changes the first record instead of adding one.
    assert post(client, head, stage=1, earned_amount="1000").status_code == 303
    assert IncomeBenefits.select().count() == 1 and Disability.select().count() == 6
    assert HealthAndDV.select().where(HealthAndDV.enrollment == head).count() == 1
    row = IncomeBenefits.get()
    assert row.total_monthly_income == Decimal("1300.00") and row.version == 2
    for stage in (3, 3):
        assert post(client, head, stage=stage, information_date="2026-04-01").status_code == 303
    assert IncomeBenefits.select().where(IncomeBenefits.data_collection_stage == 3).count() == 1


def test_updates_on_one_date_are_one_record(client, household):
    _, head, _ = household
    assert post(client, head).status_code == 303
    duplicate = post(client, head, stage=2)
    assert duplicate.status_code == 422
    assert "already has an update on this date" in errors_beside(duplicate, "information_date")
    assert post(client, head, stage=5).status_code == 303  # another stage on the same day is its own record
    assert post(client, head, information_date="2026-03-02").status_code == 303
    assert IncomeBenefits.select().count() == 3


def test_an_update_starts_from_the_latest_answers(client, household):
    _, head, _ = household
    assert post(client, head, information_date="2026-03-01").status_code == 303
    page = client.get(f"/enrollments/{head.id}/assessments/5").get_data(as_text=True)
    assert "Filled in from this member's latest answers" in page
    assert 'value="1200.50"' in page and 'name="information_date" required type="date" value=""' in page


def test_correcting_a_record_bumps_versions_and_audits_field_names(client, household):
    _, head, _ = household
    assert post(client, head).status_code == 303
    row = IncomeBenefits.get()
    url = f"/enrollments/{head.id}/assessments/{row.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="2026-03-01"' in page and 'value="1200.50"' in page
    assert 'name="version" type="hidden" value="1"' in page
    response = client.post(url, data=answers(version="1", information_date="2026-03-05", earned_amount="900",
                                             currently_fleeing="1"))
    assert response.status_code == 303
    row = IncomeBenefits.get()
    assert row.version == 2 and row.total_monthly_income == Decimal("1200.00")
    assert row.information_date == date(2026, 3, 5) and IncomeBenefits.select().count() == 1
    dv = HealthAndDV.get(HealthAndDV.data_collection_stage == 2)
    assert (dv.information_date, dv.currently_fleeing, dv.version) == (date(2026, 3, 5), 1, 2)
    assert {d.information_date for d in Disability.select()} == {date(2026, 3, 5)}
    event = AuditEvent.get(AuditEvent.record_type == "assessment", AuditEvent.action == "update")
    assert event.record_id == row.id
    assert set(event.fields.split(",")) >= {"income_benefits.earned_amount", "income_benefits.total_monthly_income",
                                            "health_and_dv.currently_fleeing", "income_benefits.information_date"}
    assert "income_benefits.ssi_amount" not in event.fields and "900" not in event.fields
    # A save based on the old version is a conflict, not an overwrite.
    stale = client.post(url, data=answers(version="1", information_date="2026-03-05", earned_amount="5"))
    assert stale.status_code == 422 and b"Someone else saved changes" in stale.data
    assert IncomeBenefits.get().total_monthly_income == Decimal("1200.00")


def test_correcting_onto_the_date_of_another_update_is_refused(client, household):
    _, head, _ = household
    assert post(client, head, information_date="2026-03-01").status_code == 303
    assert post(client, head, information_date="2026-03-02").status_code == 303
    second = IncomeBenefits.get(IncomeBenefits.information_date == date(2026, 3, 2))
    response = client.post(f"/enrollments/{head.id}/assessments/{second.id}/edit",
                           data=answers(version="1", information_date="2026-03-01"))
    assert response.status_code == 422
    assert "already has an update on this date" in errors_beside(response, "information_date")


def test_disabilities_that_contradict_the_disabling_condition_offer_to_set_it(client, household):
    _, head, _ = household
    assert head.disabling_condition == 0
    section = client.post(f"/enrollments/{head.id}/assessments/sections/disabilities",
                          data=answers(disability_6="1"))
    assert "the Disabling Condition is Yes , but this member's enrollment says No" in visible_text(section)
    assert b'name="set_disabling_condition"' in section.data
    assert post(client, head, disability_6="1").status_code == 303  # a warning, not a refusal
    assert Enrollment.get_by_id(head.id).disabling_condition == 0
    assert post(client, head, information_date="2026-03-02", disability_9="1", indefinite_9="1",
                set_disabling_condition="y").status_code == 303
    enrollment = Enrollment.get_by_id(head.id)
    assert enrollment.disabling_condition == 1 and enrollment.version == 2
    assert AuditEvent.get(AuditEvent.record_type == "enrollment").fields == "disabling_condition"
    # Now every answer is a known No while the enrollment says Yes: the offer goes the other way.
    page = post(client, head, information_date="2026-03-03", disability_9="1", indefinite_9="0",
                refresh="disabilities")
    assert "the Disabling Condition is No , but this member's enrollment says Yes" in visible_text(page)


def test_not_indefinite_disability_is_not_disabling(client, household):
    _, head, _ = household
    section = client.post(f"/enrollments/{head.id}/assessments/sections/disabilities",
                          data=answers(disability_5="1", indefinite_5="0"))
    assert b"set_disabling_condition" not in section.data


def test_section_partials_reveal_the_questions_that_follow(client, household):
    _, head, _ = household
    url = f"/enrollments/{head.id}/assessments/sections/income"
    shown = client.post(url, data={"income_from_any_source": "1", "earned_amount": "12.5"},
                        headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in shown
    assert 'name="earned_amount"' in shown and 'value="12.5"' in shown and 'id="section-income"' in shown
    hidden = client.post(url, data={"income_from_any_source": "0"}).get_data(as_text=True)
    assert 'name="earned_amount"' not in hidden and "$0.00" in hidden
    dv = client.post(f"/enrollments/{head.id}/assessments/sections/dv", data={"domestic_violence_survivor": "1"})
    assert b'name="when_occurred"' in dv.data
    no_dv = client.post(f"/enrollments/{head.id}/assessments/sections/dv", data={"domestic_violence_survivor": "0"})
    assert b'name="when_occurred"' not in no_dv.data
    indefinite = client.post(f"/enrollments/{head.id}/assessments/sections/disabilities", data={"disability_10": "1"})
    assert b'name="indefinite_10"' in indefinite.data and b'name="indefinite_5"' not in indefinite.data


def test_without_javascript_the_whole_form_comes_back_with_the_new_questions(client, household):
    _, head, _ = household
    response = client.post(f"/enrollments/{head.id}/assessments/2",
                           data={"income_from_any_source": "1", "refresh": "income", "information_date": "2026-03-01"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="earned_amount"' in text and 'value="2026-03-01"' in text
    assert "highlighted" not in text and IncomeBenefits.select().count() == 0


def test_household_page_lists_records_by_stage(client, household):
    hh, head, child = household
    assert post(client, head, stage=1).status_code == 303
    assert post(client, head, information_date="2026-03-01", disability_9="1", indefinite_9="1").status_code == 303
    assert post(client, child, adult=False, stage=1).status_code == 303
    page = html.unescape(client.get(f"/households/{hh.id}").get_data(as_text=True))
    section = page.split('id="assessments"')[1].split("</section>")[0]
    assert section.index("Project start") < section.index("Update")
    assert "$1,500.50 a month" in section and "Yes, currently fleeing" not in section
    assert "Mental health disorder" in section and "None" in section
    update = IncomeBenefits.get(IncomeBenefits.data_collection_stage == 2)
    assert f"/enrollments/{head.id}/assessments/{update.id}/edit" in section
    head_block = section.split(head.client.code[:4])[1].split(child.client.code[:4])[0]
    assert "Add project start answers" not in head_block and "Add an update" in head_block


def test_exit_answers_not_on_the_exit_date_are_flagged(client, household):
    hh, head, _ = household
    assert post(client, head, stage=3, information_date="2026-03-20").status_code == 303
    Exit.create(enrollment=head, exit_date=date(2026, 3, 21), destination=410, date_created=datetime(2026, 3, 21),
                date_updated=datetime(2026, 3, 21))
    page = html.unescape(client.get(f"/households/{hh.id}").get_data(as_text=True))
    assert "Not the Project Exit Date: correct it" in page
    record = IncomeBenefits.get()
    response = client.post(f"/enrollments/{head.id}/assessments/{record.id}/edit", data=answers(version="1"))
    assert response.status_code == 303 and IncomeBenefits.get().information_date == date(2026, 3, 21)
    page = html.unescape(client.get(f"/households/{hh.id}").get_data(as_text=True))
    assert "Not the Project Exit Date" not in page


def test_intake_project_start_is_listed_and_completed_by_the_start_form(client, household):
    hh, head, _ = household
    page = html.unescape(client.get(f"/households/{hh.id}").get_data(as_text=True))
    assert "Yes, currently fleeing" in page.split('id="assessments"')[1]
    form = client.get(f"/enrollments/{head.id}/assessments/1").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*id="domestic_violence_survivor-1"', form)
    assert re.search(r'<input checked [^>]*id="currently_fleeing-1"', form)


OUT_OF_SCOPE = [
    ("get", "/enrollments/{other}/assessments/2"),
    ("post", "/enrollments/{other}/assessments/2"),
    ("get", "/enrollments/{other}/assessments/{other_record}/edit"),
    ("post", "/enrollments/{other}/assessments/{other_record}/edit"),
    ("post", "/enrollments/{other}/assessments/preview"),
    ("post", "/enrollments/{other}/assessments/sections/income"),
    ("get", "/enrollments/{own}/assessments/{other_record}/edit"),
    ("post", "/enrollments/{own}/assessments/{other_record}/edit"),
    ("get", "/enrollments/{own}/assessments/999999/edit"),
    ("get", "/enrollments/999999/assessments/2"),
    ("get", "/enrollments/{own}/assessments/4"),
    ("get", "/enrollments/{own}/assessments/6"),
    ("post", "/enrollments/{own}/assessments/0"),
    ("post", "/enrollments/{own}/assessments/sections/nothing"),
]


def test_records_outside_the_users_scope_are_not_found(client, household):
    _, head, _ = household
    other_agency = make_agency("Other Agency", projects=("Other Shelter",))
    other_client = client.application.test_client()
    other_client.post("/login", data={"username": f"staff-{other_agency[0].id}", "password": "correct horse battery"})
    _, other_head, _ = make_household(other_client, other_agency[1][0])
    assert post(other_client, other_head).status_code == 303
    record = IncomeBenefits.get()
    for method, path in OUT_OF_SCOPE:
        url = path.format(own=head.id, other=other_head.id, other_record=record.id)
        response = getattr(client, method)(url, data=answers(version="1"))
        assert response.status_code == 404, (method, url, response.status_code)
    assert IncomeBenefits.select().count() == 1 and IncomeBenefits.get().version == 1


def test_staff_of_another_project_and_viewers_cannot_record(client, auth, agency):
    auth.login("admin-1")
    second = Project.create(agency=agency[0], name="Second", project_type=0, housing_type=1, coc_code="WA-501",
                            funding_source=8, operating_start_date="2020-01-01")
    _, head, _ = make_household(client, second)
    auth.logout()
    auth.login("staff-1")  # assigned to the first project only
    assert client.get(f"/enrollments/{head.id}/assessments/2").status_code == 404
    assert post(client, head).status_code == 404
    auth.logout()
    auth.login("viewer-1")
    assert client.get(f"/enrollments/{head.id}/assessments/2").status_code == 403
    assert post(client, head).status_code == 403
    assert IncomeBenefits.select().count() == 0
