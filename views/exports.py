"""The HMIS CSV export (FY2026) for the agency's admins."""
import os
import tempfile
from functools import partial

from flask import Blueprint, Response, current_app, request
from flask_login import current_user

from domain.reidentification import ELEMENTS
from exports.hmis_csv import ExportFilter, held_back, record_export, write_hmis_csv
from forms.exports import ExportForm
from models import Project, utcnow
from models.reidentification import agency_reports, settings_for

from ._access import role_required
from ._htmx import render_page_or_partial

bp = Blueprint("exports", __name__, url_prefix="/admin/export")


@bp.route("/hmis-csv", methods=("GET", "POST"))
@role_required("admin")
def hmis_csv():
    """Choose a period and project, then download the agency's HMIS CSV zip."""
    projects = list(Project.for_agency(current_user.agency_id))
    form = ExportForm(projects)
    if not form.validate_on_submit():
        return render_page_or_partial("exports/hmis_csv.html", "exports/_form.html", form=form,
                                      invalid=form.is_submitted())
    project = next((p for p in projects if p.id == form.project.data), None)
    export = ExportFilter(current_user.agency, form.start.data, form.end.data, project)
    now = utcnow()
    path = _write_temporary(export, now)
    record_export(export, current_user)
    response = Response(_stream_and_remove(path), mimetype="application/zip", direct_passthrough=True, headers={
        "Content-Disposition": f'attachment; filename="hmis-csv-{now:%Y-%m-%d}.zip"',
        "Content-Length": str(os.path.getsize(path)), "Cache-Control": "no-store"})
    response.call_on_close(partial(_remove, path))  # also when the download is cut short
    return response


@bp.route("/privacy-summary")
@role_required("admin")
def privacy_summary():
    """What leaves the building: each project's group sizes as the export chosen would carry them (aggregates
    only; the period and project come as the export form's values). The export page loads it after it has shown,
    and again when the form changes, so counting a large agency never holds the page up."""
    settings = settings_for(current_user.agency)
    projects = list(Project.for_agency(current_user.agency_id))
    form = ExportForm(projects, formdata=request.args, meta={"csrf": False})
    context = {"settings": settings, "elements": ELEMENTS, "reports": [], "form": form}
    if form.validate():
        chosen = [p for p in projects if form.project.data in (None, p.id)]
        counted = agency_reports(current_user.agency_id, settings, [p.id for p in chosen], form.start.data,
                                 form.end.data, form.project.data)
        context["reports"] = [(project, counted[project.id]) for project in chosen]
        project = next((p for p in chosen if p.id == form.project.data), None)
        context["held_back"] = held_back(ExportFilter(current_user.agency, form.start.data, form.end.data, project),
                                         utcnow())
    return render_page_or_partial("exports/privacy_summary.html", "exports/_privacy_summaries.html", **context)


def _write_temporary(export, now):
    """The export as a temporary zip file on disk (never in memory); its path."""
    fd, path = tempfile.mkstemp(suffix=".zip", prefix="hmis-csv-")
    try:
        with os.fdopen(fd, "wb") as archive:
            write_hmis_csv(archive, export, secret_key=current_app.config["SECRET_KEY"], now=now)
    except BaseException:
        _remove(path)
        raise
    return path


def _stream_and_remove(path):
    """The file in 64 KB pieces, opened only once the server sends it, then deleted."""
    try:
        with open(path, "rb") as archive:
            while piece := archive.read(64 * 1024):
                yield piece
    finally:
        _remove(path)


def _remove(path):
    if os.path.exists(path):
        os.remove(path)
