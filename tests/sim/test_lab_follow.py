"""`balance FILE --follow OUT`: the lab follows its own advice, one check at a time, keeps a
change only when the whole lab run again is better, and writes a new file."""

import json
import math
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import yaml

from turbulentie_game.cli import main
from turbulentie_game.sim.lab.advice import Advice, Trial
from turbulentie_game.sim.lab.checks import FAIL, _check
from turbulentie_game.sim.lab.figures import SHORTFALL_CAP, Figure, Z
from turbulentie_game.sim.lab.follow import better, candidates, standing

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


# ------------------------------------------------------------------ the acceptance rule


def _t(value: float, threshold: float = 3.0) -> Figure:
    """A t-like figure with standard error 1: its shortfall is threshold - value."""
    return Figure(value, value - Z, value + Z, threshold, ">=", "t")


def _lab(**checks) -> SimpleNamespace:
    """A synthetic lab result: each check a list of its figures' values (threshold 3, se 1);
    a value of None is a passing borderline figure."""
    out = []
    for cid, values in checks.items():
        items = {f"i{k}": _t(2.5 if v is None else v) for k, v in enumerate(values)}
        if any(v is None for v in values):
            items = {k: replace(f, threshold=2.0) for k, f in items.items()}
        out.append(_check(cid, items, []))
    return SimpleNamespace(checks=out)


def test_a_check_says_how_far_it_is_from_passing_in_its_own_standard_errors():
    lab = _lab(a=[1.0, -2.0, 5.0], b=[4.0])
    a, b = lab.checks
    assert a.status == FAIL and a.shortfall == pytest.approx(2.0 + 5.0)
    assert a.failing_items == 2
    assert b.shortfall == 0.0 and b.failing_items == 0
    # a figure that cannot be measured, or is absurdly far off, counts a capped amount
    assert Figure(math.nan, math.nan, math.nan, 0.3, ">=", "pct").shortfall == SHORTFALL_CAP
    assert _t(-1e6).shortfall == SHORTFALL_CAP
    s = standing(lab)
    assert s.fails == 1 and s.total == pytest.approx(7.0) and s.items == {"a": 2}


def test_fewer_failing_checks_is_better_unless_another_got_clearly_worse():
    before = _lab(a=[1.0], b=[2.0], c=[0.0])  # shortfalls 2, 1, 3
    assert better(before, _lab(a=[1.0], b=[4.0], c=[0.0])) == "fewer"
    # one fixed, another a little worse (within its noise): still better
    assert better(before, _lab(a=[0.0], b=[4.0], c=[0.0])) == "fewer"
    # one fixed, but another pushed much deeper into failure: not better
    assert better(before, _lab(a=[-5.0], b=[4.0], c=[0.0])) == ""
    # two fixed, one newly failing far below its threshold: not better
    assert better(before, _lab(a=[4.0], b=[4.0], c=[4.0], d=[-5.0])) == ""
    # ... and one newly failing just below it (within noise): better
    assert better(before, _lab(a=[4.0], b=[4.0], c=[4.0], d=[2.0])) == "fewer"


def test_as_many_failing_checks_is_better_when_clearly_closer_to_passing():
    before = _lab(a=[-7.0], b=[2.0])  # shortfalls 10 and 1
    assert better(before, _lab(a=[-1.0], b=[2.0])) == "closer"  # 10 -> 4: beyond the noise
    assert better(before, _lab(a=[-5.0], b=[2.0])) == ""  # 10 -> 8: within the noise
    assert better(before, _lab(a=[-1.0], b=[-3.0])) == ""  # b clearly worse
    assert better(before, _lab(a=[-1.0], b=[2.0], c=[2.5])) == ""  # c newly fails
    assert better(before, before) == ""
    # the same failing checks, no further from passing, fewer borderline
    near = _lab(a=[-7.0], b=[2.0], c=[None])
    assert better(near, _lab(a=[-7.0], b=[2.0], c=[6.0])) == "borderline"
    assert better(near, _lab(a=[-7.1], b=[2.0], c=[6.0])) == ""


def test_the_acceptance_rule_cannot_go_round_in_circles():
    """Every accepted step lowers (failing checks, total shortfall, borderline) strictly: over
    many random lab results, no accepted step ever raises that key."""
    rng = np.random.default_rng(7)
    labs = []
    for _ in range(60):
        labs.append(
            _lab(
                **{
                    c: [float(v) if v < 9 else None]
                    for c, v in zip("abcde", rng.uniform(-6, 10, 5), strict=True)
                }
            )
        )
    for x in labs:
        for y in labs:
            if better(x, y):
                sx, sy = standing(x), standing(y)
                assert (sy.fails, sy.total, sy.borderline) < (sx.fails, sx.total, sx.borderline)


def test_a_change_that_fixes_its_check_but_pushes_another_further_gets_that_ones_advice_on_top(
    default_path, tmp_path
):
    """In the walk-through, `cover_erosion` x 1.5 made `cover_must_be_earned` pass (3 checks
    failing instead of 4) but pushed another check further from passing, so it was not kept
    and the follow stopped. Now the advice of the check it pushed furthest is tried on top,
    and the two together are kept when they make the lab better."""
    from turbulentie_game.sim.lab.follow import follow
    from turbulentie_game.sim.lab.tweaks import Change

    def lab(file):
        data = yaml.safe_load(Path(file).read_text(encoding="utf-8"))
        consts = (data.get("tuning") or {}).get("constants") or {}
        x, y = consts.get("cover_erosion") == 9.0, consts.get("cover_gain") == 9.0
        if x and y:
            return _lab(a=[4.0], b=[2.5])  # a passes, b closer than at the start
        if x:
            return _lab(a=[4.0], b=[-5.0])  # a passes, b 8 standard errors short instead of 1
        return _lab(a=[1.0], b=[2.0])

    def advise_for(file, result, check):
        name = {"a": "cover_erosion", "b": "cover_gain"}[check.id]
        adv = _advice(check.id, f"constant:{name}", 2.0, True, 0.2)
        adv.changes = [Change(f"tuning.constants.{name}", 1.0, 9.0)]
        return [adv]

    heard = []
    done = follow(
        str(default_path), tmp_path / "out.yaml", lab, advise_for, 1, lambda k, p: heard.append(p)
    )
    steps = [(s.check, s.kept, s.on_top) for s in done.steps]
    assert steps == [("a", True, False), ("b", True, True)]
    assert done.final.checks[0].status != FAIL and done.rounds == 1
    written = yaml.safe_load((tmp_path / "out.yaml").read_text(encoding="utf-8"))
    assert written["tuning"]["constants"]["cover_erosion"] == 9.0
    assert written["tuning"]["constants"]["cover_gain"] == 9.0
