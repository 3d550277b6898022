"""Project exit for one member or the whole household, Housing Move-in Date, and undoing an exit."""
from flask import Blueprint

bp = Blueprint("exits", __name__)


def household_context(household, members):
    """What the household page shows for this area (members: the page's member rows)."""
    return {}
