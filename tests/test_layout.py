"""The layout shows the architecture: analysis/ is four wings whose imports run one way,
outputs -> views -> charts -> data, with no cycle and no streamlit; pages/ holds only pages
and the pieces they share."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANALYSIS = ROOT / "analysis"
# Bottom to top: a module may import its own wing and the wings below it, never one above.
WINGS = ("data", "charts", "views", "outputs")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    """Every dotted name an import in `path` can mean: modules, and `module.name` for
    `from module import name` (which may name a submodule). Imports inside functions count."""
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..data import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def analysis_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ANALYSIS.rglob("*.py"))}


def import_graph() -> dict[str, set[str]]:
    """analysis module -> the analysis modules it imports."""
    modules = analysis_modules()
    graph = {}
    for name, path in modules.items():
        found = imported_names(path)
        # `import analysis.charts.frame` also runs analysis/__init__ and analysis/charts/__init__;
        # those only hold docstrings, so the edge that matters is to the module named.
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def wing(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_analysis_is_four_wings_each_saying_what_it_holds_and_may_import():
    entries = {p.name for p in ANALYSIS.iterdir() if p.name != "__pycache__"}
    assert entries == {"__init__.py", *WINGS}
    for index, name in enumerate(WINGS):
        doc = ast.get_docstring(ast.parse((ANALYSIS / name / "__init__.py").read_text()))
        assert doc, f"analysis/{name}/__init__.py needs a docstring saying what the wing holds"
        # It names the wings it may import (those below it), and none above it.
        named = set(re.findall(r"analysis\.(\w+)", doc)) & set(WINGS)
        assert named == set(WINGS[:index]), (name, named)


def test_imports_run_one_way_outputs_views_charts_data():
    upward = [
        f"{importer} ({wing(importer)}) imports {imported} ({wing(imported)})"
        for importer, imports in import_graph().items()
        for imported in sorted(imports)
        if wing(importer) in WINGS
        and wing(imported) in WINGS
        and WINGS.index(wing(imported)) > WINGS.index(wing(importer))
    ]
    assert upward == [], "imports that run back up:\n" + "\n".join(upward)


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in `graph` as [a, b, ..., a], or [] when there is none."""
    state: dict[str, str] = {}  # "open" while on the path, "done" once every import is seen

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return path[path.index(target) :] + [node, target] if target in path else []
            if target not in state:
                found = visit(target, path + [node])
                if found:
                    return found
        state[node] = "done"
        return []

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [])
            if found:
                return found
    return []


def test_find_cycle_finds_a_cycle_and_only_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_no_module_imports_itself_back_through_a_cycle():
    cycle = find_cycle(import_graph())
    assert cycle == [], "an import cycle: " + " -> ".join(cycle)


def test_nothing_in_analysis_imports_streamlit():
    importers = [
        name
        for name, path in analysis_modules().items()
        if any(n == "streamlit" or n.startswith("streamlit.") for n in imported_names(path))
    ]
    assert importers == []


def test_every_file_at_the_top_of_pages_is_a_page_app_py_lists():
    listed = set(re.findall(r'st\.Page\(\s*"(pages/\w+\.py)"', (ROOT / "app.py").read_text()))
    top = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert listed and top == listed
