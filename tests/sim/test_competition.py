"""Competition codes: typeable, typo-proof, and explained when they cannot start a game."""

import json

import pytest

from turbulentie_game.cli import main
from turbulentie_game.sim.competition import (
    CompetitionError,
    make_code,
    parse_code,
    result_name,
    start_from_code,
    write_result,
)
from turbulentie_game.sim.record import GameRecord


def test_a_code_round_trips_and_starts_the_installed_scenario(scn, default_path):
    code = make_code(scn.id, scn.content_hash, 4821)
    assert code == code.upper() and len(code) <= 32
    path, started, seed = start_from_code(code)
    assert path == default_path and started.content_hash == scn.content_hash and seed == 4821
    # spaces for dashes, lower case and look-alike letters in the digits are forgiven
    sloppy = code.lower().replace("-", " ").replace("_", " ").replace("0", "o")
    assert parse_code(sloppy) == parse_code(code)


def test_every_single_typo_is_caught(scn):
    code = make_code(scn.id, scn.content_hash, 4821)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    caught = tried = 0
    for i, ch in enumerate(code):
        if ch not in alphabet:
            continue
        for other in alphabet:
            if other == ch or (other, ch) in {("0", "O"), ("O", "0"), ("1", "I"), ("1", "L")}:
                continue
            typo = code[:i] + other + code[i + 1 :]
            try:
                comp = parse_code(typo)
            except CompetitionError:
                caught += 1
            else:
                # look-alikes in the digit parts read as the same digit: the same competition
                assert comp == parse_code(code), typo
            tried += 1
    assert caught >= tried - 4 * len(code)


@pytest.mark.parametrize(
    "code, reason",
    [
        ("hello", "malformed"),
        ("WIJK_IN_BEWEGING-3616F8-4821", "malformed"),
        ("", "malformed"),
        ("x" * 500, "malformed"),
    ],
)
def test_malformed_codes_are_explained(code, reason):
    with pytest.raises(CompetitionError) as info:
        parse_code(code)
    assert info.value.reason == reason


def test_unknown_scenario_and_other_version_are_explained(scn):
    with pytest.raises(CompetitionError) as info:
        start_from_code(make_code("havenstad", scn.content_hash, 7))
    assert info.value.reason == "unknown_scenario" and info.value.params["scenario"] == "havenstad"
    other = "ffffff" if not scn.content_hash.startswith("ffffff") else "000000"
    with pytest.raises(CompetitionError) as info:
        start_from_code(make_code(scn.id, other, 7))
    assert info.value.reason == "other_version"
    assert info.value.params["have"] == scn.content_hash[:6].upper()


def test_compete_new_prints_a_code_that_compete_show_accepts(capsys):
    assert (
        main(
            [
                "--lang",
                "en",
                "compete",
                "new",
                "wijk_in_beweging",
                "--seed",
                "12",
                "--name",
                "Day 1",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    code = next(line.strip() for line in out.splitlines() if line.startswith("    WIJK"))
    assert "Day 1" in out and "leaderboard" in out
    assert main(["compete", "show", code]) == 0
    assert (
        main(["--lang", "en", "compete", "show", code[:-1] + ("A" if code[-1] != "A" else "B")])
        == 2
    )
    assert "typo" in capsys.readouterr().err


def test_compete_new_refuses_bad_input(capsys):
    assert main(["compete", "new", "nope"]) == 2
    assert main(["compete", "new", "wijk_in_beweging", "--seed", "-1"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_simulate_code_results_writes_a_verifiable_file(scn, tmp_path, capsys):
    code = make_code(scn.id, scn.content_hash, 5)
    args = ["simulate", "--code", code, "--bot", "balanced", "--player", "Zoë", "--results"]
    assert main([*args, str(tmp_path), "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["seed"] == 5
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1 and files[0].name.startswith("zoe_wijk-in-beweging_5_")
    record = GameRecord.from_json(files[0].read_text(encoding="utf-8"))
    assert record.player == "Zoë"
    assert round(record.claimed_score, 3) == json.loads(out.out)["score"]
    # the same game again: the same name (unique for the content), no second file
    assert main([*args, str(tmp_path), "--json"]) == 0
    assert len(list(tmp_path.glob("*.json"))) == 1
    assert write_result(record, tmp_path).name == result_name(record, record.to_json())
    assert main(["simulate", "--code", "NOPE-000000-1-0", "--bot", "balanced"]) == 2
