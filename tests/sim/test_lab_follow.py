"""`balance FILE --follow OUT`: the lab follows its own advice, one check at a time, keeps a
change only when the whole lab run again is better, and writes a new file."""

import json

import yaml

from turbulentie_game.cli import main
from turbulentie_game.sim.lab.advice import Advice, Trial
from turbulentie_game.sim.lab.figures import Figure
from turbulentie_game.sim.lab.follow import candidates

from .test_lab_advice import DILEMMA, OPTION, _dominant


def _fig(margin: float) -> Figure:
    return Figure(0.5 + margin, 0.4 + margin, 0.6 + margin, 0.5, ">=", "share")


def _advice(item: str, lever: str, factor: float, passed: bool, margin: float) -> Advice:
    fig = _fig(margin)
    adv = Advice("c", item, lever, item, _fig(-0.4), factor=factor, figure=fig)
    assert adv.passed == passed  # the figure decides: margin > 0 passes
    return adv


def test_candidates_try_all_passing_advice_together_then_each_then_the_best_short_one():
    a = _advice("x", "constant:a", 2.0, True, 0.2)
    a.trials = [Trial(1.5, _fig(-0.1)), Trial(2.0, a.figure)]  # 1.5 came closer than before
    b = _advice("y", "constant:b", 1.5, True, 0.2)
    b.trials = [Trial(1.2, _fig(-0.5)), Trial(1.5, b.figure)]  # 1.2 did not move it
    both = candidates([a, b, _advice("y", "constant:c", 3.0, False, -0.3)])
    assert [[(adv.lever, f) for adv, f in group] for group in both] == [
        [("constant:a", 2.0), ("constant:b", 1.5)],
        [("constant:a", 2.0)],
        [("constant:b", 1.5)],
        [("constant:a", 1.5)],  # the smaller change, in case it breaks less elsewhere
    ]
    worse = _advice("x", "constant:d", 3.0, False, -0.3)
    closer = _advice("x", "constant:e", 3.0, False, -0.1)
    (only,) = candidates([worse, closer])  # nothing passed: the one that came closest
    assert [adv.lever for adv, _ in only] == ["constant:e"]


def test_following_the_advice_for_a_free_win_writes_a_file_whose_lab_passes(
    default_spec, tmp_path, capsys
):
    path, _ = _dominant(default_spec, tmp_path)
    original = path.read_text(encoding="utf-8")
    out = tmp_path / "gevolgd.yaml"
    check = ["--check", "no_dominant_option", "--games", "80"]
    assert main(["balance", str(path), *check, "--follow", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    followed = summary["followed"]
    assert followed["reason"] == "passed" and followed["out"] == str(out)
    kept = [s for s in followed["steps"] if s["kept"]]
    assert kept and kept[0]["check"] == "no_dominant_option"
    assert any(
        lever.startswith(f"option_effects:{DILEMMA}/{OPTION}") for lever, _ in kept[0]["levers"]
    )
    assert kept[0]["fails_before"] == ["no_dominant_option"] and kept[0]["fails_after"] == []
    # the designer's own file is untouched; the new one holds the changed numbers
    assert path.read_text(encoding="utf-8") == original
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    event = next(e for e in data["events"] if e["id"] == DILEMMA)
    option = next(o for o in event["options"] if o["id"] == OPTION)
    assert all(eff["by"] < 30 for eff in option["choose"])
    # and the lab, run on the file written, passes by itself
    assert main(["balance", str(out), *check, "--no-advice"]) == 0
    capsys.readouterr()


def test_follow_refuses_to_write_over_the_scenario_itself(default_spec, tmp_path, capsys):
    path, _ = _dominant(default_spec, tmp_path)
    assert main(["balance", str(path), "--follow", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "--follow writes a new file" in err and str(path) in err
