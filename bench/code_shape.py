"""The shape of the code, measured: function lengths, annotations, the import graph.

    .venv/bin/python bench/code_shape.py [ROOT]

ROOT defaults to this checkout; point it at another checkout (git worktree add /tmp/before <commit>) to compare.
"""
import ast
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from import_graph import blueprint_modules, cycles, graph, modules


def functions(root):
    """(module, function node) for every function and method of the first-party modules."""
    for name, path in modules(root).items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield name, node


def annotated(node):
    args = [a for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")]
    return node.returns is not None and all(a.annotation is not None for a in args)


def main(root):
    found = list(functions(root))
    lengths = sorted(node.end_lineno - node.lineno + 1 for _, node in found)
    deciles = statistics.quantiles(lengths, n=10)
    print(f"functions: {len(lengths)}; lines: median {statistics.median(lengths):g}, p90 {deciles[-1]:g}, "
          f"max {lengths[-1]}; over 30 lines: {sum(n > 30 for n in lengths)}, over 50: {sum(n > 50 for n in lengths)}")
    for layer in ("domain", "models", "forms", "views", "exports"):
        mine = [node for name, node in found if name.split(".")[0] == layer]
        share = sum(map(annotated, mine)) / len(mine)
        print(f"  {layer}: {len(mine)} functions, {share:.0%} fully annotated")
    edges = graph(root)
    pages = blueprint_modules(root)
    print("import cycles:", cycles(edges) or "none")
    print("page -> page imports:", {m: sorted(t & pages) for m, t in edges.items() if m in pages and t & pages}
          or "none")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
