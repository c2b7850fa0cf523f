"""Pydantic models of the scenario format (`…Spec`) and of the rules file."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=48),
    Field(description="An id: lower-case letters, digits and underscores, starting with a letter."),
]
MeterId = Literal["public_value", "political_cover", "trust"]
KindId = Literal["agenda", "electoral", "authority", "temporal"]


class Spec(BaseModel):
    """Base of all specs: unknown keys are errors, and bools and texts are never guessed."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TextSpec(Spec):
    """A text in Dutch (required) and English (optional; the game falls back to Dutch)."""

    nl: str = Field(min_length=1, max_length=4000, description="Dutch text (B1 level).")
    en: str | None = Field(default=None, max_length=4000, description="English text.")


# --------------------------------------------------------------------------- conditions


class RangeSpec(Spec):
    """A range a state value must lie in: any of min (>=), max (<=), above (>), below (<)."""

    min: float | None = Field(default=None, description="Holds when the value is at least this.")
    max: float | None = Field(default=None, description="Holds when the value is at most this.")
    above: float | None = Field(
        default=None, description="Holds when the value is greater than this."
    )
    below: float | None = Field(default=None, description="Holds when the value is less than this.")

    @model_validator(mode="after")
    def _not_empty(self):
        if all(v is None for v in (self.min, self.max, self.above, self.below)):
            raise ValueError("give at least one of min, max, above, below")
        return self


Conditions = Annotated[
    dict[str, RangeSpec],
    Field(
        description=(
            "State values that must all be in range: turn, public_value, political_cover, trust, "
            "team_energy, a trait id, pressure_<kind>, until_<calendar id>, fired_<event id>, "
            "active_<event id>."
        )
    ),
]


# --------------------------------------------------------------------------- effects


class MeterEffect(Spec):
    """Change a meter once (times the event's severity)."""

    op: Literal["meter"]
    meter: MeterId
    by: float = Field(ge=-100, le=100)


class LastingEffect(Spec):
    """Change a meter every turn for some turns (times the event's severity)."""

    op: Literal["lasting"]
    meter: MeterId
    per_turn: float = Field(ge=-20, le=20)
    turns: int = Field(ge=1, le=20)


class TraitEffect(Spec):
    """Change an organisation trait once."""

    op: Literal["trait"]
    trait: Slug
    by: float = Field(ge=-100, le=100)


class EnergyEffect(Spec):
    """Change the energy of every team member once."""

    op: Literal["energy"]
    by: float = Field(ge=-100, le=100)


class PressureEffect(Spec):
    """Raise (or lower) the escalation pressure of a turbulence kind."""

    op: Literal["pressure"]
    kind: KindId
    by: float = Field(ge=-10, le=10)


class FollowUpEffect(Spec):
    """Bring another event into play next turn."""

    op: Literal["follow_up"]
    event: Slug


Effect = Annotated[
    MeterEffect | LastingEffect | TraitEffect | EnergyEffect | PressureEffect | FollowUpEffect,
    Field(discriminator="op"),
]


# --------------------------------------------------------------------------- events


class ModifierSpec(Spec):
    """Multiply an event's weight while conditions hold."""

    when: Conditions
    factor: float = Field(gt=0, le=100)


class SeveritySpec(Spec):
    """How severe an arriving event is, drawn uniformly between min and max."""

    min: float = Field(ge=0.1, le=5)
    max: float = Field(ge=0.1, le=5)

    @model_validator(mode="after")
    def _ordered(self):
        if self.max < self.min:
            raise ValueError("max must be at least min")
        return self


class OptionSpec(Spec):
    """One answer to a dilemma."""

    id: Slug
    label: TextSpec
    text: TextSpec | None = None
    demand: float | dict[str, float] = Field(
        default=1.0,
        description=(
            "What the event asks with this option: a factor on the event's demand, "
            "or the option's own demand per expectation (at severity 1)."
        ),
    )
    choose: list[Effect] = Field(
        default_factory=list, description="Effects the moment it is chosen."
    )
    success: list[Effect] | None = Field(
        default=None, description="Replaces the event's success effects."
    )
    failure: list[Effect] | None = Field(
        default=None, description="Replaces the event's failure effects."
    )


class EventSpec(Spec):
    """An event template: what can happen, when, what it asks of the team and what it does."""

    id: Slug
    kind: KindId
    polarity: Literal["threat", "opportunity"]
    title: TextSpec
    text: TextSpec
    spontaneous: bool = Field(
        default=True, description="False: only as follow-up or calendar event."
    )
    weight: float = Field(default=1.0, ge=0, le=100)
    when: Conditions = Field(default_factory=dict)
    modifiers: list[ModifierSpec] = Field(default_factory=list)
    cooldown: int = Field(default=0, ge=0, le=100)
    once: bool = False
    severity: SeveritySpec = SeveritySpec(min=1.0, max=1.0)
    deadline: int = Field(
        default=2, ge=1, le=8, description="Turns the team has, including the first."
    )
    demand: dict[str, float] = Field(description="Coverage asked per expectation (at severity 1).")
    success: list[Effect] = Field(default_factory=list)
    failure: list[Effect] = Field(
        default_factory=list, description="For opportunities: when missed."
    )
    options: list[OptionSpec] = Field(default_factory=list, description="None, or 2 to 3 options.")

    @model_validator(mode="after")
    def _options(self):
        if len(self.options) == 1 or len(self.options) > 3:
            raise ValueError("a dilemma has 2 or 3 options (or none for a plain event)")
        return self


# --------------------------------------------------------------------------- the rest


class MemberSpec(Spec):
    """A team member."""

    id: Slug
    name: str = Field(min_length=1, max_length=60)
    role: TextSpec
    archetype: Literal["butler", "macher", "schipper", "regisseur", "coach"]
    skills: dict[str, float] = Field(description="Skill 0-5 per expectation; missing ones are 0.")
    capacity: int = Field(default=5, ge=1, le=8, description="Time chips per turn.")
    energy: float = Field(default=80, ge=0, le=100)


class TaskSpec(Spec):
    """The central public task the team delivers every turn."""

    title: TextSpec
    description: TextSpec
    demand: dict[str, float] = Field(description="Coverage the task asks per expectation per turn.")
    value_rate: float = Field(
        default=6.0, gt=0, le=50, description="Public value at full delivery."
    )


class StateRateSpec(Spec):
    """Raise a turbulence rate by per_point for each point a state value is past a threshold."""

    value: str = Field(description="A state value name, as in conditions.")
    below: float | None = None
    above: float | None = None
    per_point: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _one_side(self):
        if (self.below is None) == (self.above is None):
            raise ValueError("give exactly one of below or above")
        return self


class KindSpec(Spec):
    """Turbulence settings of one kind."""

    base_rate: float = Field(ge=0, le=5, description="Expected chance arrivals per turn.")
    escalation: float = Field(
        default=0.3, ge=0, le=5, description="Rate increase per unit of pressure."
    )
    state: list[StateRateSpec] = Field(default_factory=list)


class CalendarSpec(Spec):
    """A fixed date: an event that always comes, and raised turbulence around it."""

    id: Slug
    turn: int = Field(ge=1, le=200)
    title: TextSpec
    event: Slug | None = None
    rates: dict[KindId, float] = Field(default_factory=dict, description="Rate factor per kind.")
    before: int = Field(default=0, ge=0, le=20)
    after: int = Field(default=0, ge=0, le=20)


class StartSpec(Spec):
    """Starting meters and traits."""

    public_value: float = Field(ge=0, le=100)
    political_cover: float = Field(ge=1, le=100)
    trust: float = Field(ge=0, le=100)
    traits: dict[str, float] = Field(
        default_factory=dict, description="Trait 0-100; missing ones 40."
    )


class ScoreSpec(Spec):
    """The score: value x mean public value + trust x final trust + cover x final cover - penalty."""

    value: float = Field(default=1.0, ge=0, le=10)
    trust: float = Field(default=0.0, ge=0, le=10)
    cover: float = Field(default=0.0, ge=0, le=10)
    cover_floor: float = Field(default=0.0, ge=0, le=100)
    floor_penalty: float = Field(default=0.0, ge=0, le=1000)


class SettingSpec(Spec):
    """Where the scenario sits: organisation, the two axes of the participation society, generations."""

    organisation: TextSpec
    harmony: Literal["harmonious", "contested"]
    task_nature: Literal["follows_society", "public_interest"]
    generations: list[Literal["1.0", "2.0", "3.0"]] = Field(min_length=1)


class ScenarioSpec(Spec):
    """A complete scenario."""

    format: Literal[1]
    id: Slug
    order: int = Field(default=100, description="Position in the menu; lowest is the default.")
    title: TextSpec
    summary: TextSpec
    briefing: TextSpec
    setting: SettingSpec
    turns: int = Field(ge=4, le=60)
    start: StartSpec
    team: list[MemberSpec] = Field(min_length=1, max_length=8)
    task: TaskSpec
    turbulence: dict[KindId, KindSpec]
    calendar: list[CalendarSpec] = Field(default_factory=list)
    events: list[EventSpec] = Field(min_length=1, max_length=200)
    score: ScoreSpec = ScoreSpec()


# --------------------------------------------------------------------------- rules


class ConceptSpec(Spec):
    """An expectation or a trait as the rules file describes it."""

    id: Slug
    name: TextSpec
    description: TextSpec


class ExpectationSpec(ConceptSpec):
    """One of the eight expectations and how its coverage feeds the meters."""

    orientation: Literal["up", "out", "task"]
    cover: float = Field(ge=0, le=5)
    trust: float = Field(ge=0, le=5)
    network: float = Field(ge=0, le=5)


class TraitSpec(ConceptSpec):
    """One of the ten organisation traits and the engine knobs it scales."""

    effects: dict[str, float]


class DeadlineBonusSpec(Spec):
    trait: Slug
    kind: KindId
    at_least: float
    turns: int = Field(ge=0, le=5)


class ForesightSpec(Spec):
    trait: Slug
    base: float
    per_points: float = Field(gt=0)


class RulesSpec(Spec):
    """The rules file."""

    format: Literal[1]
    expectations: list[ExpectationSpec] = Field(min_length=1)
    traits: list[TraitSpec] = Field(min_length=1)
    deadline_bonus: DeadlineBonusSpec
    foresight: ForesightSpec
    constants: dict[str, float]
