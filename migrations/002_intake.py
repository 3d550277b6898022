"""Households, clients, enrollments, and the 4.11 and R4 records collected at intake."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Client(pw.Model):
        id = pw.AutoField()
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()
        date_deleted = pw.DateTimeField(null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        agency = pw.ForeignKeyField(column_name='agency_id', field='id', model=migrator.orm['agency'], on_delete='CASCADE')
        personal_id = pw.CharField(max_length=32, unique=True)
        code = pw.CharField(max_length=8, unique=True)
        name_data_quality = pw.SmallIntegerField(default=9)
        ssn_data_quality = pw.SmallIntegerField(default=9)
        dob = pw.DateField()
        dob_data_quality = pw.SmallIntegerField()
        am_ind_ak_native = pw.BooleanField(default=False)
        asian = pw.BooleanField(default=False)
        black_af_american = pw.BooleanField(default=False)
        hispanic_latinao = pw.BooleanField(default=False)
        mid_east_n_african = pw.BooleanField(default=False)
        native_hi_pacific = pw.BooleanField(default=False)
        white = pw.BooleanField(default=False)
        race_none = pw.SmallIntegerField(null=True)
        sex = pw.SmallIntegerField()
        veteran_status = pw.SmallIntegerField()

        class Meta:
            table_name = "client"

    @migrator.create_model
    class Household(pw.Model):
        id = pw.AutoField()
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()
        date_deleted = pw.DateTimeField(null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        agency = pw.ForeignKeyField(column_name='agency_id', field='id', model=migrator.orm['agency'], on_delete='CASCADE')
        project = pw.ForeignKeyField(column_name='project_id', field='id', model=migrator.orm['project'], on_delete='CASCADE')
        household_id = pw.CharField(max_length=32, unique=True)
        code = pw.CharField(max_length=8, unique=True)
        dates_approximated = pw.BooleanField(default=False)

        class Meta:
            table_name = "household"
            indexes = [(('project', 'date_created'), False)]

    @migrator.create_model
    class Enrollment(pw.Model):
        id = pw.AutoField()
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()
        date_deleted = pw.DateTimeField(null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        agency = pw.ForeignKeyField(column_name='agency_id', field='id', model=migrator.orm['agency'], on_delete='CASCADE')
        project = pw.ForeignKeyField(column_name='project_id', field='id', model=migrator.orm['project'], on_delete='CASCADE')
        household = pw.ForeignKeyField(column_name='household_id', field='id', model=migrator.orm['household'], on_delete='CASCADE')
        client = pw.ForeignKeyField(column_name='client_id', field='id', model=migrator.orm['client'], on_delete='CASCADE')
        enrollment_id = pw.CharField(max_length=32, unique=True)
        relationship_to_hoh = pw.SmallIntegerField()
        entry_date = pw.DateField()
        enrollment_coc = pw.CharField(max_length=6, null=True)
        disabling_condition = pw.SmallIntegerField()
        living_situation = pw.SmallIntegerField(null=True)
        rental_subsidy_type = pw.SmallIntegerField(null=True)
        length_of_stay = pw.SmallIntegerField(null=True)
        los_under_threshold = pw.SmallIntegerField(null=True)
        previous_street_essh = pw.SmallIntegerField(null=True)
        date_to_street_essh = pw.DateField(null=True)
        times_homeless_past_three_years = pw.SmallIntegerField(null=True)
        months_homeless_past_three_years = pw.SmallIntegerField(null=True)

        class Meta:
            table_name = "enrollment"
            indexes = [(('project', 'entry_date'), False)]

    @migrator.create_model
    class EmploymentEducation(pw.Model):
        id = pw.AutoField()
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()
        date_deleted = pw.DateTimeField(null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        enrollment = pw.ForeignKeyField(column_name='enrollment_id', field='id', model=migrator.orm['enrollment'], on_delete='CASCADE')
        information_date = pw.DateField()
        data_collection_stage = pw.SmallIntegerField()
        last_grade_completed = pw.SmallIntegerField()

        class Meta:
            table_name = "employment_education"

    @migrator.create_model
    class HealthAndDV(pw.Model):
        id = pw.AutoField()
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()
        date_deleted = pw.DateTimeField(null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        enrollment = pw.ForeignKeyField(column_name='enrollment_id', field='id', model=migrator.orm['enrollment'], on_delete='CASCADE')
        information_date = pw.DateField()
        data_collection_stage = pw.SmallIntegerField()
        domestic_violence_survivor = pw.SmallIntegerField()
        when_occurred = pw.SmallIntegerField(null=True)
        currently_fleeing = pw.SmallIntegerField(null=True)

        class Meta:
            table_name = "health_and_dv"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('health_and_dv')

    migrator.remove_model('employment_education')

    migrator.remove_model('enrollment')

    migrator.remove_model('household')

    migrator.remove_model('client')
