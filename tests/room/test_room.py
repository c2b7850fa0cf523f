"""The room without a network: joining, verified moves, rounds, pause, timer, undo, teams, restart."""

import pytest

from turbulentie_game.room.room import Refused, Room, default_move
from turbulentie_game.room.store import Store, StoreError
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import TurnInput, play_record


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make_room(tmp_path, scn, clock, h):
    def make(db="room.sqlite3"):
        return Room(Store(tmp_path / db), scn, h.SEED, h.code_of(scn), clock)

    return make


def test_a_whole_game_verified_move_by_move_gives_the_bots_own_score(make_room, scn, h):
    room = make_room()
    person, token = room.join("Youssef Boukhari-El Amrani")
    assert room.person_of(token) is person and room.person_of("x" * 30) is None
    room.act("mode", mode="free")
    room.act("start")
    record, _ = play_record(scn, make_bot("balanced", scn), h.SEED)
    for turn, move in enumerate(record.inputs):
        result = room.submit(person, turn, move.to_json())
    assert result["complete"] and room.seats[person.seat_id].over
    assert result["score"] == pytest.approx(record.claimed_score, abs=1e-3)
    assert room.standings()[0]["name"] == "Youssef Boukhari-El Amrani"  # the full name


def test_forged_and_out_of_turn_moves_are_refused_with_a_reason(make_room, scn):
    room = make_room()
    p, _ = room.join("Anna")
    with pytest.raises(Refused) as exc:
        room.submit(p, 0, {"chips": {}, "options": {}})
    assert exc.value.key == "room.refuse.not_started"
    room.act("start")
    member = scn.members[0].id
    with pytest.raises(Refused) as exc:
        room.submit(p, 0, {"chips": {member: {"rest": 99}}, "options": {}})
    assert exc.value.key == "room.refuse.rules"
    assert exc.value.params["problems"][0]["key"] == "allocation.over_capacity"
    with pytest.raises(Refused) as exc:
        room.submit(p, 3, {"chips": {}, "options": {}})
    assert exc.value.key == "room.refuse.wrong_turn"
    with pytest.raises(Refused) as exc:
        room.submit(p, 0, {"chips": "lots"})
    assert exc.value.key == "room.refuse.malformed"
    assert room.seats[p.seat_id].turn == 0  # nothing was kept


def test_rounds_pause_and_the_round_timer_with_its_default_move(make_room, scn, clock, h):
    room = make_room()
    a, _ = room.join("Anna")
    b, _ = room.join("Bram")
    room.act("timer", seconds=60)
    room.act("start")
    bot = h.BotPlayer(scn, h.SEED, "balanced")
    move = bot.move()
    room.submit(a, 0, move.to_json())
    with pytest.raises(Refused) as exc:  # turn 2 is not open yet
        room.submit(a, 1, move.to_json())
    assert exc.value.key == "room.refuse.round_closed"
    room.act("pause")
    clock.now += 500  # a paused timer does not run
    assert not room.tick()
    with pytest.raises(Refused):
        room.submit(b, 0, move.to_json())
    room.act("resume")
    assert room.seconds_left() == pytest.approx(60)
    clock.now += 61
    assert room.tick()
    seat_b = room.seats[b.seat_id]
    assert seat_b.turn == 1 and seat_b.sources == ["default"]
    assert seat_b.inputs[0].chips == {}  # first turn: everyone rests
    room.act("next")
    bot.advance(move)
    assert room.submit(a, 1, bot.move().to_json())["complete"]


def test_the_default_move_repeats_the_previous_turn(make_room, scn, h):
    room = make_room()
    a, _ = room.join("Anna")
    room.act("start")
    bot = h.BotPlayer(scn, h.SEED, "balanced")
    first = bot.move()
    room.submit(a, 0, first.to_json())
    room.act("next")
    seat = room.seats[a.seat_id]
    again = default_move(scn, seat)
    assert again.chips == first.chips


def test_undo_takes_back_the_last_round_for_everyone(make_room, scn, h):
    room = make_room()
    a, _ = room.join("Anna")
    b, _ = room.join("Bram")
    room.act("start")
    bots = [(a, h.BotPlayer(scn, h.SEED, "balanced")), (b, h.BotPlayer(scn, h.SEED, "random"))]
    for p, bot in bots:
        move = bot.move()
        room.submit(p, 0, move.to_json())
        bot.advance(move)
    after_round_1 = room.standings()
    room.act("next")
    room.submit(a, 1, bots[0][1].move().to_json())
    room.act("undo")  # Anna's move of round 2 goes; round 2 stays open
    assert room.round == 2 and room.standings() == after_round_1
    room.act("undo")  # nobody has played round 2: round 1 opens again without its moves
    assert room.round == 1 and all(s.turn == 0 for s in room.seats.values())
    with pytest.raises(Refused) as exc:
        room.act("undo")
    assert exc.value.key == "room.refuse.nothing_to_undo"


def test_identical_moves_under_another_name_are_flagged(make_room, scn, h):
    room = make_room()
    a, _ = room.join("Anna")
    c, _ = room.join("Copycat")
    d, _ = room.join("Dirk")
    room.act("mode", mode="free")
    room.act("start")
    record, _ = play_record(scn, make_bot("balanced", scn), h.SEED)
    other, _ = play_record(scn, make_bot("managing-out", scn), h.SEED)
    for turn in range(4):
        room.submit(a, turn, record.inputs[turn].to_json())
        room.submit(c, turn, record.inputs[turn].to_json())
        room.submit(d, turn, other.inputs[turn].to_json())
    rows = {r["name"]: r for r in room.standings()}
    assert rows["Copycat"]["copy_of"] == ["Anna"] and rows["Anna"]["copy_of"] == ["Copycat"]
    assert rows["Dirk"]["copy_of"] == []


def test_a_team_shares_one_game_and_each_places_their_own_members(make_room, scn, h):
    room = make_room()
    a, _ = room.join("Anna", team="De Wijkploeg")
    b, _ = room.join("Bram", team="de  wijkploeg")  # the same team, however it is typed
    assert a.seat_id == b.seat_id
    with pytest.raises(Refused) as exc:
        room.join("Anna", team="De Wijkploeg")
    assert exc.value.key == "room.refuse.name_taken"
    room.act("start")
    seat = room.seats[a.seat_id]
    view = room.seat_view(a)
    mine, theirs = view["members"], room.seat_view(b)["members"]
    assert set(mine).isdisjoint(theirs) and len(mine) + len(theirs) == len(scn.members)
    bot = h.BotPlayer(scn, h.SEED, "balanced")
    move = bot.move()
    part_a = TurnInput({m: t for m, t in move.chips.items() if m in mine}, move.options)
    part_b = TurnInput({m: t for m, t in move.chips.items() if m in theirs}, {})
    with pytest.raises(Refused) as exc:  # Bram cannot place Anna's members
        room.submit(b, 0, part_a.to_json())
    assert exc.value.key == "room.refuse.not_your_member"
    assert room.submit(a, 0, part_a.to_json())["complete"] is False
    assert [p["person"] for p in room.seat_view(b)["placed"]] == ["Anna"]  # Bram sees it
    done = room.submit(b, 0, part_b.to_json())
    assert done["complete"] and seat.turn == 1
    bot.advance(move)
    assert float(seat.state.meters[0, 0]) == pytest.approx(float(bot.state.meters[0, 0]))
    from turbulentie_game.room.analysis import seat_figures

    fig = seat_figures(room, seat)
    assert set(fig.per_person) == {"Anna", "Bram"}


def test_a_restarted_room_resumes_from_its_store(make_room, scn, h):
    room = make_room()
    a, token = room.join("Anna")
    t, _ = room.join("Tess", team="Team")
    room.join("Tom", team="Team")
    room.act("start")
    bot = h.BotPlayer(scn, h.SEED, "balanced")
    room.submit(a, 0, bot.move().to_json())
    mine = room.seat_view(t)["members"]
    room.submit(t, 0, {"chips": {m: {"rest": 1} for m in mine}, "options": {}})
    room.act("message", text="Nog vijf minuten")
    room.store.close()
    again = make_room()
    assert again.standings() == room.standings()
    assert again.person_of(token).name == "Anna"
    assert again.seats[t.seat_id].parts  # Tess's part of the team's turn was kept
    assert again.round == 1 and again.status == "running"
    assert again.seat_view(again.person_of(token))["messages"][-1]["text"] == "Nog vijf minuten"


def test_a_store_of_another_room_is_refused(tmp_path, scn, h):
    Room(Store(tmp_path / "r.sqlite3"), scn, h.SEED, h.code_of(scn))
    with pytest.raises(StoreError, match="holds room"):
        Room(Store(tmp_path / "r.sqlite3"), scn, h.SEED + 1, h.code_of(scn, h.SEED + 1))


def test_names_are_checked(make_room):
    room = make_room()
    for bad, key in (
        ("", "name_missing"),
        ("x" * 41, "name_long"),
        ("a\x00b", "name_chars"),
        (None, "name_missing"),
    ):
        with pytest.raises(Refused) as exc:
            room.join(bad)
        assert exc.value.key == f"room.refuse.{key}"
    room.join("Anna")
    with pytest.raises(Refused) as exc:
        room.join(" ANNA ")
    assert exc.value.key == "room.refuse.name_taken"


def _room_day(room, scn):
    """A short day: a player and a team of two join, play a round each, a message, an undo."""
    anna, _ = room.join("Anna")
    tess, _ = room.join("Tess", team="Het Team")
    tom, _ = room.join("Tom", team="Het Team")
    room.act("start")
    move = play_record(scn, make_bot("balanced", scn), room.seed)[0].inputs[0]
    room.submit(anna, 0, move.to_json())
    for person in (tess, tom):
        mine = room.seat_view(person)["members"]
        part = TurnInput({m: t for m, t in move.chips.items() if m in mine}, move.options)
        room.submit(person, 0, part.to_json())
    room.act("message", text="Nog vijf minuten, één vraag?")
    room.act("next")
    room.submit(anna, 1, default_move(scn, room.seats[anna.seat_id]).to_json())
    room.act("undo")


def _tables(store):
    return {
        "seats": store.seats(),
        "persons": [(p.id, p.seat_id, p.name, p.joined) for p in store.persons()],
        "moves": store.moves(),
        "parts": store.parts(),
        "messages": store.messages(),
        "log": store.log_rows(),
        "meta": {k: store.get(k) for k in ("code", "seed", "status", "round", "mode")},
    }


def test_a_room_on_postgresql_keeps_what_sqlite_keeps_and_resumes(tmp_path, scn, h, postgres_db):
    """The same day on both stores gives the same rows (ids, exact times); PG resumes it."""
    rooms = []
    for target in (tmp_path / "room.sqlite3", postgres_db):
        clock = Clock()
        clock.now = 1_764_650_000.123456789  # a time PostgreSQL's REAL (float4) would round
        rooms.append(Room(Store(target), scn, h.SEED, h.code_of(scn), clock))
        _room_day(rooms[-1], scn)
    on_sqlite, on_postgres = rooms
    got = _tables(on_postgres.store)
    assert got == _tables(on_sqlite.store)
    assert [m.turn for m in got["moves"]] == [0, 0] and got["meta"]["round"] == 2
    assert got["persons"][0][3] == 1_764_650_000.123456789 and len(got["parts"]) == 2
    assert got["messages"][0][2] == "Nog vijf minuten, één vraag?"
    for room in rooms:
        room.store.close()
    again = Room(Store(postgres_db), scn, h.SEED, h.code_of(scn), on_postgres.clock)
    assert again.standings() == on_postgres.standings()
    assert (again.round, again.status) == (on_postgres.round, on_postgres.status)
    again.store.close()
    other = Store(postgres_db)
    with pytest.raises(StoreError, match="holds room"):
        Room(other, scn, h.SEED + 1, h.code_of(scn, h.SEED + 1))
    other.close()
