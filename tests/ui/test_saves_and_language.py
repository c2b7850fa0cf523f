"""Autosave and continue, a corrupt save, and switching the language."""

from turbulentie_game.core.state import states_equal
from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import input_from_allocation
from turbulentie_game.sim.strategy import observe
from turbulentie_game.ui.menu import MenuScene, SettingsScene


def _play_turns(app, n):
    s = app.session
    bot = make_bot("adaptive", s.scn)
    for _ in range(n):
        s.apply_input(input_from_allocation(s.scn, s.state, bot.decide(observe(s.scn, s.state))))
        app.top.end_turn()
        app.top.next()


def test_save_quit_and_continue_restores_the_same_state(make_app, tmp_path):
    app = make_app()
    app.push(MenuScene(app))
    app.start_game(default_scenario().path, 21)
    app.top.start()
    _play_turns(app, 3)
    before = app.session
    assert (tmp_path / "autosave.json").exists()
    again = make_app()
    again.game.load_saved()
    assert again.notice is None
    assert again.session.turn == before.turn == 4
    assert states_equal(again.session.state, before.state)
    again.push(MenuScene(again))
    again.frame(0.016)
    labels = [e.text for e in again.top.elements if hasattr(e, "text")]
    assert any("beurt 4" in str(x) for x in labels)


def test_a_corrupt_save_is_kept_aside_and_the_game_starts_fresh(make_app, tmp_path):
    (tmp_path / "autosave.json").write_text("{ not json", encoding="utf-8")
    app = make_app()
    app.game.load_saved()
    assert app.session is None
    assert app.notice and "niet" in app.notice
    kept = list(tmp_path.glob("autosave.unusable-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{ not json"
    assert not (tmp_path / "autosave.json").exists()
    app.push(MenuScene(app))
    app.frame(0.016)  # the menu shows the message and does not crash


def test_switching_the_language_relabels_the_screens(make_app):
    app = make_app(lang="nl")
    app.push(MenuScene(app))
    app.push(SettingsScene(app))
    app.top.set("lang", "en")
    assert app.t.lang == "en" and app.settings.lang == "en"
    app.pop()
    app.frame(0.016)
    texts = {str(getattr(e, "text", "")) for e in app.top.elements}
    assert "Settings" in texts and "Instellingen" not in texts
