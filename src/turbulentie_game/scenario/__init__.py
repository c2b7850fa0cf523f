"""Scenario files: YAML reading with positions, pydantic specs, compilation to engine arrays."""
