"""Names the screens show: expectations, traits, archetypes and the score rule, in the player's language."""

from __future__ import annotations

from ..core.model import ScenarioData
from ..i18n import Translator
from .lab import plain


def optional(t: Translator, key: str, fallback: str) -> str:
    """A catalogue string when it exists, else the fallback."""
    return t(key) if key in t.strings else fallback


def exp_short(t: Translator, scn: ScenarioData, e: int) -> str:
    """A short label of an expectation (its name when no short label exists)."""
    c = scn.rules.expectations[e]
    return optional(t, f"ui.exp_short.{c.id}", c.name.get(t.lang))


def target_name(t: Translator, scn: ScenarioData, target: str) -> str:
    """The name of an allocation target: an expectation, a trait or rest."""
    for c in (*scn.rules.expectations, *scn.rules.traits):
        if c.id == target:
            return c.name.get(t.lang)
    return t("ui.rest")


def target_tip(t: Translator, scn: ScenarioData, target: str) -> str:
    """The one-sentence explanation of a target."""
    for c in (*scn.rules.expectations, *scn.rules.traits):
        if c.id == target:
            return c.description.get(t.lang)
    return t("ui.rest_tip")


def archetype(t: Translator, name: str) -> str:
    """The archetype of a team member as a word."""
    return optional(t, f"ui.archetype.{name}", name.capitalize())


def score_rule(t: Translator, scn: ScenarioData) -> list[str]:
    """How the score is computed, in sentences."""
    w = scn.score_weights
    lines = [t("ui.score.value", weight=plain(t, w.get("value", 1.0)))]
    if w.get("trust"):
        lines.append(t("ui.score.trust", weight=plain(t, w["trust"])))
    if w.get("cover"):
        lines.append(t("ui.score.cover", weight=plain(t, w["cover"])))
    if w.get("floor_penalty"):
        lines.append(
            t(
                "ui.score.floor",
                floor=plain(t, w.get("cover_floor", 0)),
                penalty=plain(t, w["floor_penalty"]),
            )
        )
    return lines
