"""Building intake form posts in tests."""
import base64
import json
import re

ADULT = {"relationship_to_hoh": "1", "birth_date": "1987-03-14", "race": ["White"], "sex": "0",
         "veteran_status": "0", "disabling_condition": "0", "domestic_violence_survivor": "1",
         "when_occurred": "1", "currently_fleeing": "1", "living_situation": "101", "length_of_stay": "11",
         "date_to_street_essh": "2026-01-05", "times_homeless_past_three_years": "1",
         "months_homeless_past_three_years": "101"}
CHILD = {"relationship_to_hoh": "2", "birth_date": "2015-06-30", "race": ["White"], "sex": "1",
         "disabling_condition": "0"}


def intake_token(client, project_id):
    page = client.get(f"/projects/{project_id}/intake").get_data(as_text=True)
    return re.search(r'name="household_token" type="hidden" value="([^"]+)"', page).group(1)


def saved_household(token):
    """The household an intake form with this token saved (the token's payload is its HouseholdID)."""
    from models import Household
    payload = token.split(".")[0]
    household_id = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return Household.get(Household.household_id == household_id)


def intake_post(token, start="2026-02-01", members=(ADULT, CHILD), approximate=False, **extra):
    data = {"household_token": token, "project_start_date": start, **extra}
    if approximate:
        data["approximate_dates"] = "y"
    for index, member in enumerate(members):
        for key, value in member.items():
            data[f"members-{index}-{key}"] = value
    return data
