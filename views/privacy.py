"""The re-identification guard's pages: the agency's settings and the project report. The live check itself is
models.privacy_check, which each data entry form's blueprint calls."""
from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user

from domain import reidentification as reid
from forms.privacy import PrivacySettingsForm
from models.reidentification import project_report as build_report
from models.reidentification import save_settings, settings_for

from ._access import get_project_or_404, role_required
from ._htmx import htmx_redirect, render_page_or_partial

bp = Blueprint("privacy", __name__)


@bp.route("/admin/privacy", methods=("GET", "POST"))
@role_required("admin")
def settings():
    """Choose the answers counted together and the smallest group allowed."""
    agency = current_user.agency
    current = settings_for(agency)
    form = PrivacySettingsForm(data={"elements": list(current.elements), "k": current.k})
    unknown = reid.parse_elements(agency.reid_elements)[1]
    if form.validate_on_submit():
        save_settings(current_user, agency, k=form.k.data, elements=form.elements.data)
        flash("Privacy check settings saved.")
        return htmx_redirect(url_for("privacy.settings"))
    return render_page_or_partial("privacy/settings.html", "privacy/_settings_form.html", form=form,
                                  unknown=unknown, invalid=form.is_submitted())


@bp.route("/projects/<int:project_id>/privacy")
@role_required("admin", "staff", "viewer")
def project_report(project_id):
    """How findable the project's people are as exported: group sizes, records below k, what makes them unique."""
    project = get_project_or_404(project_id)
    settings = settings_for(project.agency)
    report = build_report(project, settings)
    return render_template("privacy/report.html", project=project, report=report, settings=settings,
                           show_records=current_user.role != "viewer", elements=reid.ELEMENTS)

