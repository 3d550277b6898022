"""The layers import one way: domain <- models <- forms/exports <- views <- app, with no cycles anywhere and no page
importing another page."""
import ast

import pytest

from import_graph import blueprint_modules, cycles, graph, modules

# A layer and the first-party layers it must never import.
FORBIDDEN = {
    "domain": {"models", "forms", "views", "exports", "app", "config", "serving"},
    "models": {"forms", "views", "exports", "app", "config", "serving"},
    "forms": {"views", "exports", "app", "serving"},
    "exports": {"forms", "views", "app", "serving"},
    "views": {"app", "serving"},
}
WEB_FRAMEWORK = ("flask", "flask_login", "flask_wtf", "werkzeug", "wtforms", "peewee", "playhouse", "itsdangerous")


def test_no_import_cycles():
    assert cycles(graph()) == []


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_one_way(layer):
    wrong = {module: sorted(target for target in targets if target.split(".")[0] in FORBIDDEN[layer])
             for module, targets in graph().items() if module.split(".")[0] == layer}
    assert {module: targets for module, targets in wrong.items() if targets} == {}


def test_no_page_imports_another_page():
    """A blueprint module uses the views' shared helpers (views/_*.py, views/errors.py), never another page."""
    pages = blueprint_modules()
    assert {module: sorted(targets & pages) for module, targets in graph().items()
            if module in pages and targets & pages} == {}


def test_the_domain_needs_no_web_framework_or_database():
    imported = {}
    for name, path in modules().items():
        if name.split(".")[0] == "domain":
            for node in ast.walk(ast.parse(path.read_text())):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
                found = [n for n in names if n.split(".")[0] in WEB_FRAMEWORK]
                if found:
                    imported[name] = found
    assert imported == {}


def test_the_checker_sees_a_cycle_and_a_page_import(tmp_path):
    """The graph is read from source: a cycle made through an import inside a function is found."""
    for package in ("domain", "models", "forms", "exports"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "__init__.py").write_text("")
    (tmp_path / "views" / "a.py").write_text("from flask import Blueprint\nbp = Blueprint('a', __name__)\n"
                                             "from .b import thing\n")
    (tmp_path / "views" / "b.py").write_text("from flask import Blueprint\nbp = Blueprint('b', __name__)\n"
                                             "def f():\n    from views.a import bp\n")
    for name in ("app", "config", "serving"):
        (tmp_path / f"{name}.py").write_text("")
    edges = graph(tmp_path)
    assert edges["views.a"] == {"views.b"} and edges["views.b"] == {"views.a"}
    assert cycles(edges) == [["views.a", "views.b"]]
    assert blueprint_modules(tmp_path) == {"views.a", "views.b"}
