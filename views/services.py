"""Services and financial assistance: the agency's catalog, services given, and bulk entry."""
from flask import Blueprint

bp = Blueprint("services", __name__)


def household_context(household, members):
    """What the household page shows for this area (members: the page's member rows)."""
    return {}
