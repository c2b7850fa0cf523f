"""The plenary debrief names the model's concepts: the four actors, triage and preparation."""

import html
import re

import pytest

from turbulentie_game.core.model import ACTORS
from turbulentie_game.i18n import Translator
from turbulentie_game.room.plenary import plenary_page
from turbulentie_game.room.room import Room
from turbulentie_game.room.store import Store
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import play_record


@pytest.fixture(scope="module")
def played(scn, tmp_path_factory):
    """Ada plays the adaptive bot (it puts events first and prepares), Ben the balanced one."""
    from turbulentie_game.scenario.codes import make_code

    seed = 4242
    room = Room(
        Store(tmp_path_factory.mktemp("plenary") / "room.sqlite3"),
        scn,
        seed,
        make_code(scn.id, scn.content_hash, seed),
    )
    room.act("mode", mode="free")
    room.act("start")
    records = {}
    for name, bot in (("Ada", "adaptive"), ("Ben", "balanced")):
        person, _ = room.join(name)
        record, _ = play_record(scn, make_bot(bot, scn), seed, name)
        for turn, move in enumerate(record.inputs):
            room.submit(person, turn, move.to_json())
        records[name] = (record, room.seats[person.seat_id])
    room.act("end")
    yield room, records
    room.store.close()


def _section(page: str, title: str) -> str:
    start = page.index(f"<h2>{html.escape(title)}</h2>")
    return page[start : page.index("</section>", start)]


def _row(section: str, name: str) -> list[str]:
    row = re.search(rf"<tr><td class='name'>{name}</td>(.*?)</tr>", section).group(1)
    return [
        html.unescape(re.sub("<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_plenary_shows_actors_triage_and_preparation_per_player_and_for_the_room(
    played, scn, lang
):
    room, records = played
    t = Translator(lang)
    section = _section(plenary_page(room, t), t("room.plenary.model"))
    ada_record, ada_seat = records["Ada"]
    ben_record, _ = records["Ben"]
    ada = _row(section, "Ada")
    # the four actors where Ada left them, with the change since the start
    for i in range(len(ACTORS)):
        level = float(ada_seat.state.actors[0, i])
        change = level - float(scn.rules.actor_start[i])
        assert ada[i] == f"{t.num(level, 0)} ({t.num(change, 0, sign=True)})"
    focus_turns = sum(1 for i in ada_record.inputs if i.focus)
    focused = sum(len(i.focus) for i in ada_record.inputs)
    prepared = len({d for i in ada_record.inputs for d in i.prepare})
    assert focus_turns > 0 and prepared > 0  # the adaptive bot triages and prepares
    assert ada[4] == t("room.plenary.focus_cell", turns=focus_turns, of=len(ada_record.inputs),
                       n=focused)  # fmt: skip
    assert ada[5] == t("room.plenary.prepared_cell", n=prepared, of=len(scn.calendar))
    ben = _row(section, "Ben")
    assert ben[4] == t("room.plenary.focus_cell", turns=0, of=len(ben_record.inputs), n=0)
    # the room: the mean, and a finding with a discussion question per concept
    assert t("room.plenary.room_mean") in section
    share = focus_turns / (len(ada_record.inputs) + len(ben_record.inputs))
    text = html.unescape(section)
    assert t("room.plenary.triage_finding", share=t.pct(share), never=1) in text
    for concept in ("actors", "triage", "prepare"):
        assert (
            t(f"room.plenary.concept.{concept}") in text and t(f"room.plenary.q_{concept}") in text
        )
    if lang == "nl":
        english = ("Executive", "Council", "Press", "Citizens", "Put first", "Preparation", "dates")
        assert not any(word in text for word in english)
        assert all(t(f"ui.situation.{a}") in text for a in ACTORS)  # Bestuur, Raad, Pers, Bewoners
