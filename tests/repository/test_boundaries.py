import ast
from pathlib import Path

import govdash.repository

PACKAGE = Path(govdash.repository.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_repository_never_imports_streamlit_or_scoring():
    offenders = {path.name: sorted(m for m in imported_modules(path)
                                   if m.split(".")[0] == "streamlit" or m.startswith(("govdash.ui", "govdash.scoring")))
                 for path in PACKAGE.glob("*.py")}
    assert {name: mods for name, mods in offenders.items() if mods} == {}
