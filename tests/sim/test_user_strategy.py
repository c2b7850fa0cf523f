"""A user's own strategy file plays through the same seam as the built-in bots."""

import json
from pathlib import Path

import numpy as np
import pytest

from turbulentie_game.cli import main
from turbulentie_game.sim.bots import UnknownBot, make_bot
from turbulentie_game.sim.runner import play

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "steady_hand.py"


def test_the_documented_example_plays_in_simulate_and_in_the_lab(default_path, capsys):
    spec = f"{EXAMPLE}:SteadyHand"
    assert main(["simulate", str(default_path), "--seed", "4", "--bot", spec, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["turns_played"] >= 1
    assert main(
        ["balance", str(default_path), "--games", "20", "--bots", f"random,{spec}", "--json"]
    ) in (0, 1)
    lab = json.loads(capsys.readouterr().out)
    assert set(lab["bots"]) == {"random", spec}  # --bots plays only those bots (issue 14)
    assert lab["bots"][spec]["games"] == 20
    best = next(c for c in lab["checks"] if c["id"] == "best_bot_not_saturated")
    assert best["status"] != "skipped"  # the best of the bots played
    assert (
        "adaptive" in next(c for c in lab["checks"] if c["id"] == "every_lever_matters")["needs"][0]
    )


def test_a_user_strategy_is_deterministic_and_sees_read_only_arrays(scn, tmp_path):
    a = play(scn, np.arange(6), make_bot(f"{EXAMPLE}:SteadyHand", scn)).scores
    b = play(scn, np.arange(6), make_bot(f"{EXAMPLE}:SteadyHand", scn)).scores
    assert np.array_equal(a, b)
    cheat = tmp_path / "cheat.py"
    cheat.write_text(
        "class Cheat:\n    def decide(self, obs):\n        obs.meters[:] = 100.0\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="read-only"):
        play(scn, [1], make_bot(f"{cheat}:Cheat", scn))


@pytest.mark.parametrize(
    "content, spec_tail, fragment",
    [
        (None, "missing.py:X", "no strategy file"),
        ("x = 1\n", ":Nothing", "has no class 'Nothing'"),
        ("raise RuntimeError('boom')\n", ":X", "RuntimeError: boom"),
    ],
)
def test_a_broken_strategy_file_is_named_with_the_reason(
    scn, tmp_path, content, spec_tail, fragment
):
    path = tmp_path / "mine.py"
    if content is not None:
        path.write_text(content, encoding="utf-8")
        spec = f"{path}{spec_tail}"
    else:
        spec = str(tmp_path / spec_tail)
    with pytest.raises(UnknownBot, match=fragment):
        make_bot(spec, scn)
