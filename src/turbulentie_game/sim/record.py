"""A game as a record of inputs: enough to reproduce it bit for bit (saves, replays, what-ifs)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import numpy as np

from .. import ENGINE_VERSION
from ..core.allocation import Allocation
from ..core.engine import TurnReport
from ..core.model import ScenarioData
from ..core.state import GameState
from ..i18n import Said, english, said
from ..strictread import ReadProblem, loads_json, quote
from .runner import StopPlay, TurnHook, play
from .strategy import Observation

RECORD_FORMAT = 1
MAX_RECORD_BYTES = 5_000_000
MAX_TURNS = 500
MAX_CHIPS = 99
MAX_FOCUS = 8  # events a turn can put first: at most every open event (MAX_EVENTS slots)
MAX_PLAYER = 80
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,47}")  # scenario, member, target and option ids
HASH_PATTERN = re.compile(r"[0-9a-f]{16,64}")
VERSION_PATTERN = re.compile(r"[0-9A-Za-z._+-]{1,32}")
SEAL_PATTERN = re.compile(r"[0-9a-f]{64}")
EVENT_PATTERN = re.compile(r"[0-9]{1,6}")  # an event number: ASCII digits only ('²' is no digit)


_KNOWN_IDS: set[str] = set()  # ids already seen to match ID_PATTERN (bounded)
_CHIP_VALUES = frozenset(range(MAX_CHIPS + 1))
_INT_ONLY = {int}


def _is_id(text: object) -> bool:
    if type(text) is not str or ID_PATTERN.fullmatch(text) is None:
        return False
    if len(_KNOWN_IDS) < 10_000:
        _KNOWN_IDS.add(text)
    return True


def _plainly_valid(member: str, placed: dict, values) -> bool:
    """Whether a member's chips are known ids with whole numbers 0-MAX_CHIPS (set operations in
    C; False sends the caller to the detailed check, which names the problem)."""
    try:
        return (
            member in _KNOWN_IDS
            and _KNOWN_IDS.issuperset(placed)
            and _CHIP_VALUES.issuperset(values)
            and (not placed or set(map(type, values)) == _INT_ONLY)
        )
    except TypeError:  # a list or an object among the values
        return False


class RecordError(ValueError):
    """A record file that cannot be used, with the reason in plain words; `said`, when given,
    is that reason as catalogue data (the strict reader's details), to say it in any language."""

    def __init__(self, message: str, said: Said | None = None):
        super().__init__(message)
        self.said = said


def refused(key: str, /, **params) -> RecordError:
    """A RecordError said by a catalogue key (`record.…`): its message is the English text (for
    logs and --json), its `said` the key and fields (for the user's language). Positions such
    as "inputs[3].chips.anouk" and the quoted content are fields, the same in every language."""
    found = said(key, **params)
    return RecordError(english().say(found), found)


@dataclass(frozen=True)
class TurnInput:
    """One turn's decision by ids: chips per member and target, an option per event number, the
    numbers of the events put first (triage) and the ids of the calendar dates prepared for (both
    left out of the JSON when there are none)."""

    chips: dict[str, dict[str, int]]
    options: dict[int, str] = field(default_factory=dict)
    focus: tuple[int, ...] = ()
    prepare: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """Plain JSON data."""
        data: dict = {
            "chips": {m: dict(sorted(t.items())) for m, t in sorted(self.chips.items())},
            "options": {str(k): v for k, v in sorted(self.options.items())},
        }
        if self.focus:
            data["focus"] = sorted(self.focus)
        if self.prepare:
            data["prepare"] = sorted(self.prepare)
        return data

    def plain(self) -> dict:
        """The input as JSON data as it is (unsorted; for canonical texts that sort anyway)."""
        data: dict = {"chips": self.chips, "options": self.options}
        if self.focus:
            data["focus"] = list(self.focus)
        if self.prepare:
            data["prepare"] = list(self.prepare)
        return data

    @staticmethod
    def from_json(data: object, where: str) -> TurnInput:
        """Read one turn's input from JSON data; RecordError names the place of any problem."""
        if not isinstance(data, dict) or set(data) - {"chips", "options", "focus", "prepare"}:
            raise refused("record.input_not_object", where=where)
        chips = data.get("chips", {})
        options = data.get("options", {})
        if not isinstance(chips, dict) or not isinstance(options, dict):
            raise refused("record.chips_not_objects", where=where)
        if len(chips) > 64 or len(options) > 64:
            raise refused("record.too_many_members", where=where)
        for member, placed in chips.items():
            if type(placed) is not dict or len(placed) > 64:
                raise refused("record.member_not_object", where=f"{where}.chips.{member}")
            values = placed.values()
            # the fast path (set operations in C) for the usual, valid turn; details on failure
            if _plainly_valid(member, placed, values):
                continue
            if not _is_id(member):
                raise refused("record.not_member_id", where=f"{where}.chips", member=quote(member))
            for target, n in placed.items():
                if not _is_id(target):
                    raise refused(
                        "record.not_target_id",
                        where=f"{where}.chips.{member}",
                        target=quote(target),
                    )
                if type(n) is not int or not 0 <= n <= MAX_CHIPS:
                    raise refused(
                        "record.bad_chips", where=f"{where}.chips.{member}.{target}", max=MAX_CHIPS
                    )
        clean: dict[str, dict[str, int]] = chips
        opts: dict[int, str] = {}
        for k, v in options.items():
            if (
                not EVENT_PATTERN.fullmatch(k)
                or not isinstance(v, str)
                or not ID_PATTERN.fullmatch(v)
            ):
                raise refused(
                    "record.bad_options", where=f"{where}.options", key=quote(k), value=quote(v)
                )
            opts[int(k)] = v
        focus = data.get("focus", [])
        if (
            type(focus) is not list
            or len(focus) > MAX_FOCUS
            or any(type(u) is not int or not 0 <= u < 10**6 for u in focus)
            or len(set(focus)) != len(focus)
        ):
            raise refused("record.bad_focus", where=f"{where}.focus", max=MAX_FOCUS)
        prepare = data.get("prepare", [])
        if (
            type(prepare) is not list
            or len(prepare) > MAX_FOCUS
            or any(not isinstance(c, str) or not ID_PATTERN.fullmatch(c) for c in prepare)
            or len(set(prepare)) != len(prepare)
        ):
            raise refused("record.bad_prepare", where=f"{where}.prepare", max=MAX_FOCUS)
        return TurnInput(clean, opts, tuple(sorted(focus)), tuple(sorted(prepare)))


def input_from_allocation(
    scn: ScenarioData, state: GameState, alloc: Allocation, g: int = 0
) -> TurnInput:
    """The ids-based input of game `g` of a batch allocation."""
    targets = scn.rules.targets
    chips: dict[str, dict[str, int]] = {}
    for m, member in enumerate(scn.members):
        placed = {targets[a]: int(n) for a, n in enumerate(alloc.chips[g, m]) if n}
        if placed:
            chips[member.id] = placed
    options: dict[int, str] = {}
    for s in np.nonzero(alloc.options[g] >= 0)[0]:
        if state.ev_active[g, s]:
            tmpl = scn.templates[int(state.ev_template[g, s])]
            options[int(state.ev_uid[g, s])] = tmpl.option_ids[int(alloc.options[g, s])]
    first = alloc.focused(state)
    focus = () if first is None else tuple(sorted(int(u) for u in state.ev_uid[g][first[g]]))
    prep = alloc.preparing()
    prepare = () if prep is None else tuple(
        sorted(scn.calendar[c].id for c in np.nonzero(prep[g])[0])
    )
    return TurnInput(chips, options, focus, prepare)


def allocation_from_input(scn: ScenarioData, state: GameState, turn_input: TurnInput) -> Allocation:
    """The allocation of a single game from an input (AllocationError if it breaks a rule)."""
    return Allocation.from_choices(
        scn, state, turn_input.chips, turn_input.options, turn_input.focus, turn_input.prepare
    )


@dataclass(frozen=True)
class GameRecord:
    """Who played what: scenario, version, seed and every input, plus the score claimed at the end."""

    scenario_id: str
    content_hash: str
    seed: int
    inputs: tuple[TurnInput, ...]
    player: str = ""
    claimed_score: float | None = None
    engine_version: str = ENGINE_VERSION
    seal: str | None = None  # HMAC over everything else with the player's seat token (sim/seal.py)

    def to_data(self, sealed: bool = True, plain_inputs: bool = False) -> dict:
        """The record as plain JSON data (without the seal when `sealed` is false; with the
        inputs as they are, unsorted, when `plain_inputs`)."""
        data = {
            "format": RECORD_FORMAT,
            "engine_version": self.engine_version,
            "scenario_id": self.scenario_id,
            "content_hash": self.content_hash,
            "seed": self.seed,
            "player": self.player,
            "claimed_score": self.claimed_score,
            "inputs": [i.plain() if plain_inputs else i.to_json() for i in self.inputs],
        }
        if sealed and self.seal is not None:
            data["seal"] = self.seal
        return data

    def to_json(self) -> str:
        """The record as versioned JSON text."""
        return json.dumps(self.to_data(), ensure_ascii=False, indent=1)

    def canonical(self) -> str:
        """The record as compact JSON with sorted keys: what its digest is computed over (one
        text per game, whatever the order of keys in the file it came from)."""
        data = self.to_data(plain_inputs=True)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @staticmethod
    def from_json(text: str) -> GameRecord:
        """Read a record from JSON text; RecordError says what is wrong and where."""
        if len(text) > MAX_RECORD_BYTES:
            raise refused("record.too_large")
        try:
            data = loads_json(text)
        except ReadProblem as exc:
            raise RecordError(str(exc), exc.said) from None
        if not isinstance(data, dict):
            raise refused("record.not_object")
        fmt = data.get("format")
        if type(fmt) is not int or fmt != RECORD_FORMAT:
            raise refused("record.unknown_format", format=quote(fmt, 20), known=RECORD_FORMAT)
        unknown = set(data) - set(_FIELDS)
        if unknown:
            raise refused("record.unknown_field", field=quote(sorted(unknown)[0]))
        for key, typ, pattern in (
            ("engine_version", str, VERSION_PATTERN),
            ("scenario_id", str, ID_PATTERN),
            ("content_hash", str, HASH_PATTERN),
            ("seed", int, None),
            ("inputs", list, None),
        ):
            value = data.get(key)
            if not isinstance(value, typ) or isinstance(value, bool):
                raise refused("record.missing_field", field=key)
            if pattern is not None and not pattern.fullmatch(value):
                raise refused("record.invalid_field", field=key, value=quote(value, 40))
        if not 0 <= data["seed"] < 2**63:
            raise refused("record.seed_range")
        claimed = data.get("claimed_score")
        if claimed is not None and (
            isinstance(claimed, bool)
            or not isinstance(claimed, int | float)
            or not -1e9 <= claimed <= 1e9
        ):
            raise refused("record.bad_claim")
        player = data.get("player", "")
        if not isinstance(player, str) or len(player) > MAX_PLAYER:
            raise refused("record.bad_player", max=MAX_PLAYER)
        seal = data.get("seal")
        if seal is not None and not (isinstance(seal, str) and SEAL_PATTERN.fullmatch(seal)):
            raise refused("record.bad_seal")
        if len(data["inputs"]) > MAX_TURNS:
            raise refused("record.too_many_turns")
        inputs = tuple(TurnInput.from_json(x, f"inputs[{i}]") for i, x in enumerate(data["inputs"]))
        return GameRecord(
            scenario_id=data["scenario_id"],
            content_hash=data["content_hash"],
            seed=data["seed"],
            inputs=inputs,
            player=player,
            claimed_score=float(claimed) if claimed is not None else None,
            engine_version=data["engine_version"],
            seal=seal,
        )


_FIELDS = (
    "format",
    "engine_version",
    "scenario_id",
    "content_hash",
    "seed",
    "player",
    "claimed_score",
    "inputs",
    "seal",
)


class ReplayPolicy:
    """A policy that plays a single game's recorded inputs, turn by turn, then stops."""

    def __init__(self, scn: ScenarioData, inputs):
        self.scn = scn
        self.inputs = list(inputs)

    def decide(self, obs: Observation) -> Allocation:
        """The recorded input of this turn (AllocationError if it breaks a rule)."""
        if obs.turn >= len(self.inputs):
            raise StopPlay
        return allocation_from_input(self.scn, obs, self.inputs[obs.turn])


class RecordingPolicy:
    """Another policy, whose every allocation is also kept as an ids-based input (game 0)."""

    def __init__(self, inner):
        self.inner = inner
        self.inputs: list[TurnInput] = []

    def decide(self, obs: Observation) -> Allocation:
        alloc = self.inner.decide(obs)
        self.inputs.append(input_from_allocation(obs.scenario, obs, alloc))
        return alloc


def play_record(
    scn: ScenarioData, bot, seed: int, player: str = ""
) -> tuple[GameRecord, GameState]:
    """Let a bot play one game and keep it as a record of ids-based inputs, with its score."""
    recorder = RecordingPolicy(bot)
    played = play(scn, [seed], recorder)
    record = GameRecord(
        scenario_id=scn.id,
        content_hash=scn.content_hash,
        seed=seed,
        inputs=tuple(recorder.inputs),
        player=player[:80],
        claimed_score=float(played.scores[0]),
    )
    return record, played.state


def replay(
    scn: ScenarioData, seed: int, inputs, on_turn: TurnHook | None = None
) -> tuple[GameState, list[TurnReport]]:
    """Re-play a single game from its inputs (AllocationError if an input breaks a rule,
    RecordError if there are more inputs than the game has turns)."""
    inputs = list(inputs)
    played = play(scn, [seed], ReplayPolicy(scn, inputs), keep=True, on_turn=on_turn)
    if len(inputs) > len(played.reports):
        raise refused(
            "record.after_end", where=f"inputs[{len(played.reports)}]", turn=played.state.turn
        )
    return played.state, played.reports
