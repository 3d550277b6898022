"""Application factory and command-line interface."""
import getpass
import logging
import os
from pathlib import Path

import click
from flask import Flask, Request, abort, request
from flask.cli import with_appcontext
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix

import config as settings
from models import db as database  # the module: init_app, close_all
from models import schema
from models.instance import check_shift_key

csrf = CSRFProtect()
# Every form posts one of these; the app takes no JSON and no file uploads.
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
DEMO_INSTANCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "instance-demo")
# The real instance's settings, never read by the demo: a demo must not open the real database or reuse its keys.
REAL_INSTANCE_SETTINGS = ("DATABASE_URL", "SECRET_KEY", "DATE_SHIFT_KEY", "KEYS_PATH", "INSTANCE_PATH")


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
    # Everything this process creates (instance folder, database and its -wal/-shm, key files, exports, reports,
    # backups) is for the service account only. A process-wide umask covers files made by SQLite and by libraries
    # as well as our own; the server creates nothing that others should read (static files are shipped, not made).
    os.umask(0o077)
    demo = (os.environ.get("HMIS_DEMO") == "1") if config is None else bool(config.get("DEMO"))
    env = {k: v for k, v in os.environ.items() if not (demo and k in REAL_INSTANCE_SETTINGS)}
    instance_path = (instance_path or (env if config is None else config).get("INSTANCE_PATH")
                     or (DEMO_INSTANCE if demo else None))
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.request_class = CleanRequest
    _private_folder(app.instance_path)
    app.config.update(
        DEMO=demo,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Browsers send a host's cookies to every port: the demo's cookie has its own name (and its own secret).
        SESSION_COOKIE_NAME="hmis_demo_session" if demo else "hmis_session",
        MAX_CONTENT_LENGTH=1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # lives as long as the session, which times out on its own
        MIGRATE_ON_START=True,
    )
    app.config.update(settings.from_environment(app.instance_path, env) if config is None
                      else settings.with_defaults(app.instance_path, config))
    app.session_interface = SessionInterface()
    if app.config["PROXIES"]:
        # Behind a TLS proxy: trust the last PROXIES hops of X-Forwarded-For/-Proto/-Host, so the
        # sign-in throttle counts each client, not the proxy, and forms pass the HTTPS CSRF check.
        # This layer serves `flask run` and other WSGI servers; `serve` swaps it for waitress's own
        # (serving.make_server). The cookie is Secure even if a request reaches the app as plain HTTP.
        proxies = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
        app.config["SESSION_COOKIE_SECURE"] = True
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    database.init_app(app)
    shift_key = app.config["DATE_SHIFT_KEY"].encode()
    schema.refuse_unusable()  # a foreign, unreadable or newer database, before anything touches it
    check_shift_key(shift_key)  # before migrating, so a wrong key changes nothing
    if app.config["MIGRATE_ON_START"]:
        result = app.extensions["migration"] = schema.migrate(backup_dir=backup_folder(app))
        if result.applied:
            logging.getLogger(__name__).info(result.summary().replace("\n", " "))
        check_shift_key(shift_key)  # records it in a database that only now has the table
    database.close_all()  # the start-up checks' connections are not kept: requests open their own
    app.before_request(_only_form_bodies)  # before the CSRF check, so a JSON body gets 415, not "form expired"
    csrf.init_app(app)

    from views import register_blueprints
    register_blueprints(app)
    for command in (create_admin, migrate, serve, export_hmis_csv, seed_demo, hud_report, backup, restore):
        app.cli.add_command(command)
    return app


def _private_folder(path):
    """The instance folder, owner-only. One an older version made 0755 is tightened: only this service account
    uses it, and it holds the keys and the SQLite database."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    if os.stat(path).st_mode & 0o077 and os.stat(path).st_uid == os.getuid():
        os.chmod(path, 0o700)


def _only_form_bodies():
    """Refuse bodies no form sends: JSON or text would bypass the form parsing (and its NUL filter), and a file
    part would reach a form field as an object. 415 for the type, 400 for a file."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.mimetype not in FORM_TYPES and (request.mimetype or request.content_length or
                                               request.headers.get("Transfer-Encoding")):
        abort(415)
    if request.mimetype == "multipart/form-data" and request.files:
        abort(400)


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
    result = started if started and started.applied else schema.migrate(backup_dir=backup_folder(current_app))
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

    from exports.hmis_csv import ExportError, export_to_path, held_back, resolve_filter
    from models.accounts import utcnow
    with database.db.connection_context():
        try:
            export = resolve_filter(agency_name=agency, project_id=project, start=start and start.date(),
                                    end=end and end.date())
        except ExportError as exc:
            raise click.UsageError(str(exc)) from None
        now = utcnow()
        export_id = export_to_path(out, export, secret_key=current_app.config["SECRET_KEY"], now=now)
        held = held_back(export, now)
    click.echo(f"Wrote {out} (ExportID {export_id}).")
    if held:
        click.echo(f"Held back until their approximated dates have come: {held.enrollments} enrollments and "
                   f"{held.records} other records (nothing exported is dated after now).")


@click.command("hud-report")
@click.option("--start", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Report start date, YYYY-MM-DD.")
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

    from models import demo
    from models.accounts import AccountError
    shift_key = current_app.config["DATE_SHIFT_KEY"].encode()  # its length was checked at start
    with database.db.connection_context():
        try:
            agency, password = demo.ensure_demo_agency(agency_name, os.environ.get("HMIS_ADMIN_PASSWORD"))
        except AccountError as exc:
            raise click.UsageError(str(exc)) from None
        plan = demo.seed_demo(agency, clients=clients, shift_key=shift_key, seed=seed)
    click.echo(f"Added {len(plan.clients)} clients in {len(plan.households)} households to {agency.name!r}.")
    if password:
        click.echo(f"Sign in as {demo.DEMO_ADMIN!r} with the password {password} (shown only this once).")


def _passphrase(passphrase_file, new):
    """A passphrase from a file or typed at a terminal, never from the command line (shell history keeps it);
    a `new` one (to encrypt with) is typed twice and must be long enough."""
    from models.backup_crypt import CryptError, check_passphrase, read_passphrase_file
    try:
        if passphrase_file:
            value = read_passphrase_file(passphrase_file)
            return check_passphrase(value) if new else value
        if not os.isatty(0):
            raise click.UsageError("Give --passphrase-file, or run this in a terminal to be asked for the passphrase.")
        value = getpass.getpass("Backup passphrase: ")
        if new and getpass.getpass("The same passphrase again: ") != value:
            raise click.UsageError("The two passphrases differ; nothing was written.")
        return check_passphrase(value) if new else value
    except CryptError as exc:
        raise click.UsageError(str(exc)) from None


def _size(n):
    return f"{n / 1e6:,.1f} MB" if n >= 1e5 else f"{n:,} bytes"


def _rows(counts):
    return ", ".join(f"{table} {n:,}" for table, n in counts.items())


@click.command("backup")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The file to write.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--encrypt", is_flag=True, help="Encrypt with a passphrase asked for at the terminal.")
@click.option("--passphrase-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Encrypt with the passphrase on this owner-only file's first line.")
@click.option("--recipient", multiple=True, help="Encrypt to this age public key (age1...); may be repeated.")
def backup(out, force, encrypt, passphrase_file, recipient):
    """Write a consistent, owner-only copy of the database (keys not included), optionally encrypted (age)."""
    from models.backup import BackupError, make_backup
    from models.backup_crypt import CryptError, parse_recipients
    if (encrypt or passphrase_file) and recipient:
        raise click.UsageError("Encrypt with a passphrase or with public keys, not both.")
    try:
        recipients = parse_recipients(recipient)
        passphrase = _passphrase(passphrase_file, new=True) if encrypt or passphrase_file else None
        result = make_backup(out, force=force, passphrase=passphrase, recipients=recipients)
    except (BackupError, CryptError) as exc:
        raise click.ClickException(str(exc)) from None
    how = f", encrypted with a {result.encrypted}" if result.encrypted else ", not encrypted"
    click.echo(f"Wrote {result.path} ({_size(result.size)}{how}); it was checked after writing.")
    if result.counts:
        click.echo(f"Rows: {_rows(result.counts)}.")
    click.echo(f"The keys are not in it: back up {_keys_named()} apart from it.")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", "url", help="The empty database to restore into (a DATABASE_URL); default: DATABASE_URL.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@click.option("--passphrase-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The passphrase of an encrypted backup, on this owner-only file's first line.")
@click.option("--identity", type=click.Path(dir_okay=False, path_type=Path),
              help="An age identity file (AGE-SECRET-KEY-1...) for a backup encrypted to a public key.")
def restore(file, url, yes, passphrase_file, identity):
    """Restore a backup into an empty database, after checking the file and the database."""
    from flask import current_app

    from models.backup import BackupError
    from models.backup_crypt import CryptError, is_encrypted, needs_passphrase, read_identities
    from models.db import DatabaseUrlError, open_database
    from models.restore import check_target, confirmation_word, describe, restore as restore_backup
    try:
        target = open_database(url or current_app.config["DATABASE_URL"])
    except DatabaseUrlError as exc:
        raise click.UsageError(str(exc).replace("DATABASE_URL", "--into" if url else "DATABASE_URL")) from None
    database.close_all()  # the app's own connections to it, opened at start
    word = confirmation_word(target)
    if not yes and not os.isatty(0):
        raise click.UsageError("Run this in a terminal to confirm, or pass --yes.")

    def confirm():
        if yes:
            return True
        answer = click.prompt(f"Restore {file} into {describe(target)}? Type {word!r} to go on", default="",
                              show_default=False)
        return answer.strip() == word

    try:
        check_target(target)  # before asking for a passphrase that would be typed in vain
        passphrase, identities = None, read_identities(identity) if identity else ()
        if file.is_file() and is_encrypted(file) and not identity and (passphrase_file or needs_passphrase(file)):
            passphrase = _passphrase(passphrase_file, new=False)
        result = restore_backup(file, target, passphrase=passphrase, identities=identities, confirm=confirm)
    except (BackupError, CryptError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {file} into {result.target}; its checks passed. Rows: {_rows(result.counts)}.")
    if result.pending:
        click.echo(f"The backup predates {len(result.pending)} of this app's migrations ({', '.join(result.pending)})"
                   ": the app applies them when it starts, or run `flask --app app migrate` now.")
    click.echo(f"Restore the keys it was made with too ({_keys_named()}).")


@click.command("serve")
def serve():
    """Serve the app with waitress on HOST:PORT (default 127.0.0.1:5000)."""
    from flask import current_app

    from models.accounts import no_accounts_yet
    from serving import make_server
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5000"))
    with database.db.connection_context():
        first_run = no_accounts_yet()
    if first_run:
        click.echo("No accounts exist yet. Create the first agency and admin, then sign in:\n"
                   "  HMIS_ADMIN_PASSWORD='choose-a-long-passphrase' .venv/bin/flask --app app create-admin "
                   "--organization 'Your Agency' --username admin\n"
                   "Or try the app on synthetic households first: make demo")
    server = make_server(current_app._get_current_object(), host, port)
    proxies = current_app.config["PROXIES"]
    click.echo(f"Serving on http://{host}:{port}" + (f", behind {proxies} proxy(ies) connecting from "
                                                      f"{current_app.config['TRUSTED_PROXY']}" if proxies else ""))
    server.run()


def _keys_named():
    """The key files of this instance, or the variables that hold the keys instead."""
    from flask import current_app
    folder = settings.keys_folder(current_app.instance_path)
    return " and ".join(name.upper() if os.environ.get(name.upper()) else str(folder / name)
                        for name in settings.KEY_FILES)
