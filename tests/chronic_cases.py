"""Hand-made chronic homelessness cases, shared by the rule's tests and the report universe's (SQL) tests.

Each case: (what it shows, project type, 3.917 and 3.08 answers, the status HUD's flow gives). The Project Start
Date is always 2025-03-01; 2024-03-01 is exactly 365 days before it (29 February 2024 is earlier), 2024-03-02 364.
"""
from datetime import date

from domain.hud_reports.chronic import DKPTR, MISSING, NO, YES, chronic_at_start

ENTRY = date(2025, 3, 1)
ES, TH = 0, 2  # 3.917A, 3.917B


def answers(disabling=1, living=116, los_under=None, previous=None, since=None, times=None, months=None):
    return {"disabling_condition": disabling, "living_situation": living, "los_under_threshold": los_under,
            "previous_street_essh": previous, "date_to_street_essh": since,
            "times_homeless_past_three_years": times, "months_homeless_past_three_years": months}


def status(project_type, fields, entry=ENTRY):
    """The rule applied to a case's answers (stored Enrollment field names)."""
    return chronic_at_start(
        project_type=project_type, disabling_condition=fields["disabling_condition"],
        living_situation=fields["living_situation"], los_under_threshold=fields["los_under_threshold"],
        previous_street_essh=fields["previous_street_essh"], entry_date=entry,
        date_to_street_essh=fields["date_to_street_essh"], times_homeless=fields["times_homeless_past_three_years"],
        months_homeless=fields["months_homeless_past_three_years"])


CASES = (
    ("no disabling condition: never", ES, answers(disabling=0, since=date(2020, 1, 1)), NO),
    ("disabling condition not known", ES, answers(disabling=8, since=date(2020, 1, 1)), DKPTR),
    ("disabling condition refused", TH, answers(disabling=9), DKPTR),
    ("disabling condition not collected", ES, answers(disabling=99, since=date(2020, 1, 1)), MISSING),
    ("homeless exactly 365 days", ES, answers(since=date(2024, 3, 1)), YES),
    ("homeless 364 days, once", ES, answers(since=date(2024, 3, 2), times=1, months=112), NO),
    ("four times, 12 months", ES, answers(since=date(2025, 1, 1), times=4, months=112), YES),
    ("four times, more than 12 months", ES, answers(times=4, months=113), YES),
    ("four times, 11 months", ES, answers(times=4, months=111), NO),
    ("four times, months not known", ES, answers(times=4, months=8), DKPTR),
    ("four times, months not collected", ES, answers(times=4, months=99), MISSING),
    ("four times, months blank", ES, answers(times=4), MISSING),
    ("three times", ES, answers(times=3, months=113), NO),
    ("times refused", ES, answers(times=9, months=113), DKPTR),
    ("times not collected", ES, answers(times=99, months=113), MISSING),
    ("nothing about the episode", ES, answers(), MISSING),
    ("3.917A from a friend's place: the episode questions decide", ES, answers(living=336, since=date(2023, 1, 1)),
     YES),
    ("3.917B from the street", TH, answers(living=116, since=date(2023, 1, 1)), YES),
    ("3.917B from a shelter, four times 12 months", TH, answers(living=101, times=4, months=112), YES),
    ("3.917B jail 90 days or more: a break", TH, answers(living=207, los_under=0, since=date(2020, 1, 1)), NO),
    ("3.917B jail, short, not from the street", TH,
     answers(living=207, los_under=1, previous=0, since=date(2020, 1, 1)), NO),
    ("3.917B jail, short, from the street", TH, answers(living=207, los_under=1, previous=1, since=date(2020, 1, 1)),
     YES),
    ("3.917B friend's place a week or more: a break", TH, answers(living=336, los_under=0, times=4, months=113), NO),
    ("3.917B friend's place, short, from the street", TH,
     answers(living=336, los_under=1, previous=1, times=4, months=113), YES),
    ("3.917B friend's place, length unknown, previous night unknown", TH,
     answers(living=336, los_under=99, previous=99, times=4, months=112), YES),
    ("3.917B living situation not collected", TH, answers(living=99, los_under=1, previous=1, times=8), DKPTR),
    ("3.917B no living situation", TH, answers(living=None, times=4, months=99), MISSING),
    ("3.917A ignores the 3.917B break test", ES, answers(living=207, los_under=0, previous=0, times=4, months=112),
     YES),
)
