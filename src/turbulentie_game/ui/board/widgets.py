"""What the board draws: the tooltip, a meter, an event card, and a chip being dragged."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...play.session import EventView, Session
from ...words.labels import exp_short
from ..look import (
    ACCENT,
    BAD,
    CARD,
    INK,
    LINE,
    METER_COLOURS,
    MUTED,
    SOFT,
    bar,
    card,
    colour,
    dashed_line,
    kind_card,
    polarity_mark,
)


@dataclass
class Drag:
    """A chip being dragged: whose it is, where it came from (None: the free pool), where it is."""

    member: int
    source: str | None
    pos: tuple[int, int]


def tooltip(surf, look, pos, title: str, body: str) -> None:
    """A dark box with a bold title and a wrapped text near the pointer, kept inside the window."""
    px = look.px
    w = px(380)
    lines = look.wrap(body, "small", w - px(20))
    h = look.line_height("small") * (len(lines) + 1) + px(18)
    r = pygame.Rect(pos[0] + px(16), pos[1] + px(18), w, h)
    r.clamp_ip(surf.get_rect())
    if r.collidepoint(pos):
        r.bottom = pos[1] - px(8)
        r.clamp_ip(surf.get_rect())
    card(surf, r, INK, INK, 6)
    y = r.y + px(8)
    look.blit_text(surf, title, (r.x + px(10), y), "small", "white", True)
    y += look.line_height("small")
    for line in lines:
        look.blit_text(surf, line, (r.x + px(10), y), "small", "#e8edf5")
        y += look.line_height("small")


def meter_widget(surf, look, t, r, meter, hist, n_turns) -> None:
    """A meter: name, value, change since last turn, and its history as a sparkline."""
    px = look.px
    card(surf, r, CARD, LINE)
    col = colour(METER_COLOURS[meter])
    value = float(hist[-1])
    name = look.fit(t(f"meter.{meter}").capitalize(), "small", r.w - px(20))
    nr = look.blit_text(surf, name, (r.x + px(10), r.y + px(3)), "small", INK, True)
    vr = look.blit_text(
        surf, f"{value:.0f}", (r.x + px(10), r.bottom - px(2)), "head", col, True, "bottomleft"
    )
    if len(hist) > 1:
        d = value - float(hist[-2])
        look.blit_text(
            surf,
            f"{d:+.1f}",
            (vr.right + px(6), vr.bottom - px(4)),
            "tiny",
            BAD if d < -0.05 else (ACCENT if d > 0.05 else MUTED),
            True,
            "bottomleft",
        )
    left = vr.right + look.font("tiny", True).size("+00.0")[0] + px(14)
    spark = pygame.Rect(
        left, nr.bottom + px(3), r.right - left - px(10), r.bottom - nr.bottom - px(9)
    )
    if spark.w < px(20) or spark.h < px(8):
        return
    pygame.draw.rect(surf, SOFT, spark)
    pts = [
        (
            spark.x + spark.w * i / max(1, n_turns),
            spark.bottom - spark.h * max(0, min(100, v)) / 100,
        )
        for i, v in enumerate(hist)
    ]
    if len(pts) == 1:
        pygame.draw.circle(surf, col, pts[0], px(3))
    dashed_line(surf, col, pts, max(2, px(2)), 0)


def event_card(surf, look, t, s: Session, ev: EventView, r, compact: bool) -> None:
    """An event: kind (icon, colour, word), threat or chance, severity, deadline, demand against coverage."""
    px = look.px
    scn = s.scn
    tmpl = scn.templates[ev.template]
    kind_card(surf, r, ev.kind, px(28))
    x = r.x + px(36)
    y = r.y + px(4)
    lh = look.line_height("small")
    polarity_mark(surf, ev.polarity, (x + px(7), y + lh // 2), px(14))
    meta = t(
        "ui.event.meta",
        kind=t(f"kind.{ev.kind}"),
        polarity=t(f"polarity.{ev.polarity}"),
        severity=f"{ev.severity:.1f}",
        turns=ev.deadline,
    )
    if ev.new:
        meta = t("ui.event.new") + " · " + meta
    look.blit_text(
        surf,
        look.fit(
            meta,
            "tiny",
            r.right
            - x
            - px(26)
            - (
                look.font("tiny", True).size(t("ui.event.choose"))[0]
                if ev.option_ids and not ev.fixed
                else 0
            ),
            bold=True,
        ),
        (x + px(18), y + lh // 2),
        "tiny",
        MUTED,
        True,
        "midleft",
    )
    y += lh
    look.blit_text(
        surf,
        look.fit(tmpl.title.get(t.lang), "small", r.right - x - px(8)),
        (x, y),
        "small",
        INK,
        True,
    )
    y += lh + px(2)
    # demand against what the plan gives (per expectation)
    need = [
        (e, float(ev.remaining[e]), float(ev.expected[e]))
        for e in range(scn.rules.n_exp)
        if ev.remaining[e] > 1e-6
    ]
    if need and not compact:
        cw = (r.right - x - px(8)) // len(need)
        for j, (e, dem, got) in enumerate(need):
            cx = x + j * cw
            label = look.fit(f"{exp_short(t, scn, e)} {got:.0f}/{dem:.0f}", "tiny", cw - px(6))
            look.blit_text(surf, label, (cx, y), "tiny", INK)
            bar(
                surf,
                pygame.Rect(cx, y + look.line_height("tiny"), cw - px(8), px(5)),
                got / dem,
                ACCENT if got >= dem - 1e-6 else colour(METER_COLOURS["trust"]),
            )
    if ev.option_ids and not ev.fixed and ev.chosen is None:
        look.blit_text(
            surf,
            t("ui.event.choose"),
            (r.right - px(8), r.y + px(4)),
            "tiny",
            BAD,
            True,
            "topright",
        )
    elif ev.fixed and ev.chosen:
        label = tmpl.option_labels[tmpl.option_ids.index(ev.chosen)].get(t.lang)
        look.blit_text(
            surf,
            look.fit(t("ui.event.chosen", option=label), "tiny", r.right - x - px(8)),
            (x, r.bottom - px(4)),
            "tiny",
            MUTED,
            anchor="bottomleft",
        )
