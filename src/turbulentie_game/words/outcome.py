"""The one outcome scale: how an event ended, in a word that agrees with what it did to the meters.

The band comes from the handling quality (the engine's `outcome_status`); the word is then
checked against the sign of the meter changes the event itself caused. A "good" band whose
event still cost the meters on balance, or a "poor" band whose event still gained, is called
partial: the label never says the opposite of the numbers beside it. Clamping at 0 or 100 is
not an effect of any event; it is reported as the meter being full or empty.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..core.explain import EventOutcome, TurnExplanation, outcome_status
from ..core.model import OPPORTUNITY, THREAT, ScenarioData
from ..i18n import Translator

NEUTRAL = 0.05  # a net change smaller than this (in meter points) has no sign
GOOD = frozenset({"handled", "seized"})
POOR = frozenset({"failed", "missed"})
PARTIAL = {"handled": "partly_handled", "failed": "partly_handled",
           "seized": "partly_seized", "missed": "partly_seized"}  # fmt: skip


def status(
    scn: ScenarioData, polarity: int | str, quality: float | None, effects: Iterable[float]
) -> str:
    """The status id of an event from its quality band and the meter changes it caused."""
    if isinstance(polarity, str):
        polarity = OPPORTUNITY if polarity == "opportunity" else THREAT
    band = outcome_status(scn, polarity, quality)
    net = sum(float(x) for x in effects)
    if (band in GOOD and net < -NEUTRAL) or (band in POOR and net > NEUTRAL):
        return PARTIAL[band]
    return band


def sign_of(status_id: str) -> int:
    """+1 for a good word, -1 for a poor one, 0 for partial or open."""
    return 1 if status_id in GOOD else (-1 if status_id in POOR else 0)


def event_effects(ex: TurnExplanation, uid: int) -> list[float]:
    """The meter changes one event caused in a turn."""
    return [c.amount for c in ex.changes if c.cause == "event" and c.event_uid == uid]


def event_status(scn: ScenarioData, ex: TurnExplanation, ev: EventOutcome) -> str:
    """The status id of an event in a turn's explanation, on the one scale."""
    return status(scn, ev.polarity, ev.quality, event_effects(ex, ev.uid))


def status_word(t: Translator, status_id: str) -> str:
    """The word of a status id."""
    return t(f"status.{status_id}")


def limit_text(t: Translator, meter: str, amount: float, level: float | None = None) -> str:
    """What a limit did, as a state of the meter (never as a cause): full or empty at 100 or 0,
    or close to one of them where changes are damped (the soft limits), by the meter's `level`
    after the turn (without it, by the sign of what was held back)."""
    name = t(f"meter.{meter}")
    if level is None:
        return t("limit.full" if amount < 0 else "limit.empty", meter=name)
    if level >= 99.95 or level <= 0.05:
        return t("limit.full" if level > 50 else "limit.empty", meter=name)
    return t("limit.near_full" if level > 50 else "limit.near_empty", meter=name)
