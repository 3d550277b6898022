"""Updates at the data collection stages: income, benefits, health insurance, domestic violence, disabilities."""
from flask import Blueprint

bp = Blueprint("assessments", __name__)


def household_context(household, members):
    """What the household page shows for this area (members: the page's member rows)."""
    return {}
