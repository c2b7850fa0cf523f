"""Scenario files: pydantic specs read with positions, compilation to engine arrays, lint, the
designer's checks, competition codes and the catalogue that finds every scenario."""
