"""The code's shape: apps never import config/, no import circles, no module
too long to read. Imports inside functions count too: a late import still
ties two modules together."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("core", "kb", "wizard")
PACKAGES = (*APPS, "config")
MAX_LINES = 400


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


MODULES = project_modules()


def imports_of(name: str, path: Path) -> set[str]:
    """Project modules imported anywhere in the file (top level or in a function)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return result


def test_the_import_graph_sees_the_project():
    assert GRAPH["wizard.views.steps"] >= {"wizard.steps", "core.htmx"}
    assert "kb.searchable" in GRAPH["kb.models"]


def test_there_are_no_import_circles():
    assert cycles(GRAPH) == []


def test_a_circle_would_be_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_config(app):
    offenders = sorted(
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        if name.split(".")[0] == app
        for target in targets
        if target.split(".")[0] == "config"
    )
    assert offenders == []


def test_no_module_is_longer_than_it_is_readable():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in MODULES.values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


# What each package may import (its __init__ docstring says the same in words).
FORBIDDEN = {
    "wizard.engine": (
        "wizard.models",
        "wizard.handoff",
        "wizard.steps",
        "wizard.views",
        "wizard.remote",
        "kb",
    ),
    "wizard.handoff": ("wizard.steps", "wizard.views", "wizard.remote"),
    "wizard.steps": ("wizard.views",),
    "wizard.remote": ("wizard.views", "wizard.steps", "wizard.forms", "wizard.page_forms"),
    "wizard.models": ("wizard.views", "wizard.steps"),
    "core": ("kb", "wizard"),
}


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize("package", FORBIDDEN)
def test_each_package_imports_only_what_it_may(package):
    offenders = sorted(
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        if _within(name, package)
        for target in targets
        if any(_within(target, forbidden) for forbidden in FORBIDDEN[package])
    )
    assert offenders == []


def _third_party_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add((node.module or "").split(".")[0])
    return found


def test_the_engine_is_pure_python_with_core_i18n_alone_from_the_project():
    engine = {name: path for name, path in MODULES.items() if _within(name, "wizard.engine")}
    assert engine, "the engine package is found"
    project = {target for name in engine for target in GRAPH[name] if not _within(target, "wizard.engine")}
    assert project <= {"core.i18n", "core", "wizard"}
    outside = set().union(*(_third_party_imports(path) for path in engine.values())) - {"wizard", "core"}
    assert {module for module in outside if module not in sys.stdlib_module_names} == set()


def test_every_package_says_what_it_may_import():
    packages = [path for name, path in MODULES.items() if path.name == "__init__.py" and name.count(".") == 1]
    silent = [
        str(path.relative_to(ROOT))
        for path in packages
        if path.parent.name in {"engine", "handoff", "steps", "remote"}
        and "May import" not in (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "")
    ]
    assert silent == []
