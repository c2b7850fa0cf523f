"""The room's exports: CSV per decision and per player, and xAPI statements in a JSONL outbox.

Players are pseudonymous (`P` + 8 hex characters, stable within the room) unless names are asked
for. The xAPI statements use the serious-games profile's verbs (initialized, progressed,
selected, completed); their ids are derived from the room, seat and turn, so writing the
outbox again never duplicates a statement a learning record store already has.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from ..files import atomic_write_text
from .analysis import pseudonym, seat_figures
from .room import Room, Seat

SG = "https://w3id.org/xapi/seriousgames"
VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "progressed": "http://adlnet.gov/expapi/verbs/progressed",
    "selected": "https://w3id.org/xapi/adb/verbs/selected",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
ACTIVITY_GAME = f"{SG}/activity-types/serious-game"
ACTIVITY_LEVEL = f"{SG}/activity-types/level"
ACTIVITY_CHOICE = "http://adlnet.gov/expapi/activities/cmi.interaction"


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
    """The xAPI statements of the room so far (joins, turns, choices and finished games)."""
    game_id = f"urn:turbulentie-game:scenario:{room.scn.id}:{room.scn.content_hash[:12]}"
    registration = str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:turbulentie-game:room:{room.code}"))
    game = {
        "objectType": "Activity",
        "id": game_id,
        "definition": {
            "type": ACTIVITY_GAME,
            "name": {"nl-NL": room.scn.title.get("nl"), "en-GB": room.scn.title.get("en")},
        },
    }
    context = {"registration": registration, "contextActivities": {"category": [{"id": SG}]}}
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
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": obj,
            "context": context,
            "timestamp": _stamp(at),
        }
        if result is not None:
            st["result"] = result
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
                "definition": {"type": ACTIVITY_LEVEL},
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
                        f"{SG}/extensions/progress": round((turn + 1) / room.scn.n_turns, 4),
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
                "definition": {"type": ACTIVITY_CHOICE, "interactionType": "choice"},
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
