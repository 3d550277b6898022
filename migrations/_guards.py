"""Checks shared by migrations. They read nothing of the schema, so a migration that calls them still works
against the schema of its own time, whatever the models become."""
import peewee as pw


def refuse_cascade(database, tables):
    """On SQLite, adding a NOT NULL column rebuilds the table (copy, DROP, rename), and with foreign keys on the DROP
    deletes every row of every child table. models.schema.migrate() switches them off before its transaction; any
    other way of running such a migration on a database with rows is refused."""
    if not isinstance(getattr(database, "obj", database), pw.SqliteDatabase):
        return
    if database.execute_sql("PRAGMA foreign_keys").fetchone()[0] and any(
            database.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() for table in tables):
        raise RuntimeError("This migration rebuilds tables holding rows with SQLite foreign keys on, which would "
                           "delete their child rows: run it with `flask --app app migrate`.")
