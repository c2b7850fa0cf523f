"""Stage 4, progression: energy, skills, organisation traits and escalation pressure move on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import hook
from .model import PV, ScenarioData
from .resolution import TurnEffects
from .state import GameState


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
    working = work_e.sum(axis=2) + work_t.sum(axis=2)
    rest = np.maximum(0, scn.capacity[None, :] - working)

    # energy: work tires, rest and a base recovery restore, open threats weigh on the team
    open_load = (state.ev_severity * state.ev_active).sum(axis=1)
    d_energy = (
        -r.c("fatigue_per_chip") * working * hook(mult, "fatigue")[:, None]
        + r.c("recovery_per_rest") * rest
        + r.c("recovery_base")
        - r.c("stress_per_severity") * open_load[:, None]
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
    )
    skills = np.clip(state.skills + growth * alive[:, None, None], 0.0, 5.0)

    # traits in two stocks. Chips build what the team practises now (`traits`); it falls back
    # fast towards what is embedded in the organisation. The embedded stock follows the practised
    # one only while the work is sustained turn after turn (faster in a learning organisation),
    # and erodes slowly back into old behaviour: permanent learning beats a burst.
    fmin = r.c("energy_factor_min")
    ef = fmin + (1.0 - fmin) * state.energy / 100.0
    effort = (work_t * ef[:, :, None]).sum(axis=1)
    built = r.c("trait_gain_per_chip") * effort * (1.0 - state.traits / 100.0)
    worked = work_t.sum(axis=1) > 0
    streak = np.where(worked & alive[:, None], state.streak + 1, 0)
    sustained = np.minimum(streak, r.c("embed_streak")) / max(r.c("embed_streak"), 1.0)
    gap = np.maximum(0.0, state.traits - state.embedded)
    embed = r.c("embed_rate") * sustained * gap * hook(mult, "embedding")[:, None]
    eroded = -r.c("trait_erosion") * np.maximum(0.0, state.embedded - r.c("trait_floor"))
    eroded = eroded * hook(mult, "trait_erosion")[:, None]
    fallback = -r.c("practice_fallback") * gap * ~worked
    # red tape and a manager who only manages up close the organisation off (the oyster closes)
    up_e = np.array([o == "up" for o in r.orientation])
    all_work = work_e.sum(axis=(1, 2))
    share = np.where(
        all_work > 0, work_e[:, :, up_e].sum(axis=(1, 2)) / np.maximum(all_work, 1), 0.0
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
    )
    return new, report
