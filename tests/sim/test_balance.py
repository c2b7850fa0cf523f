"""The balance lab measures what direct simulation measures and flags what is unbalanced."""

import copy
import json
from dataclasses import replace

import numpy as np
import pytest
import yaml

from turbulentie_game.cli import main
from turbulentie_game.scenario.compile import read_scenario
from turbulentie_game.scenario.load import load_rules_spec
from turbulentie_game.scenario.spec import TuningSpec, WeightsSpec
from turbulentie_game.sim.balance import design_checks, lab_jobs, lab_summary, run_jobs, run_lab
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.runner import play, summary


def test_lab_numbers_agree_with_direct_simulation(default_path, scn):
    seeds = range(40, 46)
    result = run_lab(
        str(default_path), scn, games=6, bots=["balanced", "adaptive"], seed=40, checks=False
    )
    lab = lab_summary(result)
    for bot in ("balanced", "adaptive"):
        direct = [summary(scn, play(scn, [s], make_bot(bot, scn)).state) for s in seeds]
        got = lab["bots"][bot]
        assert got["score"]["mean"] == pytest.approx(
            np.mean([d["score"] for d in direct]), abs=1e-3
        )
        for meter in ("public_value", "political_cover", "trust"):
            assert got["final"][meter] == pytest.approx(
                np.mean([d["final"][meter] for d in direct]), abs=1e-3
            )
        for kind, mean in got["events_by_kind"].items():
            assert mean == pytest.approx(
                np.mean([d["events_by_kind"][kind] for d in direct]), abs=1e-3
            )


def test_two_worker_processes_give_the_same_numbers(default_path, scn):
    one = run_lab(
        str(default_path), scn, games=24, bots=["random", "adaptive"], seed=3, checks=False
    )
    two = run_lab(
        str(default_path),
        scn,
        games=24,
        bots=["random", "adaptive"],
        seed=3,
        checks=False,
        n_jobs=2,
    )
    assert lab_summary(one) == lab_summary(two)
    # the workers take the longest jobs first; the report lists the bots in the same order
    assert list(two.stats) == list(one.stats) == ["random", "adaptive"]


def _lopsided(default_spec, folder):
    """The default scenario made unbalanced: every demand on one expectation, that expectation
    also feeding cover, trust and network work (its `tuning`), organisation development
    without effect, and an event that can never fire."""
    rules = load_rules_spec()
    events = [
        ev.model_copy(update={"demand": {"resultaat": sum(ev.demand.values())}, "options": []})
        for ev in default_spec.events
    ]
    never = events[0].model_copy(update={"id": "nooit", "when": {"turn": {"min": 99}}})
    task = default_spec.task.model_copy(
        update={"demand": {"resultaat": sum(default_spec.task.demand.values())}}
    )
    tuning = TuningSpec(
        expectations={"resultaat": WeightsSpec(cover=1.0, trust=1.0, network=1.0)},
        traits={t.id: dict.fromkeys(t.effects, 0.0) for t in rules.traits},
    )
    spec = default_spec.model_copy(
        update={"id": "scheef", "events": [*events, never], "task": task, "tuning": tuning}
    )
    path = folder / "scheef.yaml"
    data = spec.model_dump(mode="json", exclude_none=True, warnings=False)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    read_scenario(path)  # still a valid scenario
    return path


def test_an_unbalanced_scenario_fails_the_matching_checks(default_spec, tmp_path, capsys):
    path = _lopsided(default_spec, tmp_path)
    report = tmp_path / "report"
    args = ["balance", str(path), "--games", "80", "--json", "--report", str(report)]
    code = main([*args, "--no-advice"])
    assert code == 1
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    page = (report / "index.html").read_text(encoding="utf-8")
    # the report speaks the user's language (Dutch by default)
    assert page.count("<img") >= 5 and "FOUT" in page and "nooit" in page
    assert "FOUT" in (report / "report.md").read_text(encoding="utf-8")
    assert (report / "scores.png").stat().st_size > 10_000
    # the dominant expectation: its single-focus bot comes near the adaptive one ...
    assert not checks["adaptive_beats_single_focus"]["passed"]
    assert "single:resultaat" in checks["adaptive_beats_single_focus"]["text"]
    # ... and the expectations nothing asks for any more are named
    assert not checks["every_lever_matters"]["passed"]
    for idle in ("zaak", "relatie", "toegankelijk"):
        assert idle in checks["every_lever_matters"]["text"]
    # the event that can never fire is named
    assert not checks["every_event_fires"]["passed"]
    assert "nooit" in checks["every_event_fires"]["text"]
    # what the changes did not touch still passes (up_versus_out is touched: when every event
    # asks only for results, pure managing up fails them all and, in model 2.0, loses its cover)
    assert checks["no_dominant_option"]["passed"]


def test_a_dominant_strategy_and_a_silent_event_fail_exactly_their_checks(default_path, scn):
    jobs = lab_jobs(scn, [], 60, 7, checks=True)
    stats = run_jobs(str(default_path), jobs)
    before = {c.id for c in design_checks(scn, stats) if not c.passed}
    rigged = copy.copy(stats)
    # a single-focus bot that does as well as the adaptive one, and an event that never fires
    rigged["single:zaak"] = replace(stats["adaptive"], bot="single:zaak")
    for key, st in stats.items():
        fired = st.fired.copy()
        fired[:, 3] = 0
        rigged[key] = replace(rigged.get(key, st), fired=fired)
    after = {c.id for c in design_checks(scn, rigged) if not c.passed}
    assert after - before == {"adaptive_beats_single_focus", "every_event_fires"}
    assert before <= after


def test_balance_refuses_bad_input(default_path, capsys):
    assert main(["balance", str(default_path), "--games", "3"]) == 2
    assert main(["balance", str(default_path), "--bots", "hero"]) == 2
    assert main(["balance", "no/such/file.yaml"]) == 2


def test_setting_ended_games_aside_changes_no_number(default_path, scn, monkeypatch):
    from turbulentie_game.sim.lab import runs

    jobs = [
        j
        for j in lab_jobs(scn, None, 60, 11)
        if j.key in ("random", "managing-out", "single:zaak", "adaptive", "uniform_team")
        or j.key.startswith("force:")
    ]
    assert len(jobs) >= 6
    monkeypatch.setattr(runs, "COMPACT", -1.0)  # never: every game stays in the batch
    whole = [runs.run_job(str(default_path), j)[1] for j in jobs]
    monkeypatch.setattr(runs, "COMPACT", 1.0)  # after every turn in which a game ended
    apart = [runs.run_job(str(default_path), j)[1] for j in jobs]
    # games end at different turns, so there is something to set aside
    assert sum(a.ended_turn.min() < a.ended_turn.max() for a in whole) >= 3
    for job, a, b in zip(jobs, whole, apart, strict=True):
        for name in a.__dataclass_fields__:
            x, y = getattr(a, name), getattr(b, name)
            if name != "bot":
                assert x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), (
                    job.key,
                    name,
                )
