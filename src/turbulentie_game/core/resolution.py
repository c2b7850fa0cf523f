"""Stage 3, resolution: coverage, sharing between the task and events, outcomes, meter changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import libm, rng
from .allocation import Allocation
from .features import (
    add_rows,
    add_up,
    any_of,
    current_turn,
    dot,
    hook,
    hook_multipliers,
    prepared_demand,
    skill_power,
)
from .model import (
    CAUSE,
    CAUSES,
    CITIZENS,
    COUNCIL,
    COVER,
    EXECUTIVE,
    KINDS,
    OPPORTUNITY,
    PRESS,
    PV,
    STANCE,
    THREAT,
    TRUST,
    ScenarioData,
)
from .stances import campaign, fit_effects, stance_fit
from .state import GameState


@dataclass(frozen=True, eq=False)
class ResolutionReport:
    """What the team's time achieved this turn and why every meter moved (arrays per game)."""

    coverage: np.ndarray  # [G, E] coverage produced per expectation
    task_got: np.ndarray  # [G, E] coverage that went to the central task
    excess: np.ndarray  # [G, E] coverage beyond every claim (extra for the task)
    task_fulfilment: np.ndarray  # [G] share of the task's demand met
    event_got: np.ndarray  # [G, S, E] coverage that went to each event
    event_demand: np.ndarray  # [G, S, E] what each event still asked at the start of the turn
    handled: np.ndarray  # [G, S] share of each event's demand met so far
    chosen: np.ndarray  # [G, S] bool: option picked this turn
    resolved: np.ndarray  # [G, S] bool: event ended this turn
    quality: np.ndarray  # [G, S] handling quality of ended events (nan otherwise)
    escalated: np.ndarray  # [G, S] bool: a threat failed and raised pressure
    slot_template: np.ndarray  # [G, S] template of each slot during this turn
    slot_uid: np.ndarray  # [G, S]
    slot_option: np.ndarray  # [G, S]
    slot_severity: np.ndarray  # [G, S]
    slot_active: np.ndarray  # [G, S] bool: slot held an event during this turn
    contributions: np.ndarray  # [G, C + S, 3] meter change per cause (CAUSES, then event slots)
    meters_before: np.ndarray  # [G, 3]
    meters_after: np.ndarray  # [G, 3]
    knobs: np.ndarray  # [G, H] trait multipliers in force this turn
    traits: np.ndarray  # [G, T] the organisation traits during this turn


@dataclass(frozen=True, eq=False)
class TurnEffects:
    """What resolution hands to progression: this turn's chips, knobs and event side effects."""

    chips: np.ndarray  # [G, M, A] the allocation's chips (zero for ended games)
    knobs: np.ndarray  # [G, H] trait multipliers in force this turn
    traits: np.ndarray  # [G, T] trait changes from events and choices
    energy: np.ndarray  # [G] energy change of every member from events and choices
    pressure: np.ndarray  # [G, K] escalation pressure added this turn
    red_tape: np.ndarray  # [G] red tape added by risk-rule choices this turn
    slips: np.ndarray  # [G] authority slips added this turn
    failures: np.ndarray  # [G] severity of the threats that failed this turn
    citizens: np.ndarray  # [G] citizens' energy added (or taken) by this turn's choices
    delivery: np.ndarray  # [G] share of the executive's priorities the task delivered
    serving_up: np.ndarray  # [G] how fully managing up served the executive this turn (0-1)
    readiness: np.ndarray  # [G, E] work done ahead this turn for foreseen calendar events


def option_demand(scn: ScenarioData, state: GameState, tmpl, opt, mult, at=None) -> np.ndarray:
    """What each event asks once an option is chosen [G, S, E]; with `at` (games, slots), of
    those events only [n, E].

    An option brings its own demand. Options are chosen in the turn an event arrives, so
    nothing has been done on it yet and the traits are those of its arrival.
    """
    scale = state.ev_severity * (hook(mult, "event_demand") * red_tape_load(scn, state))[:, None]
    if at is not None:
        return scn.o_demand[tmpl[at], opt[at]] * scale[at][:, None]
    return scn.o_demand[tmpl, opt] * scale[..., None]


def task_demand(scn: ScenarioData, state, mult: np.ndarray | None = None) -> np.ndarray:
    """What the central task asks per turn under the executive's current priorities, the
    routine made lighter by bulk handling (`task_demand` knob) [G, E]."""
    mult = hook_multipliers(scn, state.traits) if mult is None else mult
    return scn.task_demand[None, :] * state.priority * hook(mult, "task_demand")[:, None]


def actor_factor(state, actor: int, strength: float) -> np.ndarray:
    """1 at an actor's mood 50, 1 + strength at 100 and 1 - strength at 0 (at least 0.2) [G]."""
    return np.maximum(0.2, 1.0 + strength * (state.actors[:, actor] - 50.0) / 50.0)


def soft_limits(raw: np.ndarray, before: np.ndarray, soft: float) -> np.ndarray:
    """The meters after a change of raw - before, damped only on the way towards a limit: within
    `soft` of 0 or 100 a change towards that limit counts on a logarithmic scale, so 0 (for value
    and trust) and 100 are never reached, while a change away from it counts in full (a meter
    near a limit climbs out at the normal pace) [G, 3]."""
    soft = max(soft, 1e-9)
    lo, hi = soft, 100.0 - soft
    delta = raw - before
    m = np.clip(before, 1e-300, 100.0 - 1e-12)
    # towards 100: the latent value above hi grows as the meter approaches 100
    up_from = np.where(m > hi, hi - soft * libm.log(np.maximum(100.0 - m, 1e-300) / soft), m)
    up_x = up_from + delta
    up = np.where(up_x > hi, 100.0 - soft * libm.exp(np.minimum(hi - up_x, 0.0) / soft), up_x)
    # towards 0: the same below lo
    down_from = np.where(m < lo, lo + soft * libm.log(np.maximum(m, 1e-300) / soft), m)
    down_x = down_from + delta
    down = np.where(down_x < lo, soft * libm.exp(np.minimum(down_x - lo, 0.0) / soft), down_x)
    out = np.where(delta > 0, up, down)
    # cover is not held back at the bottom: at 0 the executive withdraws its backing
    out[:, COVER] = np.where(delta[:, COVER] < 0, np.maximum(raw[:, COVER], 0.0), out[:, COVER])
    return np.clip(np.where(delta == 0, before, out), 0.0, 100.0)


def red_tape_load(scn: ScenarioData, state) -> np.ndarray:
    """The factor red tape puts on what every new piece of work asks [G]."""
    return 1.0 + scn.rules.c("red_tape_demand") * state.red_tape / 100.0


def cover_gate(scn: ScenarioData, cover: np.ndarray) -> np.ndarray:
    """How far political cover authorises network work (0 below the gate, 1 well above) [G]."""
    r = scn.rules
    return np.clip((cover - r.c("cover_gate")) / max(r.c("cover_gate_width"), 1e-9), 0.0, 1.0)


def slip_weight(scn: ScenarioData, state) -> np.ndarray:
    """How much harder trust falls (and slower it rises) after earlier slips [G]: the memory
    saturates, so a run of slips weighs at most 1 + slip_memory (no spiral without a way out)."""
    return 1.0 + scn.rules.c("slip_memory") * (1.0 - libm.exp(-state.slips / 10.0))


def coverage_of(scn: ScenarioData, state: GameState, chips: np.ndarray, mult: np.ndarray):
    """Coverage per expectation [G, E]: chips x skill^gamma x energy factor x coordination."""
    r = scn.rules
    e = r.n_exp
    fmin = r.c("energy_factor_min")
    ef = fmin + (1.0 - fmin) * state.energy / 100.0
    skill = skill_power(scn, state.skills)
    coord = 1.0 - r.c("coordination_loss") * hook(mult, "coordination_loss")
    raw = add_up(chips[:, :, :e] * skill * ef[:, :, None] * scn.m_coverage[None], 1)
    return raw * np.clip(coord, 0.0, 1.0)[:, None]


def apply_bundles(scn, b_idx, scale, mask):
    """Gather effect bundles per [G, S] and scale them; returns meters, lasting and lasting turns
    per slot, and traits, energy and pressure summed over the slots (all zero where `mask` is
    false; only masked slots are gathered)."""
    bd = scn.bundles
    g, s = mask.shape
    gi, si = np.nonzero(mask)
    b = b_idx[gi, si]
    k = scale[gi, si]

    def scatter(values, dtype=np.float64, at=None):
        out = np.zeros((g, s) + values.shape[1:], dtype=dtype)
        out[(gi, si) if at is None else (gi[at], si[at])] = values
        return out

    def summed(effect):  # over the slots; bundles without this effect add only zeros: left out
        at = np.flatnonzero(np.any(effect != 0, axis=1)[b])
        return add_rows(effect[b[at]] * k[at, None], gi[at], g)

    energy = np.flatnonzero(bd.energy[b] != 0)
    return (
        scatter(bd.meters[b] * k[:, None]),
        scatter(bd.lasting[b] * k[:, None]),
        scatter(bd.lasting_turns[b], np.int64),
        summed(bd.traits),
        add_up(scatter(bd.energy[b[energy]] * k[energy], at=energy)),
        summed(bd.pressure),
    )


def resolution(scn: ScenarioData, state: GameState, alloc: Allocation):
    """Turn the allocation into coverage and outcomes; returns new state, report and effects."""
    r = scn.rules
    g, s_n = state.ev_active.shape
    cur = current_turn(state)
    alive = state.alive
    mult = hook_multipliers(scn, state.traits)
    chips = alloc.chips if alive.all() else alloc.chips * alive[:, None, None]
    contrib = np.zeros((g, len(CAUSES) + s_n, 3))
    active = state.ev_active & alive[:, None]
    tmpl = np.where(active, state.ev_template, 0)
    sev = state.ev_severity

    # dilemma choices made this turn
    chosen = active & (state.ev_option < 0) & (alloc.options >= 0) & (scn.t_n_options[tmpl] > 0)
    option = np.where(chosen, alloc.options, state.ev_option)
    opt = np.maximum(option, 0)
    total = state.ev_total.copy()
    at = np.nonzero(chosen)
    total[at] = option_demand(scn, state, tmpl, opt, mult, at)
    # what was done ahead (readiness) counts towards the chosen option's demand
    remaining = state.ev_remaining.copy()
    ahead = state.ev_total[at] - state.ev_remaining[at]
    remaining[at] = np.maximum(0.0, total[at] - ahead)
    c_met, c_last, c_last_turns, c_traits, c_energy, c_press = apply_bundles(
        scn, scn.o_choose[tmpl, opt], sev, chosen
    )
    # the stance of an option meets the situation: it fits (gains) or backfires (losses)
    stance = scn.o_stance[tmpl, opt]
    fit = stance_fit(scn, state)
    contrib[:, CAUSE["stance_fit"]] = add_up(fit_effects(scn, fit, stance, sev * chosen), 1)
    is_rule = chosen & (stance == STANCE["rule"])
    red_tape = is_rule * sev * r.c("red_tape_per_choice")
    engaging = chosen & ((stance == STANCE["judo"]) | (stance == STANCE["out"]))
    chosen_fit = np.take_along_axis(fit, stance, axis=1)
    citizens = r.c("citizens_per_judo") * add_up(engaging * sev * chosen_fit) - r.c(
        "citizens_per_rule"
    ) * add_up(is_rule * sev)
    contrib[:, CAUSE["dilemma_choice"]] = add_up(c_met, 1)

    # coverage, shared between the central task and the events that claim it; events put first
    # (triage) are served before the rest share what is left
    coverage = coverage_of(scn, state, chips, mult)
    claims = np.where(active[..., None], remaining, 0.0)
    d = task_demand(scn, state, mult)
    first = alloc.focused(state)
    prep = alloc.preparing()
    first_got = 0.0
    ready = np.zeros_like(coverage)
    if first is not None or prep is not None:
        first = np.zeros_like(active) if first is None else first
        first_claims = np.where(first[..., None], claims, 0.0)
        # preparing: the foreseen events' demand not yet done ahead
        to_prepare = np.zeros_like(coverage)
        if prep is not None:
            to_prepare = np.maximum(0.0, prepared_demand(scn, prep) - state.readiness)
        first_claim = add_up(first_claims, 1) + to_prepare
        first_frac = np.where(
            first_claim > 0, np.minimum(1.0, coverage / np.maximum(first_claim, 1e-12)), 0.0
        )
        first_got = first_claims * first_frac[:, None, :]
        prepared = to_prepare * first_frac
        ready = r.c("readiness_rate") * hook(mult, "readiness")[:, None] * prepared
        coverage_left = np.maximum(0.0, coverage - add_up(first_got, 1) - prepared)
        claims_left = np.where(first[..., None], 0.0, claims)
    else:
        coverage_left, claims_left = coverage, claims
    total_claim = d + add_up(claims_left, 1)
    frac = np.where(
        total_claim > 0, np.minimum(1.0, coverage_left / np.maximum(total_claim, 1e-12)), 0.0
    )
    event_got = claims_left * frac[:, None, :] + first_got
    task_got = d * frac
    excess = np.maximum(0.0, coverage_left - total_claim)

    # events: progress, resolution, outcomes
    tot = add_up(total)
    handled_before = np.where(tot > 0, 1.0 - add_up(remaining) / np.maximum(tot, 1e-12), 1.0)
    remaining = np.maximum(0.0, remaining - event_got)
    handled = np.where(tot > 0, 1.0 - add_up(remaining) / np.maximum(tot, 1e-12), 1.0)
    deadline = state.ev_deadline - active
    resolved = active & ((handled >= 0.999) | (deadline <= 0))
    noise = np.zeros(resolved.shape)  # addressed draws: only the events that end need theirs
    rg, rs = np.nonzero(resolved)
    uid = np.maximum(state.ev_uid[rg, rs], 0)
    noise[rg, rs] = rng.normal(state.seeds[rg], cur, rng.QUALITY, uid, aligned=True)
    quality = np.where(resolved, np.clip(handled + r.c("quality_noise") * noise, 0.0, 1.0), np.nan)
    q = np.nan_to_num(quality)
    good = resolved & (q >= r.c("success_threshold"))
    bad = resolved & ~good
    b_s = scn.o_success[tmpl, opt]
    b_f = scn.o_failure[tmpl, opt]
    s_met, _, s_last_t, s_traits, s_energy, s_press = apply_bundles(scn, b_s, sev * q, resolved)
    f_met, _, f_last_t, f_traits, f_energy, f_press = apply_bundles(
        scn, b_f, sev * (1.0 - q), resolved
    )
    # commotion peaks and passes (temporal), windows of opportunity close (agenda): the later an
    # event is settled, the less a success is worth
    age = np.maximum(0, cur - state.ev_arrived)
    kind = scn.t_kind[tmpl]
    fade = np.where(kind == KINDS.index("temporal"), libm.power(r.c("temporal_fade"), age), 1.0)
    # the issue-attention cycle: on the agenda, what is settled late is worth less, whether a
    # window of opportunity or an issue that had the public's attention
    fade = fade * np.where(
        kind == KINDS.index("agenda"), libm.power(r.c("opportunity_fade"), age), 1.0
    )
    s_met = np.where(s_met > 0, s_met * fade[..., None], s_met)
    ev_met = s_met + f_met
    is_opp = (scn.t_polarity[tmpl] == OPPORTUNITY)[..., None]
    ev_met = np.where(
        is_opp & (ev_met > 0), ev_met * hook(mult, "opportunity_gain")[:, None, None], ev_met
    )
    # managing up defuses banana skins: this turn's upward work softens the blows to cover
    up = dot(coverage, r.cover_weight)
    shield = (1.0 / (1.0 + up / r.c("cover_shield")))[:, None]
    ev_met[..., COVER] = np.where(
        ev_met[..., COVER] < 0, ev_met[..., COVER] * shield, ev_met[..., COVER]
    )
    # the press's attention magnifies failures; a scrutinising council the blows to cover; and
    # trust falls hard (harder after slips) while it rises slowly
    amp = actor_factor(state, PRESS, r.c("press_amplify"))[:, None]
    ev_met = np.where(ev_met < 0, ev_met * amp[..., None], ev_met)
    council = actor_factor(state, COUNCIL, r.c("council_cover"))[:, None]
    ev_met[..., COVER] = np.where(
        ev_met[..., COVER] < 0, ev_met[..., COVER] * council, ev_met[..., COVER]
    )
    slip_w = slip_weight(scn, state)
    trust_dmg = (hook(mult, "trust_damage") * slip_w * r.c("trust_fall"))[:, None]
    ev_met[..., TRUST] = np.where(
        ev_met[..., TRUST] < 0,
        ev_met[..., TRUST] * trust_dmg,
        ev_met[..., TRUST] * r.c("trust_rise"),
    )
    contrib[:, len(CAUSES) :] = ev_met
    # lasting effects follow the outcome that dominated, at full strength
    bd = scn.bundles
    new_last = np.zeros(good.shape + (3,))  # gathered for the events that ended only
    new_last[good] = bd.lasting[b_s[good]]
    new_last[bad] = bd.lasting[b_f[bad]]
    new_last = new_last * sev[..., None]
    new_last_t = np.where(good, s_last_t, np.where(bad, f_last_t, 0))
    escalated = bad & (scn.t_polarity[tmpl] == THREAT)
    # commotion peaks and passes: an open temporal threat costs trust and cover each turn, the
    # more the less of it is handled during the turn (a quick holding response halves the first
    # turn's), fading as it ages
    commotion = add_up(
        (active & (kind == KINDS.index("temporal")) & (scn.t_polarity[tmpl] == THREAT))
        * sev
        * (1.0 - 0.5 * (handled_before + handled))
        * r.c("commotion")
        * libm.power(r.c("commotion_fade"), age)
    ) * hook(mult, "commotion")
    contrib[:, CAUSE["commotion"], TRUST] = -commotion
    contrib[:, CAUSE["commotion"], COVER] = -commotion * r.c("commotion_cover")
    slips = (escalated & (kind == KINDS.index("authority"))) * sev * r.c("slip_per_severity")
    press = c_press + s_press + f_press
    esc_amount = np.where(escalated, r.c("escalation_per_severity") * sev, 0.0)
    for k in range(press.shape[1]):
        press[:, k] += add_up(esc_amount * (kind == k))
    follow = np.where(
        good, scn.bundles.follow_up[b_s], np.where(bad, scn.bundles.follow_up[b_f], -1)
    )
    follow = np.where(
        chosen & (scn.bundles.follow_up[scn.o_choose[tmpl, opt]] >= 0) & ~resolved,
        scn.bundles.follow_up[scn.o_choose[tmpl, opt]],
        follow,
    )
    pending = state.pending.copy()
    fg, fs = np.nonzero(follow >= 0)
    pending[fg, follow[fg, fs]] = True

    # the central task and the drift of the meters
    pv, trust = state.meters[:, PV], state.meters[:, TRUST]
    d_sum = np.maximum(add_up(d), 1e-12)
    fulfil = add_up(task_got) / d_sum
    # the task needs every expectation it asks for: a weighted geometric mean of the coverage
    # ratios, so one neglected expectation drags the whole delivery down
    ratio = np.where(d > 0, task_got / np.maximum(d, 1e-12), 1.0)
    floor = r.c("task_floor")
    balance = libm.exp(add_up(libm.log(floor + (1.0 - floor) * ratio) * d) / d_sum)
    ex_task = add_up(excess * (d > 0)) / d_sum
    delivery = balance + r.c("excess_bonus") * libm.log1p(ex_task)
    tb = r.c("trust_base")
    legit = tb + (1.0 - tb) * trust / 100.0
    contrib[:, CAUSE["task_delivery"], PV] = (
        scn.task_value_rate * delivery * hook(mult, "task_value") * legit * alive
    )
    contrib[:, CAUSE["value_decay"], PV] = (
        -r.c("value_decay") * pv * hook(mult, "value_decay") * alive
    )
    net = dot(coverage, r.network_weight)
    contrib[:, CAUSE["network"], PV] = (
        r.c("network_value")
        * (1.0 - libm.exp(-net / r.c("network_scale")))
        * hook(mult, "network_value")
        * cover_gate(scn, state.meters[:, COVER])
        * actor_factor(state, CITIZENS, r.c("citizens_network"))
        * alive
    )
    served_up = 1.0 - libm.exp(-up / r.c("cover_scale"))  # how fully upward work served (0-1)
    contrib[:, CAUSE["managing_up"], COVER] = (
        r.c("cover_gain") * served_up * hook(mult, "cover_gain") * alive
    )
    cover = state.meters[:, COVER]
    contrib[:, CAUSE["cover_erosion"], COVER] = (
        -(r.c("cover_erosion") + r.c("cover_erosion_rate") * cover)
        * actor_factor(state, EXECUTIVE, -r.c("executive_erosion"))
        * alive
    )
    contrib[:, CAUSE["serving"], COVER] = (
        r.c("task_cover") * fulfil * hook(mult, "task_cover") * alive
    )
    out = dot(coverage, r.trust_weight)
    contrib[:, CAUSE["managing_out"], TRUST] = (
        r.c("trust_gain")
        * (1.0 - libm.exp(-out / r.c("trust_scale")))
        * hook(mult, "trust_gain")
        * r.c("trust_rise")
        / slip_w
        * alive
    )
    contrib[:, CAUSE["trust_erosion"], TRUST] = (
        -(r.c("trust_erosion") + r.c("trust_erosion_rate") * trust) * alive
    )

    # the strategic triangle: value the world remembers feeds trust and cover, with a delay
    remembered = (state.value_memory - r.c("value_pivot")) / 50.0
    contrib[:, CAUSE["value_feedback"], TRUST] = r.c("value_trust") * remembered * alive
    contrib[:, CAUSE["value_feedback"], COVER] = r.c("value_cover") * remembered * alive
    contrib[:, CAUSE["red_tape"], TRUST] = -r.c("red_tape_trust") * state.red_tape / 100.0 * alive
    contrib[:, CAUSE["campaign"], COVER] = -r.c("campaign_erosion") * campaign(scn, cur) * alive

    # lasting effects already running
    running = (state.lasting_left > 0) & alive[:, None]
    contrib[:, CAUSE["lasting"]] = add_up(state.lasting * running[..., None], 1)
    lasting = state.lasting.copy()
    lasting_left = np.where(running, state.lasting_left - 1, state.lasting_left)
    for add, turns in ((c_last, c_last_turns), (new_last, new_last_t)):
        for s in np.nonzero((turns > 0).any(axis=0))[0]:
            m = turns[:, s] > 0
            free = lasting_left <= 0
            slot = np.argmax(free, axis=1)
            m &= any_of(free)
            lasting[np.nonzero(m)[0], slot[m]] = add[m, s]
            lasting_left[np.nonzero(m)[0], slot[m]] = turns[m, s]

    before = state.meters
    raw = before + add_up(contrib, 1)
    # near a limit, change comes harder: the last points of value, cover and trust are the
    # hardest to win, and value and trust never quite drain away (cover can: then the game is
    # lost). What the limits hold back is shown as its own cause.
    after = soft_limits(raw, before, r.c("soft_limit"))
    contrib[:, CAUSE["limit"]] = after - raw

    keep = active & ~resolved
    new_state = state.evolve(
        meters=after,
        ev_active=keep,
        ev_total=np.where(keep[..., None], total, 0.0),
        ev_remaining=np.where(keep[..., None], remaining, 0.0),
        ev_deadline=np.where(keep, deadline, 0),
        ev_option=np.where(keep, option, -1),
        ev_template=np.where(keep, state.ev_template, -1),
        ev_uid=np.where(keep, state.ev_uid, -1),
        ev_severity=np.where(keep, sev, 0.0),
        ev_arrived=np.where(keep, state.ev_arrived, -1),
        pending=pending,
        lasting=lasting,
        lasting_left=lasting_left,
    )
    effects = TurnEffects(
        chips=chips,
        knobs=mult,
        traits=c_traits + s_traits + f_traits,
        energy=c_energy + s_energy + f_energy,
        pressure=press,
        red_tape=add_up(red_tape),
        slips=add_up(slips),
        failures=add_up(escalated * sev),
        citizens=citizens,
        delivery=balance,
        serving_up=served_up,
        readiness=ready * alive[:, None],
    )
    report = ResolutionReport(
        coverage=coverage,
        task_got=task_got,
        excess=excess,
        task_fulfilment=fulfil,
        event_got=event_got,
        event_demand=claims,
        handled=np.where(active, handled, 0.0),
        chosen=chosen,
        resolved=resolved,
        quality=quality,
        escalated=escalated,
        slot_template=np.where(active, state.ev_template, -1),
        slot_uid=np.where(active, state.ev_uid, -1),
        slot_option=np.where(active, option, -1),
        slot_severity=np.where(active, sev, 0.0),
        slot_active=active,
        contributions=contrib,
        meters_before=before,
        meters_after=after,
        knobs=mult,
        traits=state.traits,
    )
    return new_state, report, effects
