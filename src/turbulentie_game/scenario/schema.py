"""The scenario format as a draft-07 JSON Schema, for editors' autocompletion and hover text."""

from __future__ import annotations

import json

from .spec import RulesSpec, ScenarioSpec

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILE = "scenario.schema.json"

# Every keyword an editor that knows draft-07 understands; the export uses nothing else.
DRAFT_07_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$comment", "definitions", "title", "description",
        "default", "examples", "type", "enum", "const", "multipleOf", "maximum",
        "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
        "pattern", "items", "additionalItems", "maxItems", "minItems", "uniqueItems",
        "contains", "maxProperties", "minProperties", "required", "properties",
        "patternProperties", "additionalProperties", "dependencies", "propertyNames",
        "if", "then", "else", "allOf", "anyOf", "oneOf", "not", "format",
        "contentMediaType", "contentEncoding", "readOnly", "writeOnly",
    }
)  # fmt: skip

# Mappings whose keys are expectation or trait ids: (definition, property) -> id list name.
_KEYED = {
    ("MemberSpec", "skills"): "expectations",
    ("TaskSpec", "demand"): "expectations",
    ("EventSpec", "demand"): "expectations",
    ("StartSpec", "traits"): "traits",
}
_SKILL_RANGE = {"type": "number", "minimum": 0, "maximum": 5}
_TRAIT_RANGE = {"type": "number", "minimum": 0, "maximum": 100}


def _draft07(node):
    """Rewrite pydantic's output into draft-07: definitions, no discriminator, no $ref siblings."""
    if isinstance(node, list):
        return [_draft07(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "discriminator":
            continue
        if key == "$defs":
            key = "definitions"
        if key == "$ref":
            value = value.replace("#/$defs/", "#/definitions/")
        if key == "properties":
            value = {
                name: {k: v for k, v in prop.items() if k != "title"}
                for name, prop in value.items()
            }
        out[key] = _draft07(value)
    if "$ref" in out and len(out) > 1:  # draft-07 ignores keywords beside $ref
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}]
    return out


def scenario_schema(rules: RulesSpec) -> dict:
    """The JSON Schema of a scenario file, with expectation and trait ids to pick from."""
    schema = _draft07(ScenarioSpec.model_json_schema(mode="validation"))
    ids = {
        "expectations": [e.id for e in rules.expectations],
        "traits": [t.id for t in rules.traits],
    }
    defs = schema["definitions"]
    for (name, prop), which in _KEYED.items():
        target = defs[name]["properties"][prop]
        target["propertyNames"] = {"enum": ids[which]}
        if (name, prop) == ("MemberSpec", "skills"):
            target["additionalProperties"] = _SKILL_RANGE
        if which == "traits":
            target["additionalProperties"] = _TRAIT_RANGE
    defs["TraitEffect"]["properties"]["trait"] = {
        "description": defs["TraitEffect"]["properties"]["trait"].get("description", ""),
        "enum": ids["traits"],
    }
    return {
        "$schema": DRAFT_07,
        "$id": "https://turbulentie-game.invalid/scenario.schema.json",
        "title": "Turbulentie scenario (format 1)",
        "description": "A scenario of the serious game Turbulentie; see docs/scenario-format.md.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text(rules: RulesSpec) -> str:
    """The schema as the text kept in scenarios/scenario.schema.json (stable key order)."""
    return json.dumps(scenario_schema(rules), indent=2, ensure_ascii=False) + "\n"


def keywords_used(node, found: set | None = None, in_properties: bool = False) -> set[str]:
    """Every schema keyword used in a schema (property names excluded)."""
    found = set() if found is None else found
    if isinstance(node, list):
        for v in node:
            keywords_used(v, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if in_properties:
                keywords_used(value, found)
                continue
            found.add(key)
            if key in ("properties", "definitions", "patternProperties", "dependencies"):
                keywords_used(value, found, in_properties=True)
            elif key not in ("enum", "const", "default", "examples"):
                keywords_used(value, found)
    return found
