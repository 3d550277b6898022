"""Project exit, undoing it, and the Housing Move-in Date: what is stored, what is refused, and for whom."""
import html
import re
from datetime import date, datetime, timedelta

import pytest

from domain.dates import household_offset_days
from models import AuditEvent, Enrollment, Exit, Household, Project, Service, ServiceType, User
from models.exits import AlreadyExited, live_enrollments, record_exits, stays_for
from models.accounts import utcnow  # naive UTC, as the app stores times
from tests.conftest import make_agency
from tests.intake_helpers import ADULT, CHILD, intake_post, intake_token

SHIFT_KEY = b"test-shift-key-0123456789abcdef"
START = date(2026, 2, 1)
EXIT = "2026-03-19"  # 46 days after START


@pytest.fixture
def staff(client, auth, agency):
    auth.login("staff-1")
    return agency[1][0]


def make_household(client, project, approximate=False):
    token = intake_token(client, project.id)
    data = intake_post(token, start=START.isoformat(), members=(ADULT, CHILD), approximate=approximate)
    assert client.post(f"/projects/{project.id}/intake", data=data).status_code == 303
    household = Household.get(Household.project == project)
    head, child = Enrollment.select().where(Enrollment.household == household).order_by(Enrollment.relationship_to_hoh)
    return household, head, child


@pytest.fixture
def household(client, staff):
    return make_household(client, staff)


def exit_data(*members, exit_date=EXIT, destination="410", reason="1", **extra):
    data = {"exit-members": [str(m.id) for m in members], "exit-exit_date": exit_date,
            "exit-destination": destination, "exit-reason_for_leaving": reason}
    data.update({f"exit-{name}": value for name, value in extra.items()})
    return data


def post_exit(client, household, data, **kwargs):
    return client.post(f"/households/{household.id}/exit", data=data, **kwargs)


def text(response):
    return html.unescape(response.get_data(as_text=True))


def errors_beside(response, field_id):
    """The messages shown in the field block with this id."""
    block = text(response).split(f'id="field-{field_id}"')[1].split('id="field-')[0]
    return " ".join(re.findall(r"<li>(.*?)</li>", block, re.S))


def code_of(enrollment):
    code = enrollment.client.code
    return f"{code[:4]}-{code[4:]}"


def member_boxes(page):
    """(enrollment id, ticked) of each member checkbox in the exit form."""
    boxes = re.findall(r'<input[^>]*name="exit-members"[^>]*>', page)
    return [(int(re.search(r'value="(\d+)"', b).group(1)), "checked" in b) for b in boxes]


def live_exits():
    return list(Exit.select().where(Exit.date_deleted.is_null()).order_by(Exit.enrollment))


def test_exit_the_whole_household(client, household):
    hh, head, child = household
    response = post_exit(client, hh, exit_data(head, child))
    assert response.status_code == 303 and response.headers["Location"] == f"/households/{hh.id}"
    rows = live_exits()
    assert sorted(r.enrollment_id for r in rows) == sorted([head.id, child.id])
    assert {(r.exit_date, r.destination, r.destination_subsidy_type, r.other_destination, r.reason_for_leaving)
            for r in rows} == {(date(2026, 3, 19), 410, None, None, 1)}
    audit = AuditEvent.select().where(AuditEvent.action == "create", AuditEvent.record_type == "exit")
    assert sorted(a.record_id for a in audit) == sorted(r.id for r in rows)
    assert {a.fields for a in audit} == {"destination,destination_subsidy_type,exit_date,other_destination,"
                                         "reason_for_leaving"}
    page = text(client.get(f"/households/{hh.id}"))
    assert "Exit saved for" in page and code_of(head) in page
    assert page.count("46 days") == 2 and "03/19/2026" in page and "Permanent" in page
    assert "Rental by client, no ongoing housing subsidy" in page and "Completed program" in page
    assert page.count("Undo exit") == 2 and "Everyone in this household has exited." in page
    assert 'id="exit-form"' not in page


def test_exit_one_member_leaves_the_other_enrolled(client, household):
    hh, head, child = household
    assert post_exit(client, hh, exit_data(child, destination="422", reason="5")).status_code == 303
    assert [r.enrollment_id for r in live_exits()] == [child.id]
    page = text(client.get(f"/households/{hh.id}"))
    assert member_boxes(page) == [(head.id, True)]  # only the head is left to exit, ticked


def test_approximated_exit_is_stored_shifted_with_the_real_length_of_stay(client, staff):
    hh, head, child = make_household(client, staff, approximate=True)
    offset = household_offset_days(SHIFT_KEY, hh.household_id)
    before = utcnow()
    assert post_exit(client, hh, exit_data(head, child)).status_code == 303
    stored = date(2026, 3, 19) + timedelta(days=offset)
    rows = live_exits()
    assert {r.exit_date for r in rows} == {stored}
    assert all((r.exit_date - Enrollment.get_by_id(r.enrollment_id).entry_date).days == 46 for r in rows)
    for row in rows:  # record timestamps move with the household's dates
        assert timedelta(days=offset, minutes=-1) <= row.date_created - before <= timedelta(days=offset, minutes=1)
    page = text(client.get(f"/households/{hh.id}"))
    assert f"{stored:%m/%d/%Y}" in page and "approximated" in page
    # The real exit date must not show, unless another stored date happens to fall on it: the start (offset 46)
    # or the head's Approximate Date This Episode of Homelessness Started, real 01/05/2026 (offset 73).
    shown = {START + timedelta(days=offset), date(2026, 1, 5) + timedelta(days=offset)}
    assert "03/19/2026" not in page or date(2026, 3, 19) in shown
    assert page.count("46 days") == 2


def test_preview_shows_the_stored_date_and_real_length(client, staff):
    hh, head, child = make_household(client, staff, approximate=True)
    offset = household_offset_days(SHIFT_KEY, hh.household_id)
    response = client.post(f"/households/{hh.id}/exit/preview", data=exit_data(head, child))
    page = text(response)
    stored = date(2026, 3, 19) + timedelta(days=offset)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert 'hx-swap-oob="true"' in page and f"Stored in HMIS: <strong>{stored:%m/%d/%Y}</strong>" in page
    assert f"+{offset} days (approximated)" in page and "<strong>46 days</strong>, as real" in page
    assert "03/19/2026" not in page and Exit.select().count() == 0
    assert client.get(f"/households/{hh.id}/exit/preview").status_code == 405


def test_preview_for_real_dates_shows_the_length_only(client, household):
    hh, head, child = household
    page = text(client.post(f"/households/{hh.id}/exit/preview", data=exit_data(head, child)))
    assert "Length of stay: <strong>46 days</strong>" in page and "Stored in HMIS" not in page


@pytest.mark.parametrize("exit_date, message", [
    ("2026-13-45", "This is not a valid date."),
    ("2999-01-01", "cannot be in the future"),
    ("2026-01-29", "started 3 days after this date"),
])
def test_preview_flags_bad_dates_live(client, household, exit_date, message):
    hh, head, child = household
    page = text(client.post(f"/households/{hh.id}/exit/preview", data=exit_data(head, child, exit_date=exit_date)))
    assert message in page


BAD_INPUT = [
    ({"exit_date": ""}, "exit-exit_date", "Enter the Project Exit Date."),
    ({"exit_date": "yesterday"}, "exit-exit_date", "Not a valid date value."),
    ({"exit_date": "2999-01-01"}, "exit-exit_date", "The Project Exit Date cannot be in the future."),
    ({"exit_date": "2026-01-31"}, "exit-exit_date",
     "started 1 day after this date: the Project Exit Date cannot be before the Project Start Date."),
    ({"destination": ""}, "exit-destination", "Choose the Destination."),
    ({"destination": "999"}, "exit-destination", "Choose one of the answers listed."),
    ({"destination": "shelter"}, "exit-destination", "Choose one of the answers listed."),
    ({"destination": "435"}, "exit-destination_subsidy_type", "Choose the Rental Subsidy Type"),
    ({"destination_subsidy_type": "419"}, "exit-destination_subsidy_type", "Leave the Rental Subsidy Type empty"),
    ({"destination": "435", "destination_subsidy_type": "17"}, "exit-destination_subsidy_type",
     "Choose one of the answers listed."),
    ({"destination": "17"}, "exit-other_destination", "Describe the Other Destination."),
    ({"destination": "17", "other_destination": "   "}, "exit-other_destination", "Describe the Other Destination."),
    ({"destination": "17", "other_destination": "x" * 51}, "exit-other_destination", "50 characters"),
    ({"other_destination": "A cousin's couch"}, "exit-other_destination", "Leave the Other Destination empty"),
    ({"reason": ""}, "exit-reason_for_leaving", "Choose the Reason for Leaving."),
    ({"reason": "42"}, "exit-reason_for_leaving", "Choose one of the answers listed."),
    ({"members": []}, "exit-members", "Choose at least one household member to exit."),
    ({"members": ["abc"]}, "exit-members", "Choose one of the answers listed."),
    ({"members": ["999999"]}, "exit-members", "Choose one of the answers listed."),
]


@pytest.mark.parametrize("changes, field, message", BAD_INPUT)
def test_bad_exit_input_is_explained_and_kept(client, household, changes, field, message):
    hh, head, child = household
    changes = dict(changes)
    data = exit_data(head, child, **{k: v for k, v in changes.items() if k not in ("members", "reason")})
    if "members" in changes:
        data["exit-members"] = changes["members"]
    if "reason" in changes:
        data["exit-reason_for_leaving"] = changes["reason"]
    response = post_exit(client, hh, data)
    assert response.status_code == 422
    assert message in errors_beside(response, field)
    page = text(response)
    if "exit_date" not in changes:
        assert f'value="{EXIT}"' in page  # what was typed is kept
    assert Exit.select().count() == 0


def test_another_agencys_enrollment_cannot_be_exited_from_this_household(client, household):
    hh, head, _ = household
    _, projects, _ = make_agency("Other Agency", projects=("Other Shelter",))
    stamps = {"date_created": "2026-01-01 00:00:00", "date_updated": "2026-01-01 00:00:00"}
    other = Household.create(agency=projects[0].agency_id, project=projects[0], household_id="other-household",
                             code="ZZZZ0000", **stamps)
    foreign = Enrollment.create(agency=projects[0].agency_id, project=projects[0], household=other,
                                client=head.client, enrollment_id="foreign", relationship_to_hoh=1,
                                entry_date=START, disabling_condition=0, **stamps)
    response = post_exit(client, hh, exit_data(foreign))
    assert response.status_code == 422
    assert "Choose one of the answers listed." in errors_beside(response, "exit-members")
    assert Exit.select().count() == 0


@pytest.mark.parametrize("destination, extra, stored", [
    ("435", {"destination_subsidy_type": "419"}, (419, None)),
    ("17", {"other_destination": "  A shared room at a friend's  "}, (None, "A shared room at a friend's")),
    ("9", {}, (None, None)),
])
def test_follow_up_answers_are_stored(client, household, destination, extra, stored):
    hh, head, child = household
    assert post_exit(client, hh, exit_data(head, child, destination=destination, **extra)).status_code == 303
    assert {(r.destination_subsidy_type, r.other_destination) for r in live_exits()} == {stored}


@pytest.mark.parametrize("destination, shown, hidden", [
    ("435", ["destination_subsidy_type"], ["other_destination"]),
    ("17", ["other_destination"], ["destination_subsidy_type"]),
    ("410", [], ["destination_subsidy_type", "other_destination"]),
])
def test_followups_region_reveals_what_hud_asks(client, household, destination, shown, hidden):
    hh, head, _ = household
    data = exit_data(head, destination=destination, destination_subsidy_type="433", other_destination="Barn")
    response = client.post(f"/households/{hh.id}/exit/followups", data=data, headers={"HX-Request": "true"})
    page = text(response)
    assert response.status_code == 200 and page.strip().startswith('<div id="exit-followups">')
    for name in shown:
        assert f'name="exit-{name}"' in page
    for name in hidden:
        assert f'name="exit-{name}"' not in page
    if "destination_subsidy_type" in shown:
        assert re.search(r'selected[^>]*value="433"|value="433"[^>]*selected', page)  # the choice is kept
    if "other_destination" in shown:
        assert 'value="Barn"' in page


def test_household_page_offers_the_grouped_hud_list(client, household):
    hh, _, _ = household
    page = text(client.get(f"/households/{hh.id}"))
    groups = re.findall(r'<optgroup label="([^"]+)"', page.split('id="exit-form"')[1])
    assert groups[:5] == ["Homeless", "Institutional", "Temporary", "Permanent", "Other"]
    assert "Project Exit Date" in page and "Reason for Leaving" in page and 'id="move-in-form"' not in page


def test_exit_while_a_later_service_exists_is_refused(client, household):
    hh, head, child = household
    kind = ServiceType.create(agency=hh.agency_id, name="Advocacy")
    stamp = {"date_created": "2026-03-01 00:00:00", "date_updated": "2026-03-01 00:00:00"}
    Service.create(enrollment=head, service_type=kind, date_provided=date(2026, 3, 24), **stamp)
    Service.create(enrollment=child, service_type=kind, date_provided=date(2026, 4, 30),
                   date_deleted=datetime(2026, 5, 1), **stamp)  # a deleted service does not count
    response = post_exit(client, hh, exit_data(head, child))
    assert response.status_code == 422
    assert f"{code_of(head)} has a service 5 days after this date" in errors_beside(response, "exit-exit_date")
    assert code_of(child) not in errors_beside(response, "exit-exit_date")
    assert Exit.select().count() == 0
    assert post_exit(client, hh, exit_data(child)).status_code == 303
    assert post_exit(client, hh, exit_data(head, exit_date="2026-03-24")).status_code == 303  # on the service day


def test_a_member_already_exited_is_refused_by_name(client, household):
    hh, head, child = household
    assert post_exit(client, hh, exit_data(child)).status_code == 303
    response = post_exit(client, hh, exit_data(head, child, exit_date="2026-03-20"))
    assert response.status_code == 422
    message = errors_beside(response, "exit-members")
    assert f"{code_of(child)} already has a Project Exit Date" in message and code_of(head) not in message
    assert [(r.enrollment_id, r.exit_date) for r in live_exits()] == [(child.id, date(2026, 3, 19))]


def test_a_second_form_saved_later_exits_no_one_twice(client, household):
    hh, head, child = household
    stale = stays_for(live_enrollments(hh))  # what a second open form knew before the first was saved
    assert post_exit(client, hh, exit_data(head, child)).status_code == 303
    answers = {"destination": 101, "destination_subsidy_type": None, "other_destination": None, "reason_for_leaving": 8}
    with pytest.raises(AlreadyExited) as taken:
        record_exits(user=User.get(User.username == "staff-1"), stays=stale, exit_date=date(2026, 3, 20),
                     answers=answers, offset_days=0, now=utcnow())
    assert taken.value.codes == [code_of(head), code_of(child)]
    assert [r.destination for r in live_exits()] == [410, 410] and Exit.select().count() == 2


def test_undo_then_exit_again(client, household):
    hh, head, child = household
    assert post_exit(client, hh, exit_data(head, child)).status_code == 303
    first = Exit.get(Exit.enrollment == head)
    response = client.post(f"/enrollments/{head.id}/exit/undo")
    assert response.status_code == 303 and response.headers["Location"] == f"/households/{hh.id}"
    undone = Exit.get_by_id(first.id)
    assert undone.date_deleted is not None and undone.version == 2
    assert AuditEvent.get(AuditEvent.action == "undo-exit").record_id == first.id
    page = text(client.get(f"/households/{hh.id}"))
    assert "was undone" in page and page.count("Undo exit") == 1 and member_boxes(page) == [(head.id, True)]
    assert post_exit(client, hh, exit_data(head, exit_date="2026-03-25", destination="101")).status_code == 303
    assert {(r.enrollment_id, r.exit_date) for r in live_exits()} == {(head.id, date(2026, 3, 25)),
                                                                       (child.id, date(2026, 3, 19))}
    assert Exit.select().count() == 3


def test_undo_without_an_exit_changes_nothing(client, household):
    hh, head, _ = household
    response = client.post(f"/enrollments/{head.id}/exit/undo", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/households/{hh.id}"
    assert "has no exit to undo" in text(client.get(f"/households/{hh.id}"))
    assert not AuditEvent.select().where(AuditEvent.action == "undo-exit").exists()


def test_exit_form_page_partial_and_htmx_success(client, household):
    hh, head, child = household
    page = client.get(f"/households/{hh.id}/exit")
    part = post_exit(client, hh, exit_data(head, destination=""), headers={"HX-Request": "true"})
    assert page.status_code == 200 and b"<html" in page.data and b'id="exit-form"' in page.data
    assert part.status_code == 422 and b"<html" not in part.data and "HX-Request" in part.headers["Vary"]
    done = post_exit(client, hh, exit_data(head, child), headers={"HX-Request": "true"})
    assert done.status_code == 204 and done.headers["HX-Redirect"] == f"/households/{hh.id}"


# Housing Move-in Date

@pytest.fixture
def housing(client, staff):
    Project.update(project_type=13, rrh_sub_type=2).where(Project.id == staff.id).execute()
    return make_household(client, staff)


def post_move_in(client, household, move_in):
    return client.post(f"/households/{household.id}/move-in", data={"move_in_date": move_in})


def test_move_in_date_is_shared_by_members_present(client, housing):
    hh, head, child = housing
    page = text(client.get(f"/households/{hh.id}"))
    assert "Housing Move-in Date" in page and "Not recorded yet." in page
    assert post_move_in(client, hh, "2026-02-10").status_code == 303
    assert [e.move_in_date for e in Enrollment.select().order_by(Enrollment.relationship_to_hoh)] == \
        [date(2026, 2, 10)] * 2
    assert Enrollment.get_by_id(head.id).version == 2
    assert AuditEvent.select().where(AuditEvent.action == "update", AuditEvent.fields == "move_in_date").count() == 2
    assert post_move_in(client, hh, "2026-02-12").status_code == 303  # a correction
    assert {e.move_in_date for e in Enrollment.select()} == {date(2026, 2, 12)}
    assert "Stored: <strong>02/12/2026</strong>" in text(client.get(f"/households/{hh.id}"))


def test_member_who_left_before_the_move_in_gets_none(client, housing):
    hh, head, child = housing
    assert post_exit(client, hh, exit_data(child, exit_date="2026-02-05")).status_code == 303
    assert post_move_in(client, hh, "2026-02-10").status_code == 303
    assert Enrollment.get_by_id(head.id).move_in_date == date(2026, 2, 10)
    assert Enrollment.get_by_id(child.id).move_in_date is None


def test_approximated_move_in_is_stored_shifted(client, staff):
    Project.update(project_type=3).where(Project.id == staff.id).execute()
    hh, head, _ = make_household(client, staff, approximate=True)
    offset = household_offset_days(SHIFT_KEY, hh.household_id)
    preview = text(client.post(f"/households/{hh.id}/move-in/preview", data={"move_in_date": "2026-02-10"}))
    stored = date(2026, 2, 10) + timedelta(days=offset)
    assert f"Stored in HMIS: <strong>{stored:%m/%d/%Y}</strong>, +{offset} days (approximated)" in preview
    assert "9 days after the Project Start Date" in preview
    assert post_move_in(client, hh, "2026-02-10").status_code == 303
    assert Enrollment.get_by_id(head.id).move_in_date == stored


@pytest.mark.parametrize("move_in, message", [
    ("", "Enter the Housing Move-in Date."),
    ("soon", "Not a valid date value."),
    ("2999-01-01", "The Housing Move-in Date cannot be in the future."),
    ("2026-01-30", "2 days before the head of household's Project Start Date"),
    ("2026-03-20", "1 day after the head of household's Project Exit Date"),
])
def test_move_in_outside_the_stay_is_refused(client, housing, move_in, message):
    hh, head, child = housing
    assert post_exit(client, hh, exit_data(head, child)).status_code == 303
    response = post_move_in(client, hh, move_in)
    assert response.status_code == 422 and message in errors_beside(response, "move_in_date")
    assert {e.move_in_date for e in Enrollment.select()} == {None}


def test_exit_before_the_move_in_is_refused(client, housing):
    hh, head, child = housing
    assert post_move_in(client, hh, "2026-03-01").status_code == 303
    response = post_exit(client, hh, exit_data(head, child, exit_date="2026-02-20"))
    assert response.status_code == 422
    assert f"{code_of(head)} moved in 9 days after this date" in errors_beside(response, "exit-exit_date")


def test_move_in_is_refused_outside_permanent_housing(client, household):
    hh, _, _ = household
    page = client.get(f"/households/{hh.id}/move-in")
    assert page.status_code == 200 and b"only in permanent housing projects" in page.data
    response = post_move_in(client, hh, "2026-02-10")
    assert response.status_code == 422 and b"only in permanent housing projects" in response.data
    assert {e.move_in_date for e in Enrollment.select()} == {None}


# Access

def test_another_agencys_records_are_not_found(client, auth, household):
    hh, head, _ = household
    auth.logout()
    make_agency("Other Agency", projects=("Other Shelter",))
    auth.login("staff-2")
    for url in (f"/households/{hh.id}/exit", f"/households/{hh.id}/exit/preview", f"/households/{hh.id}/move-in",
                f"/households/{hh.id}/exit/followups", f"/enrollments/{head.id}/exit/undo"):
        assert client.post(url, data=exit_data(head)).status_code == 404, url
    assert Exit.select().count() == 0


def test_viewer_cannot_exit_or_undo(client, auth, household):
    hh, head, _ = household
    auth.logout()
    auth.login("viewer-1")
    assert post_exit(client, hh, exit_data(head)).status_code == 403
    assert client.post(f"/enrollments/{head.id}/exit/undo").status_code == 403
    assert post_move_in(client, hh, "2026-02-10").status_code == 403
    assert Exit.select().count() == 0


def test_staff_of_another_project_cannot_exit(client, auth, household, agency):
    hh, head, _ = household
    _, projects, users = agency
    other = Project.create(agency=projects[0].agency_id, name="Second Project", project_type=0, housing_type=1,
                           coc_code="WA-501", funding_source=8, operating_start_date="2020-01-01")
    Household.update(project=other).where(Household.id == hh.id).execute()
    Enrollment.update(project=other).execute()
    assert post_exit(client, hh, exit_data(head)).status_code == 404
    assert client.post(f"/enrollments/{head.id}/exit/undo").status_code == 404


def test_a_move_in_based_on_an_older_date_is_a_conflict(client, staff):
    Project.update(project_type=13, housing_type=3, rrh_sub_type=2).execute()
    hh, head, child = make_household(client, staff)
    url = f"/households/{hh.id}/move-in"
    first = client.post(url, data={"move_in_date": "2026-03-01", "loaded": ""})
    assert first.status_code == 303
    stale = client.post(url, data={"move_in_date": "2026-03-05", "loaded": ""})
    assert stale.status_code == 422 and "Someone else saved a Housing Move-in Date" in text(stale)
    assert Enrollment.get_by_id(head.id).move_in_date == date(2026, 3, 1)
