"""The command line as a user meets it."""

import json
import os
import subprocess
import sys

from turbulentie_game.cli import main


def _run(*args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "turbulentie_game.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_simulate_json_is_reproducible_and_complete(default_path, capsys):
    args = ["simulate", str(default_path), "--seed", "7", "--bot", "adaptive", "--json"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    for key in ("score", "turns_played", "ended_because", "final", "events_by_kind", "history"):
        assert key in data
    assert set(data["final"]) == {"public_value", "political_cover", "trust"}
    assert set(data["events_by_kind"]) == {"agenda", "electoral", "authority", "temporal"}
    assert len(data["history"]) == data["turns_played"] + 1
    assert main(["simulate", str(default_path), "--seed", "8", "--bot", "adaptive", "--json"]) == 0
    assert capsys.readouterr().out != first


def test_readable_summary_explains_each_turn_in_dutch_and_english(default_path, capsys):
    assert main(["simulate", str(default_path), "--seed", "3", "--bot", "balanced"]) == 0
    out = capsys.readouterr().out
    assert "Beurt 1/" in out and "publieke waarde" in out and "Score" in out
    assert (
        main(["--lang", "en", "simulate", str(default_path), "--seed", "3", "--bot", "balanced"])
        == 0
    )
    out = capsys.readouterr().out
    assert "Turn 1/" in out and "public value" in out


def test_wrong_scenario_path_gives_one_line_and_exit_2():
    res = _run("simulate", "does/not/exist.yaml", "--seed", "1", "--bot", "adaptive")
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr


def test_wrong_bot_gives_one_line_and_exit_2(default_path):
    res = _run("simulate", str(default_path), "--bot", "hero")
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1
    assert "hero" in res.stderr


def test_scenarios_lists_the_default_first(capsys):
    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert "wijk_in_beweging" in lines[1]


def test_simulate_accepts_a_builtin_id(capsys):
    assert main(["simulate", "wijk_in_beweging", "--seed", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["scenario"] == "wijk_in_beweging"


def test_without_a_command_the_game_opens_with_the_given_options(monkeypatch):
    from turbulentie_game import cli

    seen = []
    monkeypatch.setitem(
        cli.COMMANDS,
        "play",
        lambda args, t: seen.append((t.lang, args.fullscreen, args.scenario)) or 0,
    )
    for argv, want in (
        ([], ("nl", None, None)),
        (["--lang", "en"], ("en", None, None)),
        (["--lang=en", "--fullscreen"], ("en", True, None)),
        (["wijk_in_beweging"], ("nl", None, "wijk_in_beweging")),
    ):
        assert cli.main(argv) == 0
        assert seen[-1] == want, argv


def test_the_language_option_works_after_the_command_too(default_path, capsys):
    assert (
        main(["simulate", str(default_path), "--seed", "3", "--bot", "balanced", "--lang", "en"])
        == 0
    )
    after = capsys.readouterr().out
    assert (
        main(["--lang", "en", "simulate", str(default_path), "--seed", "3", "--bot", "balanced"])
        == 0
    )
    assert capsys.readouterr().out == after
    assert (
        main(["simulate", str(default_path), "--seed", "3", "--bot", "balanced", "--lang=nl"]) == 0
    )
    assert capsys.readouterr().out != after


def test_options_for_one_run_are_not_saved_but_a_change_in_the_window_is(tmp_path):
    from turbulentie_game.play.storage import Settings

    Settings(lang="nl", size=(1600, 900), player="Anna").save(tmp_path)
    s = Settings.load(tmp_path)
    s.for_this_run("lang", "en")
    s.for_this_run("size", (1920, 1080))
    s.intro_done = True
    s.save(tmp_path)
    kept = Settings.load(tmp_path)
    assert (kept.lang, kept.size, kept.intro_done) == ("nl", (1600, 900), True)
    s = s.copy()
    s.lang, s.size = "en", (1280, 720)  # the player picks these in the settings screen
    s.chosen("lang")
    s.chosen("size")
    s.save(tmp_path)
    assert (Settings.load(tmp_path).lang, Settings.load(tmp_path).size) == ("en", (1280, 720))
