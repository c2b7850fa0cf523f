"""Without a mouse: a whole game from the menu to the debrief, and joining a competition, with
nothing but key presses (and typed text)."""

import pygame
import pygame_gui

from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import builtin_scenarios
from turbulentie_game.sim.competition import make_code
from turbulentie_game.ui.menu import MenuScene


def pump(app):
    """Hand the events the widgets posted (a finished text field, ...) to the app, as its loop does."""
    for ev in pygame.event.get():
        app.handle(ev)
    app.frame(0.016)


def press(app, key, mod=0, unicode=""):
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
    app.handle(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0))
    pump(app)


def type_text(app, text):
    for ch in text:
        app.handle(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        app.frame(0.016)


def tab_to(app, wanted, limit=40):
    """Press Tab until the focus is on `wanted` (a widget); fails when Tab never gets there."""
    for _ in range(limit):
        scene = app.top
        if 0 <= scene.focus_i < len(scene.focus) and scene.focus[scene.focus_i] is wanted:
            return
        press(app, pygame.K_TAB)
    raise AssertionError(f"Tab never reached {wanted}")


def focused(app):
    scene = app.top
    return scene.focus[scene.focus_i] if 0 <= scene.focus_i < len(scene.focus) else None


def plan_with_keys(app):
    """Place every member's chips and answer every open dilemma, with keys only."""
    board = app.top
    s = board.session
    for m, member in enumerate(s.scn.members):
        press(app, pygame.K_1 + m)
        press(app, pygame.K_HOME)
        for _ in range(m % s.scn.rules.n_exp):
            press(app, pygame.K_DOWN)
        for _ in range(s.plan.capacity[member.id] - 1):  # one chip stays free: rest
            press(app, pygame.K_RIGHT)
    for _ in range(len(board.entries()) + 1):
        entry = board.entries()[board.cursor]
        open_dilemma = any(e.uid == entry[1] and e.chosen is None for e in board.all_events)
        if entry[0] == "option" and open_dilemma:
            press(app, pygame.K_SPACE)
        press(app, pygame.K_DOWN)


def test_a_whole_game_and_its_debrief_with_the_keyboard_alone(make_app):
    app = make_app((1280, 720))
    app.push(MenuScene(app))
    app.frame(0.016)
    first = focused(app)
    assert first is not None  # the menu starts with a focus
    press(app, pygame.K_RETURN)  # the first scenario
    assert app.top.name == "briefing"
    while app.top.name == "briefing":
        press(app, pygame.K_RETURN)
    turns = 0
    while app.top.name == "board":
        plan_with_keys(app)
        press(app, pygame.K_e)  # end the turn
        assert app.top.name == "resolution", app.top.name
        turns += 1
        while app.top.name == "resolution":
            press(app, pygame.K_RETURN)
    assert turns >= 3
    assert app.top.name == "end"
    end = app.top
    # first the self-assessment, before any score is on screen
    assert end.asking and focused(app) is not None
    press(app, pygame.K_4)
    assert not end.asking and end.session.self_rating == 4
    assert focused(app) is not None  # the end screen starts with a focus
    lefts = [el.rect.left for el in end.focus if el.rect.top == end.focus[0].rect.top]
    assert lefts == sorted(lefts)  # Tab goes left to right along the footer
    debrief = next(b for b in end.focus if b.text == app.t("learn.ui.debrief"))
    tab_to(app, debrief)
    press(app, pygame.K_RETURN)
    learning = app.top
    assert learning.name == "learning"
    while learning.note_entry is None:
        press(app, pygame.K_RIGHT)  # page on to the questions, where the Monday note is
    tab_to(app, learning.note_entry)
    type_text(app, "Eerst de wethouder bellen")
    press(app, pygame.K_TAB)
    assert learning.session.monday_note == "Eerst de wethouder bellen"
    export = next(b for b in learning.focus if getattr(b, "text", "") == app.t("learn.ui.export"))
    tab_to(app, export)
    press(app, pygame.K_RETURN)
    page = learning.export_path().read_text(encoding="utf-8")
    assert "Eerst de wethouder bellen" in page
    assert app.t("ui.self.rating.4") in page  # the estimate made before the score
    for _ in range(3):
        press(app, pygame.K_RIGHT)  # page on
    press(app, pygame.K_ESCAPE)
    assert app.top.name == "end"


def test_joining_a_competition_with_the_keyboard_alone(make_app):
    other = builtin_scenarios()[-1]
    scn = load_scenario(other.path)
    code = make_code(scn.id, scn.content_hash, 4821)
    app = make_app((1280, 720))
    app.push(MenuScene(app))
    app.frame(0.016)
    menu = app.top
    tab_to(app, menu.code_entry)
    assert menu.code_entry.is_focused  # the field has the keyboard: typing goes into it
    type_text(app, code)
    press(app, pygame.K_RETURN)
    assert app.top.name == "player_name"  # asked once for a name
    assert app.top.entry.is_focused
    type_text(app, "Anouk")
    press(app, pygame.K_RETURN)
    assert app.top.name == "briefing"
    assert app.session.scn.id == other.id and app.session.seed == 4821
    assert app.settings.player == "Anouk"


def test_tab_reaches_the_name_and_results_folder_fields_in_the_settings(make_app):
    app = make_app((1280, 720))
    app.push(MenuScene(app))
    app.push("settings")
    app.frame(0.016)
    scene = app.top
    tab_to(app, scene.name_entry)
    type_text(app, "Bram")
    press(app, pygame.K_TAB)  # leaves the field (Tab is not typed into it)
    assert app.settings.player == "Bram"
    assert not scene.name_entry.is_focused
    tab_to(app, scene.folder_entry)
    assert scene.folder_entry.is_focused
    press(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert not scene.folder_entry.is_focused
    assert isinstance(scene.name_entry, pygame_gui.elements.UITextEntryLine)


def test_the_briefing_scrolls_to_its_last_score_rule_at_the_largest_text(make_app):
    from turbulentie_game.play.storage import TEXT_SCALES
    from turbulentie_game.scenario.registry import default_scenario

    app = make_app((1280, 720), text_scale=max(TEXT_SCALES))
    app.push(MenuScene(app))
    app.start_game(default_scenario().path, 3)
    app.frame(0.016)
    brief = app.top
    assert brief.name == "briefing" and brief.left_h > brief.left.h  # it does not fit at once
    for _ in range(10):
        press(app, pygame.K_PAGEDOWN)
    assert brief.scroll == brief.left_h - brief.left.h  # the end (the score rules) is in view
    press(app, pygame.K_PAGEUP)
    assert brief.scroll < brief.left_h - brief.left.h


def test_the_seat_token_field_is_reached_with_tab_and_takes_a_pasted_token(make_app):
    scn = load_scenario(builtin_scenarios()[-1].path)
    app = make_app((1280, 720))
    app.settings.player = "Anouk"
    app.push(MenuScene(app))
    app.frame(0.016)
    tab_to(app, app.top.code_entry)
    type_text(app, make_code(scn.id, scn.content_hash, 4822))
    press(app, pygame.K_RETURN)
    dialog = app.top
    assert dialog.name == "player_name" and dialog.entry.get_text() == "Anouk"
    press(app, pygame.K_TAB)  # from the name to the seat token
    assert focused(app) is dialog.seat_entry and dialog.seat_entry.is_focused
    pygame.scrap.put_text("K3QF-7ZPA-M2XD")  # copied from the facilitator's e-mail
    press(app, pygame.K_v, mod=pygame.KMOD_CTRL)
    assert dialog.seat_entry.get_text() == "K3QF-7ZPA-M2XD"
    press(app, pygame.K_TAB)
    assert focused(app).text == app.t("ui.ok")  # then OK
    press(app, pygame.K_RETURN)
    assert app.top.name == "briefing" and app.settings.seat == "K3QF-7ZPA-M2XD"
