"""At 1280x720 with the largest text, the end screen's lessons and dilemma choices, the debrief's
question cards and the path the debrief is saved to are read in full: nothing is cut off without a
word about it."""

import pygame
import pytest

from turbulentie_game.play.storage import TEXT_SCALES
from turbulentie_game.ui.end_screen import EndScene
from turbulentie_game.ui.learning_scene import PAGES, LearningScene

from .cut_text import cuts_of_a_frame
from .tour import finished_session

XL = max(TEXT_SCALES)


@pytest.fixture(scope="module")
def finished():
    return finished_session()


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


def wrapped_texts(app) -> list[str]:
    """Draw a frame and return every wrapped text drawn (in part) inside the clip."""
    look = app.look
    seen = []
    wrapped = look.blit_wrapped

    def record(surf, s, rect, role="body", col=None, bold=False, max_lines=None):
        kw = {} if col is None else {"col": col}
        if surf.get_clip().colliderect(rect):
            seen.append(s)
        return wrapped(surf, s, rect, role, bold=bold, max_lines=max_lines, **kw)

    look.blit_wrapped = record
    try:
        app.frame(0.016)
    finally:
        del look.blit_wrapped
    return seen


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_at_the_largest_text_the_end_screen_scrolls_through_every_lesson_and_choice(
    make_app, finished, lang, size
):
    app = make_app(size, lang, text_scale=XL)
    app.session = finished
    app.push(EndScene(app, finished))
    end = app.top
    app.frame(0.016)
    assert end.column  # one column: two would cut the headings
    seen: list[str] = []
    for _ in range(30):  # page down to the end; nothing is cut on the way
        assert cuts_of_a_frame(app) == []
        seen += wrapped_texts(app)
        end.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0))
    assert end.scroll == end.scroll_limit() > 0
    for line in end.lessons():
        assert "• " + line in seen
    lines = [text for text, _ in end.dilemma_texts()]
    assert lines and all(text in seen for text in lines)  # each in full, wrapped


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_end_screens_lessons_are_read_in_full_or_counted(make_app, finished, lang):
    app = make_app((1280, 720), lang, text_scale=1.3)  # the largest text with two columns
    app.session = finished
    app.push(EndScene(app, finished))
    assert not app.top.column
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
    # the last card comes fully into view; one taller than the view scrolls to its end
    tall = last.h > d.q_area.h and d.q_area.top < last.bottom <= d.q_area.bottom
    seen = d.q_area.contains(last) or tall
    assert seen or not d.q_scrolls
    assert not d.q_area.colliderect(note)
    # where the web page goes, in full, above the buttons
    path = str(d.export_path())
    app.frame(0.016)
    texts = drawn_texts(app)
    info = [(s, r) for s, r in texts if r.top >= d.info_top() - 2 and r.bottom <= d.footer]
    assert path in "".join(s for s, _ in info)  # broken after a "/" when wider than the window
    for _, r in info:
        assert r.right <= app.size[0]
        assert all(not b.rect.colliderect(r) for b in d.elements)
