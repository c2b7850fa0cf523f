"""The named crash cases of the reliability run, as regression tests: one crafted result file
neither crashes nor stops `replay verify`, `leaderboard` or `debrief`."""

import json
import re

import pytest

from turbulentie_game.cli import main
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.competition import write_result
from turbulentie_game.sim.record import GameRecord, RecordError, play_record
from turbulentie_game.sim.verify import UNREADABLE, ScenarioShelf, verify_file


@pytest.fixture(scope="module")
def honest(scn, tmp_path_factory):
    """Two honest result files of one competition, and the JSON text of the first."""
    folder = tmp_path_factory.mktemp("honest")
    paths = []
    for name, bot in (("Anna", "adaptive"), ("Bram", "balanced")):
        record, _ = play_record(scn, make_bot(bot, scn), 4821, name)
        paths.append(write_result(record, folder))
    return paths, paths[0].read_text(encoding="utf-8")


def _crafted(text: str) -> dict[str, str]:
    data = json.loads(text)
    turn = next(i for i, x in enumerate(data["inputs"]) if x["options"])
    uid, option = next(iter(data["inputs"][turn]["options"].items()))
    superscript = text.replace(f'"{uid}": "{option}"', f'"\u00b2": "{option}"', 1)
    assert superscript != text
    return {
        "superscript_digit.json": superscript,
        "huge_int.json": text.replace('"seed": 4821', '"seed": ' + "9" * 4301, 1),
        "lone_surrogate.json": text.replace('"player": "Anna"', '"player": "An\\ud800na"', 1),
        "format_true.json": text.replace('"format": 1', '"format": true', 1),
        "duplicate_key.json": text.replace('"player": "Anna"', '"player": "Anna", "player": "X"'),
        "nan_score.json": text.replace('"claimed_score": ', '"claimed_score": NaN, "x": ', 1),
        # found by the fuzzing suite: a list where a number of chips belongs
        "list_of_chips.json": re.sub(
            r'("chips": \{\s*"\w+": \{\s*"\w+": )\d+', r"\1[]", text, count=1
        ),
    }


def _mixed_folder(honest, folder):
    """The crafted files and the honest ones side by side in `folder`; returns the honest text."""
    paths, text = honest
    for name, bad in _crafted(text).items():
        (folder / name).write_text(bad, encoding="utf-8")
    for p in paths:
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    return text


def test_each_crafted_record_is_refused_with_a_reason(honest):
    for name, text in _crafted(honest[1]).items():
        with pytest.raises(RecordError) as info:
            GameRecord.from_json(text)
        assert len(str(info.value)) < 200, name


def test_replay_verify_reports_every_file_and_goes_on(honest, tmp_path, capsys):
    text = _mixed_folder(honest, tmp_path)
    code = main(["--lang", "en", "replay", "verify", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.count("unreadable") == 7 and "2 of 9 files verified" in out
    assert "Traceback" not in out
    for name in _crafted(text):
        assert verify_file(tmp_path / name, ScenarioShelf()).status == UNREADABLE


def test_one_participants_file_does_not_take_down_the_leaderboard(honest, tmp_path, capsys):
    _mixed_folder(honest, tmp_path)
    assert main(["--lang", "en", "leaderboard", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    ranking = out.split("Files that do not count")[0]
    assert "Anna" in ranking and "Bram" in ranking
    assert out.count("unreadable") == 7


def test_debrief_refuses_a_crafted_file_with_a_message(honest, tmp_path, capsys):
    for name, bad in _crafted(honest[1]).items():
        p = tmp_path / name
        p.write_text(bad, encoding="utf-8")
        assert main(["--lang", "en", "debrief", str(p)]) == 2
        assert name in capsys.readouterr().err


def test_debrief_refuses_illegal_moves_and_other_engine_versions(honest, tmp_path, capsys):
    data = json.loads(honest[1])
    member = next(iter(data["inputs"][0]["chips"]))
    data["inputs"][0]["chips"][member]["resultaat"] = 40  # more chips than the member has
    illegal = tmp_path / "illegal.json"
    illegal.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--lang", "en", "debrief", str(illegal), "--text", str(tmp_path / "d.txt")]) == 1
    assert "break the rules" in capsys.readouterr().err
    assert not (tmp_path / "d.txt").exists()  # nothing quietly repaired and written
    data = json.loads(honest[1])
    data["engine_version"] = "0"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--lang", "en", "debrief", str(old)]) == 1
    assert "engine version 0" in capsys.readouterr().err


def test_escape_sequences_in_names_and_files_reach_the_terminal_visibly(scn, tmp_path, capsys):
    fake = "x\x1b[2K\r!!  in orde 999.000"
    record, _ = play_record(scn, make_bot("balanced", scn), 4821, fake)
    write_result(record, tmp_path)
    (tmp_path / "bad\x1b[31mname.json").write_text("{", encoding="utf-8")
    main(["--lang", "en", "replay", "verify", str(tmp_path)])
    main(["--lang", "en", "leaderboard", str(tmp_path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out
    assert "\\x1b[2K" in out and "bad\\x1b[31mname.json" in out


def test_a_huge_value_gives_a_short_message(honest, tmp_path, capsys):
    text = honest[1].replace('"format": 1', '"format": "' + "x" * 2_600_000 + '"', 1)
    p = tmp_path / "big.json"
    p.write_text(text, encoding="utf-8")
    main(["--lang", "en", "replay", "verify", str(p)])
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) < 500
