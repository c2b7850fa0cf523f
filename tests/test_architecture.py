"""The layers keep their promises, computed from the source: no import cycles, the core is pure,
nothing outside ui/ loads pygame, and each layer imports only the layers below it."""

import ast
import pkgutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

import turbulentie_game

PKG = Path(turbulentie_game.__file__).parent
NAME = PKG.name
HELPERS = (
    "files",
    "paths",
    "yamlread",
    "i18n",
    "strictread",
)  # used by every layer, so they import none


def _module(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per module of the package: the package's modules it imports, and the outside top names."""
    files = {_module(p): p for p in PKG.rglob("*.py")}
    inside: dict[str, set[str]] = {m: set() for m in files}
    outside: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # functions too
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    base = node.module
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                if target.split(".")[0] != NAME:
                    outside[mod].add(target.split(".")[0])
                elif target in files and target != mod:
                    inside[mod].add(target)
    return inside, outside


def layer(mod: str) -> str:
    """The sub-package a module belongs to ('top' for the modules directly in the package)."""
    parts = mod.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PKG / parts[1]).is_dir()) else "top"


def cycles() -> list[list[str]]:
    """Every set of modules that import each other in a circle (Tarjan's strongly connected parts)."""
    edges, _ = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def imports_of(name: str) -> dict[str, set[str]]:
    """The package's modules each module of one layer imports."""
    edges, _ = graph()
    return {m: targets for m, targets in edges.items() if layer(m) == name}


def forbidden(name: str, banned: set[str]) -> list[tuple[str, str]]:
    """(module, imported module) where a module of a layer imports one of the banned layers."""
    return sorted(
        (m, t) for m, targets in imports_of(name).items() for t in targets if layer(t) in banned
    )


def test_the_import_graph_sees_the_package():
    edges, outside = graph()
    assert f"{NAME}.scenario.catalogue" in edges[f"{NAME}.sim.competition"]
    assert f"{NAME}.ui.leaderboard_view" in edges[f"{NAME}.cli.compete"]  # inside a function
    assert "pygame" in outside[f"{NAME}.ui.app"]
    assert f"{NAME}.sim.runner" in edges[f"{NAME}.sim.bots"]  # an import inside a function


@pytest.mark.parametrize(
    "name",
    [
        "top",
        "core",
        "scenario",
        "sim",
        "play",
        "reports",
        "cli",
        "ui",
    ],
)
def test_no_import_cycle(name):
    """Module-level and function-level imports both count."""
    touching = [c for c in cycles() if any(layer(m) == name for m in c)]
    assert touching == []


def test_importing_everything_but_ui_does_not_load_pygame():
    modules = [
        m.name
        for m in pkgutil.walk_packages([str(PKG)], prefix="turbulentie_game.")
        if ".ui" not in m.name
    ]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules)
    code += "assert 'pygame' not in sys.modules, 'pygame was loaded'\nprint(len(sys.modules))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr


def test_only_ui_imports_pygame():
    _, outside = graph()
    found = sorted((m, x) for m, names in outside.items() for x in names & {"pygame", "pygame_gui"})
    assert found and all(layer(m) == "ui" for m, _ in found), found


COMPILED = (f"{NAME}.core.jit", f"{NAME}.core.kernel")  # modules (prefixes) that may use numba


def test_core_imports_only_numpy_and_the_standard_library():
    """(numba only in the compiled kernels, which core.jit loads lazily by name)"""
    edges, outside = graph()
    allowed = {"numpy", *sys.stdlib_module_names}
    for mod in imports_of("core"):
        here = allowed | ({"numba"} if mod.startswith(COMPILED) else set())
        assert outside[mod] <= here, (mod, outside[mod] - here)
        assert {layer(t) for t in edges[mod]} <= {"core"}, (mod, edges[mod])


@pytest.mark.parametrize(
    "name,banned",
    [
        ("scenario", {"sim", "play", "ui", "cli", "reports", "room"}),
        ("sim", {"play", "ui", "cli", "reports", "room"}),
        ("ui", {"reports"}),
    ],
)
def test_a_layer_does_not_import_the_layers_above_it(name, banned):
    assert imports_of(name), f"no modules in {name}"
    assert forbidden(name, banned) == []


def test_the_helpers_every_layer_uses_import_no_layer():
    edges, _ = graph()
    for helper in HELPERS:
        targets = edges[f"{NAME}.{helper}"]
        assert {layer(t) for t in targets} <= {"top"}, (helper, targets)


def test_core_has_no_matrix_products():
    """BLAS products may sum in another order per batch size or machine; the core uses core.features.dot."""
    for path in (PKG / "core").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            assert not isinstance(node, ast.MatMult), f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Attribute):
                assert (
                    node.attr not in ("dot", "matmul", "einsum", "tensordot")
                    or path.name == "features.py"
                )


def _loops_calling_the_engine(path: Path) -> list[int]:
    """Lines of loops whose body calls the engine's `step` (or `reset`) directly."""
    hits = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.For | ast.While | ast.AsyncFor):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call):
                    f = inner.func  # step(...) as imported from core.engine, or engine.step(...)
                    direct = isinstance(f, ast.Name) and f.id in ("step", "play_turn")
                    via = isinstance(f, ast.Attribute) and f.attr == "step"
                    via = via and isinstance(f.value, ast.Name) and f.value.id == "engine"
                    if direct or via:
                        hits.append(inner.lineno)
    return hits


def test_only_the_runner_loops_over_turns():
    offenders = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).as_posix()
        if rel == "sim/runner.py":
            continue
        offenders += [f"{rel}:{line}" for line in _loops_calling_the_engine(path)]
    assert not offenders, "turn loops outside sim/runner.py: " + ", ".join(offenders)
    assert _loops_calling_the_engine(PKG / "sim" / "runner.py"), "the runner has the one loop"
