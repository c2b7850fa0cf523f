"""Verification of result files: re-simulate every input and compare with the claimed score."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import ENGINE_VERSION
from ..core.allocation import AllocationError
from ..core.model import COVER, END_REASONS, METERS, PV, ScenarioData
from ..core.scoring import score
from ..scenario.catalogue import Catalogue, compiled
from ..strictread import ReadProblem, decode_utf8, read_bytes
from .record import MAX_RECORD_BYTES, GameRecord, RecordError, replay

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
    history: tuple[tuple[float, float, float], ...]  # meters after each turn (row 0: start)
    chips: dict[str, int]  # chips placed per expectation, trait and rest over the whole game
    choices: tuple[tuple[str, str], ...]  # (event template id, option id) per dilemma choice


@dataclass(frozen=True)
class Verdict:
    """The result of checking one file: a status from STATUSES, a reason and what could be read."""

    status: str
    detail: str = ""
    record: GameRecord | None = None
    digest: str = ""  # sha256 of the record's canonical JSON (of the raw bytes when unreadable)
    outcome: Outcome | None = None

    @property
    def ok(self) -> bool:
        """Whether the file verified."""
        return self.status == VERIFIED


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
        raise RecordError(str(exc)) from None


def parse_bytes(data: bytes) -> GameRecord:
    """A record from a file's raw bytes (strict UTF-8, strict JSON); RecordError otherwise."""
    try:
        text = decode_utf8(data)
    except ReadProblem as exc:
        raise RecordError(str(exc)) from None
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
        raise Unfinished(f"the game stops after turn {state.turn} of {scn.n_turns}")
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
        history=tuple(tuple(round(float(x), 3) for x in row) for row in hist),
        chips=chips,
        choices=tuple(choices),
    )


def verify_record(record: GameRecord, shelf: ScenarioShelf, digest: str = "") -> Verdict:
    """Check a parsed record against the installed scenarios by re-simulating it."""
    digest = digest or record_digest(record)
    scn = shelf.get(record.scenario_id)
    if scn is None:
        return Verdict(
            UNKNOWN_SCENARIO, f"scenario '{record.scenario_id}' is not installed", record, digest
        )
    if record.engine_version != ENGINE_VERSION or record.content_hash != scn.content_hash:
        return Verdict(
            VERSION_MISMATCH,
            f"played with engine {record.engine_version}, scenario version "
            f"{record.content_hash[:16]}; installed: engine {ENGINE_VERSION}, "
            f"scenario version {scn.content_hash}",
            record,
            digest,
        )
    try:
        outcome = simulate_record(scn, record)
    except Unfinished as exc:
        return Verdict(UNFINISHED, str(exc), record, digest)
    except AllocationError as exc:
        return Verdict(INVALID, f"the moves break the rules: {exc}", record, digest)
    except (ValueError, TypeError, IndexError, KeyError, OverflowError) as exc:
        return Verdict(INVALID, f"the moves cannot be replayed: {exc}", record, digest)
    if record.claimed_score is None or not abs(outcome.score - record.claimed_score) <= (
        SCORE_TOLERANCE
    ):
        return Verdict(
            SCORE_MISMATCH,
            f"claims {record.claimed_score}, the game gives {outcome.score:.3f}",
            record,
            digest,
            outcome,
        )
    return Verdict(VERIFIED, f"{outcome.score:.3f}", record, digest, outcome)


def record_digest(record: GameRecord) -> str:
    """The identity of a record's content (the same game saved twice has one digest)."""
    return hashlib.sha256(record.to_json().encode("utf-8")).hexdigest()


def verify_bytes(data: bytes, shelf: ScenarioShelf) -> Verdict:
    """Check the raw content of a result file; never raises for bad content."""
    raw_digest = hashlib.sha256(data).hexdigest()
    try:
        record = parse_bytes(data)
    except RecordError as exc:
        return Verdict(UNREADABLE, str(exc), digest=raw_digest)
    return verify_record(record, shelf)


def verify_file(path: str | Path, shelf: ScenarioShelf) -> Verdict:
    """Check one result file on disk; never raises for bad content or an unreadable file."""
    try:
        data = read_limited(Path(path))
    except RecordError as exc:
        return Verdict(UNREADABLE, str(exc))
    return verify_bytes(data, shelf)
