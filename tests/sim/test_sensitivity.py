"""Sensitivity screening: a number made decisive on purpose comes out on top."""

import json

from turbulentie_game.cli import main
from turbulentie_game.paths import assets_dir
from turbulentie_game.scenario.check import TEMPLATE
from turbulentie_game.sim.sensitivity import parameters

TEMPLATE_TEXT = (assets_dir() / TEMPLATE).read_text(encoding="utf-8").replace("__ID__", "demo")


WINDFALL = """  - id: meevaller
    kind: agenda
    polarity: opportunity
    spontaneous: false
    title: {nl: Een meevaller, en: A windfall}
    text: {nl: Er komt geld vrij., en: Money comes free.}
    demand: {resultaat: 1}
    options:
      - id: ja
        label: {nl: Ja, en: Yes}
        choose: [{op: lasting, meter: public_value, per_turn: 8, turns: 10}]
      - id: graag
        label: {nl: Graag, en: Gladly}
        choose: [{op: lasting, meter: public_value, per_turn: 8, turns: 10}]
"""


def _decisive(tmp_path):
    """The template with a windfall on turn 2 that adds public value for ten turns, whatever is
    chosen: the size of its effects decides the score (skills, decay and the soft limits made
    to matter less; the template's options without their stances, as this test was made)."""
    text = "".join(line for line in TEMPLATE_TEXT.splitlines(True) if "stance:" not in line)
    calendar = next(line for line in text.splitlines(True) if line.startswith("calendar:"))
    date = "  - {id: meevaller_datum, turn: 2, title: {nl: Meevaller}, event: meevaller}\n"
    for old, new in [
        (calendar, calendar + date),
        ("events:\n", "events:\n" + WINDFALL),
        ("  value_rate: 6\n", "  value_rate: 3\n"),
    ]:  # fmt: skip
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    text += "tuning:\n  constants: {skill_exponent: 0.6, value_decay: 0.04, soft_limit: 5}\n"
    p = tmp_path / "demo.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_every_constant_and_event_is_a_parameter(default_spec, scn):
    names = parameters(default_spec, scn)
    assert {f"constant:{c}" for c in scn.rules.constants} <= set(names)
    assert any(n.startswith("effects:") for n in names)
    assert len(names) == len(set(names))


def test_a_parameter_made_decisive_is_ranked_first(tmp_path, capsys):
    p = _decisive(tmp_path)
    args = ["balance", str(p), "--sensitivity", "--games", "10", "--trajectories", "3"]
    assert main([*args, "--seed", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ranking = data["ranking"]
    assert ranking[0]["parameter"] == "effects:meevaller", ranking[:3]
    assert ranking[0]["mu"] > 0  # larger effects: more value
    assert data["evaluations"] == 3 * (len(ranking) + 1)
    assert {"constant:value_decay", "rate:agenda", "task:demand"} <= {
        r["parameter"] for r in ranking
    }
    assert main(["balance", str(p), "--sensitivity", "--games", "5"]) == 2
