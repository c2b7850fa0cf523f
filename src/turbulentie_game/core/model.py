"""Compiled, immutable scenario and rules data as the engine consumes them (arrays and ids)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

METERS = ("public_value", "political_cover", "trust")
PV, COVER, TRUST = 0, 1, 2
KINDS = ("agenda", "electoral", "authority", "temporal")
POLARITIES = ("threat", "opportunity")
THREAT, OPPORTUNITY = 0, 1
REST = "rest"

# Engine knobs that the organisation traits multiply. The set is code; the coefficients are data.
HOOKS = (
    "task_value",
    "value_decay",
    "network_value",
    "cover_gain",
    "task_cover",
    "trust_gain",
    "trust_damage",
    "threat_severity",
    "temporal_severity",
    "opportunity_gain",
    "event_demand",
    "coordination_loss",
    "skill_growth",
    "trait_erosion",
    "fatigue",
    "rate_agenda",
    "rate_electoral",
    "rate_authority",
    "rate_temporal",
    "embedding",
    # model 2.2: foresight prepares, a flat organisation reacts faster, bulk and tailoring
    "readiness",
    "commotion",
    "task_demand",
)
HOOK = {name: i for i, name in enumerate(HOOKS)}

# Engine constants every rules file must give (their values are data in assets/rules.yaml).
CONSTANTS = (
    "skill_exponent", "energy_factor_min", "coordination_loss", "quality_noise",
    "success_threshold", "escalation_per_severity", "pressure_decay", "excess_bonus",
    "task_floor", "trust_base", "value_decay", "network_value", "network_scale", "cover_gain",
    "cover_scale", "cover_shield",
    "cover_erosion", "cover_erosion_rate", "task_cover", "trust_gain", "trust_scale",
    "trust_erosion", "trust_erosion_rate", "fatigue_per_chip", "recovery_per_rest",
    "recovery_base", "stress_per_severity", "burnout_level", "skill_growth",
    "trait_gain_per_chip", "trait_erosion", "trait_floor",
    # model 2.0: red tape, the strategic triangle, two trait stocks, kind-specific mechanics
    "red_tape_per_choice", "red_tape_decay", "red_tape_demand", "red_tape_trust",
    "red_tape_porous", "value_memory_rate", "value_pivot", "value_trust", "value_cover",
    "cover_gate", "cover_gate_width", "practice_fallback", "embed_rate", "embed_streak",
    "campaign_turns", "campaign_erosion", "temporal_fade", "opportunity_fade",
    "slip_per_severity", "slip_decay", "slip_memory", "oyster_share", "oyster_rate",
    # model 2.1: situational stances, actors with memory, commotion, executive turnover
    "stance_payoff_scale", "commotion", "commotion_fade", "trust_fall", "press_per_failure",
    "press_amplify", "citizens_per_judo", "citizens_per_rule", "citizens_network",
    "executive_per_delivery", "executive_content", "executive_per_failure",
    "executive_per_up", "commotion_cover", "soft_limit", "trust_rise", "executive_erosion",
    "election_turnover",
    "priority_spread", "council_per_press", "council_campaign", "council_cover",
    "oyster_energy",
    # model 2.2: preparing for what is foreseen
    "readiness_rate", "readiness_decay",
)  # fmt: skip

# What a team member's archetype (DOMAIN.md §5) changes about their work, by name: a factor on
# their coverage of each orientation's expectations, on their fatigue, on the stress open
# threats put on them, and on how fast they learn.
PROFILE = ("task", "up", "out", "fatigue", "stress", "skill_growth")

# Stances a dilemma option can take (DOMAIN.md §2 and §6); "none" for options without one.
STANCES = ("none", "rule", "judo", "up", "out")
STANCE = {name: i for i, name in enumerate(STANCES)}
# The actors outside the team, each with a mood or attention of 0-100 that remembers.
ACTORS = ("executive", "council", "press", "citizens")
EXECUTIVE, COUNCIL, PRESS, CITIZENS = 0, 1, 2, 3
# What a stance's outcome depends on (see core.stances.situation), in column order.
SITUATION = (
    "trust", "cover", "harmony", "public_interest", "red_tape", "campaign", "slips", *ACTORS,
)  # fmt: skip
# Kind-specific mechanics and the constants that switch each off (at their neutral values).
MECHANICS = {
    # commotion peaks and passes: a quick holding response beats a thorough late one
    "temporal": (("temporal_fade", 1.0), ("commotion", 0.0)),
    # windows of opportunity close; the press's attention comes and goes
    "agenda": (("opportunity_fade", 1.0), ("press_amplify", 0.0)),
    # trust rises slowly and falls hard, and remembers slips
    "authority": (("slip_memory", 0.0), ("trust_fall", 1.0), ("trust_rise", 1.0)),
    # the permanent campaign; new executives with new priorities
    "electoral": (("campaign_erosion", 0.0), ("election_turnover", 0.0), ("priority_spread", 0.0)),
}

END_RUNNING, END_COMPLETED, END_COVER, END_BURNOUT = 0, 1, 2, 3
END_REASONS = ("running", "completed", "cover_lost", "burnout")

# Fixed causes of meter changes in the explanation arrays; event slots follow them.
CAUSES = (
    "task_delivery",
    "value_decay",
    "network",
    "managing_up",
    "cover_erosion",
    "serving",
    "managing_out",
    "trust_erosion",
    "lasting",
    "dilemma_choice",
    "value_feedback",
    "red_tape",
    "campaign",
    "stance_fit",
    "commotion",
    "limit",
)
CAUSE = {name: i for i, name in enumerate(CAUSES)}


@dataclass(frozen=True, eq=False)
class Texts:
    """A text in Dutch with an optional English version."""

    nl: str
    en: str | None = None

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to Dutch."""
        if lang == "en" and self.en:
            return self.en
        return self.nl


@dataclass(frozen=True, eq=False)
class Concept:
    """An expectation or a trait: id, names and one-line description."""

    id: str
    name: Texts
    description: Texts


@dataclass(frozen=True, eq=False)
class Rules:
    """The game's rules as arrays: expectations, traits, trait effects and engine constants."""

    expectations: tuple[Concept, ...]
    traits: tuple[Concept, ...]
    orientation: tuple[str, ...]  # per expectation: "up", "out" or "task"
    cover_weight: np.ndarray  # [E] how much coverage of e feeds political cover
    trust_weight: np.ndarray  # [E] how much coverage of e feeds trust
    network_weight: np.ndarray  # [E] how much coverage of e counts as network work
    trait_hooks: np.ndarray  # [T, H] effect at trait 100 relative to trait 50
    constants: dict[str, float]
    deadline_bonus_trait: int
    deadline_bonus_kind: int
    deadline_bonus_at: float
    deadline_bonus_turns: int
    foresight_trait: int
    foresight_base: float
    foresight_per_points: float
    stance_weights: (
        np.ndarray
    )  # [STANCES, SITUATION] how each situation feature moves a stance's fit
    stance_bias: np.ndarray  # [STANCES] a stance's fit in a neutral situation
    stance_payoff: np.ndarray  # [STANCES, 3] meter change per severity at full fit (+1)
    actor_start: np.ndarray  # [ACTORS] mood or attention at the start
    actor_baseline: np.ndarray  # [ACTORS] where each actor drifts back to
    actor_drift: np.ndarray  # [ACTORS] share of the distance to the baseline closed each turn
    actor_noise: np.ndarray  # [ACTORS] spread of the outside world's push each turn
    porous_trait: int  # the trait red tape and managing up wear down (-1: none)
    archetypes: dict[str, np.ndarray]  # per archetype id, its factors in PROFILE order
    generations_absent: dict[str, np.ndarray]  # per generation, knob factors [H] when not in play

    @property
    def n_exp(self) -> int:
        return len(self.expectations)

    @property
    def n_traits(self) -> int:
        return len(self.traits)

    @property
    def targets(self) -> tuple[str, ...]:
        """All allocation targets in order: expectations, traits, rest."""
        return (*[e.id for e in self.expectations], *[t.id for t in self.traits], REST)

    def c(self, name: str) -> float:
        """One engine constant by name."""
        return self.constants[name]


@dataclass(frozen=True, eq=False)
class Member:
    """A team member as authored: id, name, role and archetype."""

    id: str
    name: str
    role: Texts
    archetype: str


@dataclass(frozen=True, eq=False)
class Template:
    """Texts and ids of an event template (its numbers live in ScenarioData arrays)."""

    id: str
    kind: int
    polarity: int
    title: Texts
    text: Texts
    option_ids: tuple[str, ...] = ()
    option_labels: tuple[Texts, ...] = ()
    option_texts: tuple[Texts, ...] = ()


@dataclass(frozen=True, eq=False)
class CalendarEntry:
    """A fixed date: a forced event and a window of raised turbulence around it."""

    id: str
    turn: int
    title: Texts
    template: int  # -1 when the entry only changes rates
    rate_factor: np.ndarray  # [K]
    before: int
    after: int


@dataclass(frozen=True, eq=False)
class Bundles:
    """Effect bundles: what an outcome or choice does, as arrays indexed by bundle id."""

    meters: np.ndarray  # [B, 3] immediate meter change (times severity)
    lasting: np.ndarray  # [B, 3] per-turn meter change (times severity)
    lasting_turns: np.ndarray  # [B] how many turns the lasting change runs
    traits: np.ndarray  # [B, T]
    energy: np.ndarray  # [B] change of every member's energy
    pressure: np.ndarray  # [B, K] extra escalation pressure
    follow_up: np.ndarray  # [B] template index or -1


@dataclass(frozen=True, eq=False)
class ScenarioData:
    """Everything the engine needs about one scenario, compiled once at load time."""

    id: str
    title: Texts
    content_hash: str
    rules: Rules
    n_turns: int
    members: tuple[Member, ...]
    skills: np.ndarray  # [M, E]
    capacity: np.ndarray  # [M] time chips per turn
    energy: np.ndarray  # [M]
    profile: np.ndarray  # [M, PROFILE] each member's archetype factors
    m_coverage: np.ndarray  # [M, E] each member's coverage factor per expectation (from profile)
    start_meters: np.ndarray  # [3]
    start_traits: np.ndarray  # [T]
    task_title: Texts
    task_demand: np.ndarray  # [E] coverage the central task asks per turn
    task_value_rate: float
    # turbulence
    base_rate: np.ndarray  # [K]
    escalation_rate: np.ndarray  # [K] rate increase per unit of pressure
    state_rate_rows: (
        np.ndarray
    )  # [Rs, 5] kind, feature, threshold, per_point, direction(+1 above/-1 below)
    calendar: tuple[CalendarEntry, ...]
    # templates
    templates: tuple[Template, ...]
    t_kind: np.ndarray  # [N]
    t_polarity: np.ndarray  # [N]
    t_weight: np.ndarray  # [N]
    t_cooldown: np.ndarray  # [N]
    t_once: np.ndarray  # [N] bool
    t_spontaneous: np.ndarray  # [N] bool: may arrive by chance (not only as follow-up or calendar)
    t_sev_lo: np.ndarray  # [N]
    t_sev_hi: np.ndarray  # [N]
    t_deadline: np.ndarray  # [N]
    t_demand: np.ndarray  # [N, E]
    t_n_options: np.ndarray  # [N] 0 for plain events
    o_demand: np.ndarray  # [N, O, E] demand per option at severity 1 (plain events: t_demand)
    o_choose: np.ndarray  # [N, O] bundle applied when the option is picked
    o_success: np.ndarray  # [N, O] bundle on success
    o_failure: np.ndarray  # [N, O] bundle on failure (threat) or when missed (opportunity)
    o_stance: np.ndarray  # [N, O] stance of each option (index into STANCES)
    bundles: Bundles
    cond_rows: np.ndarray  # [R, 4] template, feature, lo, hi
    mod_rows: np.ndarray  # [Rm, 5] template, feature, lo, hi, log factor
    knob_base: np.ndarray  # [H] factor on every engine knob from the scenario's setting (quadrant)
    axes: (
        np.ndarray
    )  # [2] harmony (+1 harmonious, -1 contested), task (+1 public interest, -1 follows)
    elections: np.ndarray  # turns of the calendar's electoral dates
    # scoring
    score_weights: dict[str, float] = field(default_factory=dict)
    briefing: Texts | None = None

    @property
    def n_members(self) -> int:
        return len(self.members)

    @property
    def n_templates(self) -> int:
        return len(self.templates)

    @property
    def n_options(self) -> int:
        return self.o_demand.shape[1]

    @property
    def n_features(self) -> int:
        return feature_count(self)

    def template_index(self, template_id: str) -> int:
        """Index of a template by id (KeyError if unknown)."""
        for i, t in enumerate(self.templates):
            if t.id == template_id:
                return i
        raise KeyError(template_id)


# State features that conditions and rate rules can read, by name.
FIXED_FEATURES = ("turn", "public_value", "political_cover", "trust", "team_energy")


def feature_names(expectation_ids, trait_ids, kind_names, calendar_ids, template_ids):
    """Names of the condition features, in column order."""
    names = list(FIXED_FEATURES)
    names += list(trait_ids)
    names += [f"pressure_{k}" for k in kind_names]
    names += [f"until_{c}" for c in calendar_ids]
    names += [f"fired_{t}" for t in template_ids]
    names += [f"active_{t}" for t in template_ids]
    return names


def feature_count(scn: ScenarioData) -> int:
    """Number of condition features of a scenario."""
    return (
        len(FIXED_FEATURES)
        + scn.rules.n_traits
        + len(KINDS)
        + len(scn.calendar)
        + 2 * scn.n_templates
    )
