"""Primary keys that carry no order, for clients' records and the audit trail.

A sequential key (and SQLite's rowid, which is the key) keeps the order rows were created in. Among the rows of
real-dated households created on known days, that order bounds when an approximated household was really
created, and so its offset. These rows take a random key instead; SQLite then keeps them in key order, which is
random too."""
import secrets

from peewee import BigAutoField

from .db import BaseModel

# Above every key a sequence gave before (PostgreSQL's integer), within a signed 64-bit integer: two random keys
# of ten million rows meet with a chance of about one in a hundred thousand.
FIRST_RANDOM_KEY = 2 ** 31
RANDOM_KEYS = 2 ** 62


def random_key():
    return FIRST_RANDOM_KEY + secrets.randbelow(RANDOM_KEYS)


class UnorderedKeyModel(BaseModel):
    """Every insert (save, create, insert, insert_many) gives a new row a random key unless it names one."""
    id = BigAutoField()

    @classmethod
    def insert(cls, __data=None, **insert):
        query = super().insert(__data, **insert)
        query._insert.setdefault(cls._meta.primary_key, random_key())
        return query

    @classmethod
    def insert_many(cls, rows, fields=None):
        key = cls._meta.primary_key
        if fields is not None:
            if key not in fields and "id" not in fields:
                fields = [key, *fields]
                rows = [(random_key(), *row) for row in rows]
        else:
            rows = [row if key in row or "id" in row else {**row, key: random_key()} for row in rows]
        return super().insert_many(rows, fields)
