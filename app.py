"""Application factory and command-line interface."""
import getpass
import logging
import os
from pathlib import Path

import click
from flask import Flask, Request, request
from flask.cli import with_appcontext
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix

import config as settings
from models import db as database  # the module: init_app, migrate

csrf = CSRFProtect()


class SessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return app.config["SESSION_COOKIE_SECURE"] or request.is_secure


class WithoutNul(ImmutableMultiDict):
    """Query and form values without NUL characters: no one types them, and PostgreSQL can neither store nor
    compare a string holding one, so a pasted or forged NUL would otherwise end in a database error."""

    def __init__(self, mapping=None):
        if mapping is not None and not isinstance(mapping, dict):  # (key, value) pairs, as parsed
            mapping = [(_without_nul(key), _without_nul(value)) for key, value in mapping]
        super().__init__(mapping)


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value  # files are left as they are


class CleanRequest(Request):
    parameter_storage_class = WithoutNul


def create_app(config=None, instance_path=None):
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.request_class = CleanRequest
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="hmis_session",
        MAX_CONTENT_LENGTH=1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # lives as long as the session, which times out on its own
        MIGRATE_ON_START=True,
    )
    app.config.update(settings.from_environment(app.instance_path) if config is None
                      else settings.with_defaults(app.instance_path, config))
    app.session_interface = SessionInterface()
    if app.config["PROXIES"]:
        # Behind a TLS proxy: trust its X-Forwarded-For/-Proto, so cookies get Secure and the
        # sign-in throttle counts each client, not the proxy.
        proxies = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    database.init_app(app)
    if app.config["MIGRATE_ON_START"]:
        result = app.extensions["migration"] = database.migrate(backup_dir=backup_folder(app))
        if result.applied:
            logging.getLogger(__name__).info(result.summary().replace("\n", " "))
    csrf.init_app(app)

    from views import register_blueprints
    register_blueprints(app)
    for command in (create_admin, migrate, serve, export_hmis_csv, seed_demo, hud_report):
        app.cli.add_command(command)
    return app


@click.command("create-admin")
@click.option("--organization", required=True, help="The agency's name (its HUD organization).")
@click.option("--username", required=True)
def create_admin(organization, username):
    """Create an agency and its first admin. Password from HMIS_ADMIN_PASSWORD or a prompt."""
    from models.accounts import AccountError, create_agency_with_admin
    password = os.environ.get("HMIS_ADMIN_PASSWORD")
    if password is None:
        if not os.isatty(0):
            raise click.UsageError("Set HMIS_ADMIN_PASSWORD or run this in a terminal to be asked for it.")
        password = getpass.getpass("Password for the new admin: ")
    with database.db.connection_context():
        try:
            agency, admin = create_agency_with_admin(organization, username, password)
        except AccountError as exc:
            raise click.UsageError(str(exc)) from None
    click.echo(f"Created agency {agency.name!r} with admin {admin.username!r}.")


def backup_folder(app):
    """Where migrations put the copy they take first: beside the database's keys, as private as they are."""
    return Path(app.instance_path) / "backups"


@click.command("migrate")
@with_appcontext
def migrate():
    """Apply pending schema migrations, after backing up a database that holds data (the app also migrates when
    it starts)."""
    from flask import current_app
    started = current_app.extensions.get("migration")  # loading the app for this command may have migrated
    result = started if started and started.applied else database.migrate(backup_dir=backup_folder(current_app))
    click.echo(result.summary())


@click.command("export-hmis-csv")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True), help="The zip file to write.")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), help="Export Start Date, YYYY-MM-DD.")
@click.option("--end", type=click.DateTime(formats=["%Y-%m-%d"]), help="Export End Date, YYYY-MM-DD.")
@click.option("--project", type=int, help="Only this project (its id).")
@click.option("--agency", help="The agency's name; needed when the instance holds several.")
def export_hmis_csv(out, start, end, project, agency):
    """Write an agency's HMIS CSV export (FY2026 zip), for scheduled uploads."""
    from flask import current_app

    from exports.hmis_csv import ExportError, export_to_path, resolve_filter
    from models.accounts import utcnow
    with database.db.connection_context():
        try:
            export = resolve_filter(agency_name=agency, project_id=project, start=start and start.date(),
                                    end=end and end.date())
        except ExportError as exc:
            raise click.UsageError(str(exc)) from None
        export_id = export_to_path(out, export, secret_key=current_app.config["SECRET_KEY"], now=utcnow())
    click.echo(f"Wrote {out} (ExportID {export_id}).")


@click.command("hud-report")
@click.option("--start", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Report start date, YYYY-MM-DD.")
@click.option("--end", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Report end date, YYYY-MM-DD.")
@click.option("--project", type=int, help="Only this project (its id); default: all of the agency's.")
@click.option("--agency", help="The agency's name; needed when the instance holds several.")
@click.option("--kind", type=click.Choice(["apr", "caper"]), help="Default: APR for CoC funding, CAPER for ESG.")
@click.option("--zip", "as_zip", is_flag=True, help="Write DIR/<kind>-<start>-<end>.zip for Sage instead of CSVs.")
@click.option("--out", required=True, type=click.Path(file_okay=False, writable=True), help="The folder to write.")
def hud_report(start, end, project, agency, kind, as_zip, out):
    """Write the CoC APR or ESG CAPER tables: one Q*.csv per question, or the Sage zip."""
    from exports.hud_reports import ReportError, resolve, write_report
    from models.hud_reports import report_tables
    start, end = start.date(), end.date()
    with database.db.connection_context():
        try:
            agency_row, projects, kind = resolve(agency_name=agency, project_id=project, start=start, end=end,
                                                 kind=kind)
        except ReportError as exc:
            raise click.UsageError(str(exc)) from None
        tables = report_tables(agency_row, [p.id for p in projects], start, end, kind)
    try:
        paths = write_report(out, tables, kind=kind, start=start, end=end, as_zip=as_zip)
    except OSError as exc:
        raise click.ClickException(f"Could not write to {out}: {exc.strerror}.") from None
    q5a = next(t for t in tables if t.name == "Q5a")
    served = q5a.cell("Total number of persons served", "Count of Clients")
    click.echo(f"Wrote the {kind.upper()} ({len(tables)} tables) to {paths[0] if as_zip else out}"
               + ("." if served else ": nobody was served in these projects in this period."))


@click.command("seed-demo")
@click.option("--clients", type=click.IntRange(1, 1_000_000), default=500, show_default=True,
              help="How many synthetic clients to add, in households.")
@click.option("--agency", "agency_name", default="Demo Agency", show_default=True,
              help="The agency to fill; created with demo projects and a demo-admin when missing.")
@click.option("--seed", type=int, help="Seed for reproducible data.")
def seed_demo(clients, agency_name, seed):
    """Fill an agency with realistic synthetic households, to try the app or measure it."""
    from flask import current_app

    from domain.dates import MIN_KEY_BYTES
    from models import demo
    from models.accounts import AccountError
    shift_key = current_app.config["DATE_SHIFT_KEY"].encode()
    if len(shift_key) < MIN_KEY_BYTES:  # checked first, so a bad key leaves no agency behind
        raise click.UsageError(f"DATE_SHIFT_KEY must be at least {MIN_KEY_BYTES} random bytes.")
    with database.db.connection_context():
        try:
            agency, password = demo.ensure_demo_agency(agency_name, os.environ.get("HMIS_ADMIN_PASSWORD"))
        except AccountError as exc:
            raise click.UsageError(str(exc)) from None
        plan = demo.seed_demo(agency, clients=clients, shift_key=shift_key, seed=seed)
    click.echo(f"Added {len(plan.clients)} clients in {len(plan.households)} households to {agency.name!r}.")
    if password:
        click.echo(f"Sign in as {demo.DEMO_ADMIN!r} with the password {password} (shown only this once).")


@click.command("serve")
def serve():
    """Serve the app with waitress on HOST:PORT (default 127.0.0.1:5000)."""
    from flask import current_app
    from waitress import serve as waitress_serve

    from models.accounts import User
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5000"))
    with database.db.connection_context():
        first_run = not User.select().exists()
    if first_run:
        click.echo("No accounts exist yet. Create the first agency and admin, then sign in:\n"
                   "  HMIS_ADMIN_PASSWORD='choose-a-long-passphrase' .venv/bin/flask --app app create-admin "
                   "--organization 'Your Agency' --username admin\n"
                   "Or try the app on synthetic households first: make demo")
    click.echo(f"Serving on http://{host}:{port}")
    waitress_serve(current_app._get_current_object(), host=host, port=port, threads=8, ident="")
