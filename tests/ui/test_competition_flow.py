"""Competitions in the window: the code field, the player's name, and result files."""

import json

import pygame
import pygame_gui
import pytest

from turbulentie_game.cli import main
from turbulentie_game.i18n import Translator
from turbulentie_game.play.storage import Settings
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import builtin_scenarios
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.competition import check_character, make_code
from turbulentie_game.sim.record import GameRecord, input_from_allocation
from turbulentie_game.sim.strategy import observe
from turbulentie_game.ui.end_screen import EndScene
from turbulentie_game.ui.menu import MenuScene, NameScene
from turbulentie_game.words.narrate import sentence

OTHER = builtin_scenarios()[-1]  # not the default, so the code really chooses the scenario


def _code(path, seed):
    scn = load_scenario(path)
    return make_code(scn.id, scn.content_hash, seed)


def _join(app, code, seat=None):
    """Join from the menu's code field; a known name is confirmed (with `seat` as the token)."""
    menu = app.top
    menu.code_entry.set_text(code)
    menu.join()
    app.frame(0.016)
    if isinstance(app.top, NameScene) and app.top.entry.get_text():
        if seat is not None:
            app.top.seat_entry.set_text(seat)
        app.top.close()
        app.frame(0.016)
    return menu


def _play_to_the_end(app):
    s = app.session
    bot = make_bot("adaptive", s.scn)
    while not s.over:
        s.apply_input(input_from_allocation(s.scn, s.state, bot.decide(observe(s.scn, s.state))))
        app.top.end_turn()
        app.top.next()
    assert app.top.name == "end"
    app.frame(0.016)


def test_the_code_field_starts_the_codes_scenario_and_seed(make_app):
    app = make_app()
    app.settings.player = "Anouk"
    app.push(MenuScene(app))
    code = _code(OTHER.path, 4821)
    _join(app, "  " + code.lower().replace("-", " ") + " ")  # as someone might type it
    assert app.top.name == "briefing"
    app.top.start()
    assert app.top.name == "board"
    board = app.top.session
    assert board.scn.id == OTHER.id and board.seed == 4821 and board.code == code


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_wrong_code_is_explained_under_the_field(make_app, lang):
    app = make_app(lang=lang)
    app.push(MenuScene(app))
    t = Translator(lang)
    good = _code(OTHER.path, 12)
    body = "GEHEIM_SCENARIO-ABCDEF-12"
    cases = {
        "": t("ui.competition.empty"),
        "hallo": t("compete.code.malformed"),
        good[:-1] + ("A" if good[-1] != "A" else "B"): t("compete.code.typo"),
        f"{body}-{check_character(body)}": t(
            "compete.code.unknown_scenario", scenario="geheim_scenario"
        ),
    }
    scn = load_scenario(OTHER.path)
    body = f"{scn.id.upper()}-ABCDEF-12"
    cases[f"{body}-{check_character(body)}"] = t(
        "compete.code.other_version",
        scenario=scn.id,
        wanted="ABCDEF",
        have=scn.content_hash[:6].upper(),
    )
    for code, text in cases.items():
        menu = _join(app, code)
        assert app.top is menu and app.session is None
        assert menu.problem[0] == sentence(text)
        assert menu.code_entry.get_text() == code  # kept, so a typo can be corrected
    menu = _join(app, good)  # a good code clears the message
    assert menu.problem is None


def test_a_code_for_a_scenario_file_opens_with_that_file(make_app, tmp_path):
    own = tmp_path / "eigen.yaml"
    own.write_text(
        OTHER.path.read_text(encoding="utf-8").replace(f"id: {OTHER.id}", "id: eigen_scenario"),
        encoding="utf-8",
    )
    app = make_app()
    app.settings.player = "Anouk"
    app.push(MenuScene(app))
    menu = _join(app, _code(own, 77))
    assert menu.problem[1] == "unknown_scenario"
    offer = [
        e for e in menu.elements if getattr(e, "text", "") == app.t("ui.competition.open_file")
    ]
    assert len(offer) == 1
    menu.actions[offer[0]]()  # opens the file dialog for this code
    assert menu.pending_code
    event = pygame.event.Event(
        pygame_gui.UI_FILE_DIALOG_PATH_PICKED, text=str(own), ui_element=menu.dialog
    )
    menu.handle_event(event)
    assert isinstance(app.top, NameScene) and app.top.confirm  # the name, confirmed
    app.top.close()
    assert app.top.name == "briefing"
    assert app.session.scn.id == "eigen_scenario" and app.session.seed == 77


def test_the_name_is_asked_kept_and_confirmed_at_every_join(make_app, tmp_path):
    app = make_app()
    app.push(MenuScene(app))
    menu = app.top
    menu.code_entry.set_text(_code(OTHER.path, 5))
    menu.join()
    assert isinstance(app.top, NameScene)
    app.top.close()  # no name yet: stays, with a hint
    assert isinstance(app.top, NameScene) and app.top.missing
    app.top.entry.set_text("  Anouk de Vries ")
    app.top.close()
    assert app.top.name == "briefing" and app.session.seed == 5
    assert Settings.load(tmp_path).player == "Anouk de Vries"
    app.pop()
    menu.join()  # the next join (a shared laptop): the name is filled in, to be confirmed
    assert isinstance(app.top, NameScene) and app.top.confirm
    assert app.top.entry.get_text() == "Anouk de Vries" and app.top.title() == "Klopt je naam?"


def test_autoplay_leaves_one_verified_result_with_the_players_name(tmp_path, capsys):
    results = tmp_path / "results"
    code = _code(OTHER.path, 31)
    for extra in (["--seed", "2", str(OTHER.path)], ["--code", code]):
        args = ["play", *extra, "--autoplay", "balanced", "--player", "Anouk"]
        assert main([*args, "--results", str(results)]) == 0
    files = sorted(results.glob("*.json"))
    assert len(files) == 2  # one per game, nothing else
    capsys.readouterr()
    assert main(["replay", "verify", *map(str, files)]) == 0
    records = [GameRecord.from_json(f.read_text(encoding="utf-8")) for f in files]
    assert {r.player for r in records} == {"Anouk"}
    assert sorted(r.seed for r in records) == [2, 31]
    assert all(r.scenario_id == OTHER.id and r.claimed_score is not None for r in records)


def test_play_refuses_a_bad_code_or_a_code_with_a_seed(capsys):
    assert main(["play", "--code", "hallo", "--autoplay", "balanced"]) == 2
    assert Translator("nl")("compete.code.malformed")[:20] in capsys.readouterr().err
    code = _code(OTHER.path, 3)
    assert main(["play", "--code", code, "--seed", "4", "--autoplay", "balanced"]) == 2


def test_an_unwritable_results_folder_gives_a_message_and_keeps_the_save(make_app, tmp_path):
    # Tests may run as root, for whom no folder is read-only; a file in the way of the folder
    # fails the same way for everyone.
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    app = make_app()
    app.settings.player = "Anouk"
    app.results_override = blocker / "results"
    app.push(MenuScene(app))
    _join(app, _code(OTHER.path, 8))
    app.top.start()
    _play_to_the_end(app)
    end = app.top
    assert isinstance(end, EndScene)
    problem = app.session.result_file.problem
    assert problem and app.session.result_file.path is None
    texts = [text for text, _, _ in end.result_lines()]
    assert app.session.code in texts[0] and problem in texts[1]
    saved = GameRecord.from_json((tmp_path / "last_game.json").read_text(encoding="utf-8"))
    assert saved.inputs == tuple(app.session.inputs)  # the game itself is kept
    # "save result" tries again, then offers a folder; a good folder gets the file
    end.save_result()
    dialogs = [e for e in end.elements if isinstance(e, pygame_gui.windows.UIFileDialog)]
    assert len(dialogs) == 1
    good = tmp_path / "usb"
    end.handle_event(
        pygame.event.Event(
            pygame_gui.UI_FILE_DIALOG_PATH_PICKED, text=str(good), ui_element=dialogs[0]
        )
    )
    app.frame(0.016)
    written = app.session.result_file.path
    assert written is not None and written.parent == good
    assert json.loads(written.read_text(encoding="utf-8"))["player"] == "Anouk"
    assert list(good.glob("*.json")) == [written]


KEY = b"facilitator-key-for-the-tests-32b"


def _token(path, seed, name):
    from turbulentie_game.sim.seal import seat_token

    scn = load_scenario(path)
    return seat_token(KEY, scn.id, scn.content_hash, seed, name)


def _result(app):
    return GameRecord.from_json(app.session.result_file.path.read_text(encoding="utf-8"))


def test_a_seat_token_entered_at_the_join_seals_the_result_under_the_confirmed_name(
    make_app, tmp_path
):
    from turbulentie_game.sim.seal import SEALED, check_seal

    app = make_app()
    app.settings.player = "Anouk de Vries"
    app.push(MenuScene(app))
    typed = _token(OTHER.path, 31, "Anouk de Vries").lower().replace("-", " ")  # as typed
    _join(app, _code(OTHER.path, 31), seat=typed)
    assert app.top.name == "briefing"
    assert app.settings.seat == _token(OTHER.path, 31, "Anouk de Vries")  # kept as printed
    assert Settings.load(tmp_path).seat == app.settings.seat
    app.top.start()
    _play_to_the_end(app)
    record = _result(app)
    assert record.player == "Anouk de Vries" and check_seal(record, KEY) == SEALED


def test_another_name_keeps_only_the_token_entered_for_it(make_app, tmp_path):
    from turbulentie_game.sim.seal import SEALED, UNSEALED, check_seal

    app = make_app()
    app.settings.player, app.settings.seat = "Anouk", _token(OTHER.path, 32, "Anouk")
    app.push(MenuScene(app))
    menu = app.top
    menu.code_entry.set_text(_code(OTHER.path, 32))
    menu.join()
    assert app.top.seat_entry.get_text() == app.settings.seat  # shown, never used unseen
    app.top.entry.set_text("Bram")  # the next trainee on this laptop, with their own token
    app.top.seat_entry.set_text(_token(OTHER.path, 32, "Bram"))
    app.top.close()
    assert (app.settings.player, app.settings.seat) == ("Bram", _token(OTHER.path, 32, "Bram"))
    app.top.start()
    _play_to_the_end(app)
    assert check_seal(_result(app), KEY) == SEALED
    app.pop()
    menu.join()  # Chris, without a token: Bram's would break the seal, so it is forgotten
    app.top.entry.set_text("Chris")
    app.top.close()
    assert app.settings.seat == "" and Settings.load(tmp_path).seat == ""
    app.top.start()
    _play_to_the_end(app)
    assert check_seal(_result(app), KEY) == UNSEALED  # counts, as unsealed, not "seal broken"


def test_an_emptied_seat_field_forgets_the_token(make_app, tmp_path):
    app = make_app()
    app.settings.player, app.settings.seat = "Anouk", _token(OTHER.path, 33, "Anouk")
    app.push(MenuScene(app))
    _join(app, _code(OTHER.path, 33), seat="  ")
    assert app.top.name == "briefing"
    assert app.settings.seat == "" and Settings.load(tmp_path).seat == ""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_malformed_seat_token_is_explained_in_the_dialog(make_app, lang):
    app = make_app(lang=lang)
    app.settings.player = "Anouk"
    app.push(MenuScene(app))
    menu = app.top
    menu.code_entry.set_text(_code(OTHER.path, 34))
    menu.join()
    dialog = app.top
    dialog.seat_entry.set_text("ABCD-EFGH")  # a group missing
    dialog.close()
    assert app.top is dialog and dialog.bad_seat and app.settings.seat == ""
    assert dialog.seat_entry.get_text() == "ABCD-EFGH"  # kept, to be corrected
    t = Translator(lang)
    shown = t("ui.competition.bad_seat")
    assert "ABCD-EFGH-JKLM" in shown and t("ui.name.seat_label") != "ui.name.seat_label"
    if lang == "nl":
        assert "seat token" not in shown.lower() and "letters and digits" not in shown
    dialog.seat_entry.set_text("ABCD-EFGH-JKLM")
    dialog.close()
    assert app.top.name == "briefing" and app.settings.seat == "ABCD-EFGH-JKLM"
