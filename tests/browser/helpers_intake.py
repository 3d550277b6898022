"""Households saved straight through the models, for browser tests where the intake form is not what is tested."""
import secrets
from datetime import date, datetime

from playwright.sync_api import Locator, Page, expect

from domain.dob import BirthInput
from domain.intake import MemberAnswers
from models.intake import record_intake

HEAD = MemberAnswers(
    birth=BirthInput(dob=date(1987, 3, 14)), dob_choice=7, race=frozenset({"White"}), race_none=None, values=dict(
        relationship_to_hoh=1, sex=0, disabling_condition=0, veteran_status=0, domestic_violence_survivor=1,
        when_occurred=1, currently_fleeing=1, living_situation=101, length_of_stay=11,
        date_to_street_essh=date(2026, 1, 5), times_homeless_past_three_years=1,
        months_homeless_past_three_years=101))
CHILD = MemberAnswers(
    birth=BirthInput(dob=date(2015, 6, 30)), dob_choice=3, race=frozenset({"White"}), race_none=None,
    values=dict(relationship_to_hoh=2, sex=1, disabling_condition=0))


def save_household(project, user, *, start=date(2026, 2, 1), members=(HEAD, CHILD), offset_days=0):
    """Save a household as the intake form would, without a browser (fast set-up)."""
    return record_intake(user=user, project=project, household_id=secrets.token_hex(16), real_start=start,
                         offset_days=offset_days, members=list(members), now=datetime(2026, 2, 1, 12))


def tab_to(page: Page, target: Locator, *, backwards=False, limit=60):
    """Press Tab (or Shift+Tab) until target has the focus, as a keyboard user would; fail after limit presses."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press(key)
    expect(target).to_be_focused()  # fails with Playwright's own message
