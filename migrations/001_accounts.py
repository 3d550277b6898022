"""Agencies, projects, users and the audit trail."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Agency(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=200, unique=True)
        victim_service_provider = pw.BooleanField(default=True)
        organization_common_code = pw.CharField(max_length=50, null=True)
        dob_data_quality = pw.SmallIntegerField(default=9)
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()

        class Meta:
            table_name = "agency"

    @migrator.create_model
    class User(pw.Model):
        id = pw.AutoField()
        agency = pw.ForeignKeyField(column_name='agency_id', field='id', model=migrator.orm['agency'], on_delete='CASCADE')
        username = pw.CharField(max_length=64, unique=True)
        password_hash = pw.CharField(max_length=255)
        role = pw.CharField(default='staff', max_length=10)
        active = pw.BooleanField(default=True)
        failed_logins = pw.IntegerField(default=0)
        locked_until = pw.DateTimeField(null=True)
        session_version = pw.IntegerField(default=0)
        last_login_at = pw.DateTimeField(null=True)
        date_created = pw.DateTimeField()

        class Meta:
            table_name = "app_user"

    @migrator.create_model
    class AuditEvent(pw.Model):
        id = pw.AutoField()
        agency = pw.ForeignKeyField(column_name='agency_id', field='id', model=migrator.orm['agency'], on_delete='CASCADE')
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        action = pw.CharField(max_length=32)
        record_type = pw.CharField(max_length=32)
        record_id = pw.IntegerField(null=True)
        fields = pw.TextField(default='')
        at = pw.DateTimeField(index=True)

        class Meta:
            table_name = "audit_event"

    @migrator.create_model
    class Project(pw.Model):
        id = pw.AutoField()
        agency = pw.ForeignKeyField(column_name='agency_id', field='id', model=migrator.orm['agency'], on_delete='CASCADE')
        name = pw.CharField(max_length=200)
        project_type = pw.SmallIntegerField()
        rrh_sub_type = pw.SmallIntegerField(null=True)
        housing_type = pw.SmallIntegerField(null=True)
        target_population = pw.SmallIntegerField(default=1)
        continuum_project = pw.BooleanField(default=False)
        coc_code = pw.CharField(max_length=6)
        funding_source = pw.SmallIntegerField()
        other_funder = pw.CharField(max_length=100, null=True)
        grant_id = pw.CharField(max_length=100, null=True)
        operating_start_date = pw.DateField()
        operating_end_date = pw.DateField(null=True)
        gives_financial_assistance = pw.BooleanField(default=False)
        collects_education = pw.BooleanField(default=False)
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()

        class Meta:
            table_name = "project"
            indexes = [(('agency', 'name'), True)]

    @migrator.create_model
    class UserProject(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], on_delete='CASCADE')
        project = pw.ForeignKeyField(column_name='project_id', field='id', model=migrator.orm['project'], on_delete='CASCADE')

        class Meta:
            table_name = "user_project"
            indexes = [(('user', 'project'), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('user_project')

    migrator.remove_model('project')

    migrator.remove_model('audit_event')

    migrator.remove_model('app_user')

    migrator.remove_model('agency')
