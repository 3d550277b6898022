"""Upgrades keep every row: a database at each past schema, with rows in every table, upgraded to the latest.

On SQLite a migration that adds a NOT NULL column rebuilds the table (copy, DROP, rename); with foreign keys
enforced, the DROP once deleted every row of every child table. For each migration N: build the schema right
after N, put rows in every table (tests/upgrade_fixtures.py), upgrade with the app's migrate(), and compare every
table's rows, value by value, over the columns that were there before; then check what the later migrations
computed or defaulted in the new columns.
"""
import re
from datetime import date, timedelta
from graphlib import TopologicalSorter

import pytest
from peewee_migrate import Router

from models.db import db, open_database
from models.schema import HISTORY, MIGRATIONS_DIR, _quiet_logger, migrate
from models.dialect import is_sqlite
from tests.upgrade_fixtures import COMMON, DERIVED, FIXTURES, ROWS

ALL_MIGRATIONS = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
MISSING = object()


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request, tmp_path):
    """An empty SQLite file, or an empty schema of this run's PostgreSQL database."""
    if request.param == "sqlite":
        database = open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    else:
        url = request.getfixturevalue("postgres_url")  # skips or fails as the run requires
        database = open_database(url)
        database.execute_sql("DROP SCHEMA IF EXISTS upgrade_test CASCADE; CREATE SCHEMA upgrade_test")
        database.close()
        database = open_database(url)
        database.connect_params["options"] = "-c search_path=upgrade_test"
    db.initialize(database)
    yield database
    if not database.is_closed():
        database.close()
    if request.param == "postgres":  # the run's database is shared with later tests, and with their backups
        cleanup = open_database(request.getfixturevalue("postgres_url"))
        cleanup.execute_sql("DROP SCHEMA IF EXISTS upgrade_test CASCADE")
        cleanup.close()


def test_every_migration_has_an_upgrade_fixture():
    missing = [name for name in ALL_MIGRATIONS if name not in FIXTURES]
    assert not missing, (f"migration {missing[0]} has no upgrade fixture: add FIXTURES[{missing[0]!r}] to "
                         f"tests/upgrade_fixtures.py with the values its new tables and columns need")
    unknown = sorted(set(FIXTURES) - set(ALL_MIGRATIONS))
    assert not unknown, f"tests/upgrade_fixtures.py has fixtures for migrations that do not exist: {unknown}"


@pytest.mark.parametrize("name", ALL_MIGRATIONS)
def test_upgrade_keeps_every_row(empty_database, tmp_path, name):
    later = ALL_MIGRATIONS[ALL_MIGRATIONS.index(name) + 1:]
    with db.connection_context():
        Router(db, migrate_dir=MIGRATIONS_DIR, logger=_quiet_logger()).run(name)
        fill(name)
        before = snapshot()

    result = migrate(backup_dir=tmp_path / "backups")

    assert result.applied == later
    assert result.backup is not None and result.backup.exists() or not later
    with db.connection_context():
        after = snapshot()
        for table, (columns, rows) in before.items():
            assert table in after, f"{table} is gone after upgrading from {name}"
            kept = select(table, columns)
            assert kept == rows, (f"{table}: rows or values changed upgrading from {name} "
                                  f"({len(rows)} rows before, {len(kept)} after)")
        for migration in later:
            check_expectations(migration, before, after)


def test_upgrade_fixtures_fill_every_table(empty_database):
    """Every table the latest schema has gets ROWS rows (a table the generator cannot fill fails here)."""
    with db.connection_context():
        Router(db, migrate_dir=MIGRATIONS_DIR, logger=_quiet_logger()).run()
        fill(ALL_MIGRATIONS[-1])
        for table, (_, rows) in snapshot().items():
            if table not in DERIVED:
                assert len(rows) == ROWS, table


def fixture(name):
    if name not in FIXTURES:
        pytest.fail(f"migration {name} has no upgrade fixture: add FIXTURES[{name!r}] to tests/upgrade_fixtures.py",
                    pytrace=False)
    return FIXTURES[name]


def values_up_to(name):
    """The given values of every migration up to `name`, later ones overriding earlier ones."""
    merged = {}
    for migration in ALL_MIGRATIONS[:ALL_MIGRATIONS.index(name) + 1]:
        for table, columns in fixture(migration).values.items():
            merged.setdefault(table, {}).update(columns)
    return merged


def tables():
    return [t for t in db.get_tables() if t != HISTORY and not t.startswith("sqlite_")]


def columns_of(table):
    """(name, type, max length or None, is an auto-numbered id) for each column, in order."""
    if is_sqlite():
        info = db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()
        return [(name, kind.lower(), _length(kind), pk and kind.upper() == "INTEGER")
                for _, name, kind, _, _, pk in info]
    info = db.execute_sql("SELECT column_name, data_type, character_maximum_length, column_default "
                          "FROM information_schema.columns WHERE table_schema = current_schema() "
                          "AND table_name = %s ORDER BY ordinal_position", (table,)).fetchall()
    return [(name, kind, length, bool(default and default.startswith("nextval(")))
            for name, kind, length, default in info]


def _length(kind):
    match = re.search(r"\((\d+)\)", kind)
    return int(match.group(1)) if match else None


def fill(name):
    """ROWS rows in every table, parents first: given values, else ones generated from the column's type."""
    given = values_up_to(name)
    references = foreign_keys()
    parents = {t: {parent for _, parent in references.get(t, ())} - {t} for t in tables()}
    for table in TopologicalSorter(parents).static_order():
        if table in DERIVED:
            continue
        columns = [c for c in columns_of(table) if not c[3]]
        unknown = set(given.get(table, {})) - {c[0] for c in columns}
        assert not unknown, f"tests/upgrade_fixtures.py names columns {table} does not have at {name}: {unknown}"
        foreign = {column for column, _ in references.get(table, ())}
        rows = []
        for i in range(ROWS):
            row = []
            for column, kind, length, _ in columns:
                value = given.get(table, {}).get(column, COMMON.get(column, MISSING))
                if value is MISSING:
                    value = i + 1 if column in foreign else generated_value(table, column, kind, length, i)
                row.append(value[i] if isinstance(value, list) else value)
            rows.append(row)
        names = ", ".join(f'"{c[0]}"' for c in columns)
        marks = ", ".join([db.param] * len(columns))
        for row in rows:
            db.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', row)


def foreign_keys():
    """table -> [(column, referenced table)], in one query (PostgreSQL's information_schema is slow)."""
    if is_sqlite():
        return {t: [(fk.column, fk.dest_table) for fk in db.get_foreign_keys(t)] for t in tables()}
    rows = db.execute_sql(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace").fetchall()
    result = {}
    for table, column, parent in rows:
        result.setdefault(table.strip('"'), []).append((column, parent.strip('"')))
    return result


def generated_value(table, column, kind, length, i):
    """A plausible value of a column's type for row i (unique per row, as names and codes must be)."""
    if "bool" in kind:
        return i % 2 == 0
    if "int" in kind:
        return i + 1
    if kind == "date":
        return (date(2025, 1, 10) + timedelta(days=31 * i)).isoformat()
    if "date" in kind or "timestamp" in kind:
        return f"{date(2025, 1, 10) + timedelta(days=31 * i)} 09:3{i}:00"
    if "dec" in kind or "numeric" in kind:
        return f"{125 + i}.50"
    if "char" in kind or "text" in kind:
        text, suffix = column.replace("_", " "), f" {i + 1}"
        return (text[:length - len(suffix)] if length else text) + suffix
    raise AssertionError(f"no value for {table}.{column} ({kind}): give one in tests/upgrade_fixtures.py")


def select(table, columns):
    names = ", ".join(f'"{c}"' for c in columns)
    return db.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY {names}').fetchall()


def snapshot():
    """Every table's columns and rows, in a stable order."""
    result = {}
    for table in tables():
        columns = [c[0] for c in columns_of(table)]
        result[table] = (columns, select(table, columns))
    return result


def check_expectations(migration, before, after):
    """What `migration` computed or defaulted in the rows that were there before it ran."""
    spec = fixture(migration)
    for table, columns in spec.expect.items():
        source = spec.expect_from.get(table, table)
        if table not in after or not before.get(source, (None, []))[1]:
            continue  # not on this database (reid_profile on SQLite), or no rows to compute from
        order = after[table][0][0]
        for column, expected in columns.items():
            values = [row[0] for row in db.execute_sql(
                f'SELECT "{column}" FROM "{table}" ORDER BY "{order}"').fetchall()]
            if callable(expected):  # a rule the values must follow (random ones cannot be listed)
                assert expected(values), f"{migration}: {table}.{column} is {values}, against {expected.__doc__}"
                continue
            wanted = expected if isinstance(expected, list) else [expected] * len(values)
            assert values == wanted, f"{migration}: {table}.{column} is {values}, expected {wanted}"
