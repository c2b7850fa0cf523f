"""The board shows model 2.1: the situation panel (the actors, red tape, the oyster), the two stocks
of each trait and its streak, each dilemma option's stance and fit, the executive's priorities;
read from the layout and checked against the observation a policy sees and the engine's turn."""

import itertools

import numpy as np
import pygame
import pytest

from turbulentie_game.core.allocation import Allocation
from turbulentie_game.core.engine import preview
from turbulentie_game.core.model import ACTORS, CAUSE, STANCES
from turbulentie_game.core.stances import stance_fit
from turbulentie_game.play.session import Session, without_noise
from turbulentie_game.play.situation import FITS
from turbulentie_game.play.storage import TEXT_SCALES
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import resolve
from turbulentie_game.sim.strategy import observe
from turbulentie_game.ui.board.widgets import stance_line

from .conftest import SIZES
from .crowded import board_for, crowded_session, played

XL = max(TEXT_SCALES)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_panel_shows_the_actors_of_the_observation_with_their_trend(make_app, lang):
    app = make_app((1280, 720), lang)
    s = played(4)
    board = board_for(app, s)
    t = app.t
    obs = observe(s.scn, s.state)
    before = s.reports[-2].progression.actors[0]  # the actors at the start of the last turn
    cells = {c.key: c for c in board.sit_layout.cells}
    assert list(cells) == [*ACTORS, "red_tape", "up_share"]
    for i, a in enumerate(ACTORS):
        c = cells[a]
        assert c.label == t(f"ui.situation.{a}")
        assert c.value == t.num(obs.actors[0, i], 0)
        change = obs.actors[0, i] - before[i]
        assert c.trend == (0 if abs(change) < 0.5 else int(np.sign(change)))
        assert c.has_trend
    assert cells["red_tape"].value == t.num(obs.red_tape[0], 0)
    assert cells["up_share"].value == t.pct(obs.up_share[0])
    # the description of each reading, on hover and on keyboard focus alike
    for c in board.sit_layout.cells:
        pos = c.rect.move(board.situation_rect.topleft).center
        title, body = board.tooltip_for(pos)
        assert title.startswith(c.label) and c.value in title and len(body) > 80
        board.move_cursor(board.entries().index(("gauge", c.key)))
        rect, title2, body2 = board.cursor_tip()
        assert (title2, body2) == (title, body) and rect.collidepoint(pos)
    assert t("ui.situation.oyster_warning") not in (board.sit_layout.warning or "")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_panel_fits_with_xl_text_and_eight_events_without_overlapping(make_app, lang, size):
    app = make_app(size, lang, text_scale=XL)
    s = crowded_session()
    s.state = s.state.evolve(up_share=np.array([0.9]), red_tape=np.array([100.0]))  # the oyster
    board = board_for(app, s)
    look = app.look
    panel = board.situation_rect
    lay = board.sit_layout
    assert lay.warning == app.t("ui.situation.oyster_warning")
    assert board.right.contains(panel)
    scroll_note = pygame.Rect(
        board.events_area.x, board.events_area.bottom, board.right.w, look.line_height("tiny")
    )
    for other in (board.events_area, scroll_note, board.calendar_rect, board.targets, board.team):
        assert not panel.colliderect(other), other
    for b in board.elements:  # no button (an option, end turn ...) lies over the panel
        assert not b.rect.colliderect(panel), b.rect
    assert board.events_area.h >= 4 * look.line_height("small")  # the events still have room
    title_w = look.font("small", True).size(lay.title)[0]
    assert title_w <= panel.w - look.px(16)
    cells = [c.rect.move(panel.topleft) for c in lay.cells]
    for c, r in zip(lay.cells, cells, strict=True):
        assert panel.contains(r), c.key
        need = (
            look.font("tiny").size(c.label)[0]
            + look.line_height("tiny") // 2
            + look.font("tiny", True).size(c.value)[0]
        )
        assert need <= r.w, c.key  # label, trend and value side by side, nothing cut
    for a, b in itertools.combinations(cells, 2):
        assert not a.colliderect(b)
    # the warning is drawn inside the panel, clear of the title
    x, y, anchor = lay.warning_pos
    img = look.text(lay.warning, "tiny", "#000000", True)
    wr = img.get_rect(**{anchor: (panel.x + x, panel.y + y)})
    assert panel.contains(wr)
    title = pygame.Rect(
        panel.x + look.px(8), panel.y + look.px(4), title_w, look.line_height("small")
    )
    assert not wr.inflate(look.px(22), 0).colliderect(title)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_dilemma_option_says_its_stance_and_how_it_fits_now(make_app, lang):
    app = make_app((1280, 720), lang, text_scale=XL)
    s = crowded_session()
    board = board_for(app, s)
    t = app.t
    fit = stance_fit(s.scn, s.state)[0]
    dilemmas = [ev for ev in board.all_events if ev.option_ids]
    assert len(dilemmas) == 4
    for ev in dilemmas:
        lay = board.card_layouts[ev.uid]
        texts = " ".join(text for _, text, *_ in lay.texts)
        assert set(lay.stances) == set(ev.option_ids)
        for o, oid in enumerate(ev.option_ids):
            stance = STANCES[int(s.scn.o_stance[ev.template, o])]
            sv = board.stances[ev.uid][o]
            assert sv.stance == stance != "none"
            assert sv.fit == pytest.approx(fit[STANCES.index(stance)])
            word = "fits" if sv.fit >= FITS else ("backfires" if sv.fit <= -FITS else "risky")
            assert sv.verdict == word
            line = lay.stances[oid]
            assert line == stance_line(t, sv)
            assert t(f"stance.{stance}")[1:] in line  # in words, not by colour alone
            assert all(w in texts for w in line.split())  # and on the card, wrapped, not cut
            tip = board.option_tip(ev, o)
            assert t(f"ui.stance.{stance}_tip") in tip
            assert t("ui.stance.drivers", factors="").rstrip(".: ") in tip
        assert len(lay.marks) == len(ev.option_ids)  # a shape beside each stance line


def test_the_stance_effect_on_the_cards_is_what_the_turn_does():
    s = crowded_session()
    scn = s.scn
    board_views = {}
    from turbulentie_game.play.situation import option_stances, read_situation

    sit = read_situation(s)
    for ev in s.events():
        if ev.option_ids:
            o = len(ev.option_ids) - 1
            s.plan.choose(ev.uid, ev.option_ids[o])
            board_views[ev.uid] = option_stances(s, ev, sit)[o]
    inp = s.plan.as_input()
    alloc = Allocation.from_choices(scn, s.state, inp.chips, inp.options)
    res = preview(without_noise(scn), s.state, alloc).report.resolution
    promised = sum(v.effect for v in board_views.values())
    assert np.allclose(res.contributions[0, CAUSE["stance_fit"]], promised)
    assert np.abs(promised).sum() > 0.1


def test_trait_rows_show_both_stocks_and_the_streak_of_sustained_work(make_app):
    app = make_app((1280, 720))
    path = resolve("jeugdteam_offline")
    scn = load_scenario(path)
    s = Session(scn, path, 2)
    trait = scn.rules.traits[6].id
    for _ in range(3):  # three turns in a row of work on one trait, the rest resting
        s.plan.add(scn.members[0].id, trait)
        s.plan.add(scn.members[1].id, trait)
        for ev in s.events():
            if ev.option_ids and not ev.fixed:
                s.plan.choose(ev.uid, ev.option_ids[0])
        s.end_turn()
    board = board_for(app, s)
    t = app.t
    k = 6
    obs = observe(scn, s.state)
    assert obs.streak[0, k] == 3
    assert obs.traits[0, k] > obs.embedded[0, k]  # practised more than embedded
    assert board.row_marks[trait][1] in (t("ui.board.streak", n=3), t("ui.board.streak_short", n=3))
    tip = board.row_tip(trait)
    assert t.num(obs.traits[0, k], 0) in tip and t.num(obs.embedded[0, k], 0) in tip
    assert t.plural("ui.board.streak_tip", 3) in tip and t("ui.board.stocks_tip") in tip
    others = [c.id for i, c in enumerate(scn.rules.traits) if obs.streak[0, i] == 0]
    assert others and not any(tid in board.row_marks for tid in others)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_after_an_election_the_rows_mark_the_new_executives_priorities(make_app, lang):
    s = played(7)  # jeugdteam_offline has an election in turn 7
    assert 7 in s.scn.elections
    app = make_app((1280, 720), lang, text_scale=XL)
    board = board_for(app, s)
    t = app.t
    assert board.situation.new_priorities
    pr = observe(s.scn, s.state).priority[0]
    marked = 0
    for e, c in enumerate(s.scn.rules.expectations):
        mark = board.row_marks.get(c.id)
        if abs(pr[e] - 1) < 0.1:
            assert mark is None
            continue
        marked += 1
        assert mark[0] == (1 if pr[e] > 1 else -1)
        assert mark[1] == t("ui.board.priority_mark", change=t.num(100 * (pr[e] - 1), 0, sign=True))
        key = "ui.board.priority_more" if pr[e] > 1 else "ui.board.priority_less"
        assert t(key, change=t.pct(abs(pr[e] - 1))) in board.row_tip(c.id)
    assert marked >= 2
    # the status bar says so before the first chip is placed
    surf = pygame.Surface(app.size)
    seen = []
    board.app.look.blit_wrapped, orig = (
        (lambda *a, **k: seen.append(a[1]) or 0),
        board.app.look.blit_wrapped,
    )
    try:
        board.draw_bottom(surf)
    finally:
        board.app.look.blit_wrapped = orig
    assert t("ui.board.hint_priorities") in seen
    # the turn before the election has no marks
    board2 = board_for(make_app((1280, 720), lang), played(5))
    assert not board2.situation.new_priorities
    assert not any(tid in board2.row_marks for tid in [c.id for c in s.scn.rules.expectations])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_step_of_the_tour_says_all_of_its_text_and_shows_the_situation(make_app, lang, size):
    from turbulentie_game.ui.board.tutorial import TUTORIAL

    app = make_app(size, lang, intro_done=False, text_scale=XL)
    board = board_for(app, crowded_session())
    look, t, px = app.look, app.t, app.look.px
    assert "situation" in TUTORIAL
    window = pygame.Rect((0, 0), app.size)
    for i, name in enumerate(TUTORIAL):
        board.tutorial = i
        board.place_tutorial_buttons()
        box = board.tutorial_box()
        assert window.contains(box)
        text = t(f"ui.tutorial.{name}.text")
        lines = look.wrap(text, "small", box.w - px(36))
        top = box.y + px(12) + look.line_height("tiny") + look.line_height("head")
        if name == "events":
            top += board.kind_legend(box.w - px(36))[-1][2] + px(24)
            for _kind, dx, _dy in board.kind_legend(box.w - px(36)):
                assert dx + px(24) < box.w - px(36)
        assert (
            top + len(lines) * look.line_height("small") <= board.tut_next.rect.top - px(6) + 2
        ), name
        assert box.contains(board.tut_next.rect) and box.contains(board.tut_skip.rect)
        if name == "situation":
            assert board.tutorial_region() == board.situation_rect
            assert not box.colliderect(board.situation_rect)
