"""What the board draws: the tooltip, a meter, an event card, and a chip being dragged."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from ...core.model import METERS
from ...play.session import EventView, Session
from ...play.situation import StanceView
from ...words.labels import exp_short
from ...words.outcome import sign_of, status
from ..look import (
    ACCENT,
    BAD,
    CARD,
    GOOD,
    INK,
    LINE,
    METER_COLOURS,
    MUTED,
    PRACTISED,
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


def meter_widget(surf, look, t, r, meter, hist, n_turns, plan=None, compact=False) -> None:
    """A meter: name, value, last turn's change, what the plan would do (expected and spread),
    and its history as a sparkline (compact, for large text: two lines and no sparkline)."""
    px = look.px
    card(surf, r, CARD, LINE)
    col = colour(METER_COLOURS[meter])
    value = float(hist[-1])
    name = t(f"meter.{meter}").capitalize()
    if compact:
        compact_meter(surf, look, t, r, name, col, hist, plan)
        return
    nr = look.blit_text(
        surf, look.fit(name, "tiny", r.w - px(20), True), (r.x + px(10), r.y + px(3)), "tiny",
        INK, True,
    )  # fmt: skip
    vr = look.blit_text(
        surf, f"{value:.0f}", (r.x + px(10), r.bottom - px(2)), "head", col, True, "bottomleft"
    )
    left = vr.right + px(8)
    if plan is not None:
        d, lo, hi = plan
        tone = BAD if d < -0.05 else (GOOD if d > 0.05 else MUTED)
        width = r.right - left - px(8)
        lh = look.line_height("tiny")
        line1 = look.fit(t("ui.board.plan_change", change=t.num(d, 1, True)), "tiny", width, True)
        w1 = look.blit_text(surf, line1, (left, vr.bottom - 2 * lh), "tiny", tone, True).w
        if hi - lo >= 0.05:
            line2 = t("ui.board.plan_spread", low=t.num(lo, 1, True), high=t.num(hi, 1, True))
            line2 = look.fit(line2, "tiny", width)
            w1 = max(w1, look.blit_text(surf, line2, (left, vr.bottom - lh), "tiny", MUTED).w)
        left += w1 + px(10)
    spark = pygame.Rect(
        left, nr.bottom + px(3), r.right - left - px(10), r.bottom - nr.bottom - px(9)
    )
    if spark.w < px(30) or spark.h < px(8):
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
    if len(hist) > 1:  # last turn's change, at the end of its history
        last = t("ui.board.last_change", change=t.num(value - float(hist[-2]), 1, True))
        if look.font("tiny").size(last)[0] <= spark.w - px(4):
            look.blit_text(surf, last, (spark.right - px(2), spark.y), "tiny", MUTED,
                           anchor="topright")  # fmt: skip


def compact_meter(surf, look, t, r, name: str, col, hist, plan) -> None:
    """A meter in two lines: its name and value; what the plan would do (and last turn's change
    when there is room: the history screen has it too)."""
    px = look.px
    inner = r.inflate(-px(16), -px(8))
    value = float(hist[-1])
    vr = look.blit_text(surf, f"{value:.0f}", inner.topright, "small", col, True, "topright")
    look.blit_text(surf, name, (inner.x, vr.centery), "tiny", INK, True, "midleft")
    y = vr.bottom
    x = inner.x
    if plan is not None:
        d, lo, hi = plan
        tone = BAD if d < -0.05 else (GOOD if d > 0.05 else MUTED)
        x = look.blit_text(surf, t("ui.board.plan_change", change=t.num(d, 1, True)), (x, y),
                           "tiny", tone, True).right + px(10)  # fmt: skip
        if hi - lo >= 0.05:
            spread = t("ui.board.plan_spread", low=t.num(lo, 1, True), high=t.num(hi, 1, True))
            x = look.blit_text(surf, spread, (x, y), "tiny", MUTED).right + px(10)
    if len(hist) > 1:
        last = t("ui.board.last_change", change=t.num(value - float(hist[-2]), 1, True))
        if x + look.font("tiny").size(last)[0] <= inner.right:
            look.blit_text(surf, last, (inner.right, y), "tiny", MUTED, anchor="topright")


def stock_bar(surf, rect, practised: float, embedded: float) -> None:
    """A trait's two stocks on one bar (0-100): light as far as it is practised, solid as far as
    it is embedded in the organisation."""
    pygame.draw.rect(surf, SOFT, rect, border_radius=3)
    for value, col in ((practised, PRACTISED), (embedded, METER_COLOURS["political_cover"])):
        f = max(0.0, min(1.0, value / 100))
        if f > 0:
            pygame.draw.rect(surf, colour(col), (rect.x, rect.y, max(2, round(rect.w * f)), rect.h),
                             border_radius=3)  # fmt: skip
    pygame.draw.rect(surf, LINE, rect, 1, border_radius=3)


@dataclass
class CardLayout:
    """An event card laid out for a width: its height and what goes where (relative to its top)."""

    height: int
    texts: list[tuple[pygame.Rect, str, str, object, bool]]  # rect, text, role, colour, bold
    bars: list[tuple[pygame.Rect, float, object]]  # rect, fraction, colour
    options: list[tuple[pygame.Rect, str, str]]  # button rect, option id, label
    demand: list[str]  # the demand cells, in full (what the layout test reads)
    stances: dict[str, str] = field(default_factory=dict)  # option id -> its stance line
    marks: list[tuple[pygame.Rect, str]] = field(default_factory=list)  # rect, verdict id
    focus: Toggle | None = None  # the "put first" (triage) toggle
    triage: str = ""  # what putting it first (or not) would change, in words
    prepared: str = ""  # the line saying that part of it was done ahead
    head_h: int = 0  # how tall its head is: kind, title and demand (a folded card shows that)


@dataclass(frozen=True)
class Toggle:
    """A yes/no switch laid out on a card: the box that shows its state as a shape (empty or
    ticked) and the button that says it in words, relative to the card's top left."""

    box: pygame.Rect
    button: pygame.Rect
    label: str
    on: bool

    @property
    def rect(self) -> pygame.Rect:
        """Box and button together."""
        return self.box.union(self.button)


def toggle_layout(look, label: str, x: int, y: int, height: int | None = None) -> Toggle:
    """A toggle at (x, y): a box as tall as a line of small text, then a button as wide as its
    label (bold: the words of the 'on' state fit too)."""
    px = look.px
    h = height or max(px(28), look.line_height("small") + px(8))
    size = min(h - px(6), look.line_height("small"))
    box = pygame.Rect(x, y + (h - size) // 2, size, size)
    w = look.font("small", True).size(label)[0] + px(22)
    return Toggle(box, pygame.Rect(box.right + px(6), y, w, h), label, False)


def toggle_box(surf, rect: pygame.Rect, on: bool) -> None:
    """The state of a toggle as a shape: an empty square, or a filled one with a tick."""
    if on:
        pygame.draw.rect(surf, ACCENT, rect, border_radius=4)
        r = rect.inflate(-rect.w // 3, -rect.h // 3)
        w = max(2, rect.w // 7)
        pts = [(r.x, r.centery), (r.x + r.w * 0.4, r.bottom), (r.right, r.y)]
        pygame.draw.lines(surf, "white", False, pts, w)
    else:
        pygame.draw.rect(surf, CARD, rect, border_radius=4)
        pygame.draw.rect(surf, INK, rect, max(2, rect.w // 10), border_radius=4)


def triage_text(t, ev: EventView) -> tuple[str, object]:
    """What putting an event first (or taking it back) would change this turn, in words, and the
    colour to say it in."""
    if ev.toggled is None:
        return "", MUTED
    then, now = t.pct(ev.toggled), t.pct(ev.handled)
    if then == now:
        key = ("ui.triage.same_on" if ev.focused else
               "ui.triage.same_full" if ev.handled >= 0.999 else "ui.triage.same_none")  # fmt: skip
        return t(key), MUTED
    line = t("ui.triage.without" if ev.focused else "ui.triage.would", then=then, now=now)
    eff = ev.toggled_effect
    if eff is not None and (abs(eff) >= 0.05).any():
        line = t("ui.triage.meters", line=line, effects=effect_words(t, eff))
    return line, (MUTED if ev.focused else GOOD if ev.toggled > ev.handled else BAD)


def effect_words(t, amounts) -> str:
    """Meter changes as words: 'vertrouwen +1,2, dekking −0,4' (nothing when all are zero)."""
    parts = [
        f"{t(f'meter.{m}')} {t.num(a, 1, sign=True)}"
        for m, a in zip(METERS, amounts, strict=True)
        if abs(a) >= 0.05
    ]
    return ", ".join(parts) if parts else t("ui.event.no_effect")


def stakes_text(t, scn, ev: EventView, opt: int) -> str:
    """What an event's outcome can do to the meters with option `opt` (at full success and failure)."""
    b = scn.bundles
    win = b.meters[scn.o_success[ev.template, opt]] * ev.severity
    lose = b.meters[scn.o_failure[ev.template, opt]] * ev.severity
    fail_key = "ui.event.on_miss" if ev.polarity == "opportunity" else "ui.event.on_failure"
    return t(
        "ui.event.stakes",
        success=t("ui.event.on_success", effects=effect_words(t, win)),
        failure=t(fail_key, effects=effect_words(t, lose)),
    )


def asks_text(t, scn, ev: EventView, opt: int) -> str:
    """What an option asks of the team, per expectation."""
    need = scn.o_demand[ev.template, opt] * ev.severity
    parts = [f"{exp_short(t, scn, e)} {t.num(v)}" for e, v in enumerate(need) if v > 1e-6]
    return t("ui.event.option_asks", asks=", ".join(parts) if parts else t("ui.event.no_effect"))


def preview_text(t, s: Session, ev: EventView) -> tuple[str, int]:
    """What the plan would do to the event this turn, and the sign of that (+1, 0, -1)."""
    if ev.option_ids and ev.chosen is None:
        return t("ui.event.choose_first"), 0
    if ev.ends and ev.quality is not None:
        word = status(s.scn, ev.polarity, ev.quality, ev.effect)
        text = t(
            "ui.event.ends_now",
            status=t(f"status.{word}"),
            quality=t.pct(ev.quality),
            low=t.pct(ev.quality_low),
            high=t.pct(ev.quality_high),
            effects=effect_words(t, ev.effect),
        )
        return text, sign_of(word)
    done = float(s.preview().handled[ev.slot])
    return t("ui.event.goes_on", done=t.pct(done)), 0


def stance_line(t, sv: StanceView) -> str:
    """An option's stance and how it fits now, in words: 'Judoreflex: past nu (vertrouwen +2,1)'."""
    text = t(
        f"ui.stance.line_{sv.verdict}",
        stance=t(f"stance.{sv.stance}"),
        effects=effect_words(t, sv.effect),
    )
    return text[:1].upper() + text[1:]


VERDICT_COLOURS = {"fits": GOOD, "risky": MUTED, "backfires": BAD}


def layout_event_card(
    look, t, s: Session, ev: EventView, width: int, stances: list[StanceView] | None = None
) -> CardLayout:
    """Lay out an event card: every line in full (wrapped, never cut), options with their asks
    and (when `stances` is given) each option's stance and how it fits the situation now."""
    px = look.px
    scn = s.scn
    tmpl = scn.templates[ev.template]
    x0, right = px(36), width - px(8)
    iw = right - x0
    texts: list = []
    bars: list = []
    options: list = []
    demand: list[str] = []
    stance_lines: dict[str, str] = {}
    marks: list = []
    y = px(4)

    def para(text, role, col, bold=False, indent=0):
        nonlocal y
        lh = look.line_height(role)
        for line in look.wrap(text, role, iw - indent, bold):
            texts.append((pygame.Rect(x0 + indent, y, iw - indent, lh), line, role, col, bold))
            y += lh

    meta = [
        t(f"kind.{ev.kind}"),
        t(f"polarity.{ev.polarity}"),
        t("ui.event.severity", severity=t.num(ev.severity)),
        t.plural("ui.event.turns_left", ev.deadline),
    ]
    if ev.new:
        meta.insert(0, t("ui.event.new"))
    para(" · ".join(meta), "tiny", MUTED, True, indent=px(18))
    para(tmpl.title.get(t.lang), "small", INK, True)
    prepared = ""
    if ev.prepared > 0:  # a calendar date the team prepared for: part of it was done ahead
        prepared = t(
            "ui.event.prepared", done=t.num(ev.prepared, 0), total=t.num(ev.arrival_total, 0)
        )
        size = look.line_height("tiny")
        marks.append((pygame.Rect(x0, y, size, size), "fits"))
        para(prepared, "tiny", GOOD, True, indent=size + px(4))
    # the demand against what the plan gives, one cell per expectation, flowing over rows
    need = [(e, float(ev.remaining[e]), float(ev.expected[e])) for e in range(scn.rules.n_exp)
            if ev.remaining[e] > 1e-6]  # fmt: skip
    if need:
        y += px(2)
        lh_t = look.line_height("tiny")
        cells = [(f"{exp_short(t, scn, e)} {t.num(got)}/{t.num(dem)}", got, dem)
                 for e, dem, got in need]  # fmt: skip
        cw = max(look.font("tiny").size(c[0])[0] for c in cells) + px(12)
        per_row = max(1, iw // cw)
        cw = iw // per_row
        for j, (text, got, dem) in enumerate(cells):
            cx = x0 + (j % per_row) * cw
            cy = y + (j // per_row) * (lh_t + px(8))
            texts.append((pygame.Rect(cx, cy, cw - px(6), lh_t), text, "tiny", INK, False))
            ok = got >= dem - 1e-6
            bars.append((pygame.Rect(cx, cy + lh_t, cw - px(10), px(5)), got / dem,
                         ACCENT if ok else colour(METER_COLOURS["trust"])))  # fmt: skip
            demand.append(text)
        y += ((len(cells) + per_row - 1) // per_row) * (lh_t + px(8))
    head_h = y + px(2)
    chosen = tmpl.option_ids.index(ev.chosen) if ev.chosen in tmpl.option_ids else None
    if not ev.option_ids:
        para(stakes_text(t, scn, ev, 0), "tiny", INK)
    elif chosen is not None:
        para(stakes_text(t, scn, ev, chosen), "tiny", INK)
    text, sign = preview_text(t, s, ev)
    para(text, "tiny", GOOD if sign > 0 else (BAD if sign < 0 else INK), True)
    # triage: the "put first" toggle, and beside it what it would change
    y += px(4)
    label = t("ui.triage.on" if ev.focused else "ui.triage.off")
    widest = max(
        (t("ui.triage.on"), t("ui.triage.off")), key=lambda s: look.font("small", True).size(s)[0]
    )
    tg = toggle_layout(look, widest, x0, y)
    focus = Toggle(tg.box, tg.button, label, ev.focused)
    triage, col = triage_text(t, ev)
    side = right - tg.button.right - px(8)
    lh_t = look.line_height("tiny")
    if triage and side >= iw * 0.4:
        lines = look.wrap(triage, "tiny", side)
        top = y + max(0, (tg.button.h - len(lines) * lh_t) // 2)
        for line in lines:
            texts.append(
                (pygame.Rect(tg.button.right + px(8), top, side, lh_t), line, "tiny", col, False)
            )
            top += lh_t
        y = max(y + tg.button.h, top) + px(2)
    else:
        y += tg.button.h + px(2)
        if triage:
            para(triage, "tiny", col)
    if ev.fixed and ev.chosen:
        para(t("ui.event.chosen", option=tmpl.option_labels[chosen].get(t.lang)), "tiny", MUTED)
    if ev.option_ids and not ev.fixed:
        y += px(2)
        head = "ui.event.choose" if ev.chosen is None else "ui.event.approach"
        para(t(head), "tiny", BAD if ev.chosen is None else MUTED, True)
        opt_h = max(px(30), look.line_height("small") + px(10))
        for o, oid in enumerate(ev.option_ids):
            label = tmpl.option_labels[o].get(t.lang)
            lines = look.wrap(label, "small", iw - px(26))
            h = max(opt_h, len(lines) * look.line_height("small") + px(10))
            options.append((pygame.Rect(x0, y, iw, h), oid, label))
            y += h + px(2)
            sv = stances[o] if stances else None
            if sv is not None and sv.verdict:
                line = stance_line(t, sv)
                stance_lines[oid] = line
                size = look.line_height("tiny")
                marks.append((pygame.Rect(x0 + px(8), y, size, size), sv.verdict))
                para(line, "tiny", VERDICT_COLOURS[sv.verdict], True, indent=px(8) + size + px(4))
            para(asks_text(t, scn, ev, o) + " · " + stakes_text(t, scn, ev, o), "tiny", MUTED,
                 indent=px(8))  # fmt: skip
            y += px(4)
    return CardLayout(y + px(6), texts, bars, options, demand, stance_lines, marks, focus,
                      triage, prepared, head_h)  # fmt: skip


def verdict_mark(surf, verdict: str, rect: pygame.Rect) -> None:
    """A shape for a stance's verdict (so colour is never alone): a tick, a diamond, a cross."""
    r = rect.inflate(-rect.w // 4, -rect.h // 4)
    w = max(2, rect.w // 7)
    if verdict == "fits":
        pts = [(r.x, r.centery), (r.x + r.w * 0.4, r.bottom), (r.right, r.y)]
        pygame.draw.lines(surf, GOOD, False, pts, w)
    elif verdict == "backfires":
        pygame.draw.line(surf, BAD, r.topleft, r.bottomright, w)
        pygame.draw.line(surf, BAD, r.bottomleft, r.topright, w)
    else:
        pts = [(r.centerx, r.y), (r.right, r.centery), (r.centerx, r.bottom), (r.x, r.centery)]
        pygame.draw.polygon(surf, MUTED, pts, w)


def draw_event_card(surf, look, ev: EventView, layout: CardLayout, r: pygame.Rect) -> None:
    """Draw a laid-out event card at `r` (its buttons are the scene's widgets)."""
    px = look.px
    kind_card(surf, r, ev.kind, px(28))
    lh = look.line_height("tiny")
    polarity_mark(surf, ev.polarity, (r.x + px(43), r.y + px(4) + lh // 2), px(14))
    for rect, text, role, col, bold in layout.texts:
        look.blit_text(surf, text, rect.move(r.topleft).topleft, role, col, bold)
    for rect, frac, col in layout.bars:
        bar(surf, rect.move(r.topleft), frac, col)
    for rect, verdict in layout.marks:
        verdict_mark(surf, verdict, rect.move(r.topleft))
    if layout.focus is not None:
        toggle_box(surf, layout.focus.box.move(r.topleft), layout.focus.on)
