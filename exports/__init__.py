"""The HMIS CSV export (FY2026): columns as data, and a streaming writer."""
