"""The window's rooms: scenes are reached by name, never import each other, and ui/ never imports reports/."""

import ast
from pathlib import Path

import turbulentie_game.ui as ui

UI = Path(ui.__file__).parent
SCENE_MODULES = {"board", "briefing", "end_screen", "history", "learning_scene", "menu",
                 "resolution", "whatif"}  # fmt: skip


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node, node.level, node.module or ""
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield node, 0, a.name


def _ui_files():
    return sorted(UI.rglob("*.py"))


def test_ui_does_not_import_reports():
    for path in _ui_files():
        for _, _level, module in _imports(path):
            assert "reports" not in module.split("."), f"{path.name} imports {module}"


def test_no_scene_module_imports_another_and_only_the_router_knows_them_all():
    for path in _ui_files():
        rel = path.relative_to(UI)
        own = rel.parts[0].removesuffix(".py")
        for _, level, module in _imports(path):
            if level == 0:
                continue
            depth = len(rel.parts) - 1  # how many folders below ui/
            if level <= depth:  # inside the same scene folder
                continue
            target = module.split(".")[0]
            if target in SCENE_MODULES and target != own:
                assert rel.name == "scenes.py", f"{rel} imports the scene module {target}"


def test_no_imports_inside_functions():
    for path in _ui_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    assert not isinstance(inner, ast.Import | ast.ImportFrom), (
                        f"{path.relative_to(UI)}:{inner.lineno} imports inside a function"
                    )
