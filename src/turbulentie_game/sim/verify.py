"""Verification of result files: re-simulate every input and compare with the claimed score."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .. import ENGINE_VERSION
from ..core.allocation import Allocation, AllocationError, allocation_ok
from ..core.model import ACTORS, COVER, END_REASONS, METERS, PV, ScenarioData
from ..core.scoring import score
from ..i18n import Number, Said, english, reason_text, said
from ..scenario.catalogue import Catalogue, compiled
from ..strictread import ReadProblem, decode_utf8, read_bytes
from .record import MAX_RECORD_BYTES, GameRecord, RecordError, replay
from .runner import play

VERIFIED = "verified"
SCORE_MISMATCH = "score_mismatch"
UNKNOWN_SCENARIO = "unknown_scenario"
VERSION_MISMATCH = "version_mismatch"
INVALID = "invalid"  # the inputs break the rules of the game (an edited or forged file)
UNFINISHED = "unfinished"  # the game in the file did not reach its end
UNREADABLE = "unreadable"
STATUSES = (
    VERIFIED,
    SCORE_MISMATCH,
    UNKNOWN_SCENARIO,
    VERSION_MISMATCH,
    INVALID,
    UNFINISHED,
    UNREADABLE,
)
SCORE_TOLERANCE = 1e-6


class Unfinished(RecordError):
    """A record whose game stops before its end."""


@dataclass(frozen=True)
class Outcome:
    """What a re-simulated game did: score, meters, where the time went, which options were chosen."""

    score: float
    turns: int
    ended_because: str
    final: dict[str, float]
    mean_value: float
    mean_cover: float
    # (a final keeps 100,000 outcomes: the history and the chips are kept packed, the choices
    # and the names of the targets shared between outcomes)
    packed_history: bytes  # `history` as float64 [turns + 1, 3]
    targets: tuple[str, ...]  # the scenario's targets (expectations, traits, rest)
    packed_chips: bytes  # `chips` as int64 [targets]
    choices: tuple[tuple[str, str], ...]  # (event template id, option id) per dilemma choice
    actors: dict[str, float] = field(default_factory=dict)  # each actor's level at the end
    focus_turns: int = 0  # turns in which the player put an event first (triage)
    prepared: int = 0  # calendar dates the player prepared for (each counted once)

    @property
    def history(self) -> tuple[tuple[float, float, float], ...]:
        """The meters after each turn (row 0: the start), rounded to 3 decimals."""
        rows = np.frombuffer(self.packed_history, dtype=np.float64).reshape(-1, 3)
        return tuple((float(a), float(b), float(c)) for a, b, c in rows)

    @property
    def chips(self) -> dict[str, int]:
        """Chips placed per expectation, trait and rest over the whole game."""
        counts = np.frombuffer(self.packed_chips, dtype=np.int64)
        return {t: int(n) for t, n in zip(self.targets, counts, strict=True)}


def packed_history(hist: np.ndarray) -> bytes:
    """Outcome.packed_history of the meters after each turn [turns + 1, 3] (rounded as Python
    rounds, to 3 decimals)."""
    rows = [[round(float(x), 3) for x in row] for row in hist]
    return np.array(rows, dtype=np.float64).reshape(-1, 3).tobytes()


_SHARED: dict = {}


def _shared(value):
    """One object for equal values that many outcomes hold (targets, choices)."""
    return _SHARED.setdefault(value, value)


def _chip_fields(targets, counts) -> dict:
    """Outcome's chip fields from the chips per target."""
    return {
        "targets": _shared(tuple(targets)),
        "packed_chips": np.asarray(counts, dtype=np.int64).tobytes(),
    }


def _choice_field(choices) -> tuple[tuple[str, str], ...]:
    return tuple(_shared(tuple(c)) for c in choices)


def _triage_fields(record: GameRecord) -> dict:
    """Outcome's fields on triage and preparation, from the moves (kept when the moves go)."""
    return {
        "focus_turns": sum(1 for i in record.inputs if i.focus),
        "prepared": len({d for i in record.inputs for d in i.prepare}),
    }


@dataclass(frozen=True)
class Verdict:
    """The result of checking one file: a status from STATUSES, a reason and what could be read."""

    status: str
    detail: str = ""  # in English (the JSON output, the leaderboard's store)
    record: GameRecord | None = None
    digest: str = ""  # sha256 of the record's canonical JSON (of the raw bytes when unreadable)
    outcome: Outcome | None = None
    said: Said | None = None  # the detail as catalogue data, when it can be said in any language

    def reason(self, translator) -> str:
        """The detail in the translator's language (English when only the text is known)."""
        return reason_text(translator, self.detail, self.said)

    @property
    def ok(self) -> bool:
        """Whether the file verified."""
        return self.status == VERIFIED

    def slim(self) -> Verdict:
        """The same verdict without the record's moves (who played which game, the claim and the
        seal stay), for keeping the verdicts of a whole final in memory: check the seal and the
        moves (sim/seal.py) before."""
        r = self.record
        if r is None or not r.inputs:
            return self
        return replace(
            self,
            record=replace(
                r,
                inputs=(),
                scenario_id=sys.intern(r.scenario_id),
                content_hash=sys.intern(r.content_hash),
                engine_version=sys.intern(r.engine_version),
            ),
        )


@dataclass
class ScenarioShelf:
    """The scenarios a verifier knows by id: the built-ins plus any extra files (the catalogue's)."""

    extra: tuple[Path, ...] = ()
    _catalogue: Catalogue | None = field(default=None, repr=False)

    def get(self, scenario_id: str) -> ScenarioData | None:
        """The installed scenario with this id, or None."""
        if self._catalogue is None:
            self._catalogue = Catalogue(self.extra)
        found = self._catalogue.by_id(scenario_id)
        return compiled(found.path) if found else None


def read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_RECORD_BYTES; RecordError otherwise."""
    try:
        return read_bytes(path, MAX_RECORD_BYTES)
    except ReadProblem as exc:
        raise RecordError(str(exc), exc.said) from None


def parse_bytes(data: bytes) -> GameRecord:
    """A record from a file's raw bytes (strict UTF-8, strict JSON); RecordError otherwise."""
    try:
        text = decode_utf8(data)
    except ReadProblem as exc:
        raise RecordError(str(exc), exc.said) from None
    return GameRecord.from_json(text)


def simulate_record(scn: ScenarioData, record: GameRecord) -> Outcome:
    """Re-play a record and describe the game (AllocationError or RecordError on a broken input)."""
    targets = scn.rules.targets
    chips = dict.fromkeys(targets, 0)
    choices: list[tuple[str, str]] = []

    def tally(before, alloc, report, after):
        given = np.nonzero((alloc.options[0] >= 0) & before.ev_active[0])[0]
        for s in sorted(given, key=lambda s: int(before.ev_uid[0, s])):  # by event number
            tmpl = scn.templates[int(before.ev_template[0, s])]
            choices.append((tmpl.id, tmpl.option_ids[int(alloc.options[0, s])]))
        for a, n in enumerate(alloc.chips[0].sum(axis=0)):
            chips[targets[a]] += int(n)

    state, _ = replay(scn, record.seed, record.inputs, on_turn=tally)
    if state.alive[0]:
        found = said("verify.unfinished", turn=int(state.turn), turns=int(scn.n_turns))
        raise Unfinished(english().say(found), found)
    last = int(state.ended_turn[0])
    hist = state.history[0, : last + 1]
    played = hist[1:] if last > 0 else hist
    return Outcome(
        score=float(score(scn, state)[0]),
        turns=last,
        ended_because=END_REASONS[int(state.ended_because[0])],
        final={m: round(float(hist[-1, i]), 3) for i, m in enumerate(METERS)},
        mean_value=round(float(played[:, PV].mean()), 3),
        mean_cover=round(float(played[:, COVER].mean()), 3),
        packed_history=packed_history(hist),
        **_chip_fields(targets, [chips[a] for a in targets]),
        choices=_choice_field(choices),
        actors={a: round(float(state.actors[0, i]), 3) for i, a in enumerate(ACTORS)},
        **_triage_fields(record),
    )


def _pre_check(
    record: GameRecord, shelf: ScenarioShelf, digest: str, known: dict | None = None
) -> Verdict | ScenarioData:
    """The installed scenario a record can be re-simulated with, or the verdict why it cannot
    (`known` caches the shelf's answers for a batch)."""
    if known is None:
        scn = shelf.get(record.scenario_id)
    else:
        if record.scenario_id not in known:
            known[record.scenario_id] = shelf.get(record.scenario_id)
        scn = known[record.scenario_id]
    if scn is None:
        return _verdict(
            UNKNOWN_SCENARIO,
            record,
            digest,
            said("verify.not_installed", scenario=record.scenario_id),
        )
    if record.engine_version != ENGINE_VERSION or record.content_hash != scn.content_hash:
        return _verdict(
            VERSION_MISMATCH,
            record,
            digest,
            said(
                "verify.version_mismatch",
                engine=record.engine_version,
                version=record.content_hash[:16],
                installed_engine=ENGINE_VERSION,
                installed_version=scn.content_hash,
            ),
        )
    return scn


def _judge(record: GameRecord, outcome: Outcome, digest: str) -> Verdict:
    """The verdict of a record whose game re-simulated to its end."""
    if record.claimed_score is None or not abs(outcome.score - record.claimed_score) <= (
        SCORE_TOLERANCE
    ):
        return _verdict(
            SCORE_MISMATCH,
            record,
            digest,
            said(
                "verify.score_mismatch",
                claimed=_as_written(record.claimed_score),
                score=Number(outcome.score, 3),
            )
            if record.claimed_score is not None
            else said("verify.no_claim", score=Number(outcome.score, 3)),
            outcome,
            detail=f"claims {record.claimed_score}, the game gives {outcome.score:.3f}",
        )
    return Verdict(VERIFIED, f"{outcome.score:.3f}", record, digest, outcome)


def _verdict(
    status: str,
    record: GameRecord,
    digest: str,
    found: Said,
    outcome: Outcome | None = None,
    detail: str | None = None,
) -> Verdict:
    """A verdict whose reason is catalogue data (`verify.…`); its detail (for --json and the
    leaderboard's store) is the English text, or `detail` where that keeps its own wording."""
    text = english().say(found) if detail is None else detail
    return Verdict(status, text, record, digest, outcome, said=found)


def _as_written(x: float) -> Number:
    """A number from a file, with as many decimals as it was written with (at most 9)."""
    text = repr(float(x))
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    return Number(x, min(decimals, 9))


def problems_said(exc: AllocationError) -> Said:
    """The broken rules of an allocation as catalogue data (`allocation.…`), joined by "; "."""
    parts = [said(f"allocation.{p.code}", **p.params()) for p in exc.problems]
    if not parts:
        return said("verify.text", text=str(exc))
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = said("verify.and", first=part, rest=joined)
    return joined


def refusal_said(exc: BaseException) -> Said | None:
    """Why moves or a record were refused, as catalogue data: the broken rules of an
    AllocationError, the `said` of a RecordError (None when only the English text is known)."""
    if isinstance(exc, AllocationError):
        return problems_said(exc)
    found = getattr(exc, "said", None)
    return found if isinstance(found, Said) else None


def verify_record(record: GameRecord, shelf: ScenarioShelf, digest: str = "") -> Verdict:
    """Check a parsed record against the installed scenarios by re-simulating it."""
    digest = digest or record_digest(record)
    scn = _pre_check(record, shelf, digest)
    if isinstance(scn, Verdict):
        return scn
    try:
        outcome = simulate_record(scn, record)
    except Unfinished as exc:
        return Verdict(UNFINISHED, str(exc), record, digest, said=exc.said)
    except AllocationError as exc:
        return _verdict(
            INVALID,
            record,
            digest,
            said("verify.breaks_rules", problems=problems_said(exc)),
            detail=f"the moves break the rules: {exc}",
        )
    except (ValueError, TypeError, IndexError, KeyError, OverflowError) as exc:
        why = getattr(exc, "said", None)
        return _verdict(
            INVALID,
            record,
            digest,
            said("verify.cannot_replay", reason=why if isinstance(why, Said) else str(exc)),
            detail=f"the moves cannot be replayed: {exc}",
        )
    return _judge(record, outcome, digest)


def record_digest(record: GameRecord) -> str:
    """The identity of a record's content (the same game saved twice has one digest)."""
    return hashlib.sha256(record.canonical().encode("utf-8")).hexdigest()


def verify_bytes(data: bytes, shelf: ScenarioShelf) -> Verdict:
    """Check the raw content of a result file; never raises for bad content."""
    raw_digest = hashlib.sha256(data).hexdigest()
    try:
        record = parse_bytes(data)
    except RecordError as exc:
        return Verdict(UNREADABLE, str(exc), digest=raw_digest, said=exc.said)
    return verify_record(record, shelf)


def verify_file(path: str | Path, shelf: ScenarioShelf) -> Verdict:
    """Check one result file on disk; never raises for bad content or an unreadable file."""
    try:
        data = read_limited(Path(path))
    except RecordError as exc:
        return Verdict(UNREADABLE, str(exc), said=exc.said)
    return verify_bytes(data, shelf)


# ---- one batch per competition ---------------------------------------------------------------
BATCH = 2048  # games re-simulated in one engine call (bounded memory whatever the folder holds)


class _BatchReplay:
    """Plays many records of one scenario version at once, each game its own recorded inputs.

    A game whose input does not fit (unknown ids, an event that is not open, a broken rule, inputs
    that run out or outlast the game) is retired: it is marked and plays on with a filler that
    keeps the rules, so the other games are untouched (games in a batch are independent)."""

    def __init__(self, scn: ScenarioData, records: list[GameRecord]):
        self.scn = scn
        targets = scn.rules.targets
        tindex = {t: i for i, t in enumerate(targets)}
        g_n = len(records)
        self.n_inputs = np.array([len(r.inputs) for r in records], dtype=np.int64)
        t_n = int(self.n_inputs.max(initial=0))
        self.chips = np.zeros((t_n, g_n, scn.n_members, len(targets)), dtype=np.int64)
        self.options: list[list[tuple[int, int, str]]] = [[] for _ in range(t_n)]
        self.focus: list[list[tuple[int, int]]] = [[] for _ in range(t_n)]
        self.prepare: list[list[tuple[int, str]]] = [[] for _ in range(t_n)]
        self.bad = np.zeros(g_n, dtype=bool)
        a_n = len(targets)
        slots = {
            (m.id, t): i * a_n + a for i, m in enumerate(scn.members) for t, a in tindex.items()
        }
        per_turn = g_n * scn.n_members * a_n
        flat: list[int] = []
        amounts: list[int] = []
        for g, record in enumerate(records):
            base = g * scn.n_members * a_n
            for t, inp in enumerate(record.inputs):
                at = t * per_turn + base
                for member, placed in inp.chips.items():
                    for target, n in placed.items():
                        k = slots.get((member, target))
                        if k is None:
                            self.bad[g] = True
                        else:
                            flat.append(at + k)
                            amounts.append(n)
                if inp.options:
                    self.options[t] += [(g, uid, oid) for uid, oid in inp.options.items()]
                if inp.focus:
                    self.focus[t] += [(g, uid) for uid in inp.focus]
                if inp.prepare:
                    self.prepare[t] += [(g, cid) for cid in inp.prepare]
        if flat:
            self.chips.reshape(-1)[np.array(flat, dtype=np.int64)] = amounts
        self.tally = np.zeros((g_n, len(targets)), dtype=np.int64)
        self.choices: list[list[tuple[int, int, str, str]]] = [[] for _ in range(g_n)]

    def decide(self, obs) -> Allocation:
        scn, t = self.scn, obs.turn
        g_n, s_n = obs.ev_active.shape
        alive = np.asarray(obs.alive)
        self.bad |= alive & (self.n_inputs <= t)  # inputs ran out: the game is unfinished
        if t < self.chips.shape[0]:
            chips = self.chips[t].copy()
            todo, first, dates = self.options[t], self.focus[t], self.prepare[t]
        else:
            chips = np.zeros(self.chips.shape[1:], dtype=np.int64)
            todo, first, dates = [], [], []
        options = np.full((g_n, s_n), -1, dtype=np.int64)
        focus = np.zeros((g_n, s_n), dtype=bool) if first else None
        for g, uid in first:
            slots = np.nonzero(obs.ev_active[g] & (obs.ev_uid[g] == uid))[0]
            if not slots.size:
                self.bad[g] = True
            else:
                focus[g, slots[0]] = True
        prepare = np.zeros((g_n, len(scn.calendar)), dtype=bool) if dates else None
        cindex = {c.id: i for i, c in enumerate(scn.calendar)}
        for g, cid in dates:
            if cid in cindex:
                prepare[g, cindex[cid]] = True
            else:
                self.bad[g] = True
        for g, uid, oid in todo:
            if self.bad[g] or not alive[g]:
                continue
            slots = np.nonzero(obs.ev_active[g] & (obs.ev_uid[g] == uid))[0]
            ids = scn.templates[int(obs.ev_template[g, slots[0]])].option_ids if slots.size else ()
            if oid not in ids:
                self.bad[g] = True
                continue
            options[g, slots[0]] = ids.index(oid)
        self.bad |= alive & ~allocation_ok(
            scn, obs, Allocation(chips=chips, options=options, prepare=prepare)
        )
        retired = self.bad & alive
        if retired.any():  # a filler that keeps the rules: rest, and the first option where needed
            chips[retired] = 0
            if focus is not None:
                focus[retired] = False
            if prepare is not None:
                prepare[retired] = False
            t_idx = np.where(obs.ev_active, obs.ev_template, 0)
            need = obs.ev_active & (scn.t_n_options[t_idx] > 0) & (obs.ev_option < 0)
            options[retired] = np.where(need[retired], 0, -1)
        playing = alive & ~self.bad
        self.tally[playing] += chips[playing].sum(axis=1)
        for g, s in zip(
            *np.nonzero((options >= 0) & obs.ev_active & playing[:, None]), strict=True
        ):
            tmpl = scn.templates[int(obs.ev_template[g, s])]
            uid = int(obs.ev_uid[g, s])
            self.choices[g].append((t, uid, tmpl.id, tmpl.option_ids[options[g, s]]))
        return Allocation(chips=chips, options=options, focus=focus, prepare=prepare)


def _batch_outcomes(scn: ScenarioData, records: list[GameRecord]) -> list[Outcome | None]:
    """The outcome of each record's game, re-simulated in one engine call; None for a record that
    must be judged on its own (its input does not fit: the single path gives the exact reason)."""
    policy = _BatchReplay(scn, records)
    played = play(scn, [r.seed for r in records], policy)
    state = played.state
    scores = played.scores
    targets = scn.rules.targets
    out: list[Outcome | None] = []
    for g in range(len(records)):
        last = int(state.ended_turn[g])
        if policy.bad[g] or state.alive[g] or last < 0 or policy.n_inputs[g] > last:
            out.append(None)
            continue
        hist = state.history[g, : last + 1]
        played_rows = hist[1:] if last > 0 else hist
        out.append(
            Outcome(
                score=float(scores[g]),
                turns=last,
                ended_because=END_REASONS[int(state.ended_because[g])],
                final={m: round(float(hist[-1, i]), 3) for i, m in enumerate(METERS)},
                mean_value=round(float(played_rows[:, PV].mean()), 3),
                mean_cover=round(float(played_rows[:, COVER].mean()), 3),
                packed_history=packed_history(hist),
                **_chip_fields(targets, policy.tally[g]),
                choices=_choice_field((tid, oid) for _, _, tid, oid in sorted(policy.choices[g])),
                actors={a: round(float(state.actors[g, i]), 3) for i, a in enumerate(ACTORS)},
                **_triage_fields(records[g]),
            )
        )
    return out


def verify_records(
    records: list[GameRecord], shelf: ScenarioShelf, digests: list[str] | None = None
) -> list[Verdict]:
    """Check many parsed records: grouped by scenario version, each group re-simulated in one
    engine call (in chunks of BATCH); a record whose moves do not fit is retired from its batch
    and judged on its own, so every verdict is the one `verify_record` gives."""
    digests = digests or [record_digest(r) for r in records]
    verdicts: list[Verdict | None] = [None] * len(records)
    groups: dict[tuple[str, str], tuple[ScenarioData, list[int]]] = {}
    known: dict[str, ScenarioData | None] = {}
    for i, record in enumerate(records):
        scn = _pre_check(record, shelf, digests[i], known)
        if isinstance(scn, Verdict):
            verdicts[i] = scn
        else:
            groups.setdefault((scn.id, scn.content_hash), (scn, []))[1].append(i)
    for scn, members in groups.values():
        for start in range(0, len(members), BATCH):
            chunk = members[start : start + BATCH]
            try:
                outcomes = _batch_outcomes(scn, [records[i] for i in chunk])
            except Exception:
                outcomes = [None] * len(chunk)
            for i, outcome in zip(chunk, outcomes, strict=True):
                verdicts[i] = (
                    verify_record(records[i], shelf, digests[i])
                    if outcome is None
                    else _judge(records[i], outcome, digests[i])
                )
    return verdicts  # type: ignore[return-value]


def verify_many(datas: list[bytes], shelf: ScenarioShelf) -> list[Verdict]:
    """Check the raw contents of many result files in batches; never raises for bad content."""
    verdicts: list[Verdict] = []
    for start in range(0, len(datas), BATCH):
        verdicts += _verify_chunk(datas[start : start + BATCH], shelf)
    return verdicts


def _verify_chunk(datas: list[bytes], shelf: ScenarioShelf) -> list[Verdict]:
    verdicts: list[Verdict | None] = [None] * len(datas)
    parsed: list[tuple[int, GameRecord]] = []
    for i, data in enumerate(datas):
        try:
            parsed.append((i, parse_bytes(data)))
        except RecordError as exc:
            digest = hashlib.sha256(data).hexdigest()
            verdicts[i] = Verdict(UNREADABLE, str(exc), digest=digest, said=exc.said)
    checked = verify_records([r for _, r in parsed], shelf)
    for (i, _), v in zip(parsed, checked, strict=True):
        verdicts[i] = v
    return verdicts  # type: ignore[return-value]


def verify_files(paths: list[Path], shelf: ScenarioShelf) -> list[Verdict]:
    """Check many result files on disk in batches (see verify_records); never raises. The files
    are read a batch at a time, so memory does not grow with the bytes of a whole final."""
    return [v for chunk in iter_verdicts(paths, shelf) for v in chunk]


def iter_verdicts(paths: list[Path], shelf: ScenarioShelf) -> Iterator[list[Verdict]]:
    """The verdicts of many result files on disk, one batch at a time, in the order of `paths`
    (as verify_files; a caller that keeps only what it needs of each batch stays in bounded
    memory however many files a final has)."""
    for start in range(0, len(paths), BATCH):
        chunk = paths[start : start + BATCH]
        datas: list[bytes | None] = []
        found: list[Verdict | None] = []
        for path in chunk:
            try:
                datas.append(read_limited(Path(path)))
                found.append(None)
            except RecordError as exc:
                datas.append(None)
                found.append(Verdict(UNREADABLE, str(exc), said=exc.said))
        readable = [i for i, d in enumerate(datas) if d is not None]
        checked = _verify_chunk([datas[i] for i in readable], shelf)  # type: ignore[misc]
        for i, v in zip(readable, checked, strict=True):
            found[i] = v
        yield found  # type: ignore[misc]
