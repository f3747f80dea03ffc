"""The package's shape: one package per pipeline stage, layered, with no import cycle.

Every import among ``generator``'s modules counts, at module level or inside a function alike (an
import inside a function is still a dependency: it only hides a cycle). A module may import from
its own package or from a package of a lower layer, never from a higher one, nor from another
package of its own layer.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

# Top to bottom. The CLI sits on the commands; data flows up from letter/agency to pdf and build.
LAYERS = [
    ["__main__"],
    ["cli"],
    ["commands"],
    ["resident"],
    ["receiving"],
    ["review", "registers", "esaraban"],
    ["build"],
    ["checks"],
    ["pdf", "kinds"],
    ["render"],
    ["agency"],
    ["letter"],
    ["text", "errors", "deps", "data", "__init__"],
]
LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}


def modules() -> dict[str, Path]:
    found = {}
    for file in PACKAGE.rglob("*.py"):
        parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = file
    return found


MODULES = modules()


def _known(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """The package's modules ``module`` imports (``from a.b import c`` counts ``a.b`` and ``a.b.c``)."""
    file = MODULES[module]
    is_package = file.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == "generator" and (known := _known(target)) and known != module:
                found.add(known)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def stage(module: str) -> str:
    """``build`` for generator.build.plan, ``errors`` for generator.errors, ``__init__`` for generator."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node: str) -> None:
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
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_of_any_length():
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_is_in_a_layer():
    assert sorted({stage(module) for module in MODULES} - set(LAYER_OF)) == []


def test_imports_go_down_the_layers():
    wrong = []
    for module, targets in sorted(GRAPH.items()):
        for target in sorted(targets):
            mine, theirs = stage(module), stage(target)
            if mine != theirs and LAYER_OF[theirs] <= LAYER_OF[mine]:
                wrong.append(f"{module} ({mine}) imports {target} ({theirs})")
    assert wrong == []


@pytest.mark.parametrize("package", sorted({stage(m) for m in MODULES if MODULES[m].name == "__init__.py"} - {"__init__"}))
def test_a_package_init_imports_none_of_its_own_modules(package):
    """A package's ``__init__`` that imported its modules would tie each of them to all the others."""
    init = f"generator.{package}"
    assert {target for target in GRAPH[init] if target.startswith(init + ".")} == set()
