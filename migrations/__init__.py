"""Numbered schema migrations (peewee-migrate), applied by models.db.migrate()."""
