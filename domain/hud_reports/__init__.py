"""HUD CoC APR / ESG CAPER tables (FY2026): the rules and the layouts, without Flask or Peewee.

What was confirmed, and where (the HUD PDFs themselves could not be read; both sources below implement them):
- Row and column labels, blank ("intentionally blank") cells, table lists and CSV layout: Green River's
  greenriver/hmis-warehouse, drivers/hud_apr/app/models/hud_apr/generators/shared/fy2026/question_*.rb and
  dq/question_{one,two,three,four}.rb, app/models/concerns/hud_reports/{households,destinations,
  sub_populations_by_destination_question,util}.rb, app/models/hud_reports/csv_exporter.rb. Their FY2026 code
  still spells the ethnicity "Hispanic/Latina/e/o" in Q12 (kept, as the upload's row labels).
- Universe and person rules: the team's HUD standards reference (hmis-standards.md) section 6.3 (Green River and
  HUD Data Lab).
- Q23c, destination 332 Host Home (non-crisis): Green River counts it as positive for ES and TH, HUD Data Lab's
  supplemental destination table does not. The project decided "all 4xx" for every type but street outreach,
  which agrees with HUD Data Lab; 332 is not positive here (street outreach keeps Green River's list).
- CSV: one file per table named like the table (Q7a.csv), a header row whose first cell names the label column,
  every value quoted (Green River writes force_quotes/quote_empty), percentages with 4 decimals, blanks empty.
"""
