"""Stage 4, progression: energy, skills, organisation traits and escalation pressure move on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import hook
from .model import ScenarioData
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

    # traits: built by taking people off daily work, eroding back unless maintained
    fmin = r.c("energy_factor_min")
    ef = fmin + (1.0 - fmin) * state.energy / 100.0
    effort = (work_t * ef[:, :, None]).sum(axis=1)
    built = r.c("trait_gain_per_chip") * effort * (1.0 - state.traits / 100.0)
    eroded = -r.c("trait_erosion") * np.maximum(0.0, state.traits - r.c("trait_floor"))
    eroded = eroded * hook(mult, "trait_erosion")[:, None]
    built, eroded = built * alive[:, None], eroded * alive[:, None]
    traits = np.clip(state.traits + built + eroded + effects.traits, 0.0, 100.0)

    pressure = (state.pressure * (1.0 - r.c("pressure_decay")) + effects.pressure).clip(min=0.0)
    new = state.evolve(energy=energy, skills=skills, traits=traits, pressure=pressure)
    report = ProgressionReport(
        energy_delta=energy - state.energy,
        skill_delta=skills - state.skills,
        trait_built=built,
        trait_eroded=eroded,
        trait_events=effects.traits,
        pressure=pressure,
    )
    return new, report
