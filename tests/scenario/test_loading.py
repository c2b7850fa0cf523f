"""Broken scenario files give positioned problems, never a traceback."""

import pytest

from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.load import ScenarioError


def _broken(tmp_path, default_path, old, new):
    text = default_path.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "broken.yaml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def _problems(path):
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    return err.value.problems


def test_unknown_key_points_at_its_line_and_suggests_a_fix(tmp_path, default_path):
    p = _broken(tmp_path, default_path, "turns: 20", "turnz: 20")
    probs = _problems(p)
    hit = [x for x in probs if "turnz" in x.message]
    assert hit and "did you mean 'turns'" in hit[0].message
    line = p.read_text().splitlines().index("turnz: 20") + 1
    assert hit[0].line == line and hit[0].column == 1
    assert str(hit[0]).startswith(f"{p}:{line}:1:")


def test_duplicate_keys_are_refused(tmp_path, default_path):
    p = _broken(tmp_path, default_path, "turns: 20", "turns: 20\nturns: 22")
    assert any("duplicate key 'turns'" in x.message for x in _problems(p))


def test_yes_no_never_silently_become_booleans(tmp_path, default_path):
    p = _broken(tmp_path, default_path, "once: true", "once: yes")
    assert any("true or false" in x.message for x in _problems(p))


def test_unknown_references_are_reported(tmp_path, default_path):
    p = _broken(tmp_path, default_path, "event: pers_escalatie}", "event: pers_escalatei}")
    probs = _problems(p)
    assert any(
        "unknown event 'pers_escalatei'" in x.message and "pers_escalatie" in x.message
        for x in probs
    )


def test_missing_file_and_not_yaml(tmp_path):
    assert "not found" in _problems(tmp_path / "nope.yaml")[0].message
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\n", encoding="utf-8")
    prob = _problems(bad)[0]
    assert prob.line >= 1 and prob.file == str(bad)


def test_alias_bombs_are_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines), encoding="utf-8")
    assert any("aliases" in p.message or "values" in p.message for p in _problems(bomb))
