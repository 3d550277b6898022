"""The declared data elements (domain.elements) agree with what is written by hand around them: the models (and so
the migrations that made their columns), the HMIS CSV columns, the intake form and the privacy check's catalogue."""
import pytest
from peewee import DateField, SmallIntegerField

from domain import elements
from domain import reidentification as reid
from domain.elements import DATE, EVERYONE, INTAKE, ROW_RECORDS
from exports.hmis_csv import _select
from exports.hmis_csv_columns import COLUMNS
from forms.intake import MemberForm
from models.clients import RECORD_MODELS

IDS = [element.name for element in INTAKE]


def may_be_empty(element):
    """Whether a stored row can hold no answer to it: an optional or conditional element, or one not asked of
    everyone whose record exists (a record of its own exists only for those asked)."""
    return (not element.required or element.only_if is not None or element.living_situation_followup
            or element.asked_of != EVERYONE and element.not_asked is None and element.record not in ROW_RECORDS)


@pytest.mark.parametrize("element", INTAKE, ids=IDS)
def test_each_element_has_its_model_column(element):
    field = RECORD_MODELS[element.record]._meta.fields.get(element.name)
    assert field is not None, f"{element.name}: add the column to the {element.record} model and a migration"
    assert isinstance(field, DateField if element.widget == DATE else SmallIntegerField)
    assert field.null or not may_be_empty(element)  # (rows stored before a new element hold no answer to it)


@pytest.mark.parametrize("element", INTAKE, ids=IDS)
def test_each_element_has_its_hmis_csv_column(element):
    assert element.csv_column in COLUMNS[element.csv_file]


def test_names_are_unique_and_conditions_name_declared_elements():
    assert len(elements.BY_NAME) == len(INTAKE)
    for element in INTAKE:
        if element.only_if:
            assert element.only_if[0] in elements.BY_NAME and element.only_if[1] in \
                elements.BY_NAME[element.only_if[0]].code_list
        assert element.project_flag in (None, *elements.PROJECT_FLAGS)
        assert (element.code_list is None) == (element.widget == DATE)


@pytest.mark.parametrize("element", INTAKE, ids=IDS)
def test_the_intake_form_asks_each_element_with_its_label_and_codes(element):
    field = MemberForm()[element.name]
    assert field.label.text == element.label
    if element.code_list is not None:
        assert [c.value for c in field.choices if c.value != ""] == list(element.code_list)


def test_the_privacy_check_counts_declared_elements_and_can_withhold_each_entry_answer():
    entry_answers = {name for name, e in reid.ELEMENTS.items() if e.withholdable and e.stage == "entry"}
    assert set(elements.withhold_fields()) == entry_answers
    assert {element.privacy for element in elements.counted()} <= entry_answers
    for to_nine, cleared in elements.withhold_fields().values():
        assert to_nine in MemberForm() and all(name in MemberForm() for name in cleared)


@pytest.mark.parametrize("element", INTAKE, ids=IDS)
def test_the_hmis_csv_writes_each_element_from_its_column(element):
    model = RECORD_MODELS[element.record]
    selected = {node.name: node.node for node in _select(model, element.csv_file, model.id)}
    assert selected[element.csv_column] is model._meta.fields[element.name]
