"""HUD HMIS rules with no Flask and no Peewee: pure functions and dataclasses."""
