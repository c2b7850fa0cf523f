"""The scenario map in the lab report: what leads to what, and what can never fire."""

import xml.etree.ElementTree as ET

from turbulentie_game.reports.scenario_map import build_map, scenario_map_svg
from turbulentie_game.scenario.compile import read_scenario
from turbulentie_game.scenario.load import load_rules_spec, parse
from turbulentie_game.scenario.spec import ScenarioSpec

SVG = "{http://www.w3.org/2000/svg}"


def _nodes(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)  # noqa: S314 (the SVG we just made)
    return {g.get("data-event"): g for g in root.iter(f"{SVG}g") if g.get("data-event")}


def test_every_event_is_a_node_and_every_follow_up_an_arrow(default_spec):
    rules = load_rules_spec()
    svg = scenario_map_svg(default_spec, rules)
    assert set(_nodes(svg)) == {e.id for e in default_spec.events}
    follow_ups = sum(
        eff.op == "follow_up"
        for ev in default_spec.events
        for part in [ev.success, ev.failure]
        + [getattr(o, p) or [] for o in ev.options for p in ("choose", "success", "failure")]
        for eff in part
    )
    assert follow_ups > 0 and svg.count("class='edge-follow_up'") == follow_ups
    m = build_map(default_spec, rules)
    for c in default_spec.calendar:
        if c.event:  # a calendar event sits at its date
            assert m.nodes[c.event].turn <= c.turn
    for e in m.edges:
        if e.kind == "follow_up" and m.nodes[e.source].turn <= default_spec.turns:
            assert m.nodes[e.target].turn <= m.nodes[e.source].turn + 1


def test_an_event_nothing_brings_into_play_is_marked_never_fires(default_path):
    text = default_path.read_text(encoding="utf-8")
    spec, _ = read_scenario(default_path)
    lonely = spec.events[-1].id
    # the last event only comes as a follow-up or calendar event now, and nothing brings it
    marker = f"- id: {lonely}\n"
    assert marker in text
    indent = text.split(marker)[0].rsplit("\n", 1)[-1]
    text = text.replace(marker, f"{marker}{indent}  spontaneous: false\n", 1)
    spec2, _ = parse(text, "x.yaml", ScenarioSpec)
    nodes = _nodes(scenario_map_svg(spec2, load_rules_spec()))
    assert "never" in nodes[lonely].get("class")
    assert "NEVER FIRES" in "".join(nodes[lonely].itertext())
    others = [e for e, g in nodes.items() if e != lonely and "never" in g.get("class")]
    assert others == []
    # what the lab never saw is marked too
    svg = scenario_map_svg(spec, load_rules_spec(), never_fired=[spec.events[0].id])
    assert "never" in _nodes(svg)[spec.events[0].id].get("class")
