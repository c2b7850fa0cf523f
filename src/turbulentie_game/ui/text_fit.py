"""Lint for the window: scenario texts that will not fit where the window shows them.

The texts are measured with the window's own fonts and wrapping (`ui.look.Look`) in the real
scenes, laid out at 1280×720 (the smallest window) with normal text, in Dutch and English:
the briefing page is drawn and every text it draws is recorded; the turn board is built to
learn how wide an event card and its option buttons are.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import pygame

from ..i18n import Said, said
from ..play.storage import Settings
from ..scenario.compile import Checker
from ..scenario.lint import (
    LintWarning,
    _texts,  # every TextSpec of a spec with its path
)
from ..scenario.spec import RulesSpec, ScenarioSpec
from ..yamlread import Document
from .app import App

SIZE = (1280, 720)
_DRIVERS = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
RULE = "L010"
# the event card: the kind stripe and the polarity mark left of the title, a margin right
# (ui/board/widgets.py event_card); option buttons are as wide as the card minus their inset,
# and their label is fitted with room for the button's padding (ui/board/scene.py)
CARD_INSET, LABEL_PADDING = 44, 26


class _Recorder:
    """Wraps a Look's drawing of text to record what was drawn where (and what did not fit)."""

    def __init__(self, look):
        self.look = look
        self.drawn: list[tuple[str, pygame.Rect]] = []  # every text and the box it took
        self.cut: list[tuple[str, int, int]] = []  # wrapped texts: (text, lines needed, drawn)
        blit_text, blit_wrapped = look.blit_text, look.blit_wrapped

        def record_text(surf, s, pos, role="body", col=None, bold=False, anchor="topleft"):
            r = blit_text(surf, s, pos, role, col if col is not None else "#000000", bold, anchor)
            self.drawn.append((s, r))
            return r

        def record_wrapped(surf, s, rect, role="body", col=None, bold=False, max_lines=None):
            kw = {} if col is None else {"col": col}
            used = blit_wrapped(surf, s, rect, role, bold=bold, max_lines=max_lines, **kw)
            lines = len(look.wrap(s, role, rect.width, bold))
            shown = used // max(1, look.line_height(role))
            self.drawn.append(
                (s, pygame.Rect(rect.x, rect.y, rect.w, lines * look.line_height(role)))
            )
            if shown < lines:
                self.cut.append((s, lines, shown))
            return used

        look.blit_text = record_text
        look.blit_wrapped = record_wrapped


def _app(lang: str, folder: Path) -> App:
    settings = Settings(lang=lang, size=SIZE, intro_done=True, animations="off", text_scale=1.0)
    return App(settings, folder, None)


def _measure(path: Path, spec: ScenarioSpec, lang: str, folder: Path) -> list[tuple[tuple, Said]]:
    """(path in the file, message) for every text of one language that does not fit."""
    out: list[tuple[tuple, Said]] = []
    app = _app(lang, folder)
    try:
        app.start_game(path, 1)
        briefing = app.top
        if briefing.name != "briefing":
            return out
        rec = _Recorder(app.look)
        app.frame(0.016)
        look, px = app.look, app.look.px
        text = _in(spec.briefing, lang)
        lh = look.line_height("small")
        bottom = briefing.footer - px(14)  # the columns end above the buttons
        left = [r for s, r in rec.drawn if r.x == px(48) and r.y > px(60)]
        overflow = max((r.bottom for r in left), default=0) - bottom
        needed = len(look.wrap(text, "small", round(SIZE[0] * 0.44)))
        if overflow > 0 or any(s == text for s, _, _ in rec.cut):
            over = max(1, math.ceil(overflow / lh)) if overflow > 0 else 1
            room = max(0, needed - over)
            out.append(
                (
                    ("briefing", lang),
                    said(
                        "lint.fit_briefing",
                        lang=lang,
                        needed=needed,
                        room=room,
                        over=over,
                        words=over * 12,
                    ),
                )
            )
        title_w = look.font("title", True).size(_in(spec.title, lang))[0]
        if title_w > SIZE[0] - 2 * px(48):
            out.append(
                (
                    ("title", lang),
                    said("lint.fit_title", lang=lang),
                )
            )
        column = px(48) + round(SIZE[0] * 0.44)  # the briefing's left column ends here
        page = SIZE[0] - px(48)
        mine = [
            (p, _in(t, lang))
            for p, t in _texts(spec, ())
            if p[:1] not in (("briefing",), ("title",))
        ]
        named: set[tuple] = set()
        for drawn, r in rec.drawn:
            room = column if r.x == px(48) else page
            if r.right <= room:
                continue
            for where, text in mine:
                if len(text) >= 3 and text in drawn and where not in named:
                    named.add(where)
                    out.append(
                        (
                            (*where, lang),
                            said("lint.fit_column", lang=lang, px=r.right - room),
                        )
                    )
        briefing.start()
        board = app.top
        app.frame(0.016)
        area = board.events_area
        title_room = area.w - px(CARD_INSET)
        label_room = area.w - px(CARD_INSET) - px(LABEL_PADDING)
        for i, ev in enumerate(spec.events):
            title = _in(ev.title, lang)
            if look.font("small", False).size(title)[0] > title_room:
                out.append(
                    (
                        ("events", i, "title", lang),
                        said(
                            "lint.fit_event_title",
                            lang=lang,
                            width=look.font("small").size(title)[0],
                            room=title_room,
                            chars=_chars(look, title, title_room),
                        ),
                    )
                )
            for j, opt in enumerate(ev.options):
                label = _in(opt.label, lang)
                width = look.font("small").size(label)[0]
                if width > label_room:
                    out.append(
                        (
                            ("events", i, "options", j, "label", lang),
                            said(
                                "lint.fit_option",
                                lang=lang,
                                width=width,
                                room=label_room,
                                chars=_chars(look, label, label_room),
                            ),
                        )
                    )
            body = _in(ev.text, lang)
            lines = len(look.wrap(body, "small", px(380) - px(20)))
            room = (SIZE[1] - px(18)) // look.line_height("small") - 4  # title and kind lines
            if lines > room:
                out.append(
                    (
                        ("events", i, "text", lang),
                        said("lint.fit_event_text", lang=lang, lines=lines, room=room),
                    )
                )
    finally:
        pygame.quit()
    return out


def _in(text, lang: str) -> str:
    """A TextSpec in the language the window would show (Dutch when there is no English)."""
    return text.en if lang == "en" and text.en else text.nl


def _chars(look, text: str, width: int) -> int:
    """How many characters of the text fit in a width."""
    return len(look.fit(text, "small", width).rstrip("…"))


def window_fit_warnings(
    spec: ScenarioSpec, rules: RulesSpec, file: str, doc: Document | None
) -> list[LintWarning]:
    """Lint L010: texts that the window at 1280×720 cuts off, in either language."""
    c = Checker(file, doc)
    langs = ["nl"] + (["en"] if spec.title.en or spec.briefing.en else [])
    found: list[tuple[tuple, Said]] = []
    saved = {k: os.environ.get(k) for k in _DRIVERS}
    os.environ.update(_DRIVERS)  # measure off screen: lint never opens a window or a sound card
    try:
        with tempfile.TemporaryDirectory(prefix="turbulentie-lint-") as tmp:
            for lang in langs:
                found += _measure(Path(file), spec, lang, Path(tmp))
    except pygame.error as exc:
        found = [((), said("lint.fit_skipped", reason=str(exc)))]
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    for path, message in found:
        c.add(path, message)
    return [LintWarning(RULE, p) for p in c.problems]
