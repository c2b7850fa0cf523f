"""The learning debrief as data: why a game went as it went, which turns mattered, and what-ifs.

Everything here re-simulates through the engine; nothing is guessed. Variants of one game run in
ONE batch on the same seed, so they share the outside world (the engine's draws are addressed by
seed, turn, purpose and slot) and differ only by the team's choices.

Rules for a variant that changes turn k (it changes one thing only):
- turns before k use the player's inputs (the state is still identical, so they are valid);
- turn k uses the alternative. The adviser's alternative is the adviser's plan for the team's
  time (chips, events put first, dates prepared) with the player's own dilemma answers of that
  turn, so it is not mixed up with another dilemma choice (each of those is an alternative of
  its own);
- later turns keep the player's chips (always valid: capacity is fixed) and the player's dilemma
  option for the same event number when that event is open with that option; any other open
  dilemma is answered as the advisor (the adaptive bot) would; after the turn where the
  player's game ended, the advisor plays the whole turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core.allocation import Allocation, allocation_ok
from ..core.engine import reset
from ..core.explain import EventOutcome, TurnExplanation, explain_turn
from ..core.model import END_REASONS, METERS, REST, STANCES, ScenarioData
from ..core.scoring import score
from ..core.state import GameState
from .bots import ADAPTIVE_DEFAULTS, AdaptiveBot, Bot, make_bot
from .record import TurnInput, input_from_allocation
from .runner import play
from .study_cache import ensure as ensure_study

ADVISOR = "adaptive"  # the bot whose choices are the alternative and the fallback

# The engine's causes of meter changes, grouped as a trainee reads them.
CAUSE_GROUPS = {
    "allocation": ("task_delivery", "network", "managing_up", "serving", "managing_out"),
    "delayed": ("lasting", "value_feedback"),
    "events": ("event", "dilemma_choice", "stance_fit", "commotion"),
    "decay": ("value_decay", "cover_erosion", "trust_erosion", "red_tape", "campaign"),
    "limit": ("limit",),
}
GROUP_OF = {cause: group for group, causes in CAUSE_GROUPS.items() for cause in causes}
ORIENTATIONS = ("up", "out", "task")

# Alternatives tried for every turn when looking for the turns that mattered.
ALT_ADVISOR, ALT_REST, ALT_OPTION, ALT_CUSTOM, ALT_SAME = (
    "advisor",
    "rest",
    "option",
    "custom",
    "same",
)


# ---- variants in one batch -----------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    """A change of one game from turn `turn` (1-based): the kind of alternative and its input."""

    turn: int
    kind: str = ALT_SAME
    input: TurnInput | None = None  # for "custom" and "option"
    note: str = ""  # e.g. "event 4: judo" for an option variant


@dataclass(frozen=True, eq=False)
class Run:
    """One game of a variant batch: its end, its meters, traits, energy and (optionally) details."""

    variant: Variant
    state: GameState  # the final state as a batch of one
    score: float
    turns: int  # turns played
    ended_because: str
    history: np.ndarray  # [turns + 1, 3] meters (row 0: start)
    traits: np.ndarray  # [turns + 1, T]
    energy: np.ndarray  # [turns + 1, M]
    inputs: tuple[TurnInput, ...] = ()  # the inputs actually played (kept on request)
    explanations: tuple[TurnExplanation, ...] = ()  # (kept on request)
    fallbacks: tuple[int, ...] = ()  # turns where the advisor had to fill in a choice


def _row_from_input(
    scn: ScenarioData, state: GameState, g: int, inp: TurnInput, advisor: Allocation
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Chips [M, A] and options [S] of game g from an input; open dilemmas it does not answer
    validly get the advisor's option. Returns whether the advisor had to fill in."""
    targets = {t: i for i, t in enumerate(scn.rules.targets)}
    members = {m.id: i for i, m in enumerate(scn.members)}
    chips = np.zeros((scn.n_members, len(targets)), dtype=np.int64)
    for member, row in inp.chips.items():
        for target, n in row.items():
            if member in members and target in targets:
                chips[members[member], targets[target]] = n
    options = np.full(state.ev_active.shape[1], -1, dtype=np.int64)
    filled = False
    for s in np.nonzero(state.ev_active[g])[0]:
        tmpl = scn.templates[int(state.ev_template[g, s])]
        wanted = inp.options.get(int(state.ev_uid[g, s]))
        fixed = int(state.ev_option[g, s])
        if wanted in tmpl.option_ids and fixed in (-1, tmpl.option_ids.index(wanted)):
            options[s] = tmpl.option_ids.index(wanted)
        elif tmpl.option_ids and fixed < 0:
            options[s] = advisor.options[g, s]
            filled = True
    return chips, options, filled


def _rest_input(scn: ScenarioData) -> TurnInput:
    """Everybody rests (open dilemmas are still answered, by the advisor)."""
    return TurnInput({m.id: {REST: int(c)} for m, c in zip(scn.members, scn.capacity, strict=True)})


class _VariantPolicy:
    """Plays every variant of the batch by the rules in the module doc."""

    def __init__(self, scn: ScenarioData, inputs, variants, advisor: Bot, detail: bool):
        self.scn, self.inputs, self.variants = scn, inputs, variants
        self.advisor, self.detail = advisor, detail
        g_n = len(variants)
        self.used: list[list[TurnInput]] = [[] for _ in range(g_n)]
        self.fallbacks: list[list[int]] = [[] for _ in range(g_n)]

    def decide(self, obs) -> Allocation:
        scn, inputs = self.scn, self.inputs
        turn = obs.turn + 1
        advice = self.advisor.decide(obs)
        chips = advice.chips.copy()
        options = advice.options.copy()
        focus, prepare = advice.choices_first(scn)
        for g, v in enumerate(self.variants):
            if not obs.alive[g]:
                continue
            if turn == v.turn and v.kind == ALT_ADVISOR:  # the adviser's time, the player's answers
                if turn <= len(inputs):
                    _, options[g], _ = _row_from_input(scn, obs, g, inputs[turn - 1], advice)
                continue
            if turn == v.turn and v.kind == ALT_REST:
                inp = _rest_input(scn)
            elif turn == v.turn and v.input is not None:
                inp = v.input
            elif turn <= len(inputs):
                inp = inputs[turn - 1]
            else:  # the player's game ended here; the advisor goes on
                self.fallbacks[g].append(turn)
                continue
            chips[g], options[g], filled = _row_from_input(scn, obs, g, inp, advice)
            focus[g] = np.isin(obs.ev_uid[g], list(inp.focus)) & obs.ev_active[g]
            prepare[g] = [c.id in inp.prepare for c in scn.calendar]
            if filled:
                self.fallbacks[g].append(turn)
        alloc = Allocation(chips, options, focus, prepare)
        bad = ~allocation_ok(scn, obs, alloc)
        if bad.any():  # an input that no longer fits: the advisor plays that game's turn
            chips[bad], options[bad] = advice.chips[bad], advice.options[bad]
            first, ahead = advice.choices_first(scn)
            focus[bad], prepare[bad] = first[bad], ahead[bad]
            for g in np.nonzero(bad)[0]:
                self.fallbacks[g].append(turn)
            alloc = Allocation(chips, options, focus, prepare)
        if self.detail:
            for g in np.nonzero(obs.alive)[0]:
                self.used[g].append(input_from_allocation(scn, obs, alloc, g))
        return alloc


def run_variants(
    scn: ScenarioData,
    seed: int,
    inputs,
    variants: list[Variant],
    detail: bool = False,
    advisor: Bot | None = None,
    stop_after: int | None = None,
) -> list[Run]:
    """Play every variant of the player's game in one batch on the same seed (rules: module doc),
    to the end or for `stop_after` turns."""
    inputs = list(inputs)
    ensure_study(scn)  # the advisor's study from the cache folder (made once per version)
    policy = _VariantPolicy(scn, inputs, variants, advisor or make_bot(ADVISOR, scn), detail)
    g_n = len(variants)
    start, _ = reset(scn, [seed] * g_n)
    traits = [start.traits.copy()]
    energy = [start.energy.copy()]
    explained: list[list[TurnExplanation]] = [[] for _ in range(g_n)]

    def keep(before, alloc, report, after):
        if detail:
            for g in np.nonzero(before.alive)[0]:
                explained[g].append(explain_turn(scn, report, g))
        traits.append(after.traits.copy())
        energy.append(after.energy.copy())

    state = play(scn, None, policy, start=start, turns=stop_after, on_turn=keep).state
    used, fallbacks = policy.used, policy.fallbacks
    scores = score(scn, state)
    runs = []
    for g, v in enumerate(variants):
        last = int(state.ended_turn[g]) if state.ended_turn[g] >= 0 else state.turn
        runs.append(
            Run(
                variant=v,
                state=state.game(g),
                score=float(scores[g]),
                turns=last,
                ended_because=END_REASONS[int(state.ended_because[g])],
                history=state.history[g, : last + 1].copy(),
                traits=np.array([t[g] for t in traits[: last + 1]]),
                energy=np.array([e[g] for e in energy[: last + 1]]),
                inputs=tuple(used[g]),
                explanations=tuple(explained[g]),
                fallbacks=tuple(sorted(set(fallbacks[g]))),
            )
        )
    return runs


# ---- the player's own game ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TurnLine:
    """One turn of the timeline: meters, each change split into cause groups, events and choices."""

    turn: int
    before: dict[str, float]
    after: dict[str, float]
    groups: dict[str, dict[str, float]]  # meter -> cause group -> amount
    explanation: TurnExplanation
    arrived: tuple[EventOutcome, ...]  # events seen for the first time this turn
    ended: tuple[EventOutcome, ...]  # events that ended this turn
    choices: tuple[tuple[str, str], ...]  # (event id, option id) chosen this turn
    time: dict[str, int]  # chips on "up", "out", "task", "development", "rest"
    coverage: dict[str, float]  # coverage on "up", "out", "task" expectations
    focus: tuple[EventOutcome, ...] = ()  # events put first this turn (triage)
    prepared: tuple[str, ...] = ()  # calendar dates prepared for this turn (their ids)


def _time_split(scn: ScenarioData, inp: TurnInput) -> dict[str, int]:
    orient = dict(zip((e.id for e in scn.rules.expectations), scn.rules.orientation, strict=True))
    out = dict.fromkeys((*ORIENTATIONS, "development", REST), 0)
    for m, cap in zip(scn.members, scn.capacity, strict=True):
        row = inp.chips.get(m.id, {})
        for target, n in row.items():
            out[orient.get(target, REST if target == REST else "development")] += n
        out[REST] += int(cap) - sum(row.values())
    return out


def timeline(scn: ScenarioData, explanations, inputs) -> list[TurnLine]:
    """Every played turn as a timeline line (from its explanation records and input)."""
    orient = scn.rules.orientation
    exp_ids = [e.id for e in scn.rules.expectations]
    seen: set[int] = set()
    lines = []
    for ex, inp in zip(explanations, inputs, strict=True):
        groups = {m: dict.fromkeys(CAUSE_GROUPS, 0.0) for m in METERS}
        for ch in ex.changes:
            groups[ch.meter][GROUP_OF[ch.cause]] += ch.amount
        arrived = tuple(ev for ev in ex.events if ev.uid not in seen)
        seen.update(ev.uid for ev in ex.events)
        cov = dict.fromkeys(ORIENTATIONS, 0.0)
        for e, o in zip(exp_ids, orient, strict=True):
            cov[o] += ex.coverage[e]
        lines.append(
            TurnLine(
                turn=ex.turn,
                before=ex.meters_before,
                after=ex.meters_after,
                groups=groups,
                explanation=ex,
                arrived=arrived,
                ended=tuple(ev for ev in ex.events if ev.status != "open"),
                choices=tuple((ev.event, ev.option) for ev in ex.events if ev.chosen_now),
                time=_time_split(scn, inp),
                coverage=cov,
                focus=tuple(ev for ev in ex.events if ev.uid in inp.focus),
                prepared=tuple(c.id for c in scn.calendar if c.id in inp.prepare),
            )
        )
    return lines


def heat(scn: ScenarioData, inputs) -> np.ndarray:
    """Chips per turn and allocation target [turns, A] (expectations, traits, rest)."""
    targets = scn.rules.targets
    out = np.zeros((len(inputs), len(targets)), dtype=np.int64)
    for i, inp in enumerate(inputs):
        for row in inp.chips.values():
            for target, n in row.items():
                out[i, targets.index(target)] += n
        out[i, -1] += int(scn.capacity.sum()) - out[i].sum()
    return out


# ---- the turns that mattered --------------------------------------------------------------------------
@dataclass(frozen=True)
class TurnImpact:
    """What another choice in one turn would have done to the final score."""

    turn: int
    deltas: tuple[tuple[Variant, float], ...]  # alternative, its score minus the player's score

    @property
    def impact(self) -> float:
        """The largest change of the final score any alternative of this turn makes."""
        return max((abs(d) for _, d in self.deltas), default=0.0)

    @property
    def strongest(self) -> tuple[Variant, float]:
        """The alternative with the largest effect."""
        return max(self.deltas, key=lambda vd: abs(vd[1]))


def turn_alternatives(scn: ScenarioData, run: Run) -> list[Variant]:
    """The alternatives tried per turn: the advisor's plan, a turn of rest, and every other option
    of each dilemma the player answered in that turn (with the player's chips)."""
    out = []
    for i, inp in enumerate(run.inputs):
        turn = i + 1
        out += [Variant(turn, ALT_ADVISOR), Variant(turn, ALT_REST)]
        ex = run.explanations[i]
        for ev in ex.events:
            if not (ev.chosen_now and ev.option):
                continue
            tmpl = scn.templates[scn.template_index(ev.event)]
            for opt in tmpl.option_ids:
                if opt != ev.option:
                    changed = TurnInput(inp.chips, {**inp.options, ev.uid: opt})
                    out.append(Variant(turn, ALT_OPTION, changed, f"{ev.uid}:{ev.event}:{opt}"))
    return out


def turn_impacts(scn: ScenarioData, seed: int, run: Run) -> list[TurnImpact]:
    """Per turn, the score change of each alternative, all re-simulated in one batch."""
    variants = turn_alternatives(scn, run)
    runs = run_variants(scn, seed, run.inputs, variants)
    by_turn: dict[int, list] = {t: [] for t in range(1, run.turns + 1)}
    for v, r in zip(variants, runs, strict=True):
        by_turn[v.turn].append((v, round(r.score - run.score, 6)))
    return [TurnImpact(t, tuple(d)) for t, d in by_turn.items()]


def turns_that_mattered(impacts: list[TurnImpact], n: int = 3) -> list[TurnImpact]:
    """The n turns whose alternatives move the final score most (earlier turn first on a tie)."""
    ranked = sorted(impacts, key=lambda i: (-round(i.impact, 6), i.turn))
    return [i for i in ranked[:n] if i.impact > 0]


# ---- against simulated strategies ---------------------------------------------------------------------
MIXES = 40  # fixed random mixes of time in the comparison
MIX_SEED = 20150101  # the mixes are the same for every player and every game


@dataclass
class MixBot(Bot):
    """A fixed habit per game: a random share of time on each expectation and trait, rest when
    tired, dilemma options at random (all drawn once from MIX_SEED)."""

    weights: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # [G, A - 1]
    forgets_observations = True

    @staticmethod
    def habits(scn: ScenarioData, n: int) -> np.ndarray:
        """n habits: up to 40% on development, the rest spread over the expectations [n, A - 1]."""
        gen = np.random.default_rng(MIX_SEED)
        dev = gen.uniform(0.0, 0.4, n)[:, None]
        exp = gen.dirichlet(np.ones(scn.rules.n_exp), n) * (1.0 - dev)
        trt = gen.dirichlet(np.ones(scn.rules.n_traits), n) * dev
        return np.concatenate([exp, trt], axis=1)

    def decide(self, obs):
        scn, state = obs.scenario, obs
        g, m_n, e_n = state.n_games, scn.n_members, scn.rules.n_exp
        gen = np.random.default_rng([MIX_SEED, int(state.seeds[0]), state.turn])
        # each member follows the habit, leaning to the expectations they are good at
        w = np.repeat(self.weights[:, None, :], m_n, axis=1)
        w[:, :, :e_n] *= state.skills**2
        cum = np.cumsum(w, axis=2)
        cum /= cum[:, :, -1:]
        cap = int(scn.capacity.max())
        u = gen.uniform(size=(g, m_n, cap))
        pick = np.minimum((u[..., None] > cum[:, :, None, :]).sum(axis=-1), w.shape[2] - 1)
        rest = np.where(state.energy < 50, 2, np.where(state.energy < 70, 1, 0))
        chips = np.zeros((g, m_n, len(scn.rules.targets)), dtype=np.int64)
        gi = np.arange(g)
        for m in range(m_n):
            work = int(scn.capacity[m])
            for j in range(work):
                target = np.where(j >= work - rest[:, m], chips.shape[2] - 1, pick[:, m, j])
                chips[gi, m, target] += 1
        tmpl = np.where(state.ev_active, state.ev_template, 0)
        n_opt = np.where(state.ev_active, scn.t_n_options[tmpl], 0)
        need = (n_opt > 0) & (state.ev_option < 0) & state.alive[:, None]
        opt = (gen.uniform(size=n_opt.shape) * np.maximum(n_opt, 1)).astype(np.int64)
        return Allocation(chips=chips, options=np.where(need, opt, -1))


# The advisor with other priorities: thoughtful strategies that weigh things differently.
ADVISOR_STYLES = {
    "adaptive:no-development": {"invest": 0.0},
    "adaptive:cautious": {"cover_target": 55.0, "cover_need": 30.0},
    "adaptive:task-first": {"stake_max": 0.4, "stake_min": 0.1},
    "adaptive:builder": {"invest": 40.0},
}


def named_bots(scn: ScenarioData) -> list[str]:
    """The named strategies in the comparison."""
    singles = [f"single:{e.id}" for e in scn.rules.expectations]
    base = ["adaptive", *ADVISOR_STYLES, "balanced", "managing-up", "managing-out", "random"]
    return [*base, *singles]


def _bot(name: str, scn: ScenarioData) -> Bot:
    if name in ADVISOR_STYLES:
        return AdaptiveBot(name, params={**ADAPTIVE_DEFAULTS, **ADVISOR_STYLES[name]})
    return make_bot(name, scn)


@dataclass(frozen=True)
class Comparison:
    """The player's score among simulated strategies on the same seed."""

    player: float
    named: tuple[tuple[str, float], ...]  # bot name, score
    mixes: tuple[float, ...]

    @property
    def scores(self) -> list[float]:
        """Every simulated strategy's score."""
        return [s for _, s in self.named] + list(self.mixes)

    @property
    def better_than(self) -> float:
        """Share of the simulated strategies that scored strictly lower than the player (0-1)."""
        scores = self.scores
        return sum(s < self.player - 1e-9 for s in scores) / max(1, len(scores))


@dataclass
class SideBySide(Bot):
    """Several bots in one batch, game g played by bot g: one engine call for all of them.

    Each bot decides on its own game's observation alone, as if it played a batch of one, so
    every game is the same, bit for bit, as played apart (the named bots decide per game)."""

    bots: tuple[Bot, ...] = ()

    def decide(self, obs):
        parts = [b.decide(obs.rows(g, g + 1)) for g, b in enumerate(self.bots)]
        return Allocation.stack(parts, obs.scenario)


def compare(scn: ScenarioData, seed: int, player_score: float, mixes: int = MIXES) -> Comparison:
    """Play every named bot and `mixes` fixed random habits on the player's seed."""
    names = named_bots(scn)
    together = SideBySide("named", bots=tuple(_bot(name, scn) for name in names))
    scores = play(scn, [seed] * len(names), together).scores
    named = [(name, float(s)) for name, s in zip(names, scores, strict=True)]
    bot = MixBot("mix", weights=MixBot.habits(scn, mixes))
    mixed = play(scn, [seed] * mixes, bot).scores
    return Comparison(player_score, tuple(named), tuple(float(s) for s in mixed))


# ---- reflection -----------------------------------------------------------------------------------------
CONCEPTS = (
    "team_hero", "up_out", "risk_judo", "opportunity_risk", "priorities", "learning_org"
)  # fmt: skip


@dataclass(frozen=True)
class Reflection:
    """A question for the group, the concept it is about, and the facts of the run behind it."""

    concept: str
    key: str  # which question (catalogue key learn.q.<key>, evidence learn.e.<key>)
    params: dict[str, object]
    also: str = ""  # a second piece of evidence on the same concept (learn.e.<also>)


@dataclass(frozen=True, eq=False)
class Debrief:
    """Everything the learning debrief shows about one game."""

    scenario_id: str
    seed: int
    player: str
    run: Run
    lines: tuple[TurnLine, ...]
    heat: np.ndarray  # [turns, A]
    impacts: tuple[TurnImpact, ...]
    mattered: tuple[TurnImpact, ...]
    comparison: Comparison
    reflections: tuple[Reflection, ...]

    @property
    def score(self) -> float:
        """The player's final score."""
        return self.run.score


def member_load(scn: ScenarioData, run: Run) -> tuple[np.ndarray, np.ndarray]:
    """Per member: share of the team's work chips [M] and lowest energy during the game [M]."""
    work = np.zeros(scn.n_members)
    for inp in run.inputs:
        for m, member in enumerate(scn.members):
            work[m] += sum(n for t, n in inp.chips.get(member.id, {}).items() if t != REST)
    return work / max(1.0, work.sum()), run.energy.min(axis=0)


def stance_summary(scn: ScenarioData, lines: list[TurnLine]) -> dict:
    """How often each stance was chosen, and what the situation made of those choices: the
    meter points of the 'stance fit' cause (shared equally by a turn's choices), and how many
    fitted (gained) or backfired (lost)."""
    count = {st: 0 for st in STANCES[1:]}
    worth = {st: 0.0 for st in STANCES[1:]}
    fitted = {st: 0 for st in STANCES[1:]}
    backfired = {st: 0 for st in STANCES[1:]}
    for line in lines:
        chosen = []
        for e, o in line.choices:
            t = scn.template_index(e)
            st = STANCES[int(scn.o_stance[t, scn.templates[t].option_ids.index(o)])]
            if st != "none":
                chosen.append(st)
        if not chosen:
            continue
        fit = sum(ch.amount for ch in line.explanation.changes if ch.cause == "stance_fit")
        for st in chosen:
            count[st] += 1
            worth[st] += fit / len(chosen)
            fitted[st] += fit > 0
            backfired[st] += fit < 0
    n = sum(count.values())
    return {"n": n, "count": count, "worth": worth, "fitted": fitted, "backfired": backfired}


def _priorities(scn: ScenarioData, run: Run, lines: list[TurnLine]) -> list[Reflection]:
    """Triage and foresight in one question: events that ran out of time without being put
    first (or what putting first did), and the fixed dates prepared for."""
    turns = sum(bool(line.focus) for line in lines)
    lapsed = [
        (line.turn, ev)
        for line in lines
        for ev in line.ended
        if ev.status in ("failed", "missed") and ev.uid not in {f.uid for f in line.focus}
    ]
    put = {f.uid for line in lines for f in line.focus}
    ended = {ev.uid: ev for line in lines for ev in line.ended}
    keys, params = [], {"focus": turns}
    if lapsed:
        turn, ev = lapsed[0]
        keys.append("lapsed_unfocused" if turns else "lapsed_no_focus")
        params |= {"turn": turn, "event": ev.event, "k": len(lapsed)}
    elif put:
        keys.append("focus_used")
        params |= {
            "good": sum(ended[u].status in ("handled", "seized") for u in put if u in ended),
            "n": sum(u in ended for u in put),
        }
    dates = [c for c in scn.calendar if c.template >= 0 and c.turn <= run.turns]
    if dates:
        ready = {c for line in lines for c in line.prepared}
        k = sum(c.id in ready for c in dates)
        keys.append("prepared_dates" if k else "not_prepared")
        params |= {"dates_k": k, "dates_n": len(dates)}
    if not keys:
        return []
    return [Reflection("priorities", keys[0], params, keys[1] if len(keys) > 1 else "")]


def reflect(scn: ScenarioData, run: Run, lines: list[TurnLine]) -> list[Reflection]:
    """Questions for the group chosen from what happened in this run (most telling first)."""
    out: list[Reflection] = []
    # opportunity versus risk management
    ended = [ev for line in lines for ev in line.ended]
    threats = [ev for ev in ended if ev.polarity == "threat"]
    chances = [ev for ev in ended if ev.polarity == "opportunity"]
    failed = sum(ev.status == "failed" for ev in threats)
    missed = sum(ev.status == "missed" for ev in chances)
    seized = len(chances) - missed
    if chances and missed >= max(1, seized):
        out.append(
            Reflection("opportunity_risk", "missed_chances", {"missed": missed, "n": len(chances)})
        )
    elif threats and failed >= max(1, len(threats) // 3):
        out.append(
            Reflection("opportunity_risk", "failed_threats", {"failed": failed, "n": len(threats)})
        )
    else:
        out.append(
            Reflection(
                "opportunity_risk", "balance_events",
                {"threats": len(threats), "chances": len(chances), "seized": seized},
            )
        )  # fmt: skip
    out += _priorities(scn, run, lines)
    # managing up versus managing out
    up = sum(line.time["up"] for line in lines)
    outw = sum(line.time["out"] for line in lines)
    total = max(1, sum(sum(line.time.values()) for line in lines))
    pct = {"up": round(100 * up / total), "out": round(100 * outw / total)}
    cover = run.history[:, 1]
    drop = float(np.min(np.diff(cover))) if len(cover) > 1 else 0.0
    worst = int(np.argmin(np.diff(cover))) + 1 if len(cover) > 1 else 0
    if run.ended_because == "cover_lost":
        out.append(Reflection("up_out", "cover_lost", {**pct, "turn": run.turns}))
    elif drop <= -8:
        out.append(Reflection("up_out", "cover_drop", {**pct, "turn": worst, "drop": round(-drop)}))
    elif up > 1.5 * outw:
        out.append(Reflection("up_out", "mostly_up", pct))
    elif outw > 1.5 * up:
        out.append(Reflection("up_out", "mostly_out", pct))
    else:
        out.append(Reflection("up_out", "balanced", pct))
    # the stances chosen in dilemmas, and what the situation made of them
    stance = stance_summary(scn, lines)
    if stance["n"]:
        top = max(stance["count"], key=lambda k: (stance["count"][k], k))
        key = f"stance_{top}"
        out.append(
            Reflection(
                "risk_judo",
                key,
                {
                    "k": stance["count"][top],
                    "n": stance["n"],
                    "worth": round(stance["worth"][top], 1),
                    "fitted": stance["fitted"][top],
                    "backfired": stance["backfired"][top],
                },
            )
        )
    # learning organisation
    dev = sum(line.time["development"] for line in lines)
    dev_pct = round(100 * dev / total)
    change = run.traits[-1] - run.traits[0]
    if dev_pct < 5:
        out.append(Reflection("learning_org", "no_development", {"dev": dev_pct}))
    elif float(change.mean()) < 0:
        out.append(
            Reflection(
                "learning_org", "eroded", {"dev": dev_pct, "change": round(float(change.mean()), 1)}
            )
        )
    else:
        best = int(np.argmax(change))
        out.append(
            Reflection(
                "learning_org", "built",
                {"dev": dev_pct, "trait": scn.rules.traits[best].id, "gain": round(float(change[best]))},
            )
        )  # fmt: skip
    # team versus hero
    share, low = member_load(scn, run)
    top = int(np.argmax(share))
    tired = int(np.argmin(low))
    fair = 1.0 / scn.n_members
    if low[tired] < 35:
        member = scn.members[tired].name
        out.append(
            Reflection(
                "team_hero", "exhausted", {"member": member, "energy": round(float(low[tired]))}
            )
        )
    elif share[top] > 1.3 * fair:
        member = scn.members[top].name
        out.append(
            Reflection(
                "team_hero", "hero", {"member": member, "share": round(100 * float(share[top]))}
            )
        )
    else:
        out.append(Reflection("team_hero", "spread", {"share": round(100 * float(share.max()))}))
    if run.ended_because == "burnout":
        out.insert(0, Reflection("team_hero", "burnout", {"turn": run.turns}))
    return out


def analyse(scn: ScenarioData, seed: int, inputs, player: str = "", mixes: int = MIXES) -> Debrief:
    """The learning debrief of a game given by its seed and inputs."""
    (run,) = run_variants(scn, seed, inputs, [Variant(0)], detail=True)
    lines = timeline(scn, run.explanations, run.inputs)
    impacts = turn_impacts(scn, seed, run)
    return Debrief(
        scenario_id=scn.id,
        seed=seed,
        player=player,
        run=run,
        lines=tuple(lines),
        heat=heat(scn, run.inputs),
        impacts=tuple(impacts),
        mattered=tuple(turns_that_mattered(impacts)),
        comparison=compare(scn, seed, run.score, mixes),
        reflections=tuple(reflect(scn, run, lines)),
    )


# ---- what if -----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class WhatIf:
    """The player's game and the same game with another choice in one turn, side by side."""

    turn: int
    original: Run
    variant: Run

    @property
    def delta(self) -> float:
        """Score of the variant minus the player's score."""
        return self.variant.score - self.original.score

    def first_difference(self) -> int | None:
        """The first turn after which the meters of the two runs differ (None: never)."""
        n = min(len(self.original.history), len(self.variant.history))
        for t in range(n):
            if not np.array_equal(self.original.history[t], self.variant.history[t]):
                return t
        return None if len(self.original.history) == len(self.variant.history) else n


def what_if(scn: ScenarioData, seed: int, inputs, turn: int, new_input: TurnInput | str) -> WhatIf:
    """Re-simulate from `turn` with another input (a TurnInput, or "advisor" / "rest")."""
    variant = (
        Variant(turn, new_input)
        if isinstance(new_input, str)
        else Variant(turn, ALT_CUSTOM, new_input)
    )
    original, changed = run_variants(scn, seed, inputs, [Variant(0), variant], detail=True)
    return WhatIf(turn, original, changed)
