"""The layers stay layers: no module of cspdesk/ or ui/ imports another in a cycle (imports
inside functions included, since a lazy import is how a cycle hides), and the core imports
nothing of the window."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOPS = ("cspdesk", "ui")


def module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_of(p): p for top in TOPS for p in (ROOT / top).rglob("*.py")}


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """Every cspdesk/ui module ``path`` imports, anywhere in it; ``from package import
    module`` counts as the module, ``from module import name`` as the module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    edges = {}
    for name, path in mods.items():
        # A package's __init__ is imported with each of its modules; it is not their user.
        edges[name] = {m for m in imported_modules(path, known) if not name.startswith(m + ".")}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_no_module_imports_another_in_a_cycle():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle_through_a_lazy_import():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_core_imports_nothing_of_the_window():
    edges = graph()
    assert {(m, i) for m, imps in edges.items() if m.startswith("cspdesk")
            for i in imps if i.startswith("ui")} == set()


def test_every_subject_has_one_folder_on_each_side():
    subjects = ("meetings", "performance", "priorities", "programmes", "exchange", "reports")
    for subject in subjects:
        assert (ROOT / "cspdesk" / subject / "__init__.py").exists(), subject
        assert (ROOT / "ui" / subject / "__init__.py").exists(), subject


SQL_TEXT = re.compile(r"\s*(SELECT\b.*\bFROM\b|INSERT INTO\b|UPDATE \w+ SET\b|DELETE FROM\b|"
                      r"PRAGMA \w+)", re.S)  # SQL as written here: capitals, never "Select &All"
SQL_SIGNS = ("execute", "executemany", "executescript", "query", "rows_where", "table", "conn")


def sql_in(path: Path) -> list[str]:
    """Where a module talks to the database itself: a call of a connection's or sqlite-utils'
    query methods, ``db["table"]``, or SQL text."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in SQL_SIGNS:
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                and node.value.id in ("db", "database", "conn"):
            found.append(f"{path.name}:{node.lineno} {node.value.id}[...]")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and SQL_TEXT.match(node.value):
            found.append(f"{path.name}:{node.lineno} SQL text")
    return found


def test_screens_and_commands_run_no_sql_of_their_own():
    interfaces = list((ROOT / "ui").rglob("*.py")) + list((ROOT / "cspdesk" / "cli").rglob("*.py"))
    assert [where for path in interfaces for where in sql_in(path)] == []


def test_the_sql_finder_sees_a_query(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text('rows = db.execute("SELECT name FROM people").fetchall()\nx = db["people"]\n')
    assert sorted(sql_in(sample)) == [
        "page.py:1 .execute", "page.py:1 SQL text", "page.py:2 db[...]"]
