"""The lab's batches: many games of one bot (or one experiment of the adaptive bot) over a
range of seeds, with the per-game numbers the checks read; in worker processes if asked."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace

import numpy as np

from ...core.model import MECHANICS, SITUATION, ScenarioData
from ...core.scoring import score
from ...core.stances import situation
from ...core.state import GameState
from ..bots import Bot, ForcedOption, ForgetsAsInner, LateInvestment, make_bot, steady_and_burst
from ..runner import play
from .tweaks import Tweaks, tweaked, uniform_team_variant

CHUNK = 2500  # games per batch: large enough for speed, small enough for memory and progress


@dataclass
class BotStats:
    """Per-game numbers of one bot over many seeds (arrays over games)."""

    bot: str
    seeds: np.ndarray
    scores: np.ndarray
    ended_because: np.ndarray
    ended_turn: np.ndarray
    history: np.ndarray  # [G, turns + 1, 3]
    final: np.ndarray  # [G, 3]
    value_sum: np.ndarray  # [G]
    events_by_kind: np.ndarray  # [G, K]
    fired: np.ndarray  # [G, N]
    chips: np.ndarray  # [G, A] chips per target over the game
    picks: np.ndarray  # [G, N, O] how often each dilemma option was chosen
    arrival: np.ndarray  # [G, N, SITUATION] the situation at each template's first arrival (nan)

    @staticmethod
    def concat(parts: list[BotStats]) -> BotStats:
        """Join the statistics of several chunks of seeds."""
        first = parts[0]
        joined = {
            name: np.concatenate([getattr(p, name) for p in parts])
            for name in first.__dataclass_fields__
            if name != "bot"
        }
        return BotStats(bot=first.bot, **joined)

    def head(self, n: int) -> BotStats:
        """The first n games."""
        return BotStats(
            bot=self.bot,
            **{k: getattr(self, k)[:n] for k in self.__dataclass_fields__ if k != "bot"},
        )

    @property
    def n(self) -> int:
        return self.scores.shape[0]

    def value_per_turn_in_office(self) -> np.ndarray:
        """Mean public value per turn actually played."""
        return self.value_sum / np.maximum(self.ended_turn, 1)

    def played(self) -> np.ndarray:
        """Which turns of `history` were played, from turn 1 [G, turns + 1] (turn 0: False)."""
        turns = np.arange(self.history.shape[1])[None, :]
        return (turns <= self.ended_turn[:, None]) & (turns >= 1)


COMPACT = 0.8  # when no more than this share of a batch's games is still in play, drop the rest


def play_stats(scn: ScenarioData, bot: Bot, seeds: np.ndarray, arrivals: bool = True) -> BotStats:
    """Play a batch of games and collect everything the lab reports (without `arrivals`, the
    situations at arrival are left out: `arrival` is then [G, 0, 0]).

    Games that have ended are set aside as the batch goes on (when at most COMPACT of them are
    still in play), so that the turns after them cost only the games still playing: the games
    of a batch are independent (batch = single), so every number is the same."""
    g = len(seeds)
    chips = np.zeros((g, len(scn.rules.targets)), dtype=np.int64)
    picks = np.zeros((g, scn.n_templates, scn.n_options), dtype=np.int64)
    shape = (g, scn.n_templates, len(SITUATION)) if arrivals else (g, 0, 0)
    arrival = np.full(shape, np.nan)
    rows = np.arange(g)  # the games of the batch in play, as rows of these arrays

    def tally(before, alloc, report, after):
        live = before.alive
        new = before.ev_active & (before.ev_arrived == before.turn + 1) & live[:, None]
        if arrivals and new.any():
            sit = situation(scn, before)
            gi, si = np.nonzero(new)
            ti = before.ev_template[gi, si]
            first = np.isnan(arrival[rows[gi], ti, 0])
            arrival[rows[gi[first]], ti[first]] = sit[gi[first]]
        chips[rows] += alloc.chips.sum(axis=1) * live[:, None]
        chosen = (alloc.options >= 0) & before.ev_active & (before.ev_option < 0) & live[:, None]
        gi, si = np.nonzero(chosen)
        np.add.at(picks, (rows[gi], before.ev_template[gi, si], alloc.options[gi, si]), 1)

    state = play(scn, seeds, bot, on_turn=tally, turns=0).state  # the first turn's arrivals
    ended: list[tuple[np.ndarray, GameState]] = []  # (rows, final state) of the games set aside
    while state.alive.any():
        state = play(scn, None, bot, start=state, turns=1, on_turn=tally).state
        playing = state.alive
        if playing.sum() <= COMPACT * playing.size:
            ended.append((rows[~playing], state.games(np.flatnonzero(~playing))))
            state, rows = state.games(np.flatnonzero(playing)), rows[playing]
    ended.append((rows, state))
    out = {
        "seeds": np.empty(g, dtype=state.seeds.dtype),
        "scores": np.empty(g),
        "ended_because": np.empty(g, dtype=state.ended_because.dtype),
        "ended_turn": np.empty(g, dtype=state.ended_turn.dtype),
        "history": np.empty((g, *state.history.shape[1:]), dtype=state.history.dtype),
        "value_sum": np.empty(g, dtype=state.value_sum.dtype),
        "events_by_kind": np.empty(
            (g, *state.events_by_kind.shape[1:]), state.events_by_kind.dtype
        ),
        "fired": np.empty((g, *state.fired.shape[1:]), dtype=state.fired.dtype),
    }
    for at, part in ended:
        out["scores"][at] = score(scn, part)
        out["ended_turn"][at] = np.where(part.ended_turn >= 0, part.ended_turn, part.turn)
        for name in ("seeds", "ended_because", "history", "value_sum", "events_by_kind", "fired"):
            out[name][at] = getattr(part, name)
    last = out["ended_turn"]
    return BotStats(
        bot=bot.name,
        final=out["history"][np.arange(g), last],
        chips=chips,
        picks=picks,
        arrival=arrival,
        **out,
    )


@dataclass
class SteadyOrBurst(ForgetsAsInner, Bot):
    """Another bot whose trait work follows a fixed schedule, for the steady-versus-burst check:
    `chips[turn - 1]` chips per member that turn (taken from daily work), none otherwise, on
    three traits fixed for the game (the least developed at the start): member m's j-th chip
    goes to trait (m + j) mod 3, so both schedules spread their chips over the same traits and
    steady work keeps each of them worked turn after turn (a schedule that re-ranked the traits
    every turn would never work a trait two turns in a row, and embedding, which needs that,
    would never start)."""

    inner: Bot | None = None
    chips: tuple[int, ...] = ()

    def decide(self, obs):
        scn = obs.scenario
        alloc = self.inner.decide(obs)
        want = self.chips[obs.turn] if obs.turn < len(self.chips) else 0
        chips = alloc.chips.copy()
        e, t_n = scn.rules.n_exp, scn.rules.n_traits
        chips[:, :, e + t_n] += chips[:, :, e : e + t_n].sum(axis=2)  # the inner bot's own: rest
        chips[:, :, e : e + t_n] = 0
        gi = np.arange(obs.n_games)
        order = np.argsort(scn.start_traits, kind="stable")[:3]
        for m in range(scn.n_members):
            for j in range(want):
                pool = np.concatenate([chips[:, m, :e], chips[:, m, e + t_n :]], axis=1)
                has = pool.sum(axis=1) > 0
                src = np.argmax(pool, axis=1)
                src = np.where(src >= e, e + t_n, src)
                chips[gi[has], m, src[has]] -= 1
                chips[gi[has], m, e + order[(m + j) % len(order)]] += 1
        return replace(alloc, chips=chips)  # whatever else the inner bot decided stands


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Job:
    """One batch to play: a bot (by name, or a forced dilemma option) over a range of seeds."""

    key: str
    bot: str
    seeds: tuple[int, int]  # start, stop
    variant: str = ""  # "", "uniform_team" or "mechanic:<kind>"
    force: tuple[int, int] | None = None  # (template, option)
    late_invest: int = 0  # > 0: also build traits in the last this many turns
    schedule: str = ""  # "steady" or "burst": trait work on a fixed schedule
    tweaks: Tweaks = ()  # the scenario's numbers changed by these factors (the lab's advice)


_WORKER_SCENARIOS: dict[tuple[str, str, Tweaks], ScenarioData] = {}


def _scenario_for(path: str, variant: str, tweaks: Tweaks = ()) -> ScenarioData:
    """The scenario of a job (made once per process; a forked worker inherits what is made)."""
    key = (path, variant, tweaks)
    if key in _WORKER_SCENARIOS:
        return _WORKER_SCENARIOS[key]
    if tweaks:
        made = tweaked(path, _scenario_for(path, "", ()), tweaks)
        if variant:
            made = _switch(made, variant, path, tweaks)
    elif variant == "uniform_team":
        made = uniform_team_variant(path)
    elif variant:
        made = _switch(_scenario_for(path, "", ()), variant, path, tweaks)
    else:
        from ...scenario.catalogue import compiled  # the shell's own copy when it loaded the file

        made = compiled(path)
    _WORKER_SCENARIOS[key] = made
    return made


def lab_scenario(path: str, variant: str = "") -> ScenarioData:
    """A scenario of the lab's jobs (the file as written, "uniform_team" or "mechanic:<kind>"),
    made once per process and kept, so that worker processes started later inherit it."""
    return _scenario_for(path, variant)


def _switch(base: ScenarioData, variant: str, path: str, tweaks: Tweaks) -> ScenarioData:
    if variant.startswith("mechanic:"):
        switched = dict(MECHANICS[variant.split(":", 1)[1]])
        rules = replace(base.rules, constants={**base.rules.constants, **switched})
        return replace(base, rules=rules)
    if variant == "uniform_team":
        return tweaked(path, _scenario_for(path, "uniform_team"), tweaks, uniform=True)
    raise ValueError(f"unknown lab variant '{variant}'")


def run_job(path: str, job: Job) -> tuple[str, BotStats]:
    """Play one job (in this process or a worker)."""
    scn = _scenario_for(path, job.variant, job.tweaks)
    bot = make_bot(job.bot, scn)
    if job.late_invest:
        bot = LateInvestment(name=f"{job.bot}+late", inner=bot, turns=job.late_invest)
    if job.schedule:
        steady, burst = steady_and_burst(scn)
        plan = steady if job.schedule == "steady" else burst
        bot = SteadyOrBurst(name=f"{job.bot}+{job.schedule}", inner=bot, chips=plan)
    if job.force is not None:
        bot = ForcedOption(
            name=f"{job.bot}+force", inner=bot, template=job.force[0], option=job.force[1]
        )
    seeds = np.arange(job.seeds[0], job.seeds[1], dtype=np.uint64)
    # only the forced runs' situations at arrival are read: the others save the time and memory
    return job.key, play_stats(scn, bot, seeds, arrivals=job.force is not None)


def run_jobs(
    path: str, jobs: list[Job], n_jobs: int = 1, progress: Callable[[int, int], None] | None = None
) -> dict[str, BotStats]:
    """Run every job, in several processes if asked; the results do not depend on n_jobs."""
    parts: dict[str, list[tuple[int, BotStats]]] = {
        k: [] for k in dict.fromkeys(j.key for j in jobs)
    }
    done = 0
    if n_jobs <= 1 or len(jobs) <= 1:
        results = (run_job(path, j) for j in jobs)
        for job, (key, stats) in zip(jobs, results, strict=True):
            parts.setdefault(key, []).append((job.seeds[0], stats))
            done += 1
            if progress:
                progress(done, len(jobs))
    else:
        # the scenarios are made here, once, before the workers are forked: they inherit them
        for variant in dict.fromkeys(j.variant for j in jobs if not j.tweaks):
            lab_scenario(path, variant)
        # the longest jobs first, so that the workers run out of work at about the same time
        order = sorted(jobs, key=_expected_cost, reverse=True)
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            futures = {pool.submit(run_job, path, j): j for j in order}
            for fut in as_completed(futures):
                job = futures[fut]
                key, stats = fut.result()
                parts[key].append((job.seeds[0], stats))
                done += 1
                if progress:
                    progress(done, len(jobs))
    return {
        k: BotStats.concat([s for _, s in sorted(v, key=lambda x: x[0])]) for k, v in parts.items()
    }


def _expected_cost(job: Job) -> float:
    """A job's rough cost, for ordering: games times the work a game of its bot does (the
    adaptive bot and its experiments play every game to the end; the single-minded bots lose
    most of theirs half-way)."""
    games = job.seeds[1] - job.seeds[0]
    return games * (2.0 if job.bot.startswith("adaptive") or job.variant else 1.0)


def chunks(key: str, bot: str, seed: int, games: int, **extra) -> list[Job]:
    """Jobs covering `games` seeds from `seed` in chunks."""
    return [
        Job(key, bot, (seed + i, seed + min(games, i + CHUNK)), **extra)
        for i in range(0, games, CHUNK)
    ]
