"""Sensitivity screening: which of a scenario's numbers and the rules' constants move the score.

A Morris screening (SALib): every parameter is a factor on numbers of the scenario or the rules
(0.7 to 1.3 by default), the adaptive bot plays the same seeds for every sample (it keeps what
it learnt about the unchanged scenario, so only the numbers change), and the parameters are
ranked by mu* — the mean absolute change in mean score per elementary step.

Parameters, each a factor:
- `constant:<name>` — one engine constant (assets/rules.yaml, or the scenario's tuning);
- `effects:<event id>` — every effect size (`by`, `per_turn`) of one event and its options;
- `demand:<event id>` — every demand of one event and its options;
- `rate:<kind>` — one kind's base rate of turbulence;
- `task:demand` and `task:value_rate` — the central task.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..core.model import ScenarioData

LOW, HIGH = 0.7, 1.3
LEVELS = 4


@dataclass(frozen=True)
class Sensitivity:
    """One parameter's screening result."""

    name: str
    mu_star: float  # mean |elementary effect| on the mean score (points per full range)
    mu_star_conf: float  # half-width of its 95 % bootstrap interval
    sigma: float  # spread of the elementary effects (interaction or non-linearity)
    mu: float  # mean signed effect: positive when raising the numbers raises the score


@dataclass(frozen=True)
class Screening:
    """The ranking, most influential first, and how it was measured."""

    ranking: list[Sensitivity]
    base_score: float
    evaluations: int
    games: int
    trajectories: int
    bot: str

    def top(self, n: int = 10) -> list[Sensitivity]:
        """The n parameters that move the score most."""
        return self.ranking[:n]

    def as_dict(self) -> dict:
        """Plain data for --json."""
        return {
            "bot": self.bot,
            "games_per_sample": self.games,
            "trajectories": self.trajectories,
            "evaluations": self.evaluations,
            "base_score": round(self.base_score, 3),
            "range": [LOW, HIGH],
            "ranking": [
                {
                    "parameter": s.name,
                    "mu_star": round(s.mu_star, 3),
                    "mu_star_conf": round(s.mu_star_conf, 3),
                    "sigma": round(s.sigma, 3),
                    "mu": round(s.mu, 3),
                }
                for s in self.ranking
            ],
        }


def _scale_effects(effects: list | None, f: float) -> None:
    for eff in effects or []:
        for key in ("by", "per_turn"):
            if isinstance(eff.get(key), int | float) and not isinstance(eff.get(key), bool):
                eff[key] = eff[key] * f


def _scale_demand(demand, f: float):
    if isinstance(demand, dict):
        return {k: v * f for k, v in demand.items()}
    return demand  # an option's factor on the event's demand stays a factor


def parameters(spec, scn: ScenarioData) -> list[str]:
    """Every parameter the screening varies for this scenario."""
    names = [f"constant:{c}" for c in scn.rules.constants]
    for ev in spec.events:
        has_effects = (
            ev.success or ev.failure or any(o.choose or o.success or o.failure for o in ev.options)
        )
        if has_effects:
            names.append(f"effects:{ev.id}")
        if ev.demand or any(isinstance(o.demand, dict) for o in ev.options):
            names.append(f"demand:{ev.id}")
    names += [f"rate:{k}" for k in spec.turbulence]
    return names + ["task:demand", "task:value_rate"]


def variant(spec, scn: ScenarioData, rules_spec, factors: dict[str, float]) -> ScenarioData:
    """The scenario with every parameter's numbers multiplied by its factor."""
    from ..scenario.compile import compile_scenario
    from ..scenario.spec import ScenarioSpec

    spec_factors = {k: v for k, v in factors.items() if not k.startswith("constant:")}
    out = scn
    if any(abs(v - 1.0) > 1e-12 for v in spec_factors.values()):
        data = spec.model_dump()
        events = {ev["id"]: ev for ev in data["events"]}
        for name, f in spec_factors.items():
            kind, _, what = name.partition(":")
            if kind == "effects":
                ev = events[what]
                _scale_effects(ev["success"], f)
                _scale_effects(ev["failure"], f)
                for o in ev["options"]:
                    for part in ("choose", "success", "failure"):
                        _scale_effects(o[part], f)
            elif kind == "demand":
                ev = events[what]
                ev["demand"] = _scale_demand(ev["demand"], f)
                for o in ev["options"]:
                    o["demand"] = _scale_demand(o["demand"], f)
            elif kind == "rate":
                data["turbulence"][what]["base_rate"] *= f
            elif name == "task:demand":
                data["task"]["demand"] = _scale_demand(data["task"]["demand"], f)
            elif name == "task:value_rate":
                data["task"]["value_rate"] *= f
        out = compile_scenario(ScenarioSpec.model_validate(data), rules_spec)
    constants = {
        k.split(":", 1)[1]: scn.rules.constants[k.split(":", 1)[1]] * v
        for k, v in factors.items()
        if k.startswith("constant:")
    }
    if constants:
        rules = replace(out.rules, constants={**out.rules.constants, **constants})
        out = replace(out, rules=rules)
    return out


def screen(
    path: str,
    games: int = 100,
    trajectories: int = 4,
    seed: int = 1,
    names: Sequence[str] | None = None,
    bot: str = "adaptive",
    progress: Callable[[int, int], None] | None = None,
) -> Screening:
    """Morris screening of a scenario file's numbers and the rules' constants (see the module)."""
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    from ..scenario.compile import compile_scenario, read_scenario
    from ..scenario.load import load_rules_spec
    from .bots import AdaptiveBot, make_bot, study
    from .runner import play

    rules_spec = load_rules_spec()
    spec, _ = read_scenario(path)
    scn = compile_scenario(spec, rules_spec)
    names = list(names) if names is not None else parameters(spec, scn)
    player = make_bot(bot, scn)
    if isinstance(player, AdaptiveBot) and player.learnt is None:
        player = replace(player, learnt=study(scn))  # the same player for every variant
    seeds = np.arange(seed, seed + games)
    problem = {"num_vars": len(names), "names": names, "bounds": [[LOW, HIGH]] * len(names)}
    x = sample.sample(problem, N=trajectories, num_levels=LEVELS, seed=seed)
    y = np.empty(len(x))
    for i, row in enumerate(x):
        variant_scn = variant(spec, scn, rules_spec, dict(zip(names, row, strict=True)))
        y[i] = play(variant_scn, seeds, player).scores.mean()
        if progress is not None:
            progress(i + 1, len(x))
    result = analyze.analyze(problem, x, y, num_levels=LEVELS, seed=seed)
    ranking = [
        Sensitivity(
            name,
            float(result["mu_star"][i]),
            float(result["mu_star_conf"][i]),
            float(result["sigma"][i]),
            float(result["mu"][i]),
        )
        for i, name in enumerate(names)
    ]
    ranking.sort(key=lambda s: (-s.mu_star, s.name))
    base = float(play(scn, seeds, player).scores.mean())
    return Screening(ranking, base, len(x), games, trajectories, bot)
