"""Eight open events and four dilemmas at 1280x720 with the largest text: every event's demand,
deadline, stakes and option asks can be read in full, by scrolling the event column."""

import pygame
import pytest

from turbulentie_game.play.storage import TEXT_SCALES
from turbulentie_game.ui.board import BoardScene

from .crowded import crowded_session


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_event_and_its_demand_can_be_brought_into_view_unclipped(make_app, lang, size):
    app = make_app(size, lang, text_scale=max(TEXT_SCALES))
    s = crowded_session()
    board = BoardScene(app, s)
    app.push(board)
    app.frame(0.016)
    look, t = app.look, app.t
    events = board.all_events
    assert len(events) == 8 and sum(1 for e in events if e.option_ids) == 4
    for ev in events:
        lay = board.card_layouts[ev.uid]
        n_demand = int((ev.remaining > 1e-6).sum())
        assert len(lay.demand) == n_demand > 0
        texts = [text for _, text, _, _, _ in lay.texts]
        for rect, text, role, _, bold in lay.texts:
            assert look.font(role, bold).size(text)[0] <= rect.w + 1, text  # never cut
            assert "…" not in text
        full = " ".join(texts)
        assert t.plural("ui.event.turns_left", ev.deadline).split()[-1] in full  # the deadline
        if not ev.option_ids:
            assert t("ui.event.stakes", success="", failure="").split()[0] in full  # the stakes
        else:
            assert sum(t("ui.event.option_asks", asks="").strip() in x for x in texts) >= len(
                ev.option_ids
            )
        # bring the card's demand into view: it is inside the visible column
        board.scroll_to(ev.uid)
        app.frame(0.016)
        r = next(r for e, r in zip(board.events, board.event_rects, strict=True) if e.uid == ev.uid)
        view = board.events_area.clip(board.body_view) if board.tall else board.events_area
        for rect, text, *_ in lay.texts:
            if text in lay.demand:  # on screen: inside the column and (large text) the body
                assert view.contains(rect.move(r.topleft)), text
        # and every option of a dilemma gets its button once it is scrolled to
        for rect, oid, _ in lay.options:
            board.scroll_to(ev.uid, rect)
            assert (ev.uid, oid) in board.option_buttons


def test_the_cursor_walks_over_every_event_and_option_and_scrolls_them_into_view(make_app):
    app = make_app((1280, 720), text_scale=max(TEXT_SCALES))
    board = BoardScene(app, crowded_session())
    app.push(board)
    app.frame(0.016)
    seen_events, answered = set(), set()
    for _ in range(len(board.entries())):
        app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0, unicode=""))
        entry = board.entries()[board.cursor]
        if entry[0] == "event":
            seen_events.add(entry[1])
            assert any(e.uid == entry[1] for e in board.events)
        if entry[0] == "option" and entry[1] not in answered:
            app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" "))
            answered.add(entry[1])
        app.frame(0.016)
    assert len(seen_events) == 8 and len(answered) == 4
    assert all(ev.chosen for ev in board.session.events() if ev.option_ids)


def test_the_cards_preview_follows_the_chips_as_they_move(make_app):
    app = make_app((1280, 720))
    s = crowded_session()
    board = BoardScene(app, s)
    app.push(board)
    app.frame(0.016)
    ev = next(e for e in board.all_events if not e.option_ids)
    e = int(ev.remaining.argmax())  # what this event asks most
    target = s.scn.rules.expectations[e].id
    before = list(board.card_layouts[ev.uid].demand)
    board.cursor = board.row_order.index(target)
    best = int(s.state.skills[0, :, e].argmax())  # the member who is good at it
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1 + best, mod=0, unicode=""))
    for _ in range(3):
        app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0, unicode=""))
    app.frame(0.016)
    after = board.card_layouts[ev.uid].demand
    assert after != before  # the card now shows what the new chips give it
    live = next(x for x in s.events() if x.uid == ev.uid)
    assert live.expected[e] > 0
    assert any(app.t.num(float(live.expected[e])) in cell for cell in after)
