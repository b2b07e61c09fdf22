"""The imports within govdash go one way: no module ends up importing itself through others.

Every ``import`` and ``from … import`` of every module under ``govdash/`` is read with ``ast`` — those inside
functions too, since a deferred import only hides a cycle — except those under ``if TYPE_CHECKING:``. Importing
``govdash.a.b`` also runs ``govdash/a/__init__.py``, so the package counts as imported too (unless it is the
importer's own package, which Python has already started). The strongly connected components of that graph are
the cycles.

Two cycles are known and listed below; the test fails when a new one appears or a known one grows, and tells to
shorten the list when one is broken.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from pathlib import Path

GOVDASH = Path(__file__).resolve().parents[1] / "govdash"

KNOWN_CYCLES = {
    # The command modules register on ``app``, which govdash/cli/__init__.py defines and then imports them for.
    frozenset({"govdash.cli", "govdash.cli.boundary_commands", "govdash.cli.brief_commands",
               "govdash.cli.data_commands", "govdash.cli.demo_commands", "govdash.cli.method_commands",
               "govdash.cli.report_commands", "govdash.cli.score_commands", "govdash.cli.score_tables",
               "govdash.cli.user_commands", "govdash.cli.warning_commands", "govdash.cli.workday_commands"}),
    # govdash.auth re-exports the upload permissions, which import the import service; the service applies the
    # working-day rule, whose edits check roles in govdash.auth.
    frozenset({"govdash.auth", "govdash.auth.uploads", "govdash.ingest.service", "govdash.repository.workdays"}),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in GOVDASH.rglob("*.py"):
        if "migrations" in path.relative_to(GOVDASH).parts:
            continue  # Alembic loads the revisions by file; they import nothing of each other
        parts = list(path.relative_to(GOVDASH.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Return the ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    hidden = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name | ast.Attribute) \
                and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            hidden.update(id(sub) for stmt in node.body for sub in ast.walk(stmt))
    return hidden


def _imported_names(module: str, path: Path, modules: Collection[str]) -> Iterator[str]:
    """Yield what each import needs: the submodule named, else the module whose body defines the name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = _type_checking_only(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                name = f"{base}.{alias.name}"
                yield name if name in modules else base


def import_graph() -> dict[str, set[str]]:
    """Return each govdash module and the govdash modules (and packages) its imports run."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        # The importer's own packages are already being imported when it runs: only a name taken from one
        # of them (``from govdash.cli import app``) makes it depend on that package's body.
        own = {".".join(module.split(".")[:k]) for k in range(1, module.count(".") + 2)}
        targets = set()
        for name in _imported_names(module, path, modules):
            parts = name.split(".")
            targets.update(p for p in (".".join(parts[:k]) for k in range(2, len(parts))) if p in modules
                           and p not in own)
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Return the groups of modules that each reach one another (strongly connected, more than one module)."""
    reach = {node: _reachable(graph, node) for node in graph}
    return {frozenset({node} | {other for other in reach[node] if node in reach.get(other, ())})
            for node in graph if node in reach[node]}


def test_the_graph_reads_deferred_and_package_imports():
    graph = import_graph()
    # Deferred (inside a function): the import service applies the working-day rule.
    assert "govdash.repository.workdays" in graph["govdash.ingest.service"]
    # Importing govdash.repository.metrics runs govdash/repository/__init__.py first.
    assert "govdash.repository" in graph["govdash.stored_scores"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset({"a", "b", "c"})}


def test_govdash_has_no_import_cycles_beyond_the_known_ones():
    found = cycles(import_graph())
    new = [sorted(c) for c in found if not any(c <= known for known in KNOWN_CYCLES)]
    assert new == [], f"import cycles: {new}"
    gone = [sorted(k) for k in KNOWN_CYCLES if not any(c == k for c in found)]
    assert gone == [], f"these known cycles shrank or were broken; update KNOWN_CYCLES: {gone}"


def test_stored_results_are_refreshed_by_explicit_calls_not_looked_up_by_name():
    events = ast.parse((GOVDASH / "ingest" / "events.py").read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(events) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(events) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m.startswith("govdash") or m == "importlib"}
