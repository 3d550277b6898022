"""HUD's CoC APR and ESG CAPER tables for the caller's projects: on screen, one CSV per table, or the Sage zip.

Aggregate counts only (no one's answers), so every role may read and download them; staff see only their
projects. The form is a GET: a period and project ids are safe to bookmark.
"""
from flask import Blueprint, Response, abort, request, url_for
from flask_login import current_user

from domain.hud_reports.rules import KINDS
from exports.hud_reports import zip_bytes, zip_name
from forms.hud_reports import HudReportForm
from models import Project
from models.hud_reports import report_tables

from ._access import role_required
from ._htmx import render_page_or_partial

bp = Blueprint("hud_reports", __name__, url_prefix="/reports/hud")
ROLES = ("admin", "staff", "viewer")


def _form():
    return HudReportForm(list(Project.visible_to(current_user)), formdata=request.args or None)


def _report(form, names=None):
    projects = form.chosen_projects()
    kind = form.report_kind()
    tables = report_tables(current_user.agency, [p.id for p in projects], form.start.data, form.end.data, kind,
                           names)
    return projects, kind, tables


def _invalid(form):
    return render_page_or_partial("hud_reports/index.html", "hud_reports/_report.html", form=form, tables=None,
                                  invalid=True)


@bp.route("")
@role_required(*ROLES)
def index():
    """Choose a period and projects; the tables appear below the form."""
    form = _form()
    if not request.args:
        return render_page_or_partial("hud_reports/index.html", "hud_reports/_report.html", form=form, tables=None)
    if not form.validate():
        return _invalid(form)
    projects, kind, tables = _report(form)
    query = request.args.to_dict(flat=False)
    return render_page_or_partial("hud_reports/index.html", "hud_reports/_report.html", form=form, tables=tables,
                                  projects=projects, kind=kind, kind_label=KINDS[kind],
                                  served=_served(tables),
                                  csv_url=lambda name: url_for("hud_reports.table_csv", question=name, **query),
                                  zip_url=url_for("hud_reports.report_zip", **query))


@bp.route("/table.csv")
@role_required(*ROLES)
def table_csv():
    """One table as the CSV the APR/CAPER upload expects for that question."""
    form = _form()
    if not form.validate():
        return _invalid(form)
    _, _, tables = _report(form, names={request.args.get("question")})
    if not tables:  # not a question of this report
        abort(404)
    table = tables[0]
    return Response(table.to_csv(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{table.name}.csv"'})


@bp.route("/report.zip")
@role_required(*ROLES)
def report_zip():
    """Every table in the zip Sage takes for the APR or CAPER."""
    form = _form()
    if not form.validate():
        return _invalid(form)
    _, kind, tables = _report(form)
    return Response(zip_bytes(tables), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{zip_name(kind, form.start.data, form.end.data)}"'})


def _served(tables):
    q5a = next(t for t in tables if t.name == "Q5a")
    return q5a.cell("Total number of persons served", "Count of Clients")
