"""The situation a player reads on the board (model 2.1), without pygame: the actors outside the
team, red tape, the share of work spent managing up (the oyster), the two stocks of each trait,
the executive's priorities, and how each dilemma option's stance fits the situation now.

Everything is read off the observation a policy sees (`sim.strategy.observe`) and computed by
the engine's own functions (`core.stances`), so what the board says is what the turn does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.model import ACTORS, SITUATION, STANCES
from ..core.stances import fit_effects, situation, stance_fit
from ..sim.strategy import observe
from .session import EventView, Session

# How a stance's fit (-1..1) reads as a verdict: above FITS it fits, below -FITS it backfires,
# in between it is a gamble that moves the meters little either way.
FITS = 0.2
TREND = 0.5  # a change of at least this much (points) since the last turn shows as a trend
PRIORITY = 0.1  # a priority this far from 1 (a factor on the task's demand) is marked


@dataclass(frozen=True)
class Gauge:
    """One reading of the situation panel: its id, value now and at the start of the last turn."""

    key: str  # an actor id, "red_tape" or "up_share"
    value: float  # 0-100 (up_share as a percentage too)
    before: float | None  # None on the first turn (no last turn to compare with)

    @property
    def trend(self) -> int:
        """+1 risen, -1 fallen, 0 about the same (or no last turn) since the last turn."""
        if self.before is None or abs(self.value - self.before) < TREND:
            return 0
        return 1 if self.value > self.before else -1


@dataclass(frozen=True)
class TraitStock:
    """A trait's two stocks: as practised now and as embedded, and the turns worked in a row."""

    practised: float
    embedded: float
    streak: int


@dataclass(frozen=True, eq=False)
class StanceView:
    """How one dilemma option's stance meets the situation now."""

    stance: str  # an id from STANCES ("none": the option takes no stance)
    fit: float  # -1 (backfires) .. +1 (fits)
    verdict: str  # "fits", "risky" or "backfires" ("" for no stance)
    effect: np.ndarray  # [3] the meter change the fit adds when the option is chosen
    drivers: tuple[tuple[str, int, int], ...]  # (feature, +1 high / -1 low, +1 helps / -1 hurts)


@dataclass(frozen=True, eq=False)
class Situation:
    """The situation panel's readings and what the rows and options show of model 2.1."""

    gauges: tuple[Gauge, ...]  # the four actors, red tape, the share of work managing up
    oyster_share: float  # above this share of work managing up (0-100) the oyster closes
    oyster: bool  # the oyster is closing: the team's engagement and 'poreus' fall
    stocks: tuple[TraitStock, ...]  # per trait
    priority: np.ndarray  # [E] the executive's factor on the task's demand
    new_priorities: bool  # a new executive came with last turn's election
    fit: np.ndarray  # [STANCES] each stance's fit now

    def gauge(self, key: str) -> Gauge:
        """The reading of one id."""
        return next(g for g in self.gauges if g.key == key)


def verdict(fit: float) -> str:
    """The word id of a stance's fit: fits, risky or backfires."""
    if fit >= FITS:
        return "fits"
    if fit <= -FITS:
        return "backfires"
    return "risky"


def read_situation(session: Session) -> Situation:
    """The situation panel of a session's current turn."""
    scn = session.scn
    r = scn.rules
    obs = observe(scn, session.state)
    reports = session.reports
    # the state at the start of the last turn: the progression of the turn before it, or the start
    prev_actors = prev_tape = None
    if len(reports) >= 2:
        prev_actors = getattr(reports[-2].progression, "actors", None)
        prev_tape = getattr(reports[-2].progression, "red_tape", None)
        prev_actors = None if prev_actors is None else prev_actors[0]
        prev_tape = None if prev_tape is None else float(prev_tape[0])
    elif len(reports) == 1:
        prev_actors, prev_tape = r.actor_start, 0.0
    gauges = [
        Gauge(a, float(obs.actors[0, i]), None if prev_actors is None else float(prev_actors[i]))
        for i, a in enumerate(ACTORS)
    ]
    gauges.append(Gauge("red_tape", float(obs.red_tape[0]), prev_tape))
    up = 100.0 * float(obs.up_share[0])
    gauges.append(Gauge("up_share", up, None))
    oyster = 100.0 * r.c("oyster_share")
    stocks = tuple(
        TraitStock(float(p), float(e), int(s))
        for p, e, s in zip(obs.traits[0], obs.embedded[0], obs.streak[0], strict=True)
    )
    elected = session.turn - 1  # the turn just played
    new = bool(np.any(scn.elections == elected)) and r.c("election_turnover") > 0
    return Situation(
        gauges=tuple(gauges),
        oyster_share=oyster,
        oyster=up > oyster,
        stocks=stocks,
        priority=np.array(obs.priority[0]),
        new_priorities=new and elected >= 1,
        fit=stance_fit(scn, session.state)[0],
    )


def option_stances(session: Session, ev: EventView, sit: Situation) -> list[StanceView]:
    """Per option of a dilemma: its stance, how it fits now, what that adds to the meters, and
    the situation features that move the fit most."""
    scn = session.scn
    r = scn.rules
    feats = situation(scn, session.state)[0]
    out = []
    for o in range(len(ev.option_ids)):
        k = int(scn.o_stance[ev.template, o])
        name = STANCES[k]
        if name == "none":
            out.append(StanceView(name, 0.0, "", np.zeros(3), ()))
            continue
        fit = float(sit.fit[k])
        # the engine's own formula, for one option chosen at this event's severity
        effect = fit_effects(scn, sit.fit[None, :], np.array([[k]]), np.array([[ev.severity]]))
        parts = feats * r.stance_weights[k]
        order = sorted(range(len(SITUATION)), key=lambda f: -abs(parts[f]))
        drivers = tuple(
            (SITUATION[f], 1 if feats[f] > 0 else -1, 1 if parts[f] > 0 else -1)
            for f in order[:3]
            if abs(parts[f]) >= 0.05
        )
        out.append(StanceView(name, fit, verdict(fit), effect[0, 0], drivers))
    return out
