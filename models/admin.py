"""An agency admin's saves (its settings, projects and accounts), each in one transaction with its audit event."""
from peewee import IntegrityError

from .accounts import Project, UserProject, utcnow
from .audit import AuditEvent
from .db import write_transaction


class DuplicateProject(Exception):
    """Another project of the agency has this name (saved since the form was checked)."""


class DuplicateUsername(Exception):
    """Another account has this username (saved since the form was checked)."""


def update_settings(user, record, record_type, changed):
    """Save the fields `changed` on the agency or one of its projects (record_type "agency" or "project")."""
    if not changed:
        return
    with write_transaction():
        record.date_updated = utcnow()
        record.save()
        AuditEvent.record(user, "update", record_type, record.id, changed)


def create_project(user, project):
    try:
        with write_transaction():
            project.save()
            AuditEvent.record(user, "create", "project", project.id)
    except IntegrityError:
        raise DuplicateProject(project.name) from None


def project_names_by_user(agency):
    """user id -> the names of the projects the user is assigned to, in name order (users with none are left out)."""
    names = {}
    for assignment in (UserProject.select(UserProject.user, Project.name).join(Project)
                       .where(Project.agency == agency).order_by(Project.name)):
        names.setdefault(assignment.user_id, []).append(assignment.project.name)
    return names


def create_account(user, account, project_ids):
    """Save a new account of the admin's agency (its password already set) with its project assignments."""
    try:
        with write_transaction():
            account.save()
            _assign(account, project_ids)
            AuditEvent.record(user, "create", "user", account.id)
    except IntegrityError:
        raise DuplicateUsername(account.username) from None


def update_account(user, account, changed, project_ids):
    """Save an account's changed role or active flag and its project assignments; deactivating it ends its
    sessions at once."""
    with write_transaction():
        if "active" in changed and not account.active:
            account.session_version += 1
        account.save()
        _assign(account, project_ids)
        AuditEvent.record(user, "update", "user", account.id, changed + ["projects"])


def reset_account_password(user, account, password):
    """Give an account a new password: its open sessions end and any lock is lifted."""
    account.set_password(password)  # hashed before the transaction: argon2 takes its time
    account.session_version += 1
    account.failed_logins, account.locked_until = 0, None
    with write_transaction():
        account.save()
        AuditEvent.record(user, "reset-password", "user", account.id)


def _assign(account, project_ids):
    """The account's projects become these (those of its agency: others are ignored)."""
    allowed = {project.id for project in Project.for_agency(account.agency_id)}
    UserProject.delete().where(UserProject.user == account).execute()
    UserProject.insert_many([{"user": account, "project": pid}
                             for pid in sorted(set(project_ids) & allowed)]).execute()
