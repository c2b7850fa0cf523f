"""`turbulentie-game bench`: figures a user can compare between machines."""

import json

from turbulentie_game.cli import main


def test_bench_prints_game_turns_per_cpu_and_wall_second_and_peak_memory(capsys):
    assert main(["bench", "--games", "40", "--bot", "balanced", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["games"] == 40 and got["bot"] == "balanced"
    assert 40 <= got["game_turns"] <= 40 * 22  # every game plays at least a turn
    assert got["turns_per_cpu_second"] > 0 and got["turns_per_wall_second"] > 0
    assert got["turns_per_cpu_second"] == round(got["game_turns"] / got["cpu_seconds"], 1)
    assert got["peak_mb"] is None or got["peak_mb"] > 1


def test_bench_speaks_dutch_and_english(capsys):
    assert main(["bench", "--games", "20", "--bot", "random"]) == 0
    nl = capsys.readouterr().out
    assert "spelbeurten per processorseconde" in nl and "piekgeheugen" in nl
    assert main(["--lang", "en", "bench", "--games", "20", "--bot", "random", "--chunk", "0"]) == 0
    assert "game-turns per CPU-second" in capsys.readouterr().out


def test_bench_refuses_bad_numbers_and_names_with_one_line(capsys):
    assert main(["bench", "--games", "0"]) == 2
    assert "--games" in capsys.readouterr().err
    assert main(["bench", "--games", "10", "--bot", "nobody"]) == 2
    assert "nobody" in capsys.readouterr().err
    assert main(["bench", "no_such_scenario", "--games", "10"]) == 2
