"""Text at 200 %: every screen of the window, at 1280×720 and 1920×1080, in Dutch and English,
keeps all of its text: nothing shortened with an ellipsis, no wrapped text that loses lines, no
text or button outside the window, no button label wider than its button. What does not fit
scrolls, wraps or goes on a tab, with words that say so."""

import pygame
import pytest

from turbulentie_game.play.storage import TEXT_SCALES, Settings

from .conftest import SIZES
from .cut_text import cuts_of_a_frame
from .tour import finished_session, key, tour

XL = max(TEXT_SCALES)


@pytest.fixture(scope="module")
def finished():
    return finished_session()


def test_the_largest_text_is_twice_the_normal_size_and_labelled_with_its_percentage():
    from turbulentie_game.i18n import Translator

    assert XL == 2.0 and 1.0 in TEXT_SCALES
    for lang in ("nl", "en"):
        t = Translator(lang)
        labels = [t(f"ui.settings.text_{i}") for i in range(len(TEXT_SCALES))]
        assert labels == [t.pct(v) for v in TEXT_SCALES]  # "200 %" in Dutch, "200%" in English


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_screen_keeps_all_its_text_at_200_percent(make_app, finished, size, lang):
    app = make_app(size, lang, intro_done=False, text_scale=XL)  # the intro's pop-ups too
    seen = []
    for name in tour(app, finished):
        assert cuts_of_a_frame(app) == [], name
        seen.append(name)
    assert {"menu", "settings", "help", "name", "room_join", "briefing", "board", "intro_8",
            "resolution", "board_crowded", "history", "end", "whatif"} <= set(seen)  # fmt: skip
    assert sum(s.startswith("learn_") for s in seen) == 4


def test_the_next_largest_text_keeps_all_its_text_too(make_app, finished):
    app = make_app((1600, 900), "en", intro_done=True, text_scale=1.6)
    for name in tour(app, finished):
        assert cuts_of_a_frame(app) == [], name


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_at_115_percent_the_team_cards_keep_what_each_member_is_strong_in(make_app, size, lang):
    app = make_app(size, lang, text_scale=1.15)  # the three columns would cut it: one body
    strong = app.t("ui.board.strong", skills="").strip()
    boards = 0
    for name in tour(app):
        if name.startswith("board"):
            boards += 1
            assert [c for c in cuts_of_a_frame(app) if strong in c] == [], name
    assert boards >= 3


def test_the_cut_check_finds_a_cut_title_and_a_label_wider_than_its_button(make_app):
    app = make_app((1280, 720), "nl", text_scale=XL)
    app.reset("menu")
    look = app.look
    long = "Een scenario met een heel erg lange titel die nooit op één regel past " * 2
    draw = app.top.draw

    def cut_draw(surf):
        draw(surf)
        look.blit_text(surf, look.fit(long, "body", 300), (10, 10), "body")

    app.top.draw = cut_draw
    app.top.button((10, 200, 60, 40), "Afsluiten en opslaan", lambda: None)
    found = cuts_of_a_frame(app)
    assert any(f.startswith("shortened") for f in found)
    assert any(f.startswith("button label cut") for f in found)


def test_at_200_percent_the_board_scrolls_as_one_and_the_cursor_brings_each_row_into_view(
    make_app,
):
    from .crowded import crowded_session

    app = make_app((1280, 720), text_scale=XL)
    app.session = crowded_session()
    app.reset("board", session=app.session)
    app.frame(0.016)
    board = app.top
    assert board.tall and board.body_limit() > 0
    for entry in board.entries():  # every row, card, option and toggle comes into view
        board.move_cursor(board.entries().index(entry))
        app.frame(0.016)
        if entry[0] == "target":
            assert board.body_view.contains(board.rows[entry[1]]), entry
        if entry[0] == "option":
            assert (entry[1], entry[2]) in board.option_buttons, entry
    for _ in range(80):  # the end of the body: the calendar, and no hint left
        board.handle_event(key(pygame.K_PAGEDOWN))
    app.frame(0.016)
    assert board.body_scroll == board.body_limit()
    assert board.body_view.colliderect(board.calendar_rect)


def test_saved_settings_of_every_text_size_load_and_an_unknown_one_falls_back(tmp_path):
    for v in (*TEXT_SCALES, 1.3, 1.15):
        Settings(text_scale=v).save(tmp_path)
        assert Settings.load(tmp_path).text_scale == v
    (tmp_path / "settings.json").write_text('{"text_scale": 2.5}', encoding="utf-8")
    assert Settings.load(tmp_path).text_scale == 1.0


def cards_with_demand_in_view(board) -> int:
    """How many event cards show every demand cell on screen at once."""
    view = board.events_area.clip(board.body_view) if board.tall else board.events_area
    n = 0
    for ev, r in zip(board.events, board.event_rects, strict=True):
        lay = board.card_layouts[ev.uid]
        cells = [rect.move(r.topleft) for rect, text, *_ in lay.texts if text in lay.demand]
        n += bool(cells) and all(view.contains(c) and r.contains(c) for c in cells)
    return n


@pytest.mark.parametrize("scale", [1.3, 1.6])
def test_large_text_folds_the_event_cards_so_more_than_one_demand_is_in_view(make_app, scale):
    from .crowded import crowded_session

    app = make_app((1280, 720), text_scale=scale)
    app.session = crowded_session()
    app.reset("board", session=app.session)
    app.frame(0.016)
    board = app.top
    assert board.tall and board.open_uid is None
    assert cards_with_demand_in_view(board) >= 2  # eight events: folded to kind, title, demand
    assert cuts_of_a_frame(app) == []
    # the cursor on a card opens it in full: its options get their buttons
    dilemma = next(ev for ev in board.all_events if ev.option_ids and not ev.fixed)
    i = board.entries().index(("option", dilemma.uid, dilemma.option_ids[-1]))
    board.move_cursor(i)
    app.frame(0.016)
    assert board.open_uid == dilemma.uid
    assert (dilemma.uid, dilemma.option_ids[-1]) in board.option_buttons
    # a click on a folded card opens that one (and folds the other)
    other = next(ev for ev in board.all_events if ev.uid != dilemma.uid)
    top = board.events_area.y + board.card_top[other.uid]
    board.reveal(pygame.Rect(board.events_area.x, top, board.events_area.w, 40))  # scrolled to
    app.frame(0.016)
    r = board.event_rects[[ev.uid for ev in board.events].index(other.uid)]
    assert r.h < board.card_layouts[other.uid].height  # folded
    pos = (r.centerx, r.y + 4)
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    app.frame(0.016)
    assert board.open_uid == other.uid
    assert board.card_h(dilemma.uid, board.card_layouts[dilemma.uid]) < (
        board.card_layouts[dilemma.uid].height
    )
