"""Pydantic models of the scenario format (`…Spec`) and of the rules file."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=48),
    Field(description="An id: lower-case letters, digits and underscores, starting with a letter."),
]
# Numbers a designer writes in maps and conditions, with documented bounds (no NaN or infinity:
# every float field refuses them, see Spec). Bounds are generous: ten times what a scenario needs.
Demand = Annotated[float, Field(ge=0, le=100, description="Coverage asked, 0-100.")]
Level = Annotated[float, Field(ge=0, le=100, description="A level on the 0-100 scale.")]
Skill = Annotated[float, Field(ge=0, le=5, description="A skill, 0-5.")]
Threshold = Annotated[
    float, Field(ge=-1000, le=1000, description="A threshold on a state value, -1000 to 1000.")
]
RateFactor = Annotated[float, Field(ge=0, le=20, description="A rate factor, 0-20 (2 doubles).")]
Tuned = Annotated[float, Field(ge=-100, le=100, description="An engine number, -100 to 100.")]
MeterId = Literal["public_value", "political_cover", "trust"]
KindId = Literal["agenda", "electoral", "authority", "temporal"]


class Spec(BaseModel):
    """Base of all specs: unknown keys are errors, and bools and texts are never guessed."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class TextSpec(Spec):
    """A text in Dutch (required) and English (optional; the game falls back to Dutch)."""

    nl: str = Field(min_length=1, max_length=4000, description="Dutch text (B1 level).")
    en: str | None = Field(default=None, max_length=4000, description="English text.")


# --------------------------------------------------------------------------- conditions


class RangeSpec(Spec):
    """A range a state value must lie in: any of min (>=), max (<=), above (>), below (<)."""

    min: Threshold | None = Field(
        default=None, description="Holds when the value is at least this."
    )
    max: Threshold | None = Field(default=None, description="Holds when the value is at most this.")
    above: Threshold | None = Field(
        default=None, description="Holds when the value is greater than this."
    )
    below: Threshold | None = Field(
        default=None, description="Holds when the value is less than this."
    )

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

    op: Literal["meter"] = Field(description="meter: change a meter once.")
    meter: MeterId = Field(description="The meter: public_value, political_cover or trust.")
    by: float = Field(ge=-100, le=100, description="Points to add (negative: subtract).")


class LastingEffect(Spec):
    """Change a meter every turn for some turns (times the event's severity)."""

    op: Literal["lasting"] = Field(description="lasting: change a meter every turn for a while.")
    meter: MeterId = Field(description="The meter: public_value, political_cover or trust.")
    per_turn: float = Field(ge=-20, le=20, description="Points added each turn.")
    turns: int = Field(ge=1, le=20, description="For how many turns.")


class TraitEffect(Spec):
    """Change an organisation trait once."""

    op: Literal["trait"] = Field(description="trait: change an organisation trait once.")
    trait: Slug = Field(description="The trait id (see assets/rules.yaml).")
    by: float = Field(ge=-100, le=100, description="Points to add to the trait (0-100 scale).")


class EnergyEffect(Spec):
    """Change the energy of every team member once."""

    op: Literal["energy"] = Field(description="energy: change every member's energy once.")
    by: float = Field(ge=-100, le=100, description="Energy points to add (negative: tiring).")


class PressureEffect(Spec):
    """Raise (or lower) the escalation pressure of a turbulence kind."""

    op: Literal["pressure"] = Field(description="pressure: change a turbulence kind's pressure.")
    kind: KindId = Field(description="agenda, electoral, authority or temporal.")
    by: float = Field(ge=-10, le=10, description="Pressure to add; more pressure, more events.")


class FollowUpEffect(Spec):
    """Bring another event into play next turn."""

    op: Literal["follow_up"] = Field(description="follow_up: bring another event next turn.")
    event: Slug = Field(description="Id of the event that follows.")


Effect = Annotated[
    MeterEffect | LastingEffect | TraitEffect | EnergyEffect | PressureEffect | FollowUpEffect,
    Field(discriminator="op"),
]


# --------------------------------------------------------------------------- events


class ModifierSpec(Spec):
    """Multiply an event's weight while conditions hold."""

    when: Conditions
    factor: float = Field(gt=0, le=100, description="Weight multiplier (2 doubles, 0.5 halves).")


class SeveritySpec(Spec):
    """How severe an arriving event is, drawn uniformly between min and max."""

    min: float = Field(ge=0.1, le=5, description="Lowest severity (1 is normal).")
    max: float = Field(ge=0.1, le=5, description="Highest severity.")

    @model_validator(mode="after")
    def _ordered(self):
        if self.max < self.min:
            raise ValueError("max must be at least min")
        return self


class OptionSpec(Spec):
    """One answer to a dilemma."""

    id: Slug = Field(description="Option id, unique within the event.")
    label: TextSpec = Field(description="Short label on the button.")
    text: TextSpec | None = Field(default=None, description="What choosing it means.")
    demand: Annotated[float, Field(ge=0, le=10)] | dict[str, Demand] = Field(
        default=1.0,
        description=(
            "What the event asks with this option: a factor on the event's demand (0-10), "
            "or the option's own demand per expectation (at severity 1, 0-100 each)."
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
    stance: Literal["none", "rule", "judo", "up", "out"] = Field(
        default="none",
        description=(
            "The reflex the option stands for: rule (the risk-rule reflex: rules, control, a "
            "defensive memo), judo (absorb and amplify what others started), up (serve and "
            "shield the executive), out (work with citizens and partners), or none. Its outcome "
            "then depends on the situation (rules.yaml, stances)."
        ),
    )


class EventSpec(Spec):
    """An event template: what can happen, when, what it asks of the team and what it does."""

    id: Slug = Field(description="Event id, unique in the scenario.")
    kind: KindId = Field(description="Turbulence kind: agenda, electoral, authority or temporal.")
    polarity: Literal["threat", "opportunity"] = Field(
        description="threat (escalates when not handled) or opportunity (expires when missed)."
    )
    title: TextSpec = Field(description="Headline of the event.")
    text: TextSpec = Field(description="What is happening, in two or three sentences.")
    spontaneous: bool = Field(
        default=True, description="False: only as follow-up or calendar event."
    )
    weight: float = Field(
        default=1.0, ge=0, le=100, description="Relative chance among events of its kind."
    )
    when: Conditions = Field(default_factory=dict)
    modifiers: list[ModifierSpec] = Field(
        default_factory=list, description="Weight multipliers while their conditions hold."
    )
    cooldown: int = Field(default=0, ge=0, le=100, description="Turns before it can come again.")
    once: bool = Field(default=False, description="True: comes at most once per game.")
    severity: SeveritySpec = Field(
        default=SeveritySpec(min=1.0, max=1.0), description="Severity range (default 1 to 1)."
    )
    deadline: int = Field(
        default=2, ge=1, le=8, description="Turns the team has, including the first."
    )
    demand: dict[str, Demand] = Field(
        description="Coverage asked per expectation (at severity 1, 0-100 each)."
    )
    success: list[Effect] = Field(
        default_factory=list, description="Effects when handled well (times severity)."
    )
    failure: list[Effect] = Field(
        default_factory=list,
        description="Effects when not handled (threats) or missed (opportunities).",
    )
    options: list[OptionSpec] = Field(default_factory=list, description="None, or 2 to 3 options.")

    @model_validator(mode="after")
    def _options(self):
        if len(self.options) == 1 or len(self.options) > 3:
            raise ValueError("a dilemma has 2 or 3 options (or none for a plain event)")
        return self


# --------------------------------------------------------------------------- the rest


Archetype = Literal["butler", "macher", "schipper", "regisseur", "coach"]
Generation = Literal["1.0", "2.0", "3.0"]


class MemberSpec(Spec):
    """A team member."""

    id: Slug = Field(description="Member id, unique in the team.")
    name: str = Field(min_length=1, max_length=60, description="First name shown in the game.")
    role: TextSpec = Field(description="Job title.")
    archetype: Archetype = Field(
        description="Profile: butler, macher, schipper, regisseur or coach."
    )
    skills: dict[str, Skill] = Field(description="Skill 0-5 per expectation; missing ones are 0.")
    capacity: int = Field(default=5, ge=1, le=8, description="Time chips per turn.")
    energy: float = Field(default=80, ge=0, le=100, description="Starting energy 0-100.")


class TaskSpec(Spec):
    """The central public task the team delivers every turn."""

    title: TextSpec = Field(description="Name of the task.")
    description: TextSpec = Field(description="What the task is about.")
    demand: dict[str, Demand] = Field(
        description="Coverage the task asks per expectation per turn (0-100 each)."
    )
    value_rate: float = Field(
        default=6.0, gt=0, le=50, description="Public value at full delivery."
    )


class StateRateSpec(Spec):
    """Raise a turbulence rate by per_point for each point a state value is past a threshold."""

    value: str = Field(description="A state value name, as in conditions.")
    below: Threshold | None = Field(default=None, description="Counts the points below this.")
    above: Threshold | None = Field(default=None, description="Counts the points above this.")
    per_point: float = Field(ge=0, le=1, description="Rate added per point past the threshold.")

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
    state: list[StateRateSpec] = Field(
        default_factory=list, description="Rate rising with the state (e.g. low trust)."
    )


class CalendarSpec(Spec):
    """A fixed date: an event that always comes, and raised turbulence around it."""

    id: Slug = Field(description="Calendar id; conditions can use until_<id>.")
    turn: int = Field(ge=1, le=200, description="The turn it happens.")
    title: TextSpec = Field(description="Name shown in the calendar.")
    event: Slug | None = Field(default=None, description="Event that always comes on that turn.")
    rates: dict[KindId, RateFactor] = Field(
        default_factory=dict, description="Rate factor per kind around the date (2 doubles)."
    )
    before: int = Field(default=0, ge=0, le=20, description="Turns before it the rates apply.")
    after: int = Field(default=0, ge=0, le=20, description="Turns after it the rates apply.")


class StartSpec(Spec):
    """Starting meters and traits."""

    public_value: float = Field(ge=0, le=100, description="Starting public value 0-100.")
    political_cover: float = Field(ge=1, le=100, description="Starting political cover 1-100.")
    trust: float = Field(ge=0, le=100, description="Starting trust 0-100.")
    traits: dict[str, Level] = Field(
        default_factory=dict, description="Trait 0-100; missing ones 40."
    )


class ScoreSpec(Spec):
    """The score: value x mean public value + trust x final trust + cover x final cover - penalty."""

    value: float = Field(default=1.0, ge=0, le=10, description="Weight of mean public value.")
    trust: float = Field(default=0.0, ge=0, le=10, description="Weight of final trust.")
    cover: float = Field(default=0.0, ge=0, le=10, description="Weight of final cover.")
    cover_floor: float = Field(
        default=0.0, ge=0, le=100, description="Cover below this at the end costs a penalty."
    )
    floor_penalty: float = Field(
        default=0.0, ge=0, le=1000, description="Penalty when cover ends below the floor."
    )


class SettingSpec(Spec):
    """Where the scenario sits: organisation, the two axes of the participation society, generations."""

    organisation: TextSpec = Field(description="Type of organisation and department.")
    harmony: Literal["harmonious", "contested"] = Field(
        description="Participation society: harmonious or contested (loud minorities)."
    )
    task_nature: Literal["follows_society", "public_interest"] = Field(
        description="Task follows society's development, or guards a constant public interest."
    )
    generations: list[Generation] = Field(
        min_length=1, description='Challenge generations in play (quoted: "1.0").'
    )


class WeightsSpec(Spec):
    """How one expectation's coverage feeds the meters (replaces the rules file's numbers)."""

    cover: float | None = Field(
        default=None, ge=0, le=5, description="Weight towards political cover."
    )
    trust: float | None = Field(default=None, ge=0, le=5, description="Weight towards trust.")
    network: float | None = Field(default=None, ge=0, le=5, description="Weight as network work.")


class TuningSpec(Spec):
    """This scenario's own values for numbers of the rules file (assets/rules.yaml)."""

    constants: dict[str, Tuned] = Field(
        default_factory=dict,
        description="Engine constants by name, e.g. cover_erosion: 0.6 (-100 to 100).",
    )
    expectations: dict[str, WeightsSpec] = Field(
        default_factory=dict, description="Per expectation id: cover, trust and network weights."
    )
    traits: dict[str, dict[str, Tuned]] = Field(
        default_factory=dict,
        description="Per trait id: engine knob -> effect at trait 100 (replaces that knob's effect).",
    )


class ScenarioSpec(Spec):
    """A complete scenario."""

    format: Literal[1] = Field(description="Version of the scenario format; always 1.")
    id: Slug = Field(description="Scenario id; never change it once published.")
    order: int = Field(default=100, description="Position in the menu; lowest is the default.")
    title: TextSpec = Field(description="Title in the menu.")
    summary: TextSpec = Field(description="One sentence for the menu.")
    briefing: TextSpec = Field(description="What the player reads before turn 1.")
    setting: SettingSpec = Field(description="Organisation, quadrant and generations.")
    turns: int = Field(ge=4, le=60, description="Number of turns (20 is about 20-30 minutes).")
    start: StartSpec = Field(description="Starting meters and traits.")
    team: list[MemberSpec] = Field(min_length=1, max_length=8, description="Team members.")
    task: TaskSpec = Field(description="The central public task.")
    turbulence: dict[KindId, KindSpec] = Field(
        description="Settings for each of agenda, electoral, authority and temporal."
    )
    calendar: list[CalendarSpec] = Field(
        default_factory=list, description="Fixed dates such as elections."
    )
    events: list[EventSpec] = Field(min_length=1, max_length=200, description="Event templates.")
    score: ScoreSpec = Field(default=ScoreSpec(), description="How the final score is made.")
    tuning: TuningSpec = Field(
        default=TuningSpec(),
        description="This scenario's own values for numbers of the rules file.",
    )


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


class SettingEffectsSpec(Spec):
    """How the two axes of the setting scale engine knobs (factor per knob, 1 = no change)."""

    harmony: dict[Literal["harmonious", "contested"], dict[str, float]] = Field(
        default_factory=dict
    )
    task_nature: dict[Literal["follows_society", "public_interest"], dict[str, float]] = Field(
        default_factory=dict
    )


SituationFeature = Literal[
    "trust", "cover", "harmony", "public_interest", "red_tape", "campaign", "slips",
    "executive", "council", "press", "citizens",
]  # fmt: skip


class StanceSpec(Spec):
    """How one stance meets the situation (see core.stances)."""

    bias: float = Field(0.0, ge=-5, le=5, description="The stance's fit in a neutral situation.")
    weights: dict[SituationFeature, float] = Field(
        default_factory=dict, description="How much each situation feature moves the fit."
    )
    payoff: dict[Literal["public_value", "political_cover", "trust"], float] = Field(
        default_factory=dict, description="Meter change per severity at full fit (+1)."
    )


class ActorSpec(Spec):
    """One actor outside the team: a mood or attention of 0-100 with a memory."""

    start: float = Field(50.0, ge=0, le=100)
    baseline: float = Field(50.0, ge=0, le=100)
    drift: float = Field(
        0.2, ge=0, le=1, description="Share of the way back to the baseline per turn."
    )
    noise: float = Field(
        0.0, ge=0, le=50, description="Spread of the outside world's push per turn."
    )


class ArchetypeSpec(Spec):
    """What an archetype changes about a member's work (factors, 1 = no change)."""

    task: float = Field(1.0, ge=0.2, le=3, description="Coverage on the task expectations.")
    up: float = Field(1.0, ge=0.2, le=3, description="Coverage on the managing-up expectations.")
    out: float = Field(1.0, ge=0.2, le=3, description="Coverage on the managing-out expectations.")
    fatigue: float = Field(1.0, ge=0.2, le=3, description="How much work tires the member.")
    stress: float = Field(1.0, ge=0.0, le=3, description="How much open threats weigh on them.")
    skill_growth: float = Field(1.0, ge=0.2, le=3, description="How fast they learn by practice.")


class RulesSpec(Spec):
    """The rules file."""

    format: Literal[1]
    expectations: list[ExpectationSpec] = Field(min_length=1)
    traits: list[TraitSpec] = Field(min_length=1)
    deadline_bonus: DeadlineBonusSpec
    foresight: ForesightSpec
    settings: SettingEffectsSpec = Field(default_factory=SettingEffectsSpec)
    stances: dict[Literal["rule", "judo", "up", "out"], StanceSpec] = Field(
        default_factory=dict,
        description="Per stance, how the situation moves its fit and what a full fit pays.",
    )
    actors: dict[Literal["executive", "council", "press", "citizens"], ActorSpec] = Field(
        default_factory=dict,
        description="The actors outside the team: start, baseline, drift and noise of each.",
    )
    porous_trait: str | None = Field(
        default=None, description="The trait that red tape and too much managing up wear down."
    )
    archetypes: dict[Archetype, ArchetypeSpec] = Field(
        default_factory=dict, description="The mechanical profile of each member archetype."
    )
    generations: dict[Generation, dict[str, float]] = Field(
        default_factory=dict,
        description="Per generation of challenges, the factor on engine knobs when a scenario "
        "does not play it.",
    )
    constants: dict[str, float]
