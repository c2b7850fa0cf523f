"""Lint for the window: scenario texts that will not fit where the window shows them.

The texts are measured with the window's own fonts and wrapping (`ui.look.Look`) in the real
scenes, laid out at 1280×720 (the smallest window) with normal text, in Dutch and English:
the briefing page is drawn and every text it draws is recorded; the turn board is built to
learn how wide an event card and its option buttons are.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pygame

from ..core.allocation import AllocationError
from ..core.explain import EventOutcome
from ..i18n import Said, said
from ..play.storage import Settings
from ..scenario.catalogue import entry
from ..scenario.compile import Checker
from ..scenario.lint import (
    LintWarning,
    _texts,  # every TextSpec of a spec with its path
)
from ..scenario.spec import RulesSpec, ScenarioSpec
from ..yamlread import Document
from .app import App
from .look import ENERGY_BAR_GAPS, ENERGY_BAR_MIN

SIZE = (1280, 720)
_DRIVERS = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
RULE = "L010"
# the event card: the kind stripe and the polarity mark left of the title, a margin right
# (ui/board/widgets.py event_card); option buttons are as wide as the card minus their inset,
# and their label is fitted with room for the button's padding (ui/board/scene.py)
CARD_INSET, LABEL_PADDING = 44, 26
SUMMARY_LINES = 2  # lines of summary per scenario in the menu's list


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

        fit, wrap = look.fit, look.wrap
        self.fitted: list[str] = []  # texts shortened with an ellipsis
        self.kept: dict[str, int] = {}  # of each, how many characters were shown
        self.wrapped: list[tuple[str, list[str]]] = []  # texts wrapped to be drawn line by line
        self._in_wrapped = False

        def record_fit(s, role, width, bold=False):
            out = fit(s, role, width, bold)
            if out != s:
                self.fitted.append(s)
                self.kept[s] = len(out.rstrip("…"))
            return out

        def record_wrap(s, role, width, bold=False):
            out = wrap(s, role, width, bold)
            if not self._in_wrapped:
                self.wrapped.append((s, list(out)))
            return out

        def record_wrapped_inside(*args, **kw):
            self._in_wrapped = True
            try:
                return record_wrapped(*args, **kw)
            finally:
                self._in_wrapped = False

        look.blit_text = record_text
        look.blit_wrapped = record_wrapped_inside
        look.fit = record_fit
        look.wrap = record_wrap

    def reset(self) -> None:
        """Forget what was drawn (before drawing another screen)."""
        self.drawn.clear()
        self.cut.clear()
        self.fitted.clear()
        self.kept.clear()
        self.wrapped.clear()

    def fix(self, text: str) -> Said:
        """How to shorten a text that was cut: to about the characters the window showed of it
        when it was shortened on one line, else just shorter."""
        for s in self.fitted:
            if text in s and s in self.kept:
                chars = self.kept[s] - s.index(text)  # the text may follow a label on its line
                if 0 < chars < len(text):
                    return said("lint.shorten_to", chars=chars)
        return said("lint.shorten")

    def cut_off(self, text: str) -> bool:
        """Whether a text was drawn cut: shortened with an ellipsis, wrapped into lines of which
        not all were drawn, or wrapped into a box too small for it."""
        if any(text in s for s in self.fitted) or any(text in s for s, _, _ in self.cut):
            return True
        shown = {s for s, _ in self.drawn}
        for s, lines in self.wrapped:
            if text in s and s not in shown and not all(line in shown for line in lines):
                return True
        return False


def _app(lang: str, folder: Path) -> App:
    settings = Settings(lang=lang, size=SIZE, intro_done=True, animations="off", text_scale=1.0)
    return App(settings, folder, None)


def _measure(path: Path, spec: ScenarioSpec, lang: str, folder: Path) -> list[tuple[tuple, Said]]:
    """(path in the file, message) for every text of one language that does not fit."""
    out: list[tuple[tuple, Said]] = []
    app = _app(lang, folder)
    try:
        rec = _Recorder(app.look)
        out += _menu(app, path, spec, lang, rec)
        app.start_game(path, 1)
        briefing = app.top
        if briefing.name != "briefing":
            return out
        rec.reset()
        cards: dict[int, pygame.Rect] = {}
        member_card = briefing.member_card

        def record_card(surf, r, m):
            cards[m] = pygame.Rect(r)
            member_card(surf, r, m)

        briefing.member_card = record_card
        app.frame(0.016)
        look, px = app.look, app.look.px
        for m, member in enumerate(spec.team):
            drawn = [r for s, r in rec.drawn if s == member.name]
            if m in cards and drawn and drawn[0].right > cards[m].right:
                room = cards[m].right - drawn[0].x
                out.append((("team", m, "name"), said("lint.fit_name", room=room)))
        text = _in(spec.briefing, lang)
        lh = look.line_height("small")
        # the scene's own layout: its left column (situation, task, dates, score) as drawn, and
        # the height of what it holds; more than fits is what scrolls out of the first view
        column = briefing.left
        overflow = briefing.left_h - column.h
        needed = len(look.wrap(text, "small", column.w))
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
        page = SIZE[0] - px(48)
        mine = [
            (p, _in(t, lang))
            for p, t in _texts(spec, ())
            if p[:1] not in (("briefing",), ("title",))
        ]
        named: set[tuple] = set()
        for where, text in mine:
            if len(text) >= 3 and rec.cut_off(text):
                named.add(where)
                out.append(((*where, lang), said("lint.fit_cut", lang=lang, fix=rec.fix(text))))
        for drawn, r in rec.drawn:
            room = column.right if r.x == column.x else page
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
        out += _names_on_the_board(app, board, spec, rec)
        out += _outcome_screens(app, board.session, spec, lang, rec)
    finally:
        pygame.quit()
    return out


def _menu(app, path: Path, spec: ScenarioSpec, lang: str, rec: _Recorder) -> list:
    """The scenario in the menu: its title on its button in "your own scenarios" (the file put
    in the user's scenario folder, as `install` does), and its title and summary as the list of
    scenarios shows them, which has room for two lines of summary per scenario (the built-ins'
    four fill the window at 1280×720)."""
    own = app.data_folder / "scenarios"
    own.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, own / f"{spec.id}.yaml")
    rec.reset()
    menu = app.push("menu")  # laid out (and its own scenarios' titles fitted) on entering
    menu.draw(app.screen)
    out = []
    title = _in(spec.title, lang)
    if rec.cut_off(title):
        out.append((("title", lang), said("lint.fit_menu_title", lang=lang, fix=rec.fix(title))))
    menu.scenarios = [entry(path)]  # as a scenario of the list, with its summary
    menu.rebuild()
    summary = _in(spec.summary, lang)
    for rect, text, role, *_ in menu.summaries:
        lines = len(app.look.wrap(text, role, rect.w))
        if text == summary and lines > SUMMARY_LINES:
            out.append(
                (("summary", lang), said("lint.fit_menu_summary", lang=lang, lines=lines,
                                        room=SUMMARY_LINES))
            )  # fmt: skip
    app.pop()
    return out


def _names_on_the_board(app, board, spec: ScenarioSpec, rec: _Recorder) -> list:
    """Team member names on the turn board's team cards: a name so wide that the energy bar
    between it and the energy label has no room left (ui/board/scene.py draw_team)."""
    px = app.look.px
    rec.reset()
    board.draw_team(app.screen)
    out = []
    for m, member in enumerate(spec.team):
        i = next((k for k, (s, _) in enumerate(rec.drawn) if s.endswith(f"  {member.name}")), None)
        if i is None or i + 1 >= len(rec.drawn):
            continue
        name, label = rec.drawn[i][1], rec.drawn[i + 1][1]
        bar = label.left - name.right - px(sum(ENERGY_BAR_GAPS))  # as draw_team sizes it
        if bar < px(ENERGY_BAR_MIN):
            out.append((("team", m, "name"), said("lint.fit_name", room=label.left - name.x)))
    return out


def _outcome_screens(app, session, spec: ScenarioSpec, lang: str, rec: _Recorder) -> list:
    """The turn's outcome (resolution) and the debrief (end screen) show event titles, option
    labels and calendar titles from the scenario: each event (with each of its options chosen)
    is shown on both, one at a time, and what they cut off is named."""
    for view in session.events():  # every dilemma answered: a turn the game accepts
        if view.option_ids:
            session.plan.choose(view.uid, view.option_ids[0])
    try:
        ex = session.end_turn()  # a real turn's explanation, its events replaced one at a time
    except AllocationError:  # the first turn cannot be played as planned: nothing to show
        return []
    out: list = []
    shown: list[tuple[tuple, str, EventOutcome]] = []
    for i, ev in enumerate(spec.events):
        choices = [(j, o.id) for j, o in enumerate(ev.options)] or [(None, None)]
        for j, option in choices:
            outcome = EventOutcome(
                uid=10_000 + len(shown), event=ev.id, kind=ev.kind, polarity=ev.polarity,
                severity=1.0, option=option, chosen_now=option is not None,
                got={}, demand=dict(ev.demand), handled=0.5, status="handled", quality=1.0,
                escalated=False,
            )  # fmt: skip
            shown.append(((i, j), option, outcome))
    resolution = app.go("resolution", session=session, ex=ex)
    session.self_rating = 3  # the debrief itself, not the question before it
    end = app.push("end", session=session)
    named: set[tuple] = set()
    for (i, j), _option, outcome in shown:
        ev = spec.events[i]
        one = replace(ex, events=(outcome,))
        texts = [(("events", i, "title", lang), _in(ev.title, lang))]
        if j is not None:
            texts.append(
                (("events", i, "options", j, "label", lang), _in(ev.options[j].label, lang))
            )
        for screen, draw in (
            ("resolution", lambda o=one: _draw(resolution, app, ex=o)),
            ("end", lambda o=one: _draw(end, app, explanations=[o])),
        ):
            rec.reset()
            draw()
            for where, text in texts:
                if len(text) >= 3 and (where, screen) not in named and rec.cut_off(text):
                    named.add((where, screen))
                    fix = rec.fix(text)
                    out.append((where, said(f"lint.fit_{screen}", lang=lang, fix=fix)))
    return out


def _draw(scene, app, ex=None, explanations=None) -> None:
    """Draw a scene with another turn's explanation (resolution) or story (end screen)."""
    if ex is not None:
        scene.ex = ex
    if explanations is not None:
        scene.session.explanations = explanations
    scene.draw(app.screen)


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
    seen: set[tuple] = set()
    for path, message in found:
        if path in seen:  # a name is the same in both languages: one warning
            continue
        seen.add(path)
        c.add(path, message)
    return [LintWarning(RULE, p) for p in c.problems]
