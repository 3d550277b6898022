"""Time to upgrade a large database from the oldest schema with client data to the latest, measured on demand
(not a test): `.venv/bin/python bench/migrate_bench.py [--clients 100000] [--postgres URL]`.

Builds the schema right after 002_intake (the first with clients) on a temporary SQLite file, fills it with
--clients clients, one enrollment each with its education and domestic-violence answers, in households of one
to three, then times the app's migrate() to the latest schema: the automatic backup first, then every migration
in one transaction (on SQLite: table rebuilds, backfills, and the foreign-key and integrity checks). The backup's
time is reported apart. `--postgres URL` does the same on a throwaway PostgreSQL database created beside URL
(for example postgresql://postgres@127.0.0.1:5432/test) and dropped at the end.
"""
import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import models.db  # noqa: E402
from models.db import close_all, db, open_database  # noqa: E402
from models.schema import migrate  # noqa: E402
from peewee import SqliteDatabase  # noqa: E402
from peewee_migrate import Router  # noqa: E402

OLDEST = "002_intake"
NOW = "2025-06-01 12:00:00"
CHUNK = 5000


def bulk(table, columns, rows):
    """Insert many rows in chunks: executemany on SQLite, multi-row VALUES on PostgreSQL."""
    names = ", ".join(columns)
    if isinstance(db.obj, SqliteDatabase):
        db.connection().executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
                                    rows)
        return
    from psycopg2.extras import execute_values
    with db.connection().cursor() as cursor:
        execute_values(cursor, f"INSERT INTO {table} ({names}) VALUES %s", rows, page_size=CHUNK)


def build(clients):
    """The schema after 002 with `clients` people; returns the number of households."""
    Router(db, migrate_dir=models.schema.MIGRATIONS_DIR, logger=models.schema._quiet_logger()).run(OLDEST)
    true, false = (1, 0) if isinstance(db.obj, SqliteDatabase) else (True, False)
    with db.atomic():
        bulk("agency", ["name", "victim_service_provider", "dob_data_quality", "date_created", "date_updated"],
             [("Statewide DV Coalition", true, 9, NOW, NOW)])
        bulk("app_user", ["agency_id", "username", "password_hash", "role", "active", "failed_logins",
                          "session_version", "date_created"],
             [(1, f"user{i}", "x", "staff", true, 0, 0, NOW) for i in range(50)])
        bulk("project", ["agency_id", "name", "project_type", "target_population", "continuum_project", "coc_code",
                         "funding_source", "operating_start_date", "gives_financial_assistance",
                         "collects_education", "date_created", "date_updated"],
             [(1, f"Shelter {i}", 0, 1, false, "WA-501", 8, "2015-01-01", false, false, NOW, NOW)
              for i in range(20)])
        # Households of one to three people: person i lives in household i * 5 // 8 (100,000 -> 62,500).
        households = (clients * 5 + 7) // 8
        bulk("household", ["date_created", "date_updated", "user_id", "agency_id", "project_id", "household_id",
                           "code", "dates_approximated"],
             [(NOW, NOW, 1 + h % 50, 1, 1 + h % 20, f"hh{h:012d}", f"H{h:07d}", false) for h in range(households)])
        bulk("client", ["date_created", "date_updated", "user_id", "agency_id", "personal_id", "code",
                        "name_data_quality", "ssn_data_quality", "dob", "dob_data_quality", "am_ind_ak_native",
                        "asian", "black_af_american", "hispanic_latinao", "mid_east_n_african", "native_hi_pacific",
                        "white", "race_none", "sex", "veteran_status"],
             [(NOW, NOW, 1 + i % 50, 1, f"pc{i:012d}", f"C{i:07d}", 99, 99,
               (date(1960, 1, 1) + timedelta(days=(i * 37) % 20000)).isoformat(), 1, false,
               true if i % 3 == 0 else false, false, true if i % 4 == 0 else false, false, false,
               true if i % 3 == 1 else false, None if i % 3 < 2 else 8,
               i % 2, 0) for i in range(clients)])
        bulk("enrollment", ["date_created", "date_updated", "user_id", "agency_id", "project_id", "household_id",
                            "client_id", "enrollment_id", "relationship_to_hoh", "entry_date",
                            "disabling_condition"],
             [(NOW, NOW, 1 + i % 50, 1, 1 + (i * 5 // 8) % 20, 1 + i * 5 // 8, 1 + i, f"en{i:012d}",
               1 if i == 0 or (i * 5 // 8) != ((i - 1) * 5 // 8) else 2,
               (date(2020, 1, 1) + timedelta(days=(i * 5 // 8) % 1800)).isoformat(), 0) for i in range(clients)])
        bulk("employment_education", ["date_created", "date_updated", "enrollment_id", "information_date",
                                      "data_collection_stage", "last_grade_completed"],
             [(NOW, NOW, 1 + i, "2020-01-01", 1, 1 + i % 7) for i in range(clients)])
        bulk("health_and_dv", ["date_created", "date_updated", "enrollment_id", "information_date",
                               "data_collection_stage", "domestic_violence_survivor"],
             [(NOW, NOW, 1 + i, "2020-01-01", 1, 1) for i in range(clients)])
    return households


def steps(url, clients):
    """Each migration's own time (Router, without migrate()'s backup and checks): where the time goes."""
    db.initialize(open_database(url))
    times = {}
    with db.connection_context():
        build(clients)
        if isinstance(db.obj, SqliteDatabase):
            db.execute_sql("PRAGMA foreign_keys = OFF")  # as migrate() does: a rebuild must not cascade
        router = Router(db, migrate_dir=models.schema.MIGRATIONS_DIR, logger=models.schema._quiet_logger())
        for name in router.diff:
            started = time.perf_counter()
            router.run(name)
            times[name] = time.perf_counter() - started
    close_all()
    return times


def run(url, clients, work):
    db.initialize(open_database(url))
    with db.connection_context():
        started = time.perf_counter()
        households = build(clients)
        built = time.perf_counter() - started
    backup_seconds = []
    take_backup = models.schema._backup

    def timed_backup(*args):
        t = time.perf_counter()
        try:
            return take_backup(*args)
        finally:
            backup_seconds.append(time.perf_counter() - t)

    models.schema._backup = timed_backup
    try:
        started = time.perf_counter()
        result = migrate(backup_dir=Path(work) / "backups")
        total = time.perf_counter() - started
    finally:
        models.schema._backup = take_backup
    with db.connection_context():
        kept = db.execute_sql("SELECT COUNT(*) FROM client").fetchone()[0]
        sizes = db.execute_sql("SELECT COUNT(*) FROM household WHERE household_size > 0").fetchone()[0]
    close_all()
    assert kept == clients and sizes == households, (kept, sizes)
    return {"built": built, "migrate": total, "backup": backup_seconds[0], "applied": len(result.applied),
            "households": households}


def _postgres(base_url):
    server = open_database(base_url)
    name = "migrate_bench"
    server.connect()
    server.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.execute_sql(f'CREATE DATABASE "{name}"')
    server.close()
    return server, base_url.rsplit("/", 1)[0] + f"/{name}", name


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--postgres", metavar="URL", help="also run on a throwaway PostgreSQL database beside URL")
    parser.add_argument("--steps", action="store_true", help="time each migration alone instead")
    args = parser.parse_args(argv)
    results = {}
    measure = (lambda url, clients, work: steps(url, clients)) if args.steps else run
    with tempfile.TemporaryDirectory() as work:
        results["SQLite"] = measure(f"sqlite:///{Path(work) / 'bench.sqlite3'}", args.clients, work)
        if args.postgres:
            server, url, name = _postgres(args.postgres)
            try:
                results["PostgreSQL"] = measure(url, args.clients, work)
            finally:
                close_all()
                db.initialize(server)
                server.connect(reuse_if_open=True)
                server.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                server.close()
    if args.steps:
        for backend, times in results.items():
            print(f"{backend}: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in times.items()))
        return
    print(f"{args.clients:,} clients, one enrollment each, from {OLDEST} to the latest schema:")
    for backend, r in results.items():
        print(f"  {backend:<10} migrate {r['migrate']:6.1f} s (of which backup {r['backup']:5.1f} s; "
              f"{r['applied']} migrations; {r['households']:,} households); built in {r['built']:.1f} s")


if __name__ == "__main__":
    main()
