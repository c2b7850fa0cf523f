"""Sentences from explanation records, for the terminal, the front end and reports."""

from __future__ import annotations

from ..core.explain import MeterChange, TurnExplanation
from ..core.model import KINDS, STANCES, ScenarioData
from ..i18n import Translator
from .outcome import event_status, limit_text


def signed(x: float, t: Translator | None = None) -> str:
    """A number with its sign and one decimal (in the language's notation when `t` is given)."""
    if t is not None:
        return t.num(x, 1, sign=True)
    return f"{x:+.1f}"


def event_title(scn: ScenarioData, event_id: str, lang: str) -> str:
    """The title of an event template in a language."""
    return scn.templates[scn.template_index(event_id)].title.get(lang)


def option_label(scn: ScenarioData, event_id: str, option_id: str, lang: str) -> str:
    """The label of a dilemma option in a language."""
    tmpl = scn.templates[scn.template_index(event_id)]
    return tmpl.option_labels[tmpl.option_ids.index(option_id)].get(lang)


def trait_name(scn: ScenarioData, trait_id: str, lang: str) -> str:
    """The name of a trait in a language."""
    for t in scn.rules.traits:
        if t.id == trait_id:
            return t.name.get(lang)
    return trait_id


def stances_chosen(scn: ScenarioData, ex: TurnExplanation) -> list[str]:
    """The stances of the dilemma options chosen in a turn (in order of first choice, once each)."""
    out: list[str] = []
    for ev in ex.events:
        if ev.chosen_now and ev.option:
            t = scn.template_index(ev.event)
            name = STANCES[int(scn.o_stance[t, scn.templates[t].option_ids.index(ev.option)])]
            if name != "none" and name not in out:
                out.append(name)
    return out


def cause_text(scn: ScenarioData, ex: TurnExplanation, ch: MeterChange, t: Translator) -> str:
    """Why one meter change happened, with the traits that scaled it noticeably."""
    lang = t.lang
    if ch.cause == "limit":
        level = ex.meters_before.get(ch.meter) if ex is not None else None
        return limit_text(t, ch.meter, ch.amount, level)
    if ch.cause == "event":
        cause = t("cause.event", event=event_title(scn, ch.event, lang))
    elif ch.cause == "stance_fit" and stances_chosen(scn, ex):
        names = ", ".join(t(f"stance.{s}") for s in stances_chosen(scn, ex))
        key = "cause.stance_fit_good" if ch.amount > 0 else "cause.stance_fit_bad"
        cause = t(key, stances=names)
    else:
        cause = t(f"cause.{ch.cause}", fulfilment=round(100 * ex.task_fulfilment))
    parts = [
        t("trait.influence", trait=trait_name(scn, i.trait, lang), factor=t.num(i.factor, 2))
        for i in ch.traits
        if abs(i.factor - 1.0) >= 0.02
    ]
    if abs(ch.setting - 1.0) >= 0.02:
        parts.append(t("setting.influence", factor=t.num(ch.setting, 2)))
    if parts:
        cause += " (" + ", ".join(parts) + ")"
    return cause


def turn_lines(scn: ScenarioData, ex: TurnExplanation, t: Translator) -> list[str]:
    """A readable account of one turn: meters, the task, every event and every cause of change."""
    lang = t.lang
    lines = [t("cli.turn_header", turn=ex.turn, turns=scn.n_turns)]
    lines.append(
        "  "
        + "   ".join(
            t(
                "cli.meters",
                meter=t(f"meter.{m}"),
                value=t.num(ex.meters_after[m]),
                delta=signed(ex.meters_after[m] - ex.meters_before[m], t),
            )
            for m in ex.meters_after
        )
    )
    lines.append("  " + t("cli.task_line", fulfilment=round(100 * ex.task_fulfilment)))
    for ev in ex.events:
        lines.append(
            "  "
            + t(
                "cli.event_line",
                kind=t(f"kind.{ev.kind}"),
                title=event_title(scn, ev.event, lang),
                status=t(f"status.{event_status(scn, ex, ev)}"),
                handled=round(100 * (ev.handled if ev.quality is None else ev.quality)),
            )
        )
        if ev.chosen_now and ev.option:
            lines.append(
                "  " + t("cli.option_line", option=option_label(scn, ev.event, ev.option, lang))
            )
    for ch in sorted(ex.changes, key=lambda c: -abs(c.amount)):
        if abs(ch.amount) < 0.05:
            continue
        lines.append(
            "  "
            + t(
                "cli.change_line",
                meter=t(f"meter.{ch.meter}"),
                amount=signed(ch.amount, t),
                cause=cause_text(scn, ex, ch, t),
            )
        )
    return lines


def arrival_lines(scn: ScenarioData, state, new_mask, t: Translator, g: int = 0) -> list[str]:
    """One line per event that has just arrived."""
    lines = []
    for s in range(new_mask.shape[1]):
        if not new_mask[g, s]:
            continue
        tmpl = scn.templates[int(state.ev_template[g, s])]
        lines.append(
            "  "
            + t(
                "cli.new_event",
                kind=t(f"kind.{KINDS[tmpl.kind]}"),
                title=tmpl.title.get(t.lang),
                polarity=t(f"polarity.{('threat', 'opportunity')[tmpl.polarity]}"),
                severity=t.num(state.ev_severity[g, s]),
                deadline=int(state.ev_deadline[g, s]),
            )
        )
    return lines


def sentence(text: str) -> str:
    """A catalogue fragment as a sentence: capital first letter, a full stop at the end."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")
