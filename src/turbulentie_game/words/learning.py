"""The learning debrief in words: sentences shared by the window, the web page and the text version."""

from __future__ import annotations

from ..core.model import METERS, REST, ScenarioData
from ..i18n import Translator
from ..sim.analysis import (
    ALT_OPTION,
    MIXES,
    Debrief,
    Reflection,
    TurnImpact,
    TurnLine,
    Variant,
)
from .labels import exp_short
from .narrate import event_title, option_label, signed, trait_name
from .outcome import event_status


# ---- sentences ---------------------------------------------------------------------------------------
def alt_text(scn: ScenarioData, v: Variant, t: Translator) -> str:
    """What an alternative was, in words."""
    if v.kind == ALT_OPTION:
        _, event, option = v.note.split(":", 2)
        return t(
            "learn.alt.option",
            event=event_title(scn, event, t.lang),
            option=option_label(scn, event, option, t.lang),
        )
    return t(f"learn.alt.{v.kind}")


def biggest_swings(lines, n: int = 3) -> list[int]:
    """The turns whose meters moved most (summed over the three meters), biggest first."""
    size = {ln.turn: sum(abs(ln.after[m] - ln.before[m]) for m in METERS) for ln in lines}
    ranked = sorted(size, key=lambda turn: (-size[turn], turn))
    return [turn for turn in ranked[:n] if size[turn] >= 1.0]


def plan_text(scn: ScenarioData, inp, t: Translator) -> str:
    """A turn's plan in words: the team's chips per target, most first, and the rest."""
    totals: dict[str, int] = {}
    for row in inp.chips.values():
        for target, n in row.items():
            totals[target] = totals.get(target, 0) + n
    used = sum(totals.values())
    rest = int(scn.capacity.sum()) - used + totals.pop(REST, 0)
    exp_ids = [c.id for c in scn.rules.expectations]
    names = {c.id: c.name.get(t.lang) for c in scn.rules.traits}

    def name(target: str) -> str:
        if target in exp_ids:
            return exp_short(t, scn, exp_ids.index(target))
        return names.get(target, target)

    parts = [f"{name(k)} {n}" for k, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    if rest:
        parts.append(f"{t('ui.rest')} {rest}")
    text = ", ".join(parts)
    if inp.focus:
        text += "; " + t.plural("learn.plan_focus", len(inp.focus))
    if inp.prepare:
        text += "; " + t.plural("learn.plan_prepare", len(inp.prepare))
    return text


def mattered_lines(scn: ScenarioData, d: Debrief, impact: TurnImpact, t: Translator) -> list[str]:
    """A turn that mattered: the strongest swap, the other swaps, and what happened then."""
    v, delta = impact.strongest
    key = "learn.mattered_up" if delta > 0 else "learn.mattered_down"
    lines = [t(key, turn=impact.turn, alt=alt_text(scn, v, t), points=t.num(abs(delta)))]
    others = [
        f"{alt_text(scn, o, t)} {signed(od)}" for o, od in impact.deltas if o is not v
    ]  # fmt: skip
    if others:
        lines.append(t("learn.mattered_others", others="; ".join(others)))
    line = d.lines[impact.turn - 1]
    lines.append(
        t("learn.what_happened", events="; ".join(event_bits(scn, line, t)) or t("learn.nothing"))
    )
    return lines


def event_bits(scn: ScenarioData, line: TurnLine, t: Translator) -> list[str]:
    """New events, ended events and dilemma choices of one turn, in words."""
    lang = t.lang
    out = [
        t(
            "learn.event_new",
            title=event_title(scn, ev.event, lang),
            polarity=t(f"polarity.{ev.polarity}"),
            kind=t(f"kind.{ev.kind}"),
        )
        for ev in line.arrived
    ]
    out += [
        t("learn.choice", title=event_title(scn, e, lang), option=option_label(scn, e, o, lang))
        for e, o in line.choices
    ]
    if line.focus:
        titles = ", ".join(event_title(scn, ev.event, lang) for ev in line.focus)
        out.append(t("learn.put_first", titles=titles))
    if line.prepared:
        dates = {c.id: c for c in scn.calendar}
        titles = ", ".join(
            t("learn.date", title=dates[c].title.get(lang), turn=dates[c].turn)
            for c in line.prepared
        )
        out.append(t("learn.prepared", titles=titles))
    out += [
        t(
            "learn.event_end",
            title=event_title(scn, ev.event, lang),
            status=t(f"status.{event_status(scn, line.explanation, ev)}"),
        )
        for ev in line.ended
    ]
    return out


def change_bits(line: TurnLine, t: Translator) -> list[str]:
    """Per meter: its change and the cause groups behind it, in words."""
    out = []
    for m in METERS:
        delta = line.after[m] - line.before[m]
        parts = [
            f"{t('learn.group.' + g)} {signed(a, t)}"
            for g, a in line.groups[m].items()
            if abs(a) >= 0.05
        ]
        out.append(
            f"{t('learn.change', meter=t('meter.' + m), delta=signed(delta, t))}: {', '.join(parts) or '0'}"
        )
    return out


def reflection_texts(scn: ScenarioData, r: Reflection, t: Translator) -> tuple[str, str, str, str]:
    """Concept name, concept in one line, what happened, and the question."""
    params = dict(r.params)
    if "trait" in params:
        params["trait"] = trait_name(scn, str(params["trait"]), t.lang)
    if "event" in params:
        params["event"] = event_title(scn, str(params["event"]), t.lang)
    return (
        t(f"learn.concept.{r.concept}"),
        t(f"learn.explain.{r.concept}"),
        " ".join(t(f"learn.e.{k}", **params) for k in (r.key, r.also) if k),
        t(f"learn.q.{r.key}", **params),
    )


def bot_label(scn: ScenarioData, name: str, t: Translator) -> str:
    """A simulated strategy's name in words."""
    if name.startswith("single:"):
        e = name.split(":", 1)[1]
        names = {c.id: c.name.get(t.lang) for c in scn.rules.expectations}
        return t("learn.bot.single", name=names.get(e, e))
    return t(f"learn.bot.{name}")


def summary_lines(scn: ScenarioData, d: Debrief, t: Translator) -> list[str]:
    """The score, why the game ended, and the comparison with simulated strategies."""
    c = d.comparison
    return [
        t(
            "learn.score_line",
            score=t.num(d.score),
            turn=d.run.turns,
            reason=t(f"end.{d.run.ended_because}"),
        ),
        t("learn.better_than", pct=round(100 * c.better_than), n=len(c.scores)),
        t("learn.compare_what", named=len(c.named), mixes=len(c.mixes) or MIXES),
    ]


def share_series(d: Debrief) -> dict[str, list[float]]:
    """Per turn, percent of time and of coverage going up and out."""
    out: dict[str, list[float]] = {k: [] for k in ("up_time", "out_time", "up_cover", "out_cover")}
    for line in d.lines:
        time = max(1, sum(line.time.values()))
        cover = max(1e-9, sum(line.coverage.values()))
        out["up_time"].append(100 * line.time["up"] / time)
        out["out_time"].append(100 * line.time["out"] / time)
        out["up_cover"].append(100 * line.coverage["up"] / cover)
        out["out_cover"].append(100 * line.coverage["out"] / cover)
    return out


def heat_rows(scn: ScenarioData, d: Debrief, t: Translator) -> tuple[list[str], list[list[int]]]:
    """Rows of the heat map: each expectation, development (all traits) and rest."""
    e_n = scn.rules.n_exp
    names = [c.name.get(t.lang) for c in scn.rules.expectations]
    values = [[int(v) for v in d.heat[:, e]] for e in range(e_n)]
    values.append([int(v) for v in d.heat[:, e_n:-1].sum(axis=1)])
    values.append([int(v) for v in d.heat[:, -1]])
    return [*names, t("learn.development"), t("learn.rest")], values
