"""APR/CAPER tables as the CSV files Sage takes: one Q*.csv per table, or all of them in one zip."""
import io
import os
import tempfile
import zipfile

from domain.hud_reports.rules import kind_for, period_problem
from models import Agency, Project


class ReportError(ValueError):
    """The command line asked for a report that cannot be made; the message says why."""


def zip_bytes(tables) -> bytes:
    """The Sage upload zip: Q4a.csv, Q5a.csv, ... (counts only, small enough to build in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(f"{table.name}.csv", table.to_csv())
    return buffer.getvalue()


def zip_name(kind, start, end):
    return f"{kind}-{start.isoformat()}-{end.isoformat()}.zip"


def _write_atomically(path, data: bytes):
    """Write beside the target and rename, so a scheduled upload never picks up half a file."""
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".hud-report-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def write_report(out_dir, tables, *, kind, start, end, as_zip):
    """The files of a report in out_dir (created if missing); returns their paths."""
    os.makedirs(out_dir, mode=0o700, exist_ok=True)  # reports hold counts of people served: owner only
    if as_zip:
        path = os.path.join(out_dir, zip_name(kind, start, end))
        _write_atomically(path, zip_bytes(tables))
        return [path]
    paths = []
    for table in tables:
        path = os.path.join(out_dir, f"{table.name}.csv")
        _write_atomically(path, table.to_csv().encode("utf-8"))
        paths.append(path)
    return paths


def resolve(*, agency_name, project_id, start, end, kind):
    """The command line's report: the named agency (or the only one), its project(s), a valid period and kind."""
    if problem := period_problem(start, end):
        raise ReportError(problem)
    if agency_name is None:
        agencies = list(Agency.select().limit(2))
        if len(agencies) != 1:
            raise ReportError("Name the agency with --agency: this instance holds "
                              + ("no agency." if not agencies else "several agencies."))
        agency = agencies[0]
    else:
        agency = Agency.get_or_none(Agency.name == agency_name)
        if agency is None:
            raise ReportError(f"No agency is named {agency_name!r}.")
    projects = list(Project.for_agency(agency))
    if project_id is not None:
        projects = [p for p in projects if p.id == project_id]
        if not projects:
            raise ReportError(f"Project {project_id} is not a project of {agency.name!r}.")
    if not projects:
        raise ReportError(f"{agency.name!r} has no projects yet: there is nothing to report on.")
    kind = kind or kind_for(p.funding_source for p in projects)
    if kind is None:
        raise ReportError("These projects are not all CoC-funded or all ESG-funded: choose with --kind apr or "
                          "--kind caper.")
    return agency, projects, kind

