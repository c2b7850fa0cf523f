"""The board's calendar: the fixed dates ahead, a 'prepare' toggle on each date in sight, how much
of its work is ready, and why a date further away cannot be prepared for yet."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from ...play.session import DateView
from ..look import CARD, GOOD, INK, LINE, MUTED, card
from .widgets import Toggle, toggle_box, toggle_layout

MAX_IN_SIGHT = 2  # dates in sight shown (then the first one beyond sight, to say why not)


@dataclass
class CalendarLayout:
    """The calendar laid out for a width: its height, its lines and its toggles (relative to its
    top left)."""

    height: int
    texts: list[tuple[pygame.Rect, str, str, object, bool]]  # rect, text, role, colour, bold
    toggles: dict[str, Toggle] = field(default_factory=dict)  # date id -> its toggle
    rows: list[tuple[DateView, pygame.Rect]] = field(default_factory=list)  # each date's lines
    lines: dict[str, str] = field(default_factory=dict)  # date id -> its status line, in full


def shown_dates(dates: list[DateView]) -> list[DateView]:
    """The dates the calendar shows: those in sight, then the next one beyond sight."""
    near = [d for d in dates if d.status != "out_of_sight"][:MAX_IN_SIGHT]
    far = [d for d in dates if d.status == "out_of_sight"][:1]
    return near + far


def ready_text(t, d: DateView) -> str:
    """'klaar: 6 van 22 · na deze beurt 12' (the second part when the plan changes it)."""
    line = t("ui.prepare.ready", ready=t.num(d.ready, 0), demand=t.num(d.demand, 0))
    if t.num(d.ready_after, 0) != t.num(d.ready, 0):
        line = t("ui.prepare.after", line=line, after=t.num(d.ready_after, 0))
    return line


def status_text(t, d: DateView, trait: str) -> tuple[str, object]:
    """A date's second line: how ready it is, or why it cannot be prepared for."""
    if d.status == "prepare":
        return ready_text(t, d), (GOOD if d.preparing else INK)
    if d.status == "now":
        if d.prepared_now > 0:
            return t("ui.prepare.now_ready", done=t.num(d.prepared_now, 0)), GOOD
        return t("ui.prepare.now"), MUTED
    if d.status == "no_event":
        return t("ui.prepare.no_event"), MUTED
    return t("ui.prepare.out_of_sight", trait=trait), MUTED


def layout_calendar(look, t, dates: list[DateView], horizon: int, trait: str, width: int,
                    compact: bool = False) -> CalendarLayout:  # fmt: skip
    """Lay out the calendar card: every line in full (wrapped, never cut). `compact` (a short
    window with large text) says a date out of sight on one small line, its reason in the
    tooltip."""
    px = look.px
    x0, iw = px(10), width - px(20)
    texts: list = []
    toggles: dict[str, Toggle] = {}
    rows: list = []
    lines: dict[str, str] = {}
    y = px(6)

    def para(text, role, col, bold=False, x=x0, w=iw):
        nonlocal y
        lh = look.line_height(role)
        for line in look.wrap(text, role, w, bold):
            texts.append((pygame.Rect(x, y, w, lh), line, role, col, bold))
            y += lh

    para(t("ui.board.calendar", n=horizon), "body", INK, True)
    y += px(2)
    shown = shown_dates(dates)
    if not shown:
        para(t("ui.board.calendar_done"), "small", MUTED)
    labels = (t("ui.prepare.on"), t("ui.prepare.off"))
    widest = max(labels, key=lambda s: look.font("small", True).size(s)[0])
    lh_t = look.line_height("tiny")
    for d in shown:
        top = y
        key = "ui.calendar.now" if d.status == "now" else "ui.calendar.entry"
        far = d.status == "out_of_sight"
        if far and compact:
            line = t("ui.prepare.out_short", turn=d.turn, title=d.title.get(t.lang))
            lines[d.id] = t("ui.prepare.out_of_sight", trait=trait)
            para(line, "tiny", MUTED)
            rows.append((d, pygame.Rect(0, top, width, y - top)))
            y += px(4)
            continue
        para(t(key, turn=d.turn, title=d.title.get(t.lang)), "small", MUTED if far else INK)
        text, col = status_text(t, d, trait)
        lines[d.id] = text
        if d.status == "prepare":
            y += px(2)
            tg = toggle_layout(look, widest, x0, y)
            label = labels[0] if d.preparing else labels[1]
            toggles[d.id] = Toggle(tg.box, tg.button, label, d.preparing)
            side = x0 + iw - tg.button.right - px(8)
            if side >= iw * 0.35:
                wrapped = look.wrap(text, "tiny", side)
                ty = y + max(0, (tg.button.h - len(wrapped) * lh_t) // 2)
                for line in wrapped:
                    texts.append((pygame.Rect(tg.button.right + px(8), ty, side, lh_t), line,
                                  "tiny", col, d.preparing))  # fmt: skip
                    ty += lh_t
                y = max(y + tg.button.h, ty)
            else:
                y += tg.button.h
                para(text, "tiny", col, d.preparing)
        else:
            para(text, "tiny", col)
        rows.append((d, pygame.Rect(0, top, width, y - top)))
        y += px(4)
    return CalendarLayout(y + px(4), texts, toggles, rows, lines)


def draw_calendar(surf, look, layout: CalendarLayout, r: pygame.Rect) -> None:
    """Draw the laid-out calendar at `r` (its buttons are the scene's widgets)."""
    card(surf, r, CARD, LINE)
    for rect, text, role, col, bold in layout.texts:
        look.blit_text(surf, text, rect.move(r.topleft).topleft, role, col, bold)
    for tg in layout.toggles.values():
        toggle_box(surf, tg.box.move(r.topleft), tg.on)
