"""3.11 Project Exit Date and 3.12 Destination, with the local Reason for Leaving."""
from peewee import CharField, DateField, ForeignKeyField, SmallIntegerField

from .clients import Enrollment, Timestamps


class Exit(Timestamps):
    """One live exit per enrollment; an undone exit keeps its row with date_deleted set."""
    enrollment = ForeignKeyField(Enrollment, backref="exits", on_delete="CASCADE")
    exit_date = DateField()  # as stored (shifted with the household when approximated)
    destination = SmallIntegerField()
    destination_subsidy_type = SmallIntegerField(null=True)
    other_destination = CharField(max_length=50, null=True)
    reason_for_leaving = SmallIntegerField(null=True)
