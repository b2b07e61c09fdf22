"""The imports within govdash go one way: down the layers, and never in a circle.

Every ``import`` and ``from … import`` of every module under ``govdash/`` is read with ``ast`` — those inside
functions too, since a deferred import only hides a cycle — except those under ``if TYPE_CHECKING:``. Importing
``govdash.a.b`` also runs ``govdash/a/__init__.py``, so the package counts as imported too (unless it is the
importer's own package, which Python has already started). The strongly connected components of that graph are
the cycles; an arrow from a module to one of a higher layer in ``LAYERS`` is an upward arrow. There are none of
either, and the README's 架构 section draws the same layers.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

GOVDASH = Path(__file__).resolve().parents[1] / "govdash"

#: The layers from the bottom up, each with the packages (or modules) it holds. A module may import from its own
#: layer and the layers below it, never from one above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("govdash", "govdash.core")),
    ("domain", ("govdash.domain",)),
    ("data and computation", ("govdash.frameworks", "govdash.ingest", "govdash.repository", "govdash.boundaries",
                              "govdash.scoring", "govdash.charts", "govdash.alerts", "govdash.synthetic")),
    ("report", ("govdash.report",)),
    ("export", ("govdash.export",)),
    ("services", ("govdash.auth", "govdash.services")),
    ("interfaces", ("govdash.ui", "govdash.cli")),
)


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


def layer_of(module: str, layers: Sequence[tuple[str, Sequence[str]]] = LAYERS) -> int | None:
    """Return the index of the layer holding ``module`` (its longest matching package), or ``None``."""
    best: tuple[int, int] | None = None
    for index, (_name, members) in enumerate(layers):
        for member in members:
            if (module == member or module.startswith(member + ".")) and (best is None or len(member) > best[1]):
                best = (index, len(member))
    return best[0] if best else None


def upward_arrows(graph: dict[str, set[str]],
                  layers: Sequence[tuple[str, Sequence[str]]] = LAYERS) -> list[tuple[str, str]]:
    """Return every (importer, imported) whose imported module sits in a higher layer than its importer."""
    arrows = []
    for module, targets in graph.items():
        below = layer_of(module, layers)
        arrows.extend((module, target) for target in targets
                      if below is not None and (above := layer_of(target, layers)) is not None and above > below)
    return sorted(arrows)


def test_the_graph_reads_deferred_and_package_imports():
    graph = import_graph()
    # Deferred (inside a function): the 通报 command loads the 通报 service only when asked.
    assert "govdash.services.bulletin" in graph["govdash.cli.warning_commands"]
    # Importing govdash.repository.metrics runs govdash/repository/__init__.py first.
    assert "govdash.repository" in graph["govdash.services.stored_scores"]


def test_the_checks_catch_a_cycle_and_an_upward_arrow():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset({"a", "b", "c"})}
    layers = (("low", ("p.low",)), ("high", ("p.high", "p.low.top")))
    graph = {"p.low.x": {"p.low.y", "p.high.z"}, "p.low.y": set(), "p.high.z": {"p.low.y"},
             "p.low.top.w": {"p.high.z"}, "p.low.z": {"p.low.top.w"}}
    # The longest package decides: p.low.top is in the high layer although it lies under p.low.
    assert upward_arrows(graph, layers) == [("p.low.x", "p.high.z"), ("p.low.z", "p.low.top.w")]


def test_every_module_sits_in_one_layer():
    homeless = sorted(module for module in import_graph() if layer_of(module) is None)
    assert homeless == [], f"modules in no layer of LAYERS: {homeless}"
    members = [member for _name, group in LAYERS for member in group]
    assert len(members) == len(set(members)), "a package is listed in two layers"


def test_govdash_modules_sit_in_packages():
    loose = sorted(path.name for path in GOVDASH.glob("*.py") if path.name != "__init__.py")
    assert loose == [], f"modules at the top of govdash/: put each in the package of its layer: {loose}"


def test_govdash_has_no_import_cycles():
    found = sorted(sorted(c) for c in cycles(import_graph()))
    assert found == [], f"import cycles: {found}"


def test_no_import_goes_up_a_layer():
    arrows = upward_arrows(import_graph())
    names = [name for name, _members in LAYERS]
    shown = [f"{a} ({names[layer_of(a)]}) → {b} ({names[layer_of(b)]})" for a, b in arrows]  # type: ignore[index]
    assert shown == [], "imports from a lower layer into a higher one:\n" + "\n".join(shown)


def test_stored_results_are_refreshed_by_explicit_calls_not_looked_up_by_name():
    events = ast.parse((GOVDASH / "ingest" / "events.py").read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(events) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(events) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m.startswith("govdash") or m == "importlib"}
