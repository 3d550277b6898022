"""PostgreSQL backups as pg_dump's plain script, gzipped, with the rows of every table sorted by their text.

pg_dump copies each table's rows in the order they lie in its heap, which is the order they were inserted in:
among rows of real-dated households created on known days, that order bounds when an approximated household was
really created, and so its offset. Sorting each COPY block by its text (a row starts with its key, random for
clients' records) leaves no such order in the file. Restoring a table does not depend on the order of its rows.
"""
import gzip
import re
import subprocess
import zlib

GZIP_MAGIC = b"\x1f\x8b"
COMPLETE = "-- PostgreSQL database dump complete"
COPY = re.compile(r"COPY (?P<table>\S+) \((?P<columns>[^)]*)\) FROM stdin;")


class ScriptError(Exception):
    """The file is not a whole pg_dump script."""


def dump(command: list, env: dict, target) -> None:
    """Run pg_dump (plain format) and write its script to `target`, gzipped, each table's rows sorted.
    Raises subprocess.CalledProcessError (with stderr) when pg_dump fails."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc, \
            gzip.open(target, "wb", compresslevel=6) as out:
        block = None
        for line in proc.stdout:
            if block is not None:
                if line == b"\\.\n":
                    out.writelines(sorted(block))
                    out.write(line)
                    block = None
                else:
                    block.append(line)
            else:
                out.write(line)
                if COPY.match(line.decode("utf-8", "replace")):
                    block = []
        stderr = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, command, stderr=stderr)


def lines(path):
    """The script's lines (text, without their newline); ScriptError if the file is cut short or damaged."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            yield from (line.rstrip("\n") for line in f)
    except (EOFError, OSError, zlib.error, UnicodeDecodeError) as exc:
        raise ScriptError(str(exc) or type(exc).__name__) from None


def read(path, keep=()):
    """(tables created, table -> its row count, table -> its rows as dicts of text values for the tables in
    `keep`), after checking the script is whole (pg_dump's closing line is there). Tables are those of the schema
    holding the app's migratehistory, by their plain names (a database may hold other schemas)."""
    created, counts, rows, current, columns, whole = set(), {}, {}, None, None, False
    for line in lines(path):
        if current is not None:
            if line == "\\.":
                current = None
                continue
            counts[current] += 1
            if current in rows:
                rows[current].append(dict(zip(columns, line.split("\t"))))
            continue
        if line.startswith("CREATE TABLE "):
            created.add(line.split()[2])
        match = COPY.match(line)
        if match:
            current = match["table"]
            columns = [c.strip().strip('"') for c in match["columns"].split(",")]
            counts[current] = 0
            if current.split(".")[-1] in keep:
                rows[current] = []
        if line == COMPLETE:
            whole = True
        elif line.strip() not in ("", "--") and not line.startswith("\\unrestrict "):
            whole = False  # anything after the closing comment but the end of psql's restricted mode
    if not whole:
        raise ScriptError("it does not end as a whole pg_dump script does")
    schema = next((name.removesuffix("migratehistory") for name in created if name.endswith(".migratehistory")), "")
    return ({name.removeprefix(schema) for name in created if name.startswith(schema)},
            {name.removeprefix(schema): n for name, n in counts.items() if name.startswith(schema)},
            {name.removeprefix(schema): r for name, r in rows.items() if name.startswith(schema)})
