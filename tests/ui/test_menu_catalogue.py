"""A broken draft among the built-in scenarios does not stop the menu."""

from turbulentie_game.ui.menu import MenuScene


def test_the_menu_opens_with_a_broken_draft_among_the_built_ins(broken_builtins, make_app):
    app = make_app()
    app.push(MenuScene(app))
    app.frame(0.016)
    assert isinstance(app.top, MenuScene)
