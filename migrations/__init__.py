"""Numbered schema migrations (peewee-migrate), applied by models.schema.migrate()."""
