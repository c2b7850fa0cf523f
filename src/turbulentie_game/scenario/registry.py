"""The built-in scenarios shipped with the game."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..paths import scenarios_dir
from .compile import read_scenario


@dataclass(frozen=True)
class BuiltIn:
    """A built-in scenario as the menu lists it."""

    id: str
    title_nl: str
    title_en: str
    summary_nl: str
    summary_en: str
    path: Path
    order: int


def builtin_scenarios() -> list[BuiltIn]:
    """Every built-in scenario, the default first."""
    out = []
    for path in sorted(scenarios_dir().glob("*.yaml")):
        spec, _ = read_scenario(path)
        out.append(
            BuiltIn(
                id=spec.id,
                title_nl=spec.title.nl,
                title_en=spec.title.en or spec.title.nl,
                summary_nl=spec.summary.nl,
                summary_en=spec.summary.en or spec.summary.nl,
                path=path,
                order=spec.order,
            )
        )
    return sorted(out, key=lambda b: (b.order, b.id))


def default_scenario() -> BuiltIn:
    """The scenario the game opens on."""
    return builtin_scenarios()[0]


def resolve(name: str) -> Path:
    """A scenario path from a file path or a built-in id."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    for b in builtin_scenarios():
        if b.id == name:
            return b.path
    return p
