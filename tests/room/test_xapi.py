"""xAPI: every verb and activity type the exporter writes is in the serious-games profile."""

import dataclasses
import json

import pytest

from turbulentie_game.room import exports
from turbulentie_game.room.exports import ProfileError, profile, statements, write_xapi
from turbulentie_game.room.room import Room
from turbulentie_game.room.store import Store
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import TurnInput, play_record

SG = "https://w3id.org/xapi/seriousgames"


@pytest.fixture
def room(tmp_path, scn, h):
    """A finished solo game (with dilemma choices) and a team's first turn."""
    r = Room(Store(tmp_path / "room.sqlite3"), scn, h.SEED, h.code_of(scn))
    r.act("mode", mode="free")
    r.act("start")
    anna, _ = r.join("Anna")
    record, _ = play_record(scn, make_bot("adaptive", scn), h.SEED)
    for turn, move in enumerate(record.inputs):
        r.submit(anna, turn, move.to_json())
    tess, _ = r.join("Tess", team="Het Team")
    tom, _ = r.join("Tom", team="Het Team")
    move = record.inputs[0]
    for person in (tess, tom):
        mine = r.seat_view(person)["members"]
        r.submit(
            person,
            0,
            TurnInput({m: c for m, c in move.chips.items() if m in mine}, move.options).to_json(),
        )
    yield r
    r.store.close()


def test_the_profile_is_kept_as_data_with_the_profiles_own_iris():
    sg = profile()
    assert sg.id == SG and len(sg.verbs) == 12 and len(sg.activity_types) == 17
    defined = [v for v in sg.verbs.values() if v.startswith(f"{SG}/verbs/")]
    assert len(defined) == 6  # accessed, pressed, purchased, released, unlocked, used
    assert sg.verbs["initialized"] == "https://w3id.org/xapi/adb/verbs/initialized"
    assert sg.activity_types["question"] == "http://adlnet.gov/expapi/activities/question"
    assert all(t.startswith(f"{SG}/activity-types/") for k, t in sg.activity_types.items()
               if k != "question")  # fmt: skip


def test_every_statement_uses_only_the_profiles_verbs_and_activity_types(room, tmp_path):
    sg = profile()
    sts = statements(room)
    verbs = {s["verb"]["id"] for s in sts}
    kinds = {s["object"]["definition"]["type"] for s in sts}
    assert verbs == {sg.verbs[v] for v in ("initialized", "progressed", "selected", "completed")}
    assert kinds == {sg.activity_types[k] for k in ("serious-game", "level", "question")}
    assert all(sg.problems(s) == [] for s in sts)
    progress = [s["result"]["extensions"][sg.extensions["progress"]] for s in sts
                if s["verb"]["id"] == sg.verbs["progressed"]]  # fmt: skip
    assert progress and all(0 < p <= 1 and round(p, 2) == p for p in progress)
    out = tmp_path / "outbox.jsonl"
    write_xapi(room, out)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(written) == len(sts)
    assert {s["verb"]["id"] for s in written} <= set(sg.verbs.values())


def test_an_iri_outside_the_profile_is_never_written(room, tmp_path, monkeypatch):
    sg = profile()
    extensions = {f"{SG}/extensions/mood": 1, "urn:turbulentie-game:x": 2}
    foreign = {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/initialized"},
        "object": {"definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction"}},
        "result": {"extensions": extensions},
    }
    assert sg.problems(foreign) == [
        "verb http://adlnet.gov/expapi/verbs/initialized",
        "activity type http://adlnet.gov/expapi/activities/cmi.interaction",
        f"extension {SG}/extensions/mood",
    ]
    # a vocabulary without "selected": the exporter refuses rather than write its own IRI
    narrower = dataclasses.replace(sg, verbs={k: v for k, v in sg.verbs.items() if k != "selected"})
    monkeypatch.setattr(exports, "profile", lambda: narrower)
    with pytest.raises(ProfileError, match="selected"):
        statements(room)
    out = tmp_path / "outbox.jsonl"
    with pytest.raises(ProfileError):
        write_xapi(room, out)
    assert not out.exists()
