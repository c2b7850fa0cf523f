"""The room's exports: CSV per decision and per player, and xAPI statements in a JSONL outbox.

Players are pseudonymous (`P` + 8 hex characters, stable within the room) unless names are asked
for. The xAPI statements use the serious-games profile's verbs (initialized, progressed,
selected, completed) and activity types (serious-game, level, question), looked up in the
profile's vocabulary kept as data (assets/room/xapi_seriousgames.yaml); every statement is
checked against it before it is written, so the outbox never holds an IRI outside the profile.
Their ids are derived from the room, seat and turn, so writing the outbox again never
duplicates a statement a learning record store already has.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from ..files import atomic_write_text
from ..paths import assets_dir
from ..yamlread import read_yaml
from .analysis import pseudonym, seat_figures
from .room import Room, Seat

OWN_EXTENSIONS = "urn:turbulentie-game:"  # the game's own result extensions (meters, defaults)


class ProfileError(ValueError):
    """A statement would hold an IRI that is not in the serious-games profile's vocabulary."""


@dataclass(frozen=True)
class Profile:
    """The serious-games xAPI profile's vocabulary: its id, and IRIs by name."""

    id: str
    verbs: dict[str, str]
    activity_types: dict[str, str]
    extensions: dict[str, str]

    def verb(self, name: str) -> str:
        """A verb's IRI (ProfileError when the profile has no such verb)."""
        if name not in self.verbs:
            raise ProfileError(f"the verb '{name}' is not in the profile {self.id}")
        return self.verbs[name]

    def activity_type(self, name: str) -> str:
        """An activity type's IRI (ProfileError when the profile has no such type)."""
        if name not in self.activity_types:
            raise ProfileError(f"the activity type '{name}' is not in the profile {self.id}")
        return self.activity_types[name]

    def problems(self, statement: dict) -> list[str]:
        """Every IRI of a statement's verb, activity type and profile extensions that the
        profile does not list (the game's own `urn:` extensions are allowed)."""
        found = []
        verb = statement["verb"]["id"]
        if verb not in self.verbs.values():
            found.append(f"verb {verb}")
        kind = statement["object"].get("definition", {}).get("type")
        if kind is not None and kind not in self.activity_types.values():
            found.append(f"activity type {kind}")
        for key in statement.get("result", {}).get("extensions", {}):
            if not key.startswith(OWN_EXTENSIONS) and key not in self.extensions.values():
                found.append(f"extension {key}")
        return found


@lru_cache(maxsize=1)
def profile() -> Profile:
    """The vocabulary kept in assets/room/xapi_seriousgames.yaml."""
    path = assets_dir() / "room" / "xapi_seriousgames.yaml"
    data = read_yaml(path.read_text(encoding="utf-8")).data
    return Profile(
        str(data["profile"]),
        {str(k): str(v) for k, v in data["verbs"].items()},
        {str(k): str(v) for k, v in data["activity_types"].items()},
        {str(k): str(v) for k, v in data["extensions"].items()},
    )


def _who(room: Room, seat: Seat, names: bool) -> list[str]:
    return [pseudonym(room, seat), seat.name] if names else [pseudonym(room, seat)]


def decisions_csv(room: Room, names: bool = False) -> str:
    """One row per seat, turn, member and target (chips), and per dilemma choice."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "player_id",
            *(["player"] if names else []),
            "turn",
            "member",
            "target",
            "chips",
            "placed_by",
            "source",
        ]
    )
    for seat in room.seats.values():
        fig = seat_figures(room, seat)
        for d in fig.decisions:
            by = d["by"] if names else ""
            w.writerow(
                [
                    *_who(room, seat, names),
                    d["turn"],
                    d["member"],
                    d["target"],
                    d["chips"],
                    by,
                    d["source"],
                ]
            )
    return out.getvalue()


def players_csv(room: Room, names: bool = False) -> str:
    """One row per seat: score and its terms, where the time went, and the day's guards."""
    out = io.StringIO()
    w = csv.writer(out)
    rows = room.standings()
    parts = list(rows[0]["parts"]) if rows else []
    w.writerow(
        [
            "player_id",
            *(["player", "persons"] if names else []),
            "place",
            "turns",
            "ended_because",
            "score",
            *[f"score_{p}" for p in parts],
            "mean_value",
            "mean_cover",
            "share_up",
            "share_out",
            "share_traits",
            "first_trait_turn",
            "trait_early",
            "spread",
            "default_moves",
            "same_moves_as",
        ]
    )
    for r in rows:
        seat = room.seats[r["seat"]]
        fig = seat_figures(room, seat)
        copies = [pseudonym(room, s) for s in room.seats.values() if s.name in r["copy_of"]]
        w.writerow(
            [
                *_who(room, seat, names),
                *([" / ".join(r["persons"])] if names else []),
                r["place"],
                r["turn"],
                r["ended_because"],
                r["score"],
                *[r["parts"][p] for p in parts],
                r["mean_value"],
                r["mean_cover"],
                round(fig.up, 3),
                round(fig.out, 3),
                round(fig.traits, 3),
                fig.first_trait_turn or "",
                round(fig.trait_early, 3),
                fig.spread,
                r["defaults"],
                " ".join(copies),
            ]
        )
    return out.getvalue()


def _stamp(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def statements(room: Room) -> list[dict]:
    """The xAPI statements of the room so far (joins, turns, choices and finished games);
    ProfileError if one would hold a verb or activity type outside the profile."""
    sg = profile()
    game_id = f"urn:turbulentie-game:scenario:{room.scn.id}:{room.scn.content_hash[:12]}"
    registration = str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:turbulentie-game:room:{room.code}"))
    game = {
        "objectType": "Activity",
        "id": game_id,
        "definition": {
            "type": sg.activity_type("serious-game"),
            "name": {"nl-NL": room.scn.title.get("nl"), "en-GB": room.scn.title.get("en")},
        },
    }
    context = {"registration": registration, "contextActivities": {"category": [{"id": sg.id}]}}
    moves = {(m.seat_id, m.turn): m for m in room.store.moves()}
    scores = {r["seat"]: r["score"] for r in room.standings()}
    out: list[dict] = []

    def add(seat: Seat, key: str, verb: str, obj: dict, at: float, result=None) -> None:
        st = {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{registration}/{seat.id}/{key}")),
            "actor": {
                "objectType": "Agent",
                "account": {
                    "homePage": f"urn:turbulentie-game:room:{room.code}",
                    "name": pseudonym(room, seat),
                },
            },
            "verb": {"id": sg.verb(verb), "display": {"en-US": verb}},
            "object": obj,
            "context": context,
            "timestamp": _stamp(at),
        }
        if result is not None:
            st["result"] = result
        problems = sg.problems(st)
        if problems:
            raise ProfileError(f"not in the profile {sg.id}: {', '.join(problems)}")
        out.append(st)

    for seat in room.seats.values():
        joined = min((p.joined for p in seat.persons), default=0.0)
        add(seat, "initialized", "initialized", game, joined)
        fig = seat_figures(room, seat) if seat.inputs else None
        history = seat.state.history[0]
        for turn in range(len(seat.inputs)):
            at = moves[(seat.id, turn)].at if (seat.id, turn) in moves else joined
            level = {
                "objectType": "Activity",
                "id": f"{game_id}/turn/{turn + 1}",
                "definition": {"type": sg.activity_type("level")},
            }
            pv, cover, trust = (round(float(x), 3) for x in history[turn + 1])
            add(
                seat,
                f"turn/{turn + 1}",
                "progressed",
                level,
                at,
                {
                    "extensions": {
                        sg.extensions["progress"]: round((turn + 1) / room.scn.n_turns, 2),
                        "urn:turbulentie-game:meters": {
                            "public_value": pv,
                            "political_cover": cover,
                            "trust": trust,
                        },
                        "urn:turbulentie-game:default-move": seat.sources[turn] == "default",
                    }
                },
            )
        for turn, template, option in fig.choices if fig else []:
            at = moves[(seat.id, turn - 1)].at if (seat.id, turn - 1) in moves else joined
            obj = {
                "objectType": "Activity",
                "id": f"{game_id}/dilemma/{template}",
                "definition": {"type": sg.activity_type("question"), "interactionType": "choice"},
            }
            add(seat, f"choice/{turn}/{template}", "selected", obj, at, {"response": option})
        if seat.over:
            last = moves.get((seat.id, len(seat.inputs) - 1))
            score = scores[seat.id]
            add(
                seat,
                "completed",
                "completed",
                game,
                last.at if last else joined,
                {"completion": True, "score": {"raw": score}},
            )
    return out


def xapi_lines(room: Room) -> str:
    """The statements as JSON Lines."""
    return "".join(
        json.dumps(s, ensure_ascii=False, sort_keys=True) + "\n" for s in statements(room)
    )


def write_xapi(room: Room, path: Path) -> None:
    """Write the outbox (atomically: a reader never sees half a file)."""
    atomic_write_text(Path(path), xapi_lines(room))
