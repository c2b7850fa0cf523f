"""Triage and preparing on the board: the 'Voorop' toggle on every event card and the
'Voorbereiden' toggle on each calendar date in sight change the plan, with the mouse or the
keyboard alone; the cards' preview follows; undo takes it back; a date out of sight says why."""

import numpy as np
import pygame
import pygame_gui
import pytest

from turbulentie_game.core.features import foreseeable
from turbulentie_game.play.session import Session
from turbulentie_game.play.storage import TEXT_SCALES
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import input_from_allocation
from turbulentie_game.sim.strategy import observe
from turbulentie_game.ui.autoplay import key_event
from turbulentie_game.ui.board.calendar import shown_dates
from turbulentie_game.ui.board.widgets import preview_text
from turbulentie_game.ui.resolution import ResolutionScene

from .conftest import SIZES
from .crowded import board_for, crowded_session, played, two_events_session

XL = max(TEXT_SCALES)


def press(app, key, unicode=""):
    app.handle(key_event(key, unicode=unicode))
    app.frame(0.016)


def walk_to(app, board, entry) -> None:
    """Move the keyboard cursor to an entry with Home and Down alone."""
    press(app, pygame.K_HOME)
    for _ in range(board.entries().index(entry)):
        press(app, pygame.K_DOWN)
    assert board.entries()[board.cursor] == entry


def thin_plan(s: Session, e: int) -> None:
    """One chip on expectation `e`, of the member least good at it (but not without skill): too
    little for the two events that ask for it (and the central task)."""
    scn = s.scn
    skills = s.state.skills[0, :, e]
    weakest = int(np.where(skills > 0, skills, np.inf).argmin())
    assert s.plan.add(scn.members[weakest].id, scn.rules.expectations[e].id)
    pv = s.preview()
    assert 0 < pv.coverage[e] < pv.demand[e]  # time is scarce there


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_putting_an_event_first_raises_its_previewed_quality_when_time_is_scarce(make_app, lang):
    app = make_app((1280, 720), lang)
    s, e = two_events_session()
    thin_plan(s, e)
    board = board_for(app, s)
    t = app.t
    before = {ev.uid: ev for ev in s.events()}
    assert all(ev.ends and 0 < ev.handled < 0.999 for ev in before.values())  # scarce
    uid = min(before, key=lambda u: before[u].handled)  # the one that gets the least
    other = next(u for u in before if u != uid)
    lay = board.card_layouts[uid]
    assert lay.focus is not None and lay.focus.label == t("ui.triage.off")
    # the card already says what putting it first would do
    would = t("ui.triage.would", then=t.pct(before[uid].toggled), now=t.pct(before[uid].handled))
    assert would in lay.triage
    # a click on the button puts it first
    button = board.focus_buttons[uid]
    app.handle(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=button))
    app.frame(0.016)
    assert s.plan.focus == {uid}
    after = {ev.uid: ev for ev in s.events()}
    assert after[uid].focused and after[uid].handled > before[uid].handled
    assert after[uid].quality > before[uid].quality  # the expected quality it ends with
    assert after[other].handled < before[other].handled  # the other one shares what is left
    assert after[uid].handled == pytest.approx(before[uid].toggled)  # the card's promise
    # the card follows: its preview line, the toggle in words, and on the button
    lay = board.card_layouts[uid]
    assert lay.focus.on and lay.focus.label == t("ui.triage.on")
    assert board.focus_buttons[uid].text == t("ui.triage.on")
    shown = " ".join(text for _, text, *_ in lay.texts)
    assert preview_text(t, s, after[uid])[0].split()[0] in shown
    assert t.pct(after[uid].quality) in shown
    # the meters' forecast is the engine's for the new plan
    assert s.preview().meters_after is not None
    # undo takes it back
    board.undo()
    app.frame(0.016)
    assert s.plan.focus == set()
    assert s.events()[0].handled == pytest.approx(before[s.events()[0].uid].handled)


def test_the_toggle_is_reached_and_switched_with_the_keyboard_alone(make_app):
    app = make_app((1280, 720))
    s, e = two_events_session()
    thin_plan(s, e)
    board = board_for(app, s)
    t = app.t
    uid = board.all_events[1].uid
    walk_to(app, board, ("focus", uid))
    rect, title, body = board.cursor_tip()
    assert title == t("ui.triage.title") and t("ui.triage.tip") in body
    press(app, pygame.K_SPACE, " ")
    assert s.plan.focus == {uid}
    assert board.card_layouts[uid].focus.on
    press(app, pygame.K_RETURN)
    assert s.plan.focus == set()
    press(app, pygame.K_u)  # undo: back to "put first"
    assert s.plan.focus == {uid}
    # the cursor's ring is drawn around the toggle (box and button)
    tg = board.card_layouts[uid].focus
    r = next(r for ev, r in zip(board.events, board.event_rects, strict=True) if ev.uid == uid)
    assert rect == tg.rect.move(r.topleft)
    # a click on the box beside the button switches it too
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=tg.box.move(r.topleft).center,
                                  button=1))  # fmt: skip
    app.frame(0.016)
    assert s.plan.focus == set()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_prepare_toggle_only_for_dates_in_sight_and_it_sets_the_plan(make_app, lang):
    app = make_app((1280, 720), lang)
    s = played(4)  # turn 5: the budget debate (turn 7) is in sight, the election is not
    board = board_for(app, s)
    t = app.t
    can = foreseeable(s.scn, s.state)[0]
    in_sight = {c.id for c, ok in zip(s.scn.calendar, can, strict=True) if ok}
    assert in_sight == {"begroting"}
    assert set(board.cal_layout.toggles) == in_sight == set(board.prepare_buttons)
    # the date out of sight says why, and names the trait that sees further
    trait = s.scn.rules.traits[s.scn.rules.foresight_trait].name.get(lang)
    why = t("ui.prepare.out_of_sight", trait=trait)
    shown = [d.id for d in shown_dates(board.dates)]
    assert shown == ["begroting", "verkiezingen"]
    assert board.cal_layout.lines["verkiezingen"] == why
    texts = [text for _, text, *_ in board.cal_layout.texts]
    assert any(why in x for x in texts)
    title, body = board.date_tip("verkiezingen")
    assert "15" in title
    assert str(s.horizon()) in body
    # the ready line: "klaar: 0 van 18"
    d = next(d for d in board.dates if d.id == "begroting")
    assert board.cal_layout.lines["begroting"].startswith(
        t("ui.prepare.ready", ready=t.num(d.ready, 0), demand=t.num(d.demand, 0))
    )
    # the keyboard reaches it and Space prepares
    walk_to(app, board, ("prepare", "begroting"))
    press(app, pygame.K_SPACE, " ")
    assert s.plan.prepare == {"begroting"}
    assert board.cal_layout.toggles["begroting"].on
    assert board.prepare_buttons["begroting"].text == t("ui.prepare.on")
    # with time on what the debate asks, the line says how much will be ready
    scn = s.scn
    t_id = scn.calendar[[c.id for c in scn.calendar].index("begroting")].template
    e = int(scn.t_demand[t_id].argmax())
    for m in scn.members:
        while s.plan.free(m.id):
            s.plan.add(m.id, scn.rules.expectations[e].id)
    app.frame(0.016)
    d = next(d for d in board.dates if d.id == "begroting")
    assert d.ready_after > d.ready
    assert (
        t("ui.prepare.after", line="", after=t.num(d.ready_after, 0)).strip(" ·")
        in (board.cal_layout.lines["begroting"])
    )
    # the board offers no way to prepare for a date out of sight (the engine would refuse)
    board.toggle_prepare("verkiezingen")
    assert s.plan.prepare == {"begroting"}
    for ev in s.events():  # answer the dilemmas: then the plan is one the engine takes
        if ev.option_ids and ev.chosen is None:
            s.plan.choose(ev.uid, ev.option_ids[0])
    assert s.allocation().prepare is not None


def test_at_the_start_no_date_is_in_sight_and_the_calendar_says_why(make_app):
    app = make_app((1280, 720))
    board = board_for(app, crowded_session())
    assert not board.cal_layout.toggles and not board.prepare_buttons
    trait = board.session.scn.rules.traits[board.session.scn.rules.foresight_trait].name.get("nl")
    assert list(board.cal_layout.lines.values()) == [app.t("ui.prepare.out_of_sight", trait=trait)]
    assert not any(e[0] == "prepare" for e in board.entries())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_prepared_event_says_so_on_its_card_and_after_the_turn(make_app, lang):
    s = played(6)  # the bot prepared in turn 6; the budget debate arrives in turn 7
    t_board = board_for(make_app((1280, 720), lang), s)
    t = t_board.app.t
    ev = next(e for e in s.events() if s.scn.templates[e.template].id == "begrotingsdebat")
    assert ev.prepared > 0 and ev.arrival_total > ev.prepared
    lay = t_board.card_layouts[ev.uid]
    assert lay.prepared == t(
        "ui.event.prepared", done=t.num(ev.prepared, 0), total=t.num(ev.arrival_total, 0)
    )
    assert any(text == lay.prepared or text in lay.prepared for _, text, *_ in lay.texts)
    # the calendar says it arrived prepared
    d = next(d for d in t_board.dates if d.id == "begroting")
    assert d.status == "now" and d.prepared_now == pytest.approx(ev.prepared)
    # a resumed game knows it too
    again = Session.from_inputs(s.scn, s.scenario_path, s.seed, s.inputs)
    assert again.prepared[ev.uid][0] == pytest.approx(ev.prepared)
    # put it first and play the turn: the resolution says both
    bot = make_bot("adaptive", s.scn)
    s.apply_input(input_from_allocation(s.scn, s.state, bot.decide(observe(s.scn, s.state))))
    if ev.uid not in s.plan.focus:
        s.plan.toggle_focus(ev.uid)
    ex = s.end_turn()
    app = make_app((1280, 720), lang)
    res = ResolutionScene(app, s, ex)
    app.push(res)
    app.frame(0.016)
    lines = [text for text, _ in res.triage_lines(ev.uid)]
    assert any(x.startswith(t("ui.resolution.prepared_event", done="", total="").split()[0])
               for x in lines)  # fmt: skip
    focus_words = {t("ui.resolution.focused_same"), t("ui.resolution.focused_plain")}
    assert any(x in focus_words or x.startswith(t("ui.resolution.focused", done="", without="")
                                                .split(":")[0]) for x in lines)  # fmt: skip


def test_the_resolution_says_what_putting_first_changed(make_app):
    s, e = two_events_session()
    thin_plan(s, e)
    uid = min(s.events(), key=lambda v: v.handled).uid
    s.plan.toggle_focus(uid)
    promised = next(v for v in s.events() if v.uid == uid)
    ex = s.end_turn()
    app = make_app((1280, 720))
    res = ResolutionScene(app, s, ex)
    app.push(res)
    app.frame(0.016)
    t = app.t
    assert res.triage_lines(uid) == [
        (t("ui.resolution.focused", done=t.pct(promised.handled),
           without=t.pct(promised.toggled)), True)
    ]  # fmt: skip
    other = next(o.uid for o in ex.events if o.uid != uid)
    assert res.triage_lines(other) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_toggles_fit_with_xl_text_and_eight_events(make_app, lang, size):
    app = make_app(size, lang, text_scale=XL)
    s = crowded_session()
    s.state = s.state.evolve(turn=4)  # turn 5: the budget debate (turn 7) comes into sight
    s._preview = None
    board = board_for(app, s)
    look = app.look
    assert board.cal_layout.toggles, "a date in sight"
    assert len(board.all_events) == 8
    # every card's toggle lies inside its card, clear of its texts, and gets its button in view
    for ev in board.all_events:
        lay = board.card_layouts[ev.uid]
        tg = lay.focus
        card = pygame.Rect(0, 0, board.events_area.w - look.px(12), lay.height)
        assert card.contains(tg.rect)
        for rect, text, role, _, bold in lay.texts:
            assert not rect.colliderect(tg.rect), text
            assert look.font(role, bold).size(text)[0] <= rect.w + 1, text
        assert look.font("small", True).size(tg.label)[0] <= tg.button.w - look.px(16)
        board.move_cursor(board.entries().index(("focus", ev.uid)))
        app.frame(0.016)
        assert ev.uid in board.focus_buttons
        assert board.events_area.contains(board.focus_buttons[ev.uid].rect)
    # the calendar: inside the right column, below the situation, every line in full
    cal = board.calendar_rect
    assert board.right.contains(cal)
    assert not cal.colliderect(board.situation_rect)
    assert board.events_area.h >= 4 * look.line_height("small")
    for rect, text, role, _, bold in board.cal_layout.texts:
        assert cal.contains(rect.move(cal.topleft)), text
        assert look.font(role, bold).size(text)[0] <= rect.w + 1, text
    for did, b in board.prepare_buttons.items():
        assert cal.contains(b.rect), did
        tg = board.cal_layout.toggles[did]
        assert look.font("small", True).size(tg.label)[0] <= tg.button.w - look.px(16)
        for rect, text, *_ in board.cal_layout.texts:
            assert not rect.colliderect(tg.rect), text
    # nothing drawn leaves the window
    window = pygame.Rect((0, 0), app.size)
    assert all(window.contains(b.rect) for b in board.elements)


def test_the_tour_shows_the_first_cards_toggle_for_triage(make_app):
    from turbulentie_game.ui.board.tutorial import TUTORIAL

    app = make_app((1280, 720), intro_done=False, text_scale=XL)
    board = board_for(app, crowded_session())
    assert TUTORIAL.index("triage") == TUTORIAL.index("events") + 1
    while TUTORIAL[board.tutorial] != "triage":
        board.tutorial_next()
    first = board.all_events[0].uid
    r = next(r for ev, r in zip(board.events, board.event_rects, strict=True) if ev.uid == first)
    region = board.tutorial_region()
    assert region == board.card_layouts[first].focus.rect.move(r.topleft).inflate(8, 8)
    assert board.events_area.contains(region.inflate(-8, -8))
    assert not board.tutorial_box().colliderect(region)
    assert "Slim" in app.t("ui.tutorial.calendar.text")


def test_every_triage_and_preparing_string_is_in_both_catalogues():
    from turbulentie_game.i18n import LANGUAGES, catalogue

    keys = [f"ui.triage.{k}" for k in ("on", "off", "title", "tip", "would", "without",
                                        "meters", "same_full", "same_none", "same_on")]  # fmt: skip
    keys += [f"ui.prepare.{k}" for k in ("on", "off", "title", "tip", "ready", "after",
                                          "out_of_sight", "out_tip", "now", "now_ready",
                                          "no_event")]  # fmt: skip
    keys += ["ui.event.prepared", "ui.board.calendar_done", "ui.tutorial.triage.title",
             "ui.tutorial.triage.text"]  # fmt: skip
    keys += [f"ui.resolution.{k}" for k in ("focused", "focused_same", "focused_plain",
                                             "prepared_event", "preparing",
                                             "arriving_prepared")]  # fmt: skip
    for lang in LANGUAGES:
        missing = [k for k in keys if k not in catalogue(lang)]
        assert not missing, f"{lang} lacks {missing}"
    nl, en = catalogue("nl"), catalogue("en")
    assert nl["ui.triage.off"].startswith("Voorop") and nl["ui.prepare.off"].startswith(
        "Voorbereiden"
    )
    assert "nog niet in zicht" in nl["ui.prepare.out_of_sight"]
    assert all(nl[k] != en[k] for k in keys if k != "ui.triage.meters")  # really translated
    assert np.all([len(nl[k]) > 0 for k in keys])
