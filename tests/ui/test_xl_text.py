"""At 1280x720 with the largest text, the end screen's lessons, the debrief's question cards and
the path the debrief is saved to are read in full: nothing is cut off without a word about it."""

import pygame
import pytest

from turbulentie_game.play.session import Session
from turbulentie_game.play.storage import TEXT_SCALES
from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import input_from_allocation
from turbulentie_game.sim.strategy import observe
from turbulentie_game.ui.end_screen import EndScene
from turbulentie_game.ui.learning_scene import PAGES, LearningScene

XL = max(TEXT_SCALES)


@pytest.fixture(scope="module")
def finished(scn):
    s = Session(scn, default_scenario().path, 4)
    bot = make_bot("balanced", scn)
    while not s.over:
        s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
        s.end_turn()
    s.self_rating = 3
    return s


def drawn_texts(app) -> list[tuple[str, pygame.Rect]]:
    """Draw a frame and return every text drawn with its rectangle."""
    look = app.look
    seen = []
    blit = look.blit_text

    def record(surf, s, pos, role="body", col=None, bold=False, anchor="topleft"):
        r = blit(surf, s, pos, role, col if col is not None else "#000000", bold, anchor)
        seen.append((s, r))
        return r

    look.blit_text = record
    try:
        app.frame(0.016)
    finally:
        look.blit_text = blit
    return seen


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_end_screens_lessons_are_read_in_full_or_counted(make_app, finished, lang):
    app = make_app((1280, 720), lang, text_scale=XL)
    app.session = finished
    app.push(EndScene(app, finished))
    texts = drawn_texts(app)
    joined = " ".join(s for s, _ in texts)
    lessons = app.top.lessons()
    full = [line for line in lessons if all(w in joined for w in line.split())]
    assert full == lessons[: len(full)] and len(full) >= 3
    if len(full) < len(lessons):
        assert app.t.plural("ui.end.more_lessons", len(lessons) - len(full)) in joined
    window = pygame.Rect((0, 0), app.size)
    footer = app.top.footer
    for s, r in texts:
        assert window.contains(r), s
        if any(s.strip("• ") and s.strip("• ") in line for line in lessons):
            assert "…" not in s and r.bottom <= footer


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_debriefs_question_cards_hold_all_their_text_and_scroll(make_app, finished, lang):
    app = make_app((1280, 720), lang, text_scale=XL)
    app.session = finished
    app.push(EndScene(app, finished))
    app.frame(0.016)
    app.top.learn()
    d = app.top
    assert isinstance(d, LearningScene)
    d.turn_page(PAGES.index("questions") - d.page)
    app.frame(0.016)
    for r, box in zip(d.d.reflections, d.q_boxes, strict=True):
        assert box.h >= d.card_height(r, box.w)  # every line of the card has its place
    note = d.note_rect
    assert note.bottom <= d.info_top()
    # the cards scroll: the last one comes fully into view, and the note is never over a card
    for _ in range(40):
        d.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0, unicode=""))
    last = d.q_boxes[-1].move(0, d.q_area.y - d.scroll)
    assert d.q_area.contains(last) or not d.q_scrolls
    assert not d.q_area.colliderect(note)
    # where the web page goes, in full, above the buttons
    path = str(d.export_path())
    app.frame(0.016)
    texts = drawn_texts(app)
    line = next((s, r) for s, r in texts if path in s)
    assert line[1].bottom <= d.footer and line[1].right <= app.size[0]
    assert all(not b.rect.colliderect(line[1]) for b in d.elements)
