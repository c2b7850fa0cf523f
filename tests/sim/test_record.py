import pytest

from turbulentie_game.core.engine import reset, step
from turbulentie_game.core.scoring import score
from turbulentie_game.core.state import states_equal
from turbulentie_game.files import atomic_write_text
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import (
    GameRecord,
    RecordError,
    input_from_allocation,
    play_record,
    replay,
)
from turbulentie_game.sim.runner import play


def _record(scn, seed=9, bot="adaptive"):
    rec, state = play_record(scn, make_bot(bot, scn), seed, "Anna")
    # the ids-based inputs give back the allocations the bot made, turn by turn
    allocs = play(scn, [seed], make_bot(bot, scn), keep=True).allocations
    st, _ = reset(scn, [seed])
    for a, inp in zip(allocs, rec.inputs, strict=True):
        assert input_from_allocation(scn, st, a) == inp
        st, _ = step(scn, st, a)
    assert states_equal(st, state)
    return rec, state


def test_a_record_reproduces_the_game_bit_for_bit(scn, tmp_path):
    rec, final = _record(scn)
    path = atomic_write_text(tmp_path / "game.json", rec.to_json())
    again = GameRecord.from_json(path.read_text(encoding="utf-8"))
    assert again == rec
    state, reports = replay(scn, again.seed, again.inputs)
    assert states_equal(state, final)
    assert len(reports) == len(rec.inputs)
    assert float(score(scn, state)[0]) == rec.claimed_score


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("{", "not valid JSON"),
        ("[]", "JSON object"),
        ('{"format": 9}', "format"),
        (
            '{"format": 1, "engine_version": "1", "scenario_id": "x", '
            '"content_hash": "0123456789abcdef", "seed": -1, '
            '"inputs": []}',
            "seed",
        ),
        (
            '{"format": 1, "engine_version": "1", "scenario_id": "x", '
            '"content_hash": "0123456789abcdef", "seed": 1, '
            '"inputs": [{"chips": {"a": {"resultaat": 1.5}}}]}',
            "inputs[0].chips.a.resultaat",
        ),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ],
)
def test_broken_records_are_refused_with_a_reason(text, fragment):
    with pytest.raises(RecordError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        GameRecord.from_json(text)


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = atomic_write_text(tmp_path / "save.json", "old")

    with pytest.raises(TypeError):
        atomic_write_text(target, object())  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["save.json"]
