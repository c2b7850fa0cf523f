"""The layers keep their promises: the core is pure and nothing outside ui/ loads pygame."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import turbulentie_game

PKG = Path(turbulentie_game.__file__).parent


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


def test_core_imports_only_numpy_and_the_standard_library():
    allowed = {"numpy", "__future__", "dataclasses", "collections", "typing", "math"}
    for path in (PKG / "core").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module.split(".")[0]]
            else:
                continue
            for name in names:
                assert name in allowed, f"{path.name} imports {name}"


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
