"""The program performance dashboard: tables with charts, CSV downloads and the records behind each count."""
import io
from datetime import date

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from domain.dashboard import Suppression, dashboard_tables, default_range, describe_cell
from domain.spreadsheet import SafeWriter
from forms.reports import ReportForm
from models import Project, ServiceType
from models.dashboard import ReportFilter, UnknownCell, all_counts, drill_down

from ._access import role_required
from ._htmx import render_page_or_partial

bp = Blueprint("reports", __name__, url_prefix="/reports")
TABLE_TITLES = {"people": "People served", "households": "Households served by type",
                "prior": "Prior Living Situation", "services": "Services and financial assistance",
                "length_of_stay": "Length of stay", "destinations": "Destinations of leavers",
                "quality": "Data quality"}
TABLES = tuple(TABLE_TITLES)
FILTER_NAMES = ("start", "end", "projects", "sharing")


def _form():
    """The filters from the query string; a missing period is the last 12 months."""
    projects = list(Project.visible_to(current_user))
    args = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k in FILTER_NAMES])
    for name, day in zip(("start", "end"), default_range(date.today())):
        if name not in args:
            args[name] = day.isoformat()
    form = ReportForm(projects, formdata=args)
    return form, projects, form.validate()


def _report_filter(form):
    return ReportFilter(current_user.agency_id, form.chosen_ids(), form.start.data, form.end.data)


def _filter_args(form):
    """The filters as url_for arguments, for download and drill-down links."""
    args = {"start": form.start.data.isoformat(), "end": form.end.data.isoformat()}
    if form.projects.data:
        args["projects"] = form.projects.data
    if form.sharing.data:
        args["sharing"] = "y"
    return args


@bp.route("")
@role_required("admin", "staff", "viewer")
def index():
    """The dashboard for a period and some or all of the user's projects (GET: safe to bookmark)."""
    form, projects, valid = _form()
    context = {"form": form, "projects": projects, "tables": None}
    if valid:
        suppression = Suppression(form.sharing.data, current_user.agency.suppression_threshold)
        chosen = set(form.chosen_ids())
        context.update(tables=dashboard_tables(all_counts(_report_filter(form)), suppression),
                       suppression=suppression, filter_args=_filter_args(form),
                       chosen=[p.name for p in projects if p.id in chosen],
                       drill=current_user.role in ("admin", "staff") and not suppression.on)
    return render_page_or_partial("reports/index.html", "reports/_dashboard.html", invalid=not valid, **context)


@bp.route("/<table>.csv")
@role_required("admin", "staff", "viewer")
def download(table):
    """One table as CSV, with the same filters; suppressed counts are blank, with a note."""
    if table not in TABLES:
        abort(404)
    form, projects, valid = _form()
    if not valid:
        return render_page_or_partial("reports/index.html", "reports/_dashboard.html", invalid=True, form=form,
                                      projects=projects, tables=None)
    suppression = Suppression(form.sharing.data, current_user.agency.suppression_threshold)
    result = next(t for t in dashboard_tables(all_counts(_report_filter(form)), suppression) if t.key == table)
    chosen = set(form.chosen_ids())
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow([result.title])
    writer.writerow(["Period (stored dates)", form.start.data.isoformat(), form.end.data.isoformat()])
    writer.writerow(["Projects", "; ".join(p.name for p in projects if p.id in chosen) or "none"])
    writer.writerow(["", *result.columns])
    for row in result.rows:
        writer.writerow([row.label, *(cell.csv for cell in row.cells)])
    for note in result.notes:
        writer.writerow([note])
    if suppression.on:
        writer.writerow([f"Counts from 1 to {suppression.threshold - 1} are left blank (suppressed), with the "
                         "shares and dollars that rest on them, and so are the counts from which a total would give "
                         "one away."])
    name = f"{table}-{form.start.data.isoformat()}-{form.end.data.isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/records")
@role_required("admin", "staff")
def records():
    """The households behind one count of the dashboard, within the projects the user may work in."""
    table, cell = request.args.get("table", ""), request.args.get("cell", "")[:200]
    if not table or not cell:  # no count chosen: back to the report
        return redirect(url_for("reports.index"), 303)
    if table not in TABLES:
        abort(404)
    form, projects, valid = _form()
    if not valid:
        return render_page_or_partial("reports/index.html", "reports/_dashboard.html", invalid=True, form=form,
                                      projects=projects, tables=None)
    try:
        households, total = drill_down(_report_filter(form), table, cell, current_user)
    except UnknownCell:
        abort(404)
    names = ({str(i): n for i, n in ServiceType.names_by_id(current_user.agency_id).items()}
             if table == "services" else None)
    return render_template("reports/records.html", households=households, total=total, form=form,
                           description=describe_cell(cell, names), table_title=TABLE_TITLES[table],
                           filter_args=_filter_args(form))

