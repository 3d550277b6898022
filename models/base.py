"""The database proxy the models are bound to, their base class, and the one way a view looks up a record."""
from peewee import DatabaseProxy, Model
from werkzeug.exceptions import NotFound

db = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False  # snake_case table names: user_project, audit_event


def one_or_404(query, key):
    """The row of `query` with this primary key, or a 404: pass a query already scoped to what the user may see
    (`Household.visible_to(user)`), so that another agency's record is not found, and its existence never shows."""
    row = query.where(query.model._meta.primary_key == key).first()
    if row is None:
        raise NotFound()
    return row
