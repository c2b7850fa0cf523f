"""The designer's tools: JSON Schema, lint rules, commands and their exit codes, robustness."""

import json
import os
import subprocess
import sys

import jsonschema
import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from turbulentie_game.cli import main
from turbulentie_game.core.model import END_RUNNING
from turbulentie_game.paths import assets_dir, scenarios_dir
from turbulentie_game.scenario.check import TEMPLATE, check_file
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.lint import RULES
from turbulentie_game.scenario.load import ScenarioError, load_rules_spec, parse
from turbulentie_game.scenario.schema import (
    DRAFT_07_KEYWORDS,
    SCHEMA_FILE,
    keywords_used,
    scenario_schema,
    schema_text,
)
from turbulentie_game.scenario.spec import ScenarioSpec
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.runner import play

TEMPLATE_TEXT = (assets_dir() / TEMPLATE).read_text(encoding="utf-8").replace("__ID__", "demo")
BUILTINS = sorted(scenarios_dir().glob("*.yaml"))


def _write(tmp_path, text, name="demo.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --------------------------------------------------------------------------- schema


def test_committed_schema_is_current():
    committed = (scenarios_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(load_rules_spec()), (
        "run: uv run turbulentie-game schema --out scenarios/scenario.schema.json"
    )


def test_schema_is_draft_07_with_hover_text():
    schema = scenario_schema(load_rules_spec())
    jsonschema.Draft7Validator.check_schema(schema)
    assert keywords_used(schema) <= DRAFT_07_KEYWORDS
    event = schema["definitions"]["EventSpec"]["properties"]
    assert all(prop.get("description") for prop in event.values())


@pytest.mark.parametrize("path", BUILTINS, ids=[p.stem for p in BUILTINS])
def test_schema_accepts_every_builtin_scenario(path):
    validator = jsonschema.Draft7Validator(scenario_schema(load_rules_spec()))
    assert list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == []
    assert path.read_text(encoding="utf-8").startswith(
        f"# yaml-language-server: $schema={SCHEMA_FILE}\n"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("turns: 12", "turnz: 12"),
        ("archetype: macher", "archetype: hero"),
        ("  value_rate: 6\n", "  value_rate: lots\n"),
        ("{op: meter, meter: trust, by: 2}", "{op: metre, meter: trust, by: 2}"),
        ("skills: {relatie: 4,", "skills: {relatei: 4,"),
    ],
)
def test_schema_rejects_broken_scenarios(old, new):
    validator = jsonschema.Draft7Validator(scenario_schema(load_rules_spec()))
    data = yaml.safe_load(TEMPLATE_TEXT.replace(old, new, 1))
    assert list(validator.iter_errors(data))


# --------------------------------------------------------------------------- lint

# rule -> (replacements in the template, text on the line the first warning must point at)
LINT_CASES = {
    "L001": ([("when: {turn: {min: 2}}", "when: {turn: {min: 13}}")], "turn: {min: 13}"),
    "L002": ([("when: {poreus: {min: 55}}", "when: {poreus: {above: 100}}")], "poreus: {above"),
    "L003": ([("    event: verkiezingen\n", "")], "  - id: verkiezingen"),
    "L004": ([("  en: One sentence shown in the menu.\n", "")], "nl: Eén zin"),
    "L005": ([("demand: {politiek: 5, context: 3}", "demand: {politiek: 5}")], "context: 3, politiek"),
    "L006": (
        [("skills: {politiek: 4, transparant: 3, zaak: 2", "skills: {politiek: 4, zaak: 2"),
         ("verbindend: 2, transparant: 1}", "verbindend: 2}")],
        "demand: {politiek: 3, transparant: 3}",
    ),
    "L007": ([("    cooldown: 3\n    deadline: 1\n", "    cooldown: 3  # x\n    once: true\n"
               "    deadline: 1\n")], "cooldown: 3  # x"),
    "L008": (
        [("  - id: eerder_klaar\n    kind: temporal", "  - id: eerder_klaar\n    kind: agenda"),
         ("  - id: radio_interview\n    kind: temporal", "  - id: radio_interview\n    kind: agenda")],
        "temporal: {base_rate",
    ),
    "L009": ([("demand: {transparant: 5, relatie: 4}", "demand: {transparant: 3, zaak: 3}\n"
               "        choose:\n          - {op: meter, meter: political_cover, by: 1}"),
              ("      - {op: meter, meter: trust, by: 4}", "      - {op: meter, meter: trust, by: -1}"),
              ("        stance: out\n", "        stance: rule\n")],
             "id: uitnodigen"),
}  # fmt: skip


@pytest.mark.parametrize("rule", sorted(LINT_CASES))
def test_lint_finds_each_rule_on_the_right_line(tmp_path, rule):
    replacements, marker = LINT_CASES[rule]
    text = TEMPLATE_TEXT
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    report = check_file(_write(tmp_path, text), lint=True)
    assert report.valid, report.errors
    found = [w for w in report.warnings if w.rule == rule]
    line = [i for i, s in enumerate(text.splitlines(), 1) if marker in s][-1]
    assert found and found[0].problem.line == line, [str(w) for w in found]
    assert f"warning {rule} [{RULES[rule][0]}]" in str(found[0])


def test_builtin_scenarios_are_lint_clean(tmp_path):
    for path in BUILTINS:
        assert check_file(path, lint=True).warnings == [], path


# --------------------------------------------------------------------------- commands


def _cli(*args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "turbulentie_game.cli", "--lang", "en", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_validate_exit_codes(tmp_path, capsys):
    good = _write(tmp_path, TEMPLATE_TEXT, "good.yaml")
    bad = _write(tmp_path, TEMPLATE_TEXT.replace("turns: 12", "turnz: 12"), "bad.yaml")
    assert main(["validate", *map(str, BUILTINS)]) == 0
    assert main(["validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:" in out and "bedoel je 'turns'" in out  # in the user's language
    assert main(["validate", str(good), str(tmp_path / "missing.yaml")]) == 2
    (tmp_path / "junk.yaml").write_bytes(b"\xff\xfe\x00junk")
    assert main(["validate", str(tmp_path / "junk.yaml")]) == 2
    res = _cli("validate")
    assert res.returncode == 2 and "Traceback" not in res.stderr


def test_lint_command_and_strict_mode(tmp_path, capsys):
    text = TEMPLATE_TEXT.replace("  en: One sentence shown in the menu.\n", "")
    p = _write(tmp_path, text)
    assert main(["lint", str(p)]) == 0
    assert "L004" in capsys.readouterr().out
    assert main(["lint", "--strict", str(p)]) == 1
    assert main(["lint", "--strict", "--ignore", "L004", str(p)]) == 0
    assert main(["lint", "--ignore", "L999", str(p)]) == 2


def test_schema_command_prints_the_committed_schema():
    res = _cli("schema")
    assert res.returncode == 0
    assert json.loads(res.stdout) == json.loads(
        (scenarios_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    )


def test_new_then_validate_then_simulate(tmp_path, capsys):
    target = tmp_path / "demo.yaml"
    assert main(["new", "demo", "--out", str(target)]) == 0
    first = target.read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=")
    assert main(["validate", str(target)]) == 0
    assert main(["simulate", str(target), "--seed", "3", "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{") :])["ended_because"] == "completed"
    assert main(["new", "demo", "--out", str(target)]) == 1  # never overwrites
    assert target.read_text(encoding="utf-8") == first
    assert main(["new", "Not An Id", "--out", str(tmp_path / "x.yaml")]) == 2
    assert not (tmp_path / "x.yaml").exists()


# --------------------------------------------------------------------------- play and robustness


@pytest.mark.parametrize("path", BUILTINS, ids=[p.stem for p in BUILTINS])
def test_every_builtin_plays_to_its_end_with_every_bot(path):
    scn = load_scenario(path)
    bots = ["random", "balanced", "managing-up", "managing-out", "adaptive"]
    bots += [f"single:{e.id}" for e in scn.rules.expectations]
    for name in bots:
        result = play(scn, np.arange(4), make_bot(name, scn))
        assert (result.state.ended_because != END_RUNNING).all(), name


@pytest.mark.parametrize("name", ["jeugdteam_offline", "eiland_in_balans", "waterschap_op_koers"])
def test_new_builtins_are_rich(name):
    scn = load_scenario(scenarios_dir() / f"{name}.yaml")
    assert len(scn.templates) >= 20 and (scn.t_n_options >= 2).sum() >= 5
    assert {int(k) for k in scn.t_kind} == {0, 1, 2, 3}
    assert {int(p) for p in scn.t_polarity} == {0, 1}
    assert (scn.bundles.follow_up >= 0).any() and any(c.template >= 0 for c in scn.calendar)


_LINES = TEMPLATE_TEXT.splitlines(keepends=True)


@settings(
    max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "insert", "replace"]),
            st.integers(0, len(_LINES) - 1),
            st.text(alphabet=" :-[]{}#&*!|>'\"\t\nab1", max_size=6),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_scenarios_give_a_scenario_or_positioned_errors(mutations):
    lines = list(_LINES)
    for op, i, junk in mutations:
        i %= len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, junk + "\n")
        else:
            pos = len(lines[i]) // 2
            lines[i] = lines[i][:pos] + junk + lines[i][pos:]
        if not lines:
            lines = ["\n"]
    text = "".join(lines)
    try:
        parse(text, "m.yaml", ScenarioSpec)
    except ScenarioError as exc:
        assert exc.problems
        n_lines = text.count("\n") + 2
        for p in exc.problems:
            assert 1 <= p.line <= n_lines and p.column >= 1 and p.message
