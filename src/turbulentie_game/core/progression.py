"""Stage 4, progression: energy, skills, organisation traits and escalation pressure move on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import libm, rng
from .features import add_up, count, current_turn, hook
from .model import CITIZENS, COUNCIL, EXECUTIVE, PRESS, PROFILE, PV, ScenarioData
from .resolution import TurnEffects
from .stances import campaign
from .state import GameState

P_FATIGUE, P_STRESS, P_GROWTH = (PROFILE.index(f) for f in ("fatigue", "stress", "skill_growth"))


@dataclass(frozen=True, eq=False)
class ProgressionReport:
    """How the team and the organisation changed this turn."""

    energy_delta: np.ndarray  # [G, M]
    skill_delta: np.ndarray  # [G, M, E]
    trait_built: np.ndarray  # [G, T] growth from chips placed on traits
    trait_eroded: np.ndarray  # [G, T] erosion (negative)
    trait_events: np.ndarray  # [G, T] changes caused by events and choices
    pressure: np.ndarray  # [G, K] escalation pressure after this turn
    embedded: np.ndarray  # [G, T] the embedded stock of each trait after this turn
    red_tape: np.ndarray  # [G] red tape after this turn
    actors: np.ndarray  # [G, ACTORS] the actors' moods after this turn


def progression(
    scn: ScenarioData, state: GameState, effects: TurnEffects
) -> tuple[GameState, ProgressionReport]:
    """Advance energy, skills, traits and pressure given this turn's chips and outcomes."""
    r = scn.rules
    e, t = r.n_exp, r.n_traits
    alive = state.alive
    chips = effects.chips
    mult = effects.knobs
    work_e = chips[:, :, :e]
    work_t = chips[:, :, e : e + t]
    per_member = count(work_e, 2)
    working = per_member + count(work_t, 2)
    rest = np.maximum(0, scn.capacity[None, :] - working)

    # energy: work tires, rest and a base recovery restore, open threats weigh on the team
    open_load = add_up(state.ev_severity * state.ev_active)
    prof = scn.profile
    d_energy = (
        -r.c("fatigue_per_chip") * working * hook(mult, "fatigue")[:, None] * prof[:, P_FATIGUE]
        + r.c("recovery_per_rest") * rest
        + r.c("recovery_base")
        - r.c("stress_per_severity") * open_load[:, None] * prof[:, P_STRESS]
        + effects.energy[:, None]
    ) * alive[:, None]
    energy = np.clip(state.energy + d_energy, 0.0, 100.0)

    # skills grow with practice, faster in a learning organisation
    growth = (
        r.c("skill_growth")
        * work_e
        * (5.0 - state.skills)
        / 5.0
        * hook(mult, "skill_growth")[:, None, None]
        * prof[:, P_GROWTH, None]
    )
    skills = np.clip(state.skills + growth * alive[:, None, None], 0.0, 5.0)

    # traits in two stocks. Chips build what the team practises now (`traits`); it falls back
    # fast towards what is embedded in the organisation. The embedded stock follows the practised
    # one only while the work is sustained turn after turn (faster in a learning organisation),
    # and erodes slowly back into old behaviour: permanent learning beats a burst.
    fmin = r.c("energy_factor_min")
    ef = fmin + (1.0 - fmin) * state.energy / 100.0
    effort = add_up(work_t * ef[:, :, None], 1)
    built = r.c("trait_gain_per_chip") * effort * (1.0 - state.traits / 100.0)
    worked = count(work_t, 1) > 0
    streak = np.where(worked & alive[:, None], state.streak + 1, 0)
    # sustained work embeds, and the longer it is kept up the faster (a burst barely does)
    sustained = (np.minimum(streak, r.c("embed_streak")) / max(r.c("embed_streak"), 1.0)) ** 2
    gap = np.maximum(0.0, state.traits - state.embedded)
    embed = r.c("embed_rate") * sustained * gap * hook(mult, "embedding")[:, None]
    eroded = -r.c("trait_erosion") * np.maximum(0.0, state.embedded - r.c("trait_floor"))
    eroded = eroded * hook(mult, "trait_erosion")[:, None]
    fallback = -r.c("practice_fallback") * gap * ~worked
    # red tape and a manager who only manages up close the organisation off (the oyster closes)
    up_e = np.array([o == "up" for o in r.orientation])
    all_work = count(per_member, 1)
    share = np.where(
        all_work > 0, count(count(work_e[:, :, up_e], 2), 1) / np.maximum(all_work, 1), 0.0
    )
    up_share = state.up_share + 0.5 * (share - state.up_share)
    closing = np.zeros_like(state.traits)
    if r.porous_trait >= 0:
        closing[:, r.porous_trait] = -(
            r.c("red_tape_porous") * state.red_tape / 100.0
            + r.c("oyster_rate") * np.maximum(0.0, up_share - r.c("oyster_share"))
        )
    live = alive[:, None]
    built, eroded = built * live, eroded * live
    embedded = np.clip(
        state.embedded + (embed + eroded + closing) * live + effects.traits, 0.0, 100.0
    )
    traits = np.clip(
        state.traits + built + (fallback + eroded + closing) * live + effects.traits, 0.0, 100.0
    )
    traits = np.maximum(traits, embedded)  # what is embedded is practised too

    red_tape = np.clip(
        state.red_tape * (1.0 - r.c("red_tape_decay")) + effects.red_tape, 0.0, 100.0
    )
    slips = state.slips * (1.0 - r.c("slip_decay")) + effects.slips
    memory = state.value_memory + r.c("value_memory_rate") * (
        state.meters[:, PV] - state.value_memory
    )
    pressure = (state.pressure * (1.0 - r.c("pressure_decay")) + effects.pressure).clip(min=0.0)
    # the oyster closes: a manager who keeps managing up loses the team's engagement
    energy = np.clip(
        energy
        - (r.c("oyster_energy") * np.maximum(0.0, up_share - r.c("oyster_share")) * alive)[:, None],
        0.0,
        100.0,
    )
    readiness = state.readiness * (1.0 - r.c("readiness_decay")) + effects.readiness
    actors, priority = move_actors(scn, state, effects)
    new = state.evolve(
        energy=energy,
        skills=skills,
        traits=traits,
        embedded=embedded,
        streak=np.where(alive[:, None], streak, state.streak),
        red_tape=np.where(alive, red_tape, state.red_tape),
        slips=np.where(alive, slips, state.slips),
        value_memory=np.where(alive, memory, state.value_memory),
        up_share=np.where(alive, up_share, state.up_share),
        pressure=pressure,
        actors=np.where(alive[:, None], actors, state.actors),
        priority=np.where(alive[:, None], priority, state.priority),
        readiness=np.where(alive[:, None], readiness, state.readiness),
    )
    report = ProgressionReport(
        energy_delta=energy - state.energy,
        skill_delta=skills - state.skills,
        trait_built=built,
        trait_eroded=traits - state.traits - built - effects.traits,
        trait_events=effects.traits,
        pressure=pressure,
        embedded=embedded,
        red_tape=new.red_tape,
        actors=new.actors,
    )
    return new, report


def move_actors(scn: ScenarioData, state: GameState, effects: TurnEffects):
    """The actors' moods after this turn, and the executive's priorities (new after an election).

    Each actor drifts back to its baseline and is pushed by the outside world (an addressed
    draw, the same for every player of a competition) and by what the team did: failed threats
    draw the press and cost the executive's confidence, delivering its priorities earns it,
    judo and out choices that fit energise citizens' initiatives and imposed rules drain them,
    the council follows the press and sharpens before an election.
    """
    r = scn.rules
    cur = current_turn(state)
    a_n = state.actors.shape[1]
    noise = rng.normal(state.seeds, cur, rng.ACTORS, np.arange(a_n)) * r.actor_noise
    push = np.zeros_like(state.actors)
    push[:, PRESS] = r.c("press_per_failure") * effects.failures
    push[:, EXECUTIVE] = (
        r.c("executive_per_delivery") * (effects.delivery - r.c("executive_content"))
        - r.c("executive_per_failure") * effects.failures
        + r.c("executive_per_up") * effects.serving_up
    )
    push[:, CITIZENS] = effects.citizens
    push[:, COUNCIL] = r.c("council_per_press") * (state.actors[:, PRESS] - r.actor_baseline[PRESS])
    push[:, COUNCIL] += r.c("council_campaign") * campaign(scn, cur) * r.actor_drift[COUNCIL]
    actors = state.actors + r.actor_drift * (r.actor_baseline - state.actors) + push + noise
    actors = np.clip(actors, 0.0, 100.0)
    priority = state.priority
    elected = bool(np.any(scn.elections == cur)) and r.c("election_turnover") > 0
    if elected:
        # a new executive: its confidence has to be earned anew, and it wants other things
        turnover = r.c("election_turnover")
        actors[:, EXECUTIVE] = (1.0 - turnover) * actors[:, EXECUTIVE] + turnover * 40.0
        e = scn.task_demand.shape[0]
        draw = rng.normal(state.seeds, cur, rng.PRIORITY, np.arange(e))
        fresh = libm.exp(r.c("priority_spread") * draw)
        mixed = (1.0 - turnover) * state.priority + turnover * fresh
        d = scn.task_demand[None, :]
        priority = mixed * d.sum() / np.maximum((mixed * d).sum(axis=1, keepdims=True), 1e-12)
    return actors, priority
