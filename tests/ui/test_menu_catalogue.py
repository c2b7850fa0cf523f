"""A broken draft among the built-in scenarios does not stop the menu."""

from turbulentie_game.ui.menu import MenuScene


def test_the_menu_opens_with_a_broken_draft_among_the_built_ins(broken_builtins, make_app):
    app = make_app()
    app.push(MenuScene(app))
    app.frame(0.016)
    assert isinstance(app.top, MenuScene)


def test_a_draft_in_the_user_folder_appears_in_the_menu_and_a_broken_one_is_named(
    make_app, tmp_path
):
    import shutil

    from turbulentie_game.paths import scenarios_dir

    folder = tmp_path / "scenarios"  # make_app's data folder is tmp_path
    folder.mkdir()
    text = (scenarios_dir() / "wijk_in_beweging.yaml").read_text(encoding="utf-8")
    text = text.replace("id: wijk_in_beweging", "id: mijn_wijk", 1)
    (folder / "mijn_wijk.yaml").write_text(
        text.replace("nl: Wijk in beweging", "nl: Mijn eigen wijk", 1), encoding="utf-8"
    )
    (folder / "kapot.yaml").write_text("id: kapot\nid: kapot\n", encoding="utf-8")
    shutil.copy(scenarios_dir() / "wijk_in_beweging.yaml", tmp_path / "not_in_the_folder.yaml")
    app = make_app()
    menu = MenuScene(app)
    app.push(menu)
    app.frame(0.016)
    labels = [b.text for b in menu.elements if hasattr(b, "text")]
    assert "Mijn eigen wijk" in labels
    shown = " ".join(text for _, text, _, _ in menu.own_lines)
    assert "kapot.yaml" in shown and "kan niet gespeeld worden" in shown
    button = next(b for b in menu.elements if getattr(b, "text", "") == "Mijn eigen wijk")
    menu.actions[button]()
    assert app.top.name == "briefing" and app.session is not None


def test_many_own_scenarios_stay_inside_the_window_at_both_sizes(make_app, tmp_path):
    from turbulentie_game.paths import scenarios_dir

    from .conftest import SIZES
    from .test_screens import _buttons_apart

    folder = tmp_path / "scenarios"
    folder.mkdir()
    text = (scenarios_dir() / "wijk_in_beweging.yaml").read_text(encoding="utf-8")
    for i in range(12):
        (folder / f"eigen_{i:02d}.yaml").write_text(
            text.replace("id: wijk_in_beweging", f"id: eigen_{i:02d}", 1), encoding="utf-8"
        )
    (folder / "kapot.yaml").write_text("id: kapot\nid: kapot\n", encoding="utf-8")
    for size in SIZES:
        app = make_app(size)
        menu = MenuScene(app)
        app.push(menu)
        app.frame(0.016)
        _buttons_apart(menu)
        shown = " ".join(text for _, text, _, _ in menu.own_lines)
        assert "… en nog" in shown  # the rest are counted, not drawn off the window
        bottom = max(r.bottom for r, *_ in menu.own_lines)
        assert bottom <= size[1], f"own scenarios run off the window at {size}"
