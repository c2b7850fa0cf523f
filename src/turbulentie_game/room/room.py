"""A live room: seats playing one competition, verified turn by turn, run by a facilitator.

This module knows no HTTP. Every move that arrives is re-simulated at once with the engine's
seam (`core.engine.step` for one turn, `sim.record.replay` to rebuild a seat), so the standings
are verified live and a move that breaks the rules is refused before anything is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..core.allocation import AllocationError
from ..core.engine import reset, step
from ..core.model import END_REASONS, METERS, ScenarioData
from ..core.scoring import score, score_parts
from ..core.state import GameState
from ..i18n import english, said
from ..sim.record import RecordError, TurnInput, allocation_from_input, replay
from .facts import TurnFacts, turn_facts
from .store import Store, StoreError

LOBBY, RUNNING, PAUSED, ENDED = "lobby", "running", "paused", "ended"
ROUNDS, FREE = "rounds", "free"
MAX_NAME = 40
MAX_SEATS = 80
MAX_TEAM = 5
MAX_MESSAGE = 280
MAX_TIMER = 3600
COPY_MIN_TURNS = 3  # identical sequences shorter than this are not flagged (chance, defaults)


class Refused(Exception):
    """A request the room does not carry out; `key` is a catalogue key, `params` its fields."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def name_key(name: str) -> str:
    """The identity of a name: case, accents of the same letter and extra spaces ignored."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def clean_name(raw: object) -> str:
    """A name as typed, tidied, or Refused with the reason."""
    if not isinstance(raw, str):
        raise Refused("room.refuse.name_missing")
    name = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not name:
        raise Refused("room.refuse.name_missing")
    if len(name) > MAX_NAME:
        raise Refused("room.refuse.name_long", max=MAX_NAME)
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise Refused("room.refuse.name_chars")
    return name


def token_hash(token: str) -> str:
    """What the store keeps of a token (never the token itself)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class Person:
    id: int
    seat_id: int
    name: str
    joined: float
    last_seen: float = 0.0


@dataclass
class Seat:
    """A single player's or a team's game, rebuilt from its moves."""

    id: int
    name: str
    team: bool
    state: GameState
    persons: list[Person] = field(default_factory=list)
    inputs: list[TurnInput] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # "played" or "default" per turn
    parts: dict[int, TurnInput] = field(default_factory=dict)  # person id -> part of this turn
    facts: list[TurnFacts] = field(default_factory=list)  # what each turn did (for the plenary)

    @property
    def turn(self) -> int:
        return int(self.state.turn)

    @property
    def over(self) -> bool:
        return not bool(self.state.alive[0])


def members_of(scn: ScenarioData, seat: Seat, person_id: int) -> tuple[str, ...]:
    """The in-game team members one person of a seat controls (member i goes to person i mod n)."""
    ids = [p.id for p in seat.persons]
    if person_id not in ids:
        return ()
    k = ids.index(person_id)
    return tuple(m.id for i, m in enumerate(scn.members) if i % len(ids) == k)


def combine(parts: list[TurnInput]) -> TurnInput:
    """One turn's input from the parts of a team (later parts win where two name the same thing)."""
    chips: dict[str, dict[str, int]] = {}
    options: dict[int, str] = {}
    focus: set[int] = set()
    prepare: set[str] = set()
    for part in parts:
        chips.update({m: dict(t) for m, t in part.chips.items()})
        options.update(part.options)
        focus |= set(part.focus)
        prepare |= set(part.prepare)
    return TurnInput(chips, options, tuple(sorted(focus)), tuple(sorted(prepare)))


def open_dilemmas(scn: ScenarioData, state: GameState) -> dict[int, str]:
    """Per open dilemma without a chosen option: its event number and first option id."""
    out: dict[int, str] = {}
    for s in np.nonzero(state.ev_active[0] & (state.ev_option[0] < 0))[0]:
        tmpl = scn.templates[int(state.ev_template[0, s])]
        if tmpl.option_ids:
            out[int(state.ev_uid[0, s])] = tmpl.option_ids[0]
    return out


def default_move(scn: ScenarioData, seat: Seat) -> TurnInput:
    """The move played for a seat when the round timer runs out (documented in the README).

    Members a teammate already placed keep that placement; every other member repeats their
    placement of the seat's previous turn (all chips on rest in the first turn); every open
    dilemma without a choice gets its first option. If that breaks a rule, everything rests.
    """
    placed = combine([seat.parts[p.id] for p in seat.persons if p.id in seat.parts])
    previous = seat.inputs[-1].chips if seat.inputs else {}
    chips = {m.id: dict(previous.get(m.id, {})) for m in scn.members}
    chips.update(placed.chips)
    options = {**open_dilemmas(scn, seat.state), **placed.options}
    move = TurnInput({m: t for m, t in chips.items() if t}, options)
    try:
        allocation_from_input(scn, seat.state, move)
    except AllocationError:
        move = TurnInput({}, open_dilemmas(scn, seat.state))
    return move


def problems_of(exc: AllocationError) -> list[dict]:
    """An allocation's broken rules as catalogue keys with their fields."""
    return [
        {"key": f"allocation.{p.code}", "params": {k: str(v) for k, v in p.details}}
        for p in exc.problems
    ]


def _store_refused(key: str, **params) -> StoreError:
    """A store that belongs to another room: the message in English, `said` in any language."""
    exc = StoreError(english()(key, **params))
    exc.said = said(key, **params)
    return exc


class Room:
    """One competition played live: seats, rounds, pause, timer, messages, undo and end."""

    def __init__(
        self,
        store: Store,
        scn: ScenarioData,
        seed: int,
        code: str,
        clock: Callable[[], float] = time.time,
    ):
        self.store, self.scn, self.seed, self.code, self.clock = store, scn, seed, code, clock
        self.version = 0  # goes up with every change (clients are told)
        self.listeners: list[Callable[[], None]] = []
        self._start_state, _ = reset(scn, [seed])
        self._load()

    # loading and persistence ----------------------------------------------------------------
    def _load(self) -> None:
        st = self.store
        known = st.get("code")
        if known is None:
            st.put_many(
                {
                    "code": self.code,
                    "scenario_id": self.scn.id,
                    "content_hash": self.scn.content_hash,
                    "seed": self.seed,
                    "secret": secrets.token_urlsafe(18),
                    "status": LOBBY,
                    "mode": ROUNDS,
                    "round": 0,
                    "timer": 0,
                    "deadline": None,
                    "remaining": None,
                }
            )
        elif known != self.code:
            raise _store_refused("room.store.other_room", db=st.name, known=known, code=self.code)
        elif st.get("content_hash") != self.scn.content_hash:
            raise _store_refused("room.store.other_version", db=st.name)
        self.secret: str = st.get("secret")
        self.status: str = st.get("status")
        self.mode: str = st.get("mode")
        self.round: int = st.get("round")
        self.timer: int = st.get("timer")
        self.deadline: float | None = st.get("deadline")
        self.remaining: float | None = st.get("remaining")
        self.seats: dict[int, Seat] = {}
        self.persons: dict[int, Person] = {}
        self.tokens: dict[str, int] = {}  # token hash -> person id
        self.messages = st.messages()  # (id, seat or None, text, time), kept in memory too
        for row in st.seats():
            self.seats[row.id] = Seat(row.id, row.name, row.team, self._start_state)
        for row in st.persons():
            p = Person(row.id, row.seat_id, row.name, row.joined, row.joined)
            self.persons[p.id] = p
            self.tokens[row.token_hash] = p.id
            self.seats[row.seat_id].persons.append(p)
        by_seat: dict[int, list] = {}
        for m in st.moves():
            by_seat.setdefault(m.seat_id, []).append(m)
        for seat_id, moves in by_seat.items():
            seat = self.seats[seat_id]
            seat.inputs = [TurnInput.from_json(m.input, f"move {m.turn}") for m in moves]
            seat.sources = [m.source for m in moves]
            seat.state, seat.facts = self._rebuild(seat.inputs)
        for part in st.parts():
            seat = self.seats.get(part.seat_id)
            if seat is not None and part.turn == seat.turn:
                seat.parts[part.person_id] = TurnInput.from_json(part.input, "part")

    def _rebuild(self, inputs: list[TurnInput]) -> tuple[GameState, list[TurnFacts]]:
        """A seat's game re-played from its moves, with the facts of every turn."""
        if not inputs:
            return self._start_state, []
        facts: list[TurnFacts] = []

        def note(before, alloc, report, after):
            facts.append(turn_facts(self.scn, before, alloc, report))

        state, _ = replay(self.scn, self.seed, inputs, on_turn=note)
        return state, facts

    def _save_clock(self) -> None:
        self.store.put_many(
            {
                "status": self.status,
                "mode": self.mode,
                "round": self.round,
                "timer": self.timer,
                "deadline": self.deadline,
                "remaining": self.remaining,
            }
        )

    def changed(self) -> None:
        """Note a change and tell the listeners (the server pushes new views)."""
        self.version += 1
        for listener in list(self.listeners):
            listener()

    # joining --------------------------------------------------------------------------------
    def check_secret(self, given: object) -> bool:
        """Whether `given` is the facilitator's secret (in constant time)."""
        return isinstance(given, str) and hmac.compare_digest(given.encode(), self.secret.encode())

    def person_of(self, token: object) -> Person | None:
        """The person a token belongs to, or None."""
        if not isinstance(token, str) or not 10 <= len(token) <= 100:
            return None
        pid = self.tokens.get(token_hash(token))
        return self.persons.get(pid) if pid is not None else None

    def join(self, name: object, team: object = None) -> tuple[Person, str]:
        """Give a person a seat (their own, or a place in a team's); returns them and their token."""
        if self.status == ENDED:
            raise Refused("room.refuse.ended")
        name = clean_name(name)
        team_name = clean_name(team) if team not in (None, "") else None
        now = self.clock()
        seat_name = team_name or name
        seat_row = self.store.seat_by_key(name_key(seat_name))
        if seat_row is None:
            if len(self.seats) >= MAX_SEATS:
                raise Refused("room.refuse.full", max=MAX_SEATS)
            seat_id = self.store.add_seat(seat_name, name_key(seat_name), bool(team_name), now)
            seat = Seat(seat_id, seat_name, bool(team_name), self._start_state)
            self.seats[seat_id] = seat
        else:
            seat = self.seats[seat_row.id]
            if not (team_name and seat.team):
                raise Refused("room.refuse.name_taken", name=seat_name)
            if any(name_key(p.name) == name_key(name) for p in seat.persons):
                raise Refused("room.refuse.name_taken", name=name)
            if len(seat.persons) >= min(MAX_TEAM, len(self.scn.members)):
                raise Refused("room.refuse.team_full", max=min(MAX_TEAM, len(self.scn.members)))
        token = secrets.token_urlsafe(24)
        pid = self.store.add_person(seat.id, name, token_hash(token), now)
        person = Person(pid, seat.id, name, now, now)
        self.persons[pid] = person
        self.tokens[token_hash(token)] = pid
        seat.persons.append(person)
        self.store.log("join", {"seat": seat.id, "person": pid}, now)
        self.changed()
        return person, token

    # playing ----------------------------------------------------------------------------------
    def playable_turns(self) -> int:
        """How many turns a seat may have played now (the open round, or every turn)."""
        if self.mode == FREE:
            return self.scn.n_turns
        return self.round

    def submit(self, person: Person, turn: object, data: object) -> dict:
        """A person's move (or part of their team's move) for `turn`; Refused says why not."""
        seat = self.seats[person.seat_id]
        person.last_seen = self.clock()
        if self.status == LOBBY:
            raise Refused("room.refuse.not_started")
        if self.status == PAUSED:
            raise Refused("room.refuse.paused")
        if self.status == ENDED:
            raise Refused("room.refuse.ended")
        if seat.over:
            raise Refused("room.refuse.game_over")
        if isinstance(turn, bool) or not isinstance(turn, int) or turn != seat.turn:
            raise Refused("room.refuse.wrong_turn", turn=seat.turn + 1)
        if seat.turn >= self.playable_turns():
            raise Refused("room.refuse.round_closed", turn=seat.turn + 1)
        try:
            part = TurnInput.from_json(data, "move")
        except RecordError:
            raise Refused("room.refuse.malformed") from None
        mine = set(members_of(self.scn, seat, person.id))
        others = sorted(set(part.chips) - mine)
        if others:
            raise Refused("room.refuse.not_your_member", member=others[0])
        parts = {**seat.parts, person.id: part}
        complete = all(p.id in parts for p in seat.persons)
        move = combine([parts[p.id] for p in seat.persons if p.id in parts])
        try:
            allocation_from_input(self.scn, seat.state, move)
        except AllocationError as exc:
            problems = problems_of(exc)
            if complete or any(p["key"] != "allocation.missing_option" for p in problems):
                raise Refused("room.refuse.rules", problems=problems) from None
        now = self.clock()
        if not complete:
            self.store.put_part(seat.id, seat.turn, person.id, part.to_json(), now)
            seat.parts = parts
            self.changed()
            return {"accepted": True, "complete": False, "turn": seat.turn}
        if seat.team:
            self.store.put_part(seat.id, seat.turn, person.id, part.to_json(), now)
        self._play(seat, move, "played")
        return {
            "accepted": True,
            "complete": True,
            "turn": seat.turn,
            "score": round(float(score(self.scn, seat.state)[0]), 3),
        }

    def _play(self, seat: Seat, move: TurnInput, source: str) -> None:
        """Re-simulate one turn of a seat and keep it (AllocationError if it breaks a rule)."""
        alloc = allocation_from_input(self.scn, seat.state, move)
        state, report = step(self.scn, seat.state, alloc)
        self.store.add_move(seat.id, seat.turn, move.to_json(), source, self.clock())
        seat.facts.append(turn_facts(self.scn, seat.state, alloc, report))
        seat.state = state
        seat.inputs.append(move)
        seat.sources.append(source)
        seat.parts = {}
        self.changed()

    def play_defaults(self) -> int:
        """Play the default move for every seat still behind the open round; how many were played."""
        n = 0
        for seat in self.seats.values():
            while not seat.over and seat.turn < self.playable_turns() and seat.persons:
                self._play(seat, default_move(self.scn, seat), "default")
                n += 1
                if self.mode == FREE:
                    break
        return n

    def tick(self) -> bool:
        """Let the round timer run out when its time has come; whether anything changed."""
        if self.status != RUNNING or self.deadline is None or self.clock() < self.deadline:
            return False
        self.deadline = None
        self._save_clock()
        n = self.play_defaults()
        self.store.log("timer", {"round": self.round, "defaults": n}, self.clock())
        self.changed()
        return True

    # the facilitator ------------------------------------------------------------------------
    def _arm_timer(self) -> None:
        self.deadline = self.clock() + self.timer if self.timer and self.mode == ROUNDS else None
        self.remaining = None

    def act(self, action: str, **args) -> None:
        """Carry out a facilitator's action (Refused when it makes no sense now)."""
        handler = getattr(self, f"_do_{action}", None) if action.isidentifier() else None
        if handler is None:
            raise Refused("room.refuse.unknown_action")
        handler(**args)
        self._save_clock()
        self.store.log("action", {"action": action, **args}, self.clock())
        self.changed()

    def _do_start(self) -> None:
        if self.status != LOBBY:
            raise Refused("room.refuse.already_started")
        self.status, self.round = RUNNING, 1
        self._arm_timer()

    def _do_pause(self) -> None:
        if self.status != RUNNING:
            raise Refused("room.refuse.not_running")
        self.status = PAUSED
        if self.deadline is not None:
            self.remaining = max(0.0, self.deadline - self.clock())
            self.deadline = None

    def _do_resume(self) -> None:
        if self.status != PAUSED:
            raise Refused("room.refuse.not_paused")
        self.status = RUNNING
        if self.remaining is not None:
            self.deadline = self.clock() + self.remaining
            self.remaining = None

    def _do_next(self) -> None:
        if self.status not in (RUNNING, PAUSED) or self.mode != ROUNDS:
            raise Refused("room.refuse.not_running")
        if self.round >= self.scn.n_turns:
            raise Refused("room.refuse.last_round")
        self.round += 1
        self.status = RUNNING
        self._arm_timer()

    def _do_undo(self) -> None:
        """Take back the last round: every move of its turn goes, and that round opens again."""
        if self.status not in (RUNNING, PAUSED) or self.mode != ROUNDS or self.round < 1:
            raise Refused("room.refuse.not_running")
        turn = self.round - 1  # index of the open round's turn
        if not any(len(s.inputs) > turn for s in self.seats.values()):
            if self.round == 1:
                raise Refused("room.refuse.nothing_to_undo")
            self.round -= 1
            turn -= 1
        self.store.drop_moves_from(turn)
        for seat in self.seats.values():
            if len(seat.inputs) > turn or seat.parts:
                seat.inputs, seat.sources = seat.inputs[:turn], seat.sources[:turn]
                seat.state, seat.facts = self._rebuild(seat.inputs)
                seat.parts = {}
        self._arm_timer()

    def _do_end(self) -> None:
        if self.status == ENDED:
            raise Refused("room.refuse.ended")
        self.status, self.deadline, self.remaining = ENDED, None, None

    def _do_mode(self, mode: object = None) -> None:
        if mode not in (ROUNDS, FREE):
            raise Refused("room.refuse.bad_value")
        self.mode = mode
        self._arm_timer()

    def _do_timer(self, seconds: object = None) -> None:
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int)
            or not 0 <= seconds <= MAX_TIMER
        ):
            raise Refused("room.refuse.bad_value")
        self.timer = seconds
        if self.status == RUNNING:
            self._arm_timer()

    def _do_message(self, text: object = None, seat: object = None) -> None:
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_MESSAGE:
            raise Refused("room.refuse.bad_message", max=MAX_MESSAGE)
        if seat is not None and (isinstance(seat, bool) or seat not in self.seats):
            raise Refused("room.refuse.bad_value")
        text, now = " ".join(text.split()), self.clock()
        mid = self.store.add_message(seat, text, now)
        self.messages.append((mid, seat, text, now))

    # views ----------------------------------------------------------------------------------
    def seconds_left(self) -> float | None:
        """Seconds until the round timer runs out (None: no timer running)."""
        if self.deadline is not None:
            return max(0.0, self.deadline - self.clock())
        return self.remaining

    def room_view(self) -> dict:
        """What everyone may know about the room."""
        left = self.seconds_left()
        return {
            "code": self.code,
            "scenario": self.scn.id,
            "title": {"nl": self.scn.title.get("nl"), "en": self.scn.title.get("en")},
            "seed": self.seed,
            "status": self.status,
            "mode": self.mode,
            "round": self.round,
            "turns": self.scn.n_turns,
            "timer": self.timer,
            "seconds_left": None if left is None else round(left, 1),
            "version": self.version,
        }

    def seat_view(self, person: Person, with_inputs: bool = False) -> dict:
        """What one person sees: the room, their seat, their members, teammates' parts, messages."""
        seat = self.seats[person.seat_id]
        view = {
            **self.room_view(),
            "seat": seat.name,
            "team": seat.team,
            "you": person.name,
            "persons": [p.name for p in seat.persons],
            "members": list(members_of(self.scn, seat, person.id)),
            "turn": seat.turn,
            "over": seat.over,
            "may_play": self.status == RUNNING
            and not seat.over
            and seat.turn < self.playable_turns(),
            "placed": [
                {"person": self.persons[pid].name, "input": part.to_json()}
                for pid, part in seat.parts.items()
                if pid in self.persons
            ],
            "score": round(float(score(self.scn, seat.state)[0]), 3),
            "messages": [
                {"id": mid, "text": text, "to_you": sid is not None}
                for mid, sid, text, _ in self.messages
                if sid is None or sid == seat.id
            ][-5:],
        }
        if with_inputs:
            view["inputs"] = [i.to_json() for i in seat.inputs]
        return view

    def copies(self) -> dict[int, list[int]]:
        """Seats whose played moves are identical to another seat's (at least COPY_MIN_TURNS)."""
        groups: dict[str, list[int]] = {}
        for seat in self.seats.values():
            if seat.sources.count("played") < COPY_MIN_TURNS:
                continue
            key = hashlib.sha256(repr([i.to_json() for i in seat.inputs]).encode()).hexdigest()
            groups.setdefault(key, []).append(seat.id)
        out: dict[int, list[int]] = {}
        for ids in groups.values():
            if len(ids) > 1:
                for i in ids:
                    out[i] = [j for j in ids if j != i]
        return out

    def standings(self) -> list[dict]:
        """Every seat with its verified score, turn and meters, best first (equal scores share)."""
        copies = self.copies()
        now = self.clock()
        rows = []
        for seat in self.seats.values():
            st = seat.state
            last = seat.turn
            hist = st.history[0, : last + 1]
            parts = score_parts(self.scn, st)
            rows.append(
                {
                    "seat": seat.id,
                    "name": seat.name,
                    "team": seat.team,
                    "persons": [p.name for p in seat.persons],
                    "turn": seat.turn,
                    "over": seat.over,
                    "ended_because": END_REASONS[int(st.ended_because[0])],
                    "score": round(float(score(self.scn, st)[0]), 3),
                    "parts": {k: round(float(v[0]), 3) for k, v in parts.items()},
                    "meters": {m: round(float(st.meters[0, i]), 2) for i, m in enumerate(METERS)},
                    "mean_value": round(float(hist[1:, 0].mean()), 2) if last else None,
                    "mean_cover": round(float(hist[1:, 1].mean()), 2) if last else None,
                    "history": [[round(float(x), 2) for x in row] for row in hist],
                    "defaults": seat.sources.count("default"),
                    "waiting": len(seat.parts),
                    "idle": round(now - max((p.last_seen for p in seat.persons), default=now)),
                    "copy_of": [self.seats[j].name for j in copies.get(seat.id, [])],
                }
            )
        rows.sort(key=lambda r: (-r["score"], r["seat"]))
        place = 0
        for i, r in enumerate(rows):
            if i == 0 or r["score"] != rows[i - 1]["score"]:
                place = i + 1
            r["place"] = place
        return rows

    def room_meters(self) -> list[list[float]]:
        """The room's mean meters after each turn that every seat still playing has played."""
        seats = [s for s in self.seats.values() if s.inputs]
        if not seats:
            return []
        upto = max(s.turn for s in seats)
        out = []
        for t in range(upto + 1):
            rows = [s.state.history[0, t] for s in seats if s.turn >= t or s.over]
            out.append([round(float(x), 2) for x in np.mean(rows, axis=0)])
        return out
