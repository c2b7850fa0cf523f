"""The adaptive bot's study is kept in the cache folder: read back exactly, rebuilt when unusable."""

import json
from dataclasses import replace

import numpy as np
import pytest

from turbulentie_game.cli import main
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.sim import bots, study_cache
from turbulentie_game.sim.runner import play


@pytest.fixture(scope="module")
def learnt(scn):
    return bots.study(scn)


@pytest.fixture
def fresh(monkeypatch):
    """No study in this process's memory; counts the studies made (each returns `made`)."""
    monkeypatch.setattr(bots, "_STUDIES", {})
    calls = []
    made = bots.Study(np.linspace(0.0, 0.5, 10), 0.5, 1.0)

    def fake_study(scn, progress=None):
        calls.append(scn.id)
        return made

    monkeypatch.setattr(bots, "study", fake_study)
    return calls, made


def test_a_stored_study_reads_back_bit_for_bit_and_plays_the_same_games(scn, learnt, tmp_path):
    path = study_cache.save(scn, learnt, tmp_path)
    assert path is not None and path.parent == tmp_path / "studies"
    back = study_cache.load(scn, tmp_path)
    assert back.trait_values.tobytes() == learnt.trait_values.tobytes()
    assert (back.invest, back.spread) == (learnt.invest, learnt.spread)
    seeds = np.arange(60)
    a = play(scn, seeds, bots.AdaptiveBot("adaptive", learnt=learnt)).scores
    b = play(scn, seeds, bots.AdaptiveBot("adaptive", learnt=back)).scores
    assert np.array_equal(a, b)


def test_a_warm_cache_makes_no_study(scn, learnt, tmp_path, fresh):
    calls, _ = fresh
    study_cache.save(scn, learnt, tmp_path)
    notices = []
    got = study_cache.ensure(scn, lambda *a: notices.append(a), tmp_path)
    assert calls == [] and notices == []
    assert np.array_equal(got.trait_values, learnt.trait_values)
    assert bots._STUDIES[bots.study_id(scn)] is got  # the bot now finds it in memory


def test_a_cold_cache_studies_once_with_a_notice_and_keeps_it(scn, tmp_path, fresh):
    calls, made = fresh
    notices = []
    first = study_cache.ensure(scn, lambda *a: notices.append(a), tmp_path)
    assert calls == [scn.id] and first is made
    assert notices[0] == (scn.id, None) and notices[1][1] >= 0.0
    bots._STUDIES.clear()  # a new process
    again = study_cache.ensure(scn, lambda *a: notices.append(a), tmp_path)
    assert calls == [scn.id] and len(notices) == 2
    assert np.array_equal(again.trait_values, made.trait_values)


def _corruptions(scn, path):
    good = json.loads(path.read_text())
    yield "garbage", b"\x00\xff not json"
    yield "truncated", path.read_bytes()[:40]
    yield "not an object", b"[1, 2, 3]"
    yield "other key", json.dumps({**good, "key": "0" * 64}).encode()
    yield "too few traits", json.dumps({**good, "trait_values": [0.1]}).encode()
    yield "not a number", json.dumps({**good, "invest": "2"}).encode()
    yield "infinite", json.dumps({**good, "invest": 1e400}).encode()
    yield "spread out of range", json.dumps({**good, "spread": 7.0}).encode()
    yield "too large", b" " * (study_cache.MAX_BYTES + 10) + path.read_bytes()


def test_an_unusable_study_file_is_ignored_and_made_again(scn, learnt, tmp_path, fresh):
    calls, made = fresh
    path = study_cache.save(scn, learnt, tmp_path)
    for why, data in list(_corruptions(scn, path)):
        path.write_bytes(data)
        bots._STUDIES.clear()
        got = study_cache.ensure(scn, None, tmp_path)
        assert got is made, why
        assert study_cache.load(scn, tmp_path) is not None, f"{why}: not rewritten"
    assert len(calls) == 9


def test_an_unwritable_cache_folder_does_not_stop_the_game(scn, tmp_path, fresh):
    _, made = fresh
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    assert study_cache.ensure(scn, None, blocked) is made
    assert study_cache.save(scn, made, blocked) is None


def test_a_changed_bot_engine_or_scenario_is_another_study(scn, default_path, monkeypatch):
    key = study_cache.study_key(scn)
    assert study_cache.study_key(load_scenario(default_path)) == key  # the same file again
    other = scn.start_traits.copy()
    other[0] += 1.0
    assert study_cache.study_key(replace(scn, start_traits=other)) != key  # same content hash
    with monkeypatch.context() as m:
        m.setitem(bots.ADAPTIVE_DEFAULTS, "invest", 11.0)
        assert study_cache.study_key(scn) != key
    with monkeypatch.context() as m:
        m.setattr(bots, "CALIBRATION_STEP", 20.0)
        assert study_cache.study_key(scn) != key
    with monkeypatch.context() as m:
        m.setattr(study_cache, "_CODE_VERSION", "an edited bots.py")
        assert study_cache.study_key(scn) != key
    with monkeypatch.context() as m:
        m.setattr(study_cache, "ENGINE_VERSION", study_cache.ENGINE_VERSION + "-next")
        assert study_cache.study_key(scn) != key


def test_the_code_version_follows_the_source_of_the_engine_and_the_bots():
    names = {p.relative_to(study_cache._PACKAGE).as_posix()
             for pattern in study_cache._CODE for p in study_cache._PACKAGE.glob(pattern)}  # fmt: skip
    assert {"sim/bots.py", "sim/runner.py", "core/engine.py", "core/resolution.py"} <= names


def test_simulate_reads_the_cache_folder_and_says_when_it_studies(
    scn, learnt, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("TURBULENTIE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(bots, "_STUDIES", {})
    made = []
    real = bots.study

    def counted(s, progress=None):  # bots.study, except that it knows the study already
        if bots.study_id(s) in bots._STUDIES:
            return bots._STUDIES[bots.study_id(s)]
        made.append(s.id)
        return learnt if s.content_hash == scn.content_hash else real(s, progress)

    monkeypatch.setattr(bots, "study", counted)
    argv = ["--lang", "en", "simulate", "wijk_in_beweging", "--seed", "5", "--json"]
    assert main(argv) == 0
    cold = capsys.readouterr()
    assert "studying scenario wijk_in_beweging" in cold.err and made == ["wijk_in_beweging"]
    assert list((tmp_path / "studies").glob("wijk_in_beweging-*.json"))
    bots._STUDIES.clear()  # as in a new process
    assert main(argv) == 0
    warm = capsys.readouterr()
    assert warm.err == "" and made == ["wijk_in_beweging"]
    assert json.loads(warm.out) == json.loads(cold.out)


def test_a_study_tells_its_progress_step_by_step_and_on_a_terminal_line(scn, tmp_path, monkeypatch):
    import io

    from turbulentie_game.cli.common import progress_line

    monkeypatch.setattr(bots, "_STUDIES", {})
    short = replace(scn, n_turns=3)  # a shorter game is another study, and a quick one
    steps = []
    study_cache.ensure(short, None, tmp_path, progress=lambda d, n: steps.append((d, n)))
    total = bots.study_steps(short)
    assert total == 2 * short.rules.n_traits + 12
    assert steps == [(d, total) for d in range(1, total + 1)]
    # warm: nothing to tell
    steps.clear()
    assert study_cache.ready(short, tmp_path)
    study_cache.ensure(short, None, tmp_path, progress=lambda d, n: steps.append((d, n)))
    assert steps == []

    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    bar = progress_line(out)
    for d in range(1, 5):
        bar(d, 4)
    drawn = out.getvalue()
    assert drawn.count("\r") == 4 and drawn.endswith("] 4/4\n")
    assert f"[{'#' * 15:<30}] 2/4" in drawn
    assert progress_line(io.StringIO()) is None  # a pipe or a log: no half-drawn lines
