"""The shape of the code: sim/ in packages by concern whose imports run one way only
(text ← inputs ← model ← run ← analysis ← reports ← the API and the command line), no
import circles anywhere, no imports hidden inside functions in sim/, and the model free
of the app and the store. Read from the sources' syntax trees, not by importing them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("text", "inputs", "model", "run", "analysis", "reports")
TOP = len(LAYERS)  # sim/__init__.py, sim/api.py, sim/__main__.py
# Imports inside a function that are not dodging a circle: the package's lazy public API
# and the command line's start-up (a sub-command loads only what it runs).
LAZY = {"sim/__init__.py", "sim/__main__.py"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    found = {}
    for top in ("sim", "store", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "__pycache__" not in path.parts and "migrations" not in path.parts:
                found[module_name(path)] = path
    for name in ("app", "serve"):
        found[name] = ROOT / f"{name}.py"
    return found


MODULES = sources()


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path) -> list[tuple[str, list[str], bool]]:
    """(module, names, inside a function) for every import of ``path`` that runs, the
    ``if TYPE_CHECKING:`` blocks left out; relative imports resolved."""
    tree = ast.parse(path.read_text(), str(path))
    name = module_name(path) if path.is_relative_to(ROOT) else path.stem
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, [], in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.append((base, [alias.name for alias in child.names], in_function))
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, inner)

    visit(tree, False)
    return found


def targets(module: str, names: list[str]) -> list[str]:
    """The project modules an import reaches: ``from sim.analysis import costs`` reaches
    ``sim.analysis.costs`` (and the package ``sim.analysis``)."""
    reached = [module] if module in MODULES else []
    reached += [f"{module}.{name}" for name in names if f"{module}.{name}" in MODULES]
    return reached


def layer(module: str) -> int:
    parts = module.split(".")
    if parts[0] != "sim" or len(parts) == 1 or parts[1] not in LAYERS:
        return TOP
    return LAYERS.index(parts[1])


def test_every_package_of_sim_is_a_layer_and_nothing_is_left_flat():
    flat = sorted(
        path.name
        for path in (ROOT / "sim").glob("*.py")
        if path.name not in {"__init__.py", "__main__.py", "api.py"}
    )
    assert flat == [], f"modules outside the packages of sim/: {flat}"
    packages = sorted(p.name for p in (ROOT / "sim").iterdir() if (p / "__init__.py").exists())
    assert packages == sorted(LAYERS)


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith("sim")])
def test_sim_imports_run_downwards_only(module):
    path = MODULES[module]
    upward = []
    for imported, names, _ in imports(path):
        top = imported.split(".")[0]
        assert top not in {"ui", "store", "streamlit", "app", "serve"}, (
            f"{module} imports {imported}: the model never imports the app or the store"
        )
        for target in targets(imported, names):
            if target == "sim" and set(names) <= {"__version__"}:
                continue  # the release version, from the package itself
            if layer(target) > layer(module):
                upward.append(target)
    assert upward == [], f"{module} imports from a higher layer: {upward}"


@pytest.mark.parametrize("module", [m for m in MODULES if m.startswith("sim")])
def test_no_project_import_inside_a_function_in_sim(module):
    """A heavy or optional library may be imported where it is used (Cython, Dask's
    distributed, openpyxl's styles); a module of the project is imported at the top."""
    path = MODULES[module]
    if path.relative_to(ROOT).as_posix() in LAZY:
        return
    hidden = [m for m, names, inside in imports(path) if inside and targets(m, names)]
    assert hidden == [], f"{module} imports project modules inside a function: {hidden}"


def test_no_import_circles():
    graph = {
        module: {
            target
            for imported, names, inside in imports(path)
            if not inside
            for target in targets(imported, names)
            if target != module
        }
        for module, path in MODULES.items()
    }
    # a package's __init__ importing its own modules is not a circle with them
    for module, edges in graph.items():
        graph[module] = {t for t in edges if not module.startswith(t + ".")}
    circles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                circles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                walk(target)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module)
    assert circles == [], "import circles: " + "; ".join(" → ".join(c) for c in circles)


def test_the_layout_checks_can_fail(tmp_path):
    """The parser sees an import in a function, one under TYPE_CHECKING is left out and a
    relative import is resolved."""
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sim.reports import files\n"
        "def f():\n    from sim.analysis import costs\n"
    )
    found = imports(source)
    assert ("sim.analysis", ["costs"], True) in found
    assert all(module != "sim.reports" for module, _, _ in found)
    assert layer("sim.reports.files") > layer("sim.analysis.costs") > layer("sim.text.formats")
