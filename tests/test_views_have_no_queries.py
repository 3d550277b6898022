"""Views hold no queries: every read and write goes through a function or class method in models/ whose name says
what it returns or does (peewee's `Entry.public()`), so a query has one place and the views stay readable.

Run as a script to list what is left: .venv/bin/python tests/test_views_have_no_queries.py [views folder]
"""
import ast
import sys
from pathlib import Path

VIEWS = Path(__file__).resolve().parent.parent / "views"

# Peewee's query and write methods, whatever they are called on.
QUERY_METHODS = {
    "atomic", "connection_context", "create", "delete_instance", "dicts", "execute", "execute_sql", "first",
    "for_update", "get_by_id", "get_or_create", "get_or_none", "group_by", "having", "insert_from", "insert_many",
    "limit", "namedtuples", "objects", "offset", "on_conflict", "on_conflict_ignore", "order_by", "paginate", "save",
    "scalar", "select", "switch", "tuples", "where",
}
# Names that dicts, lists, strings and os.path have too: a query only when called on a model (or on a query made
# from one), or, for some, without arguments.
SHARED_METHODS = {"count", "delete", "exists", "get", "insert", "join", "update"}
NO_ARGUMENT_QUERIES = {"count", "delete", "exists"}  # list.count(x), os.path.exists(path) take one
QUERY_MODULES = ("models", "peewee", "playhouse")
# fn.MAX(...), db.atomic(), write_transaction(): a query or a write wherever they appear.
QUERY_HELPERS = {"fn", "db", "write_transaction"}


def _imported(tree):
    """Names a module imports from models or peewee."""
    return {alias.asname or alias.name for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in QUERY_MODULES
            for alias in node.names}


def _is_model(name, imported):
    """A class imported from models (Household), not a constant (ROLES) or a function (utcnow)."""
    return name in imported and name[:1].isupper() and not name.isupper()


def _root(node):
    """The name an attribute chain starts from: `Household` in Household.visible_to(user).where(...)."""
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_query(node, imported):
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id in QUERY_HELPERS and node.value.id in imported
    if isinstance(node, ast.Name):
        return node.id == "write_transaction" and node.id in imported
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    method = node.func.attr
    if method in QUERY_METHODS:
        return True
    if method in SHARED_METHODS:
        return _is_model(_root(node.func.value), imported) or (method in NO_ARGUMENT_QUERIES and not node.args)
    return False


def queries_in(path):
    """(line, source) of each query expression in a module; a chain or a query nested in another counts once."""
    source = path.read_text()
    tree = ast.parse(source)
    imported = _imported(tree)
    found = [node for node in ast.walk(tree) if _is_query(node, imported)]
    # A `with write_transaction():` block is one expression, with the writes in it.
    found += [node for node in ast.walk(tree) if isinstance(node, ast.With)
              and any(_is_query(part, imported) for item in node.items for part in ast.walk(item.context_expr))]
    spans = {node: (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset) for node in found}

    def inside(inner, outer):
        a, b = spans[inner], spans[outer]
        return inner is not outer and (b[0], b[1]) <= (a[0], a[1]) and (a[2], a[3]) <= (b[2], b[3])

    outermost = {spans[n][:2]: n for n in found if not any(inside(n, other) for other in found)}
    return [(line, ast.get_source_segment(source, node).splitlines()[0].strip())
            for (line, _), node in sorted(outermost.items())]


def view_modules(folder=VIEWS):
    return sorted(Path(folder).glob("*.py"))


def test_views_have_no_queries():
    found = [f"views/{path.name}:{line}: {text}" for path in view_modules() for line, text in queries_in(path)]
    assert not found, "Queries in views: give each a name in models/ and call that instead.\n" + "\n".join(found)


def test_the_scanner_finds_queries(tmp_path):
    """The scanner itself: queries of each kind are found, and the dict, list and string methods of the same
    names are not."""
    module = tmp_path / "view.py"
    module.write_text(
        "from models import ROLES, Household, write_transaction\n"
        "from peewee import IntegrityError, fn\n"
        "def view(user, query, form, items):\n"
        "    a = Household.visible_to(user).where(Household.id == 1).first()\n"
        "    b = Household.get(Household.id == 2)\n"
        "    c = query.count()\n"
        "    d = fn.MAX(Household.id)\n"
        "    with write_transaction():\n"
        "        form.record.save()\n"
        "    Household.update(code='x').execute()\n"
        "    e = {}.get('x'), items.count(1), ', '.join(items), form.data.update({}), items.insert(0, 1)\n"
        "    f = os.path.exists('x'), query.exists(), ROLES.get('admin')\n"
        "    return IntegrityError\n")
    assert [line for line, _ in queries_in(module)] == [4, 5, 6, 7, 8, 10, 12]


if __name__ == "__main__":
    found = {path.name: queries_in(path) for path in view_modules(*sys.argv[1:])}
    for name, lines in found.items():
        if lines:
            print(f"views/{name}: {len(lines)}")
            for line, text in lines:
                print(f"    {line}: {text}")
    left = sum(map(len, found.values()))
    print(f"{left} query expressions in views/")
    sys.exit(1 if left else 0)
