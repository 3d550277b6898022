"""An agency's records as an FY2026 HMIS CSV zip, streamed from the database into the zip a chunk at a time.

Rows come from stored values only: clients are anonymous by construction and approximated households' dates
are already shifted. Soft-deleted records are exported with DateDeleted set (reference 5.3: consumers ignore
or delete such rows), so that a full refresh tells the receiving system what was removed.

Nothing in the files tells when a record was created, which would bound an approximated household's offset:
- every client-level ID is random (PersonalID, EnrollmentID, HouseholdID, and the HUD IDs of exits, services and
  answers) and every client-level file is written in the order of its ID, not of creation;
- no date or timestamp is later than the export's real time. An approximated household's dates run ahead of the
  real ones by its offset, so a record whose stored dates have not yet come is held back (with the records that
  depend on it) until they have; `held_back` counts them for the export page.
"""
import csv
import hashlib
import hmac
import io
import operator
import os
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import reduce

from peewee import Alias, BigIntegerField, BooleanField, CharField, DateField, DateTimeField, DecimalField, TextField

from domain import elements
from domain.periods import export_range_problem
from models import (Agency, AuditEvent, Client, Disability, EmploymentEducation, Enrollment, Exit, HealthAndDV,
                    Household, IncomeBenefits, Project, Service, ServiceType, User, write_transaction)
from models.assessments import snake
from models.clients import RACE_COLUMNS
from models.db import BaseModel, db
from models.dialect import analyze, read_one_snapshot

from .hmis_csv_columns import COLUMNS

CHUNK = 5000  # rows per query: memory stays flat however many rows an agency has
SOFTWARE_NAME = "DV HMIS"
SOFTWARE_VERSION = "0.1.0"
CSV_VERSION = "2026 v1.0"
SOURCE_TYPE_AGENCY = 2  # agency-specific or standalone database (a comparable database)
PERIOD_REPORTING, PERIOD_OTHER = 3, 4
FULL_REFRESH = 2
UNHASHED = 1
COMPARABLE_DATABASE = 2  # 2.08 HMIS Participation Type
# Stable HUD IDs for a project's records, keyed by the project: a fixed prefix per file. (Projects are the
# agency's, not a client's: their order says nothing of a survivor.)
PREFIXES = {"FunderID": "FU", "ProjectCoCID": "PC", "HMISParticipationID": "HP"}
_UNSAFE = str.maketrans({"\r": " ", "\n": " ", "<": None, ">": None, "[": None, "]": None, "{": None, "}": None})


@dataclass(frozen=True)
class ExportFilter:
    """What to export: one agency, optionally one of its projects and a date range (stored dates)."""
    agency: Agency
    start: date | None = None
    end: date | None = None
    project: Project | None = None

    def names(self):
        """The filters used, by name (the audit trail records names, never values)."""
        return [name for name in ("start", "end", "project") if getattr(self, name) is not None]


class ExportScope(BaseModel):
    """Temporary: the enrollments in the export, with the HUD IDs their child records repeat."""
    id = BigIntegerField(primary_key=True)
    enrollment_id = CharField(max_length=32)
    personal_id = CharField(max_length=32)

    class Meta:
        table_name = "export_scope"


class ExportPeople(BaseModel):
    """Temporary: the clients of those enrollments."""
    id = BigIntegerField(primary_key=True)

    class Meta:
        table_name = "export_people"


def _text(value):
    return value if value.isalnum() else value.translate(_UNSAFE)  # FY2026 strings exclude < > [ ] { }


# HUD CSV formats by type: yyyy-mm-dd, yyyy-mm-dd hh:mm:ss, money with two decimals, 0/1; one line per record.
_FORMATS = {bool: lambda v: "1" if v else "0", datetime: lambda v: v.isoformat(" ", "seconds"),
            date: date.isoformat, Decimal: lambda v: f"{v:.2f}", str: _text, int: str}


def format_value(value):
    """A value as HUD's CSV writes it; empty for null."""
    return "" if value is None else _FORMATS.get(type(value), str)(value)


def pseudonym(secret_key, kind, key):
    """A 32-character ID derived from the app's secret: stable across exports, meaningless outside."""
    message = f"{kind}:{key}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


class _Writer:
    def __init__(self, archive, export_id, secret_key):
        self.archive, self.export_id, self.secret_key = archive, export_id, secret_key
        self._users = {}

    def user_id(self, pk):
        """UserID of a user (None: records no user entered, such as projects): never the username."""
        if pk not in self._users:
            self._users[pk] = pseudonym(self.secret_key, "user", "system" if pk is None else pk)
        return self._users[pk]

    def write(self, name, rows=()):
        """One file: its header, then each row (a dict keyed by column; missing columns are empty)."""
        columns = COLUMNS[name]
        position = {column: i for i, column in enumerate(columns)}
        prefixes = [(column, PREFIXES[column]) for column in columns if column in PREFIXES]

        def lines():
            for row in rows:
                row["UserID"] = self.user_id(row.get("UserID"))
                row["ExportID"] = self.export_id
                for column, prefix in prefixes:
                    row[column] = f"{prefix}{row[column]}"
                line = [""] * len(columns)  # most columns have no source in the app: only the row's are formatted
                for column, value in row.items():
                    if column in position:
                        line[position[column]] = format_value(value)
                yield line
        self._write_lines(name, lines())

    def write_query(self, name, query, adjust=None):
        """One file streamed from a query of _select's columns, in key order: each column's raw database value
        formatted by its field's type (peewee's own conversion of every value took a third of the export's time).
        adjust(line), when given, corrects a formatted line in place."""
        columns = COLUMNS[name]
        position = {column: i for i, column in enumerate(columns)}
        template = [""] * len(columns)
        for column, value in (("ExportID", self.export_id), ("UserID", self.user_id(None))):
            if column in position:
                template[position[column]] = value
        plan = [(j, position[node.name], self._formatter(node))
                for j, node in enumerate(query.selected_columns) if node.name in position]

        def lines():
            for row in _chunks(query):
                line = template.copy()
                for j, i, write in plan:
                    if row[j] is not None:
                        line[i] = write(row[j])
                if adjust:
                    adjust(line)
                yield line
        self._write_lines(name, lines())

    def _formatter(self, node):
        """How a selected column's raw value is written: SQLite gives dates as ISO text, PostgreSQL as dates."""
        field = node.node if isinstance(node, Alias) else node
        if node.name == "UserID":
            return self.user_id
        if node.name in PREFIXES:
            return lambda value, prefix=PREFIXES[node.name]: f"{prefix}{value}"
        if isinstance(field, BooleanField):
            return lambda value: "1" if value else "0"
        if isinstance(field, DateTimeField):  # SQLite's text may carry microseconds
            return lambda value: value[:19] if isinstance(value, str) else value.isoformat(" ", "seconds")
        if isinstance(field, DateField):
            return lambda value: value if isinstance(value, str) else value.isoformat()
        if isinstance(field, DecimalField):  # SQLite keeps a decimal as a number: str() is its shortest form
            return lambda value: f"{Decimal(str(value)):.2f}"
        if isinstance(field, (CharField, TextField)):
            return _text
        return str

    def _write_lines(self, name, lines):
        with self.archive.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            out = csv.writer(text, lineterminator="\r\n")
            out.writerow(COLUMNS[name])
            out.writerows(lines)


def _select(model, name, key, **sources):
    """Columns of file `name` selected as aliases: `sources`, a declared element's column (domain.elements), or a
    field named like the column (snake case); first the random ID the rows are written in the order of."""
    fields = model._meta.fields
    sources = {**{e.csv_column: fields[e.name] for e in elements.INTAKE if e.csv_file == name}, **sources}
    sources.setdefault("UserID", getattr(model, "user", None))
    selected = [key.alias("_key")]
    for column in COLUMNS[name]:
        source = sources.get(column, fields.get(snake(column)))
        if source is not None:
            selected.append(source.alias(column))
    return selected


def _chunks(query):
    """The query's rows as database tuples in the order of its first column (the key), CHUNK at a time (psycopg2
    would otherwise hold them all)."""
    key = query.selected_columns[0].node
    last = None
    while True:
        page = query.order_by(key).limit(CHUNK)
        rows = db.execute(page if last is None else page.where(key > last)).fetchall()
        yield from rows
        if len(rows) < CHUNK:
            return
        last = rows[-1][0]


def _not_after(model, now):
    """Every date and timestamp of the record is on or before the export's real time (or empty)."""
    conditions = []
    for field in model._meta.sorted_fields:
        if isinstance(field, (DateField, DateTimeField)):
            bound = now if isinstance(field, DateTimeField) else now.date()
            conditions.append(field.is_null() | (field <= bound) if field.null else field <= bound)
    return reduce(operator.and_, conditions)


def _scope_query(export, now=None):
    """Enrollments active in the range (HUD: start <= end and no exit before the start), of one project if asked;
    with `now`, only those whose own and whose client's dates have come by then."""
    query = (Enrollment.select(Enrollment.id, Enrollment.enrollment_id, Client.personal_id).join(Client)
             .where(Enrollment.agency == export.agency))
    if now is not None:
        query = query.where(_not_after(Enrollment, now), _not_after(Client, now))
    if export.project is not None:
        query = query.where(Enrollment.project == export.project)
    if export.end is not None:
        query = query.where(Enrollment.entry_date <= export.end)
    if export.start is not None:
        exited_before = Exit.select(Exit.enrollment).where(Exit.date_deleted.is_null(), Exit.exit_date < export.start)
        query = query.where(Enrollment.id.not_in(exited_before))
    return query


def _fill_scope(export, now):
    for model in (ExportScope, ExportPeople):
        model.drop_table(safe=True)
        model.create_table(safe=False, temporary=True)
    ExportScope.insert_from(_scope_query(export, now), [ExportScope.id, ExportScope.enrollment_id,
                                                   ExportScope.personal_id]).as_rowcount().execute()
    people = (Enrollment.select(Enrollment.client).distinct()
              .join(ExportScope, on=(Enrollment.id == ExportScope.id)))
    ExportPeople.insert_from(people, [ExportPeople.id]).as_rowcount().execute()
    analyze("export_scope", "export_people")


def _drop_scope():
    for model in (ExportScope, ExportPeople):
        model.drop_table(safe=True)


def _projects(export):
    query = Project.for_agency(export.agency)
    return query.where(Project.id == export.project.id) if export.project is not None else query


def _period(export, today):
    """ExportStartDate/EndDate: the chosen range, else the projects' start to today. Never after today: a later end
    would be the latest shifted date, and records after today are held back anyway."""
    first = min((p.operating_start_date for p in _projects(export)), default=today)
    end = min(export.end or today, today)
    return min(export.start or min(first, end), end), end


def _race_none_rule():
    """Client.csv: RaceNone (8/9/99) only when every race column is 0."""
    columns = COLUMNS["Client.csv"]
    races, race_none = [columns.index(c) for c in RACE_COLUMNS], columns.index("RaceNone")

    def adjust(line):
        if any(line[i] == "1" for i in races):
            line[race_none] = ""
    return adjust


def _child_rows(model, name, now, id_column):
    """A file of records that belong to an enrollment, by their random HUD ID: EnrollmentID and PersonalID from the
    scope; only records whose dates have come by `now`."""
    return (model.select(*_select(model, name, model.hud_id, EnrollmentID=ExportScope.enrollment_id,
                                  PersonalID=ExportScope.personal_id, **{id_column: model.hud_id}))
            .join(ExportScope, on=(model.enrollment == ExportScope.id)).where(_not_after(model, now)))


# The records that belong to an enrollment: (model, file, its HUD ID column).
CHILD_FILES = ((Exit, "Exit.csv", "ExitID"), (Service, "Services.csv", "ServicesID"),
               (IncomeBenefits, "IncomeBenefits.csv", "IncomeBenefitsID"),
               (HealthAndDV, "HealthAndDV.csv", "HealthAndDVID"),
               (EmploymentEducation, "EmploymentEducation.csv", "EmploymentEducationID"),
               (Disability, "Disabilities.csv", "DisabilitiesID"))


def _project_files(writer, export):
    agency = export.agency
    projects = list(_projects(export))
    system = {"DateCreated": agency.date_created, "DateUpdated": agency.date_updated}
    writer.write("Organization.csv", [{
        "OrganizationID": agency.id, "OrganizationName": agency.name,
        "VictimServiceProvider": agency.victim_service_provider,
        "OrganizationCommonName": agency.organization_common_code, **system}])
    users = User.select(User.id.alias("UserID"), User.date_created.alias("DateCreated"),
                        User.date_created.alias("DateUpdated")).where(User.agency == agency).order_by(User.id)
    writer.write("User.csv", [{"UserID": None, **system}, *users.dicts()])
    stamps = [{"DateCreated": p.date_created, "DateUpdated": p.date_updated} for p in projects]
    writer.write("Project.csv", [{
        "ProjectID": p.id, "OrganizationID": agency.id, "ProjectName": p.name,
        "OperatingStartDate": p.operating_start_date, "OperatingEndDate": p.operating_end_date,
        "ContinuumProject": p.continuum_project, "ProjectType": p.project_type, "HousingType": p.housing_type,
        "RRHSubType": p.rrh_sub_type, "TargetPopulation": p.target_population, **s}
        for p, s in zip(projects, stamps)])
    writer.write("Funder.csv", [{
        "FunderID": p.id, "ProjectID": p.id, "Funder": p.funding_source, "OtherFunder": p.other_funder,
        "GrantID": p.grant_id, "StartDate": p.operating_start_date, "EndDate": p.operating_end_date, **s}
        for p, s in zip(projects, stamps)])
    writer.write("ProjectCoC.csv", [{"ProjectCoCID": p.id, "ProjectID": p.id, "CoCCode": p.coc_code,
                                     "Geocode": p.geocode, "GeographyType": p.geography_type, **s}
                                    for p, s in zip(projects, stamps)])
    writer.write("HMISParticipation.csv", [{
        "HMISParticipationID": p.id, "ProjectID": p.id, "HMISParticipationType": COMPARABLE_DATABASE,
        "HMISParticipationStatusStartDate": p.operating_start_date,
        "HMISParticipationStatusEndDate": p.operating_end_date, **s} for p, s in zip(projects, stamps)])


def _enrollment_files(writer, now):
    clients = (Client.select(*_select(Client, "Client.csv", Client.personal_id, PersonalID=Client.personal_id))
               .join(ExportPeople, on=(Client.id == ExportPeople.id)))
    writer.write_query("Client.csv", clients, adjust=_race_none_rule())
    enrollments = (Enrollment.select(*_select(
        Enrollment, "Enrollment.csv", Enrollment.enrollment_id, PersonalID=ExportScope.personal_id,
        ProjectID=Enrollment.project, HouseholdID=Household.household_id, EnrollmentCoC=Enrollment.enrollment_coc))
        .join(ExportScope, on=(Enrollment.id == ExportScope.id)).switch(Enrollment).join(Household))
    writer.write_query("Enrollment.csv", enrollments)
    for model, name, id_column in CHILD_FILES:
        rows = _child_rows(model, name, now, id_column)
        if model is Service:  # only HUD-typed services: the agency's own types have no HUD record type
            rows = (rows.select_extend(ServiceType.record_type.alias("RecordType"),
                                       ServiceType.type_provided.alias("TypeProvided"))
                    .switch(Service).join(ServiceType).where(ServiceType.record_type.is_null(False)))
        writer.write_query(name, rows)


def write_hmis_csv(target, export, *, secret_key, now):
    """Write the export as a zip to `target` (a path or a seekable binary file); returns its ExportID."""
    export_id = uuid.uuid4().hex
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive, db.atomic():
        read_one_snapshot()  # every file from the same data
        _fill_scope(export, now)
        start, end = _period(export, now.date())
        writer = _Writer(archive, export_id, secret_key)
        writer.write("Export.csv", [{
            "ExportID": export_id, "SourceType": SOURCE_TYPE_AGENCY, "SourceName": export.agency.name[:50],
            "ExportDate": now, "ExportStartDate": start, "ExportEndDate": end, "SoftwareName": SOFTWARE_NAME,
            "SoftwareVersion": SOFTWARE_VERSION, "CSVVersion": CSV_VERSION,
            "ExportPeriodType": PERIOD_REPORTING if export.start or export.end else PERIOD_OTHER,
            "ExportDirective": FULL_REFRESH, "HashStatus": UNHASHED,
            "ImplementationID": pseudonym(secret_key, "implementation", "hmis")}])
        _project_files(writer, export)
        _enrollment_files(writer, now)
        for name in COLUMNS:  # the files the app holds no data for: headers only
            if name not in archive.NameToInfo:
                writer.write(name)
        _drop_scope()
    return export_id




@dataclass(frozen=True)
class HeldBack:
    """How many records an export made now leaves out because their (shifted) dates have not come yet."""
    enrollments: int
    records: int  # exits, services and answers of the enrollments it does carry

    def __bool__(self):
        return bool(self.enrollments or self.records)


def held_back(export, now):
    """Count what `write_hmis_csv(export, now=now)` holds back, without naming it (aggregates only)."""
    with db.atomic():
        enrollments = _scope_query(export).count() - _scope_query(export, now).count()
        _fill_scope(export, now)
        records = sum(model.select().join(ExportScope, on=(model.enrollment == ExportScope.id))
                      .where(~_not_after(model, now)).count() for model, _, _ in CHILD_FILES)
        _drop_scope()
    return HeldBack(enrollments, records)


class ExportError(ValueError):
    """An export cannot run as asked; the message says why."""


def resolve_filter(*, agency_name, project_id, start, end):
    """The command line's filter: the named agency (or the only one), one of its projects, a valid range."""
    if agency_name is None:
        agencies = list(Agency.select().limit(2))
        if len(agencies) != 1:
            raise ExportError("Name the agency with --agency: this instance holds "
                              + ("no agency." if not agencies else "several agencies."))
        agency = agencies[0]
    else:
        agency = Agency.get_or_none(Agency.name == agency_name)
        if agency is None:
            raise ExportError(f"No agency is named {agency_name!r}.")
    project = None
    if project_id is not None:
        project = Project.for_agency(agency).where(Project.id == project_id).first()
        if project is None:
            raise ExportError(f"Project {project_id} is not a project of {agency.name!r}.")
    if problem := export_range_problem(start, end):
        raise ExportError(problem)
    return ExportFilter(agency, start, end, project)


def record_export(export, user=None):
    """The audit event of an export: which filters were used (names only). `user` is None from the CLI."""
    with write_transaction():
        AuditEvent.create(agency=export.agency, user=user, action="export", record_type="hmis_csv",
                          fields=",".join(sorted(export.names())))


def export_to_path(path, export, *, secret_key, now):
    """Write the zip beside `path` and move it into place, so a scheduled upload never sees half a file."""
    partial = f"{path}.part"
    try:
        export_id = write_hmis_csv(partial, export, secret_key=secret_key, now=now)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    record_export(export)
    return export_id
