"""The scenario map: every event as a node placed at the first turn it can come, in a lane per
kind of turbulence, with what leads to what (follow-ups, calendar dates, conditions on other
events), and the events that can never fire marked. One self-contained SVG, no assets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from ..i18n import Translator, english
from ..scenario.lint import lint_scenario
from ..scenario.spec import EventSpec, RulesSpec, ScenarioSpec

KINDS = ("agenda", "electoral", "authority", "temporal")
KIND_COLOURS = {
    "agenda": "#E69F00",
    "electoral": "#0072B2",
    "authority": "#CC79A7",
    "temporal": "#009E73",
}
NEVER = "#D55E00"
NODE_W, NODE_H, ROW_H, TURN_W = 132, 34, 44, 64
LEFT, TOP, LANE_GAP = 110, 64, 18


@dataclass
class Node:
    """One event on the map."""

    index: int
    event: EventSpec
    turn: int  # the first turn it can come
    why_never: str = ""  # why it can never fire (static analysis or the lab), empty if it can
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    """Something that leads from one event (or a calendar date) to another."""

    source: str  # an event id, or "calendar:<id>"
    target: str
    kind: str  # follow_up, calendar or condition
    label: str = ""


@dataclass
class ScenarioMap:
    """The nodes and edges of a scenario, before drawing (tests read these)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def _follow_ups(ev: EventSpec) -> list[tuple[str, str]]:
    """(target, label) for every follow_up of an event, with the outcome or option it follows."""
    out = []
    for part in ("success", "failure"):
        for eff in getattr(ev, part):
            if eff.op == "follow_up":
                out.append((eff.event, part))
    for opt in ev.options:
        for part in ("choose", "success", "failure"):
            for eff in getattr(opt, part) or []:
                if eff.op == "follow_up":
                    out.append((eff.event, f"{opt.id}: {part}"))
    return out


def _first_turn(ev: EventSpec) -> int:
    rng = ev.when.get("turn")
    if rng is None:
        return 1
    lo = 1
    if rng.min is not None:
        lo = max(lo, int(-(-rng.min // 1)))
    if rng.above is not None:
        lo = max(lo, int(rng.above // 1) + 1)
    return lo


def build_map(
    spec: ScenarioSpec, rules: RulesSpec, never_fired=(), t: Translator | None = None
) -> ScenarioMap:
    """The scenario's events and what leads to what; `never_fired` are ids the lab never saw
    (why an event never fires is said in t's language, English by default)."""
    t = t or english()
    m = ScenarioMap()
    never: dict[str, str] = {}
    for w in lint_scenario(spec, rules, "scenario"):
        hit = re.match(r"events\[(\d+)\]", w.problem.path)
        if w.rule in ("L001", "L003") and hit:
            never.setdefault(spec.events[int(hit.group(1))].id, w.problem.text(t))
    for eid in never_fired:
        never.setdefault(eid, t("map.lab_never"))
    ids = {e.id for e in spec.events}
    for i, ev in enumerate(spec.events):
        turn = _first_turn(ev) if ev.spontaneous else 10**6
        m.nodes[ev.id] = Node(i, ev, turn, never.get(ev.id, ""))
    for c in spec.calendar:
        if c.event in ids:
            label = t("map.turn", turn=c.turn)
            m.edges.append(Edge(f"calendar:{c.id}", c.event, "calendar", label))
            node = m.nodes[c.event]
            node.turn = min(node.turn, c.turn)
    for ev in spec.events:
        for target, label in _follow_ups(ev):
            if target in ids:
                m.edges.append(Edge(ev.id, target, "follow_up", label))
        for name in ev.when:
            for prefix in ("fired_", "active_"):
                if name.startswith(prefix) and name[len(prefix) :] in ids:
                    m.edges.append(Edge(name[len(prefix) :], ev.id, "condition", name))
    # a follow-up comes at the earliest the turn after its first source
    for _ in range(len(spec.events)):
        changed = False
        for e in m.edges:
            if e.kind == "follow_up" and m.nodes[e.source].turn < 10**6:
                nxt = m.nodes[e.source].turn + 1
                if nxt < m.nodes[e.target].turn:
                    m.nodes[e.target].turn = nxt
                    changed = True
        if not changed:
            break
    for node in m.nodes.values():
        if node.turn >= 10**6:
            node.turn = spec.turns + 1  # never brought into play: beyond the last turn
    return m


def _layout(m: ScenarioMap, turns: int) -> tuple[int, dict[str, tuple[float, float]]]:
    """Place the nodes: x by first turn, a lane per kind, rows so that nodes do not overlap."""
    y = TOP
    lanes: dict[str, tuple[float, float]] = {}
    for kind in KINDS:
        nodes = sorted(
            (n for n in m.nodes.values() if n.event.kind == kind), key=lambda n: (n.turn, n.index)
        )
        rows: list[float] = []  # right edge of the last node in each row
        for n in nodes:
            n.x = LEFT + (n.turn - 1) * TURN_W
            row = next((r for r, right in enumerate(rows) if right + 8 <= n.x), None)
            if row is None:
                rows.append(0.0)
                row = len(rows) - 1
            rows[row] = n.x + NODE_W
            n.y = y + row * ROW_H
        height = max(1, len(rows)) * ROW_H
        lanes[kind] = (y, y + height)
        y += height + LANE_GAP
    return y, lanes


def scenario_map_svg(spec: ScenarioSpec, rules: RulesSpec, never_fired=(), lang: str = "en") -> str:
    """The scenario map as one SVG element (for the lab report), in that language."""
    t = Translator(lang)
    m = build_map(spec, rules, never_fired, t)
    turns = spec.turns
    bottom, lanes = _layout(m, turns)
    width = LEFT + (turns + 1) * TURN_W + NODE_W
    height = bottom + 40
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' "
        f"height='{height}' role='img' aria-label='{escape(t('map.label'))}' "
        "style='font-family:inherit'>",
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' "
        "markerHeight='7' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' "
        "fill='#333'/></marker></defs>",
    ]
    # turn axis and calendar dates
    for turn in range(1, turns + 2):
        x = LEFT + (turn - 1) * TURN_W
        label = str(turn) if turn <= turns else escape(t("map.never_column"))
        out.append(f"<line x1='{x}' y1='{TOP - 8}' x2='{x}' y2='{bottom}' stroke='#eee'/>")
        out.append(f"<text x='{x}' y='{TOP - 14}' font-size='11' fill='#555'>{label}</text>")
    out.append(f"<text x='{LEFT}' y='18' font-size='12' fill='#333'>{escape(t('map.axis'))}</text>")
    for c in spec.calendar:
        x = LEFT + (c.turn - 1) * TURN_W
        raw = c.title.en if lang == "en" and c.title.en else c.title.nl
        title = escape(raw)
        date = escape(t("map.date", title=raw, turn=c.turn))
        out.append(
            f"<g><title>{date}</title><line x1='{x}' y1='{TOP - 8}' x2='{x}' "
            f"y2='{bottom}' stroke='#333' stroke-dasharray='4 3'/><text x='{x + 3}' y='34' "
            f"font-size='11' fill='#333'>◆ {title[:24]}</text></g>"
        )
    for kind, (y0, y1) in lanes.items():
        out.append(
            f"<rect x='4' y='{y0 - 4}' width='{width - 8}' height='{y1 - y0}' fill='{KIND_COLOURS[kind]}' "
            f"fill-opacity='0.07'/><text x='10' y='{(y0 + y1) / 2}' font-size='13' "
            f"fill='{KIND_COLOURS[kind]}' font-weight='bold'>{escape(t('kind.' + kind))}</text>"
        )
    for eid, n in m.nodes.items():
        ev = n.event
        title = ev.title.en if lang == "en" and ev.title.en else ev.title.nl
        colour = KIND_COLOURS[ev.kind]
        border = NEVER if n.why_never else colour
        rx = 16 if ev.polarity == "opportunity" else 3
        conditions = ", ".join(
            f"{k} {' '.join(f'{b}={v:g}' for b, v in r.model_dump().items() if v is not None)}"
            for k, r in ev.when.items()
        )
        tip = t(
            "map.tip",
            title=title,
            kind=t(f"kind.{ev.kind}"),
            polarity=t(f"polarity.{ev.polarity}"),
        )
        if conditions:
            tip += t("map.tip_when", conditions=conditions)
        if n.why_never:
            tip += t("map.tip_never", why=n.why_never)
        tip = escape(tip)
        dash = " stroke-dasharray='5 3'" if n.why_never else ""
        out.append(
            f"<g class='node{' never' if n.why_never else ''}' data-event='{escape(eid)}'>"
            f"<title>{tip}</title>"
            f"<rect x='{n.x}' y='{n.y}' width='{NODE_W}' height='{NODE_H}' rx='{rx}' fill='white' "
            f"stroke='{border}' stroke-width='{3 if n.why_never else 2}'{dash}/>"
            f"<text x='{n.x + 6}' y='{n.y + 14}' font-size='11' fill='#222'>{escape(eid[:20])}</text>"
            f"<text x='{n.x + 6}' y='{n.y + 27}' font-size='10' fill='{NEVER if n.why_never else '#666'}'>"
            f"{escape(t('map.never_fires')) if n.why_never else escape(title[:22])}</text></g>"
        )
    # edges over the nodes, so that each arrow can be followed
    for e in m.edges:
        target = m.nodes[e.target]
        tx, ty = target.x, target.y + NODE_H / 2
        if e.kind == "calendar":
            out.append(
                f"<line x1='{tx + 6}' y1='{TOP - 8}' x2='{tx + 6}' y2='{target.y}' stroke='#333' "
                f"stroke-width='1.5' marker-end='url(#arrow)'><title>{escape(e.label)}</title></line>"
            )
            continue
        s = m.nodes[e.source]
        # from the middle of the source's lower (or upper) edge to the target's left side
        sx = s.x + NODE_W / 2
        sy = s.y + NODE_H if target.y >= s.y else s.y
        dash = " stroke-dasharray='2 3'" if e.kind == "condition" else ""
        colour = "#333" if e.kind == "follow_up" else "#777"
        out.append(
            f"<path d='M{sx},{sy} C{sx},{ty} {sx},{ty} {tx},{ty}' fill='none' stroke='{colour}' "
            f"stroke-width='1.4' stroke-opacity='0.8'{dash} marker-end='url(#arrow)' class='edge-{e.kind}'>"
            f"<title>{escape(e.source)} → {escape(e.target)}: {escape(e.label)}</title></path>"
        )
    legend_y = bottom + 22
    out.append(
        f"<text x='10' y='{legend_y}' font-size='11' fill='#333'>{escape(t('map.legend'))}"
        f"<tspan fill='{NEVER}'>{escape(t('map.legend_never'))}</tspan></text>"
    )
    out.append("</svg>")
    return "\n".join(out)
