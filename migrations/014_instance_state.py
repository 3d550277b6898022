"""State every app process must share: failed sign-ins per client address (the throttle), and instance settings
such as the keyed fingerprint of the date-shift key."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # The router passes the app's DatabaseProxy: the SQLite test must look at the database behind it, or SQLite
    # gets "id SERIAL PRIMARY KEY", which is not an alias of the rowid and leaves every id NULL.
    migrator.sql('CREATE TABLE sign_in_failure ('
                 'id INTEGER PRIMARY KEY, address VARCHAR(64) NOT NULL, at TIMESTAMP NOT NULL)'
                 if isinstance(getattr(database, 'obj', database), pw.SqliteDatabase) else
                 'CREATE TABLE sign_in_failure ('
                 'id SERIAL PRIMARY KEY, address VARCHAR(64) NOT NULL, at TIMESTAMP NOT NULL)')
    migrator.sql('CREATE INDEX sign_in_failure_address_at ON sign_in_failure (address, at)')
    migrator.sql('CREATE TABLE instance_setting (name VARCHAR(64) NOT NULL PRIMARY KEY, value TEXT NOT NULL)')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql('DROP TABLE instance_setting')
    migrator.sql('DROP TABLE sign_in_failure')
