"""The board's situation panel: the actors outside the team, red tape and the oyster, each with
its level, its trend since the last turn and a description (on hover and on keyboard focus)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...core.model import ACTORS, EXECUTIVE
from ...play.situation import Gauge, Situation
from ...words.labels import target_name
from ..look import (
    BAD,
    BLUE,
    CARD,
    GREEN,
    INK,
    LINE,
    MUTED,
    PURPLE,
    SKY,
    VERMILION,
    WARN_BG,
    bar,
    card,
    focus_ring,
)  # fmt: skip

# one colour per reading (the label says what it is; colour is never the only cue)
GAUGE_COLOURS = {
    "executive": BLUE, "council": PURPLE, "press": SKY, "citizens": GREEN,
    "red_tape": VERMILION, "up_share": MUTED,
}  # fmt: skip


@dataclass
class Cell:
    """One reading laid out: where it is and what it says."""

    key: str
    rect: pygame.Rect  # relative to the panel's top left
    label: str
    value: str
    frac: float  # 0-1, how full its bar is
    trend: int  # +1, 0, -1 since the last turn
    warn: bool  # drawn as a warning (the oyster closing)
    marker: float | None = None  # a tick on the bar (the oyster's threshold), 0-1
    has_trend: bool = False  # there is a last turn to compare with


@dataclass
class SituationLayout:
    """The panel laid out for a width: its height, title, warning and cells."""

    height: int
    title: str
    warning: str | None
    warning_pos: tuple[int, int, str]  # x, y, anchor of the warning (relative)
    cells: list[Cell]
    columns: int


def gauge_label(t, key: str) -> str:
    """The short name of a reading."""
    return t(f"ui.situation.{key}")


def gauge_value(t, g: Gauge) -> str:
    """A reading's value as the panel writes it."""
    return t.pct(g.value / 100) if g.key == "up_share" else t.num(g.value, 0)


def layout_situation(look, t, sit: Situation, width: int) -> SituationLayout:
    """Lay out the panel: one line per reading (label, bar, trend, value), in three columns when
    the labels leave a bar of some length at this width and text size, else in two."""
    px = look.px
    lh = look.line_height("tiny")
    pad = px(8)
    title = t("ui.situation.title")
    warning = t("ui.situation.oyster_warning") if sit.oyster else None
    y = px(4)
    warning_pos = (0, 0, "topleft")
    if warning:
        title_w = look.font("small", True).size(title)[0]
        warn_w = look.font("tiny", True).size(warning)[0] + px(22)
        if title_w + px(16) + warn_w <= width - 2 * pad:
            warning_pos = (width - pad, y + look.line_height("small") // 2, "midright")
        else:  # on a line of its own below the title
            warning_pos = (pad + px(20), y + look.line_height("small"), "topleft")
            y += lh
    y += look.line_height("small") + px(2)
    tiny, bold = look.font("tiny"), look.font("tiny", True)
    labels = [tiny.size(gauge_label(t, g.key))[0] for g in sit.gauges]
    # the widest value a reading can take (100, or 100 % for the share), so bars never jump
    values = [bold.size(t.pct(1.0) if g.key == "up_share" else t.num(100, 0))[0]
              for g in sit.gauges]  # fmt: skip
    arrow = lh // 2 + px(6)
    inner = width - 2 * pad
    gap = px(14)

    def fits(columns):
        cw = (inner - (columns - 1) * gap) // columns
        return all(
            max(labels[c::columns]) + px(8) + arrow + max(values[c::columns]) <= cw
            for c in range(columns)
        )

    columns = 3 if fits(3) else 2
    cw = (inner - (columns - 1) * gap) // columns
    ch = lh + px(8)  # the text, and its bar just below it
    cells = []
    for i, g in enumerate(sit.gauges):
        col, row = i % columns, i // columns
        rect = pygame.Rect(pad + col * (cw + gap), y + row * ch, cw, lh + px(5))
        cells.append(
            Cell(
                key=g.key,
                rect=rect,
                label=gauge_label(t, g.key),
                value=gauge_value(t, g),
                frac=g.value / 100,
                trend=g.trend,
                warn=g.key == "up_share" and sit.oyster,
                marker=sit.oyster_share / 100 if g.key == "up_share" else None,
                has_trend=g.before is not None,
            )
        )
    rows = (len(cells) + columns - 1) // columns
    height = y + rows * ch + px(5)
    return SituationLayout(height, title, warning, warning_pos, cells, columns)


def trend_mark(surf, trend: int, center, size: int, col) -> None:
    """A triangle up or down for a trend, a short dash for none."""
    cx, cy = center
    r = size / 2
    if trend > 0:
        pygame.draw.polygon(
            surf, col, [(cx, cy - r), (cx + r, cy + r * 0.7), (cx - r, cy + r * 0.7)]
        )
    elif trend < 0:
        pygame.draw.polygon(
            surf, col, [(cx, cy + r), (cx + r, cy - r * 0.7), (cx - r, cy - r * 0.7)]
        )
    else:
        pygame.draw.line(surf, MUTED, (cx - r * 0.7, cy), (cx + r * 0.7, cy), max(2, size // 5))


def warning_mark(surf, center, size: int) -> None:
    """A small warning triangle with an exclamation mark."""
    cx, cy = center
    r = size / 2
    pygame.draw.polygon(surf, BAD, [(cx, cy - r), (cx + r, cy + r * 0.8), (cx - r, cy + r * 0.8)])
    pygame.draw.line(surf, "white", (cx, cy - r * 0.35), (cx, cy + r * 0.25), max(2, size // 8))
    pygame.draw.circle(surf, "white", (cx, cy + r * 0.55), max(1, size // 12))


def draw_situation(surf, look, lay: SituationLayout, r: pygame.Rect, focus: str | None) -> None:
    """Draw the laid-out panel at `r`; `focus` is the reading the keyboard cursor is on."""
    px = look.px
    card(surf, r, CARD, LINE)
    pad = px(8)
    look.blit_text(surf, lay.title, (r.x + pad, r.y + px(4)), "small", INK, True)
    if lay.warning:
        x, y, anchor = lay.warning_pos
        tr = look.blit_text(surf, lay.warning, (r.x + x, r.y + y), "tiny", BAD, True, anchor)
        warning_mark(surf, (tr.x - px(11), tr.centery), px(14))
    lh = look.line_height("tiny")
    for c in lay.cells:
        cr = c.rect.move(r.topleft)
        if c.warn:
            pygame.draw.rect(surf, WARN_BG, cr.inflate(px(6), px(2)), border_radius=4)
        if focus == c.key:
            focus_ring(surf, cr.inflate(px(8), px(4)), 6)
        ink = BAD if c.warn else INK
        mid = cr.y + lh // 2
        look.blit_text(surf, c.label, (cr.x, mid), "tiny", ink, anchor="midleft")
        vr = look.blit_text(surf, c.value, (cr.right, mid), "tiny", ink, True, "midright")
        if c.has_trend:
            trend_mark(surf, c.trend, (vr.x - px(4) - lh // 4, mid), lh // 2, ink)
        track = pygame.Rect(cr.x, cr.bottom - px(4), cr.w, px(4))
        bar(surf, track, c.frac, pygame.Color(BAD if c.warn else GAUGE_COLOURS[c.key]))
        if c.marker is not None:
            mx = track.x + round(track.w * c.marker)
            pygame.draw.line(surf, INK, (mx, track.y - px(3)), (mx, track.bottom + px(2)), 2)


def gauge_tip(t, scn, sit: Situation, key: str) -> tuple[str, str]:
    """The title and description of one reading: what it is, what moves it, what it does."""
    r = scn.rules
    g = sit.gauge(key)
    porous = target_name(t, scn, r.traits[r.porous_trait].id) if r.porous_trait >= 0 else ""
    if key in ACTORS:
        i = ACTORS.index(key)
        body = t(f"ui.situation.{key}_tip", baseline=t.num(r.actor_baseline[i], 0))
        if i == EXECUTIVE and sit.new_priorities:
            body += " " + t("ui.situation.new_executive")
    elif key == "red_tape":
        body = t(
            "ui.situation.red_tape_tip",
            demand=t.pct(r.c("red_tape_demand")),
            trust=t.num(r.c("red_tape_trust"), 1),
            decay=t.pct(r.c("red_tape_decay")),
            porous=porous,
        )
    else:
        up = [c.name.get(t.lang) for c, o in zip(r.expectations, r.orientation, strict=True)
              if o == "up"]  # fmt: skip
        body = t(
            "ui.situation.up_share_tip",
            expectations=", ".join(up),
            limit=t.pct(sit.oyster_share / 100),
            porous=porous,
        )
        if sit.oyster:
            body += " " + t("ui.situation.oyster_now")
    if g.before is not None:
        change = t.num(g.value - g.before, 0, sign=True)
        body += " " + t("ui.situation.since", before=t.num(g.before, 0), change=change)
    title = t("ui.situation.reading", name=gauge_label(t, key), value=gauge_value(t, g))
    return title, body
