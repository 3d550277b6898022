"""Services and their catalog, income and benefits, disabilities, exits, move-in dates and record versions."""

from decimal import ROUND_HALF_EVEN

import peewee as pw
from peewee_migrate import Migrator

from migrations._guards import refuse_cascade


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    if not fake:
        refuse_cascade(database, ('client', 'household', 'enrollment', 'employment_education', 'health_and_dv'))
    migrator.add_fields(
        'client',
        version=pw.IntegerField(default=1))

    migrator.add_fields(
        'household',
        version=pw.IntegerField(default=1))

    migrator.add_fields(
        'enrollment',
        version=pw.IntegerField(default=1),
        move_in_date=pw.DateField(null=True))

    migrator.add_fields(
        'employment_education',
        version=pw.IntegerField(default=1))

    migrator.add_fields(
        'health_and_dv',
        version=pw.IntegerField(default=1))

    @migrator.create_model
    class Disability(pw.Model):
        id = pw.AutoField()
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()
        date_deleted = pw.DateTimeField(null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        version = pw.IntegerField(default=1)
        enrollment = pw.ForeignKeyField(column_name='enrollment_id', field='id', model=migrator.orm['enrollment'], on_delete='CASCADE')
        information_date = pw.DateField()
        data_collection_stage = pw.SmallIntegerField()
        disability_type = pw.SmallIntegerField()
        disability_response = pw.SmallIntegerField()
        indefinite_and_impairs = pw.SmallIntegerField(null=True)

        class Meta:
            table_name = "disability"

    @migrator.create_model
    class Exit(pw.Model):
        id = pw.AutoField()
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()
        date_deleted = pw.DateTimeField(null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        version = pw.IntegerField(default=1)
        enrollment = pw.ForeignKeyField(column_name='enrollment_id', field='id', model=migrator.orm['enrollment'], on_delete='CASCADE')
        exit_date = pw.DateField()
        destination = pw.SmallIntegerField()
        destination_subsidy_type = pw.SmallIntegerField(null=True)
        other_destination = pw.CharField(max_length=50, null=True)
        reason_for_leaving = pw.SmallIntegerField(null=True)

        class Meta:
            table_name = "exit"

    @migrator.create_model
    class IncomeBenefits(pw.Model):
        id = pw.AutoField()
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()
        date_deleted = pw.DateTimeField(null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        version = pw.IntegerField(default=1)
        enrollment = pw.ForeignKeyField(column_name='enrollment_id', field='id', model=migrator.orm['enrollment'], on_delete='CASCADE')
        information_date = pw.DateField()
        data_collection_stage = pw.SmallIntegerField()
        income_from_any_source = pw.SmallIntegerField(null=True)
        total_monthly_income = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        other_income_source_identify = pw.CharField(max_length=50, null=True)
        benefits_from_any_source = pw.SmallIntegerField(null=True)
        other_benefits_source_identify = pw.CharField(max_length=50, null=True)
        insurance_from_any_source = pw.SmallIntegerField(null=True)
        other_insurance_identify = pw.CharField(max_length=50, null=True)
        earned = pw.SmallIntegerField(null=True)
        earned_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        unemployment = pw.SmallIntegerField(null=True)
        unemployment_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        ssi = pw.SmallIntegerField(null=True)
        ssi_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        ssdi = pw.SmallIntegerField(null=True)
        ssdi_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        va_disability_service = pw.SmallIntegerField(null=True)
        va_disability_service_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        va_disability_non_service = pw.SmallIntegerField(null=True)
        va_disability_non_service_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        private_disability = pw.SmallIntegerField(null=True)
        private_disability_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        workers_comp = pw.SmallIntegerField(null=True)
        workers_comp_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        tanf = pw.SmallIntegerField(null=True)
        tanf_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        ga = pw.SmallIntegerField(null=True)
        ga_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        soc_sec_retirement = pw.SmallIntegerField(null=True)
        soc_sec_retirement_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        pension = pw.SmallIntegerField(null=True)
        pension_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        child_support = pw.SmallIntegerField(null=True)
        child_support_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        alimony = pw.SmallIntegerField(null=True)
        alimony_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        other_income_source = pw.SmallIntegerField(null=True)
        other_income_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)
        snap = pw.SmallIntegerField(null=True)
        wic = pw.SmallIntegerField(null=True)
        tanf_child_care = pw.SmallIntegerField(null=True)
        tanf_transportation = pw.SmallIntegerField(null=True)
        other_tanf = pw.SmallIntegerField(null=True)
        other_benefits_source = pw.SmallIntegerField(null=True)
        medicaid = pw.SmallIntegerField(null=True)
        medicare = pw.SmallIntegerField(null=True)
        schip = pw.SmallIntegerField(null=True)
        vha_services = pw.SmallIntegerField(null=True)
        employer_provided = pw.SmallIntegerField(null=True)
        cobra = pw.SmallIntegerField(null=True)
        private_pay = pw.SmallIntegerField(null=True)
        state_health_ins = pw.SmallIntegerField(null=True)
        indian_health_services = pw.SmallIntegerField(null=True)
        other_insurance = pw.SmallIntegerField(null=True)

        class Meta:
            table_name = "income_benefits"

    @migrator.create_model
    class ServiceType(pw.Model):
        id = pw.AutoField()
        agency = pw.ForeignKeyField(column_name='agency_id', field='id', model=migrator.orm['agency'], on_delete='CASCADE')
        name = pw.CharField(max_length=100)
        record_type = pw.SmallIntegerField(null=True)
        type_provided = pw.SmallIntegerField(null=True)
        financial_assistance = pw.BooleanField(default=False)
        active = pw.BooleanField(default=True)

        class Meta:
            table_name = "service_type"
            indexes = [(('agency', 'name'), True)]

    @migrator.create_model
    class Service(pw.Model):
        id = pw.AutoField()
        date_created = pw.DateTimeField()
        date_updated = pw.DateTimeField()
        date_deleted = pw.DateTimeField(null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['app_user'], null=True, on_delete='SET NULL')
        version = pw.IntegerField(default=1)
        enrollment = pw.ForeignKeyField(column_name='enrollment_id', field='id', model=migrator.orm['enrollment'], on_delete='CASCADE')
        service_type = pw.ForeignKeyField(column_name='service_type_id', field='id', model=migrator.orm['service_type'], on_delete='RESTRICT')
        date_provided = pw.DateField()
        fa_amount = pw.DecimalField(auto_round=False, decimal_places=2, max_digits=10, null=True, rounding=ROUND_HALF_EVEN)

        class Meta:
            table_name = "service"
            indexes = [(('service_type', 'date_provided'), False), (('enrollment', 'date_provided'), False)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('health_and_dv', 'version')

    migrator.remove_fields('employment_education', 'version')

    migrator.remove_fields('enrollment', 'version', 'move_in_date')

    migrator.remove_fields('household', 'version')

    migrator.remove_fields('client', 'version')

    migrator.remove_model('service')

    migrator.remove_model('service_type')

    migrator.remove_model('income_benefits')

    migrator.remove_model('exit')

    migrator.remove_model('disability')
