"""Read scenario and rules files into specs, with every problem placed at file:line:column."""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import get_args

from pydantic import BaseModel, ValidationError

from ..paths import assets_dir
from .spec import RulesSpec, ScenarioSpec
from .yamlread import Document, YamlError, read_yaml


@dataclass(frozen=True)
class ScenarioProblem:
    """One problem in a file, at a 1-based line and column, with the path of the field."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f" (at {self.path})" if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.message}{where}"


class ScenarioError(ValueError):
    """A scenario or rules file cannot be used; `problems` lists every problem found."""

    def __init__(self, problems: list[ScenarioProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _clean_loc(doc: Document, loc: tuple) -> tuple:
    """Drop the parts pydantic adds for unions (variant names) that are not in the data."""
    path: list = []
    node = doc.data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str):
            path.append(part)
            node = None
    return tuple(path)


def _message(err: dict, allowed: list[str] | None) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "extra_forbidden":
        key = loc[-1]
        hint = difflib.get_close_matches(str(key), allowed or [], n=1)
        if hint:
            return f"unknown key '{key}': did you mean '{hint[0]}'?"
        known = ", ".join(allowed or [])
        return f"unknown key '{key}'" + (f" (allowed: {known})" if known else "")
    if kind == "missing":
        return f"'{loc[-1]}' is required here"
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        return f"unknown op {ctx.get('tag')!r}; use one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return "an effect needs 'op:' (meter, lasting, trait, energy, pressure or follow_up)"
    if kind == "literal_error":
        return f"{err['msg'].lower()}, not {err.get('input')!r}"
    if kind == "bool_type":
        return f"write true or false, not {err.get('input')!r}"
    if kind in ("string_type",) and not isinstance(err.get("input"), dict | list):
        return f"{err['msg'].lower()}: put the value in quotes"
    return err["msg"][0].lower() + err["msg"][1:]


def _models_of(tp) -> list:
    """The pydantic models inside a type annotation (through lists, dicts, unions, Annotated)."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    out: list = []
    for arg in get_args(tp):
        out += _models_of(arg)
    return out


def _tag(model) -> str | None:
    field = model.model_fields.get("op")
    return get_args(field.annotation)[0] if field is not None else None


def _allowed_keys(model, loc: tuple) -> list[str]:
    """The keys the model accepts at a location (for 'did you mean')."""
    current = [model]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        tagged = [m for m in current if _tag(m) == part]
        with_field = [m for m in current if part in m.model_fields]
        if len(current) > 1 and tagged:
            current = tagged
        elif with_field:
            current = _models_of(with_field[0].model_fields[part].annotation) or current
    keys: list[str] = []
    for m in current:
        keys += [k for k in m.model_fields if k not in keys]
    return keys


def validation_problems(
    file: str, doc: Document, exc: ValidationError, model
) -> list[ScenarioProblem]:
    """Turn pydantic errors into positioned problems."""
    out: list[ScenarioProblem] = []
    seen: set = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = _clean_loc(doc, loc)
        pos = None
        if err["type"] == "extra_forbidden":
            pos = doc.key_position(path)
        line, col = pos or doc.position(path)
        msg = _message(err, _allowed_keys(model, loc) if err["type"] == "extra_forbidden" else None)
        key = (line, col, msg)
        if key in seen:
            continue
        seen.add(key)
        out.append(ScenarioProblem(file, line, col, msg, _dotted(path)))
    return out


def read_text(path: Path) -> str:
    """A file's text, or a ScenarioError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([ScenarioProblem(str(path), 1, 1, "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError(
            [ScenarioProblem(str(path), 1, 1, "this is a folder, not a file")]
        ) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [
                ScenarioProblem(
                    str(path), 1, 1, f"not UTF-8 text (byte {exc.start}); save it as UTF-8"
                )
            ]
        ) from None
    except OSError as exc:
        raise ScenarioError(
            [ScenarioProblem(str(path), 1, 1, f"cannot read: {exc.strerror}")]
        ) from None


def parse(text: str, file: str, model):
    """Parse YAML text into a spec model, collecting positioned problems."""
    try:
        doc = read_yaml(text)
    except YamlError as exc:
        raise ScenarioError(
            [ScenarioProblem(file, p.line, p.column, p.message) for p in exc.problems]
        ) from None
    if not isinstance(doc.data, dict):
        raise ScenarioError(
            [ScenarioProblem(file, 1, 1, "the file must be a mapping of keys to values")]
        )
    try:
        spec = model.model_validate(doc.data)
    except ValidationError as exc:
        raise ScenarioError(validation_problems(file, doc, exc, model)) from None
    return spec, doc


@lru_cache(maxsize=4)
def load_rules_spec(path: str | None = None) -> RulesSpec:
    """The rules file (shipped with the game unless a path is given)."""
    p = Path(path) if path else assets_dir() / "rules.yaml"
    spec, _ = parse(read_text(p), str(p), RulesSpec)
    return spec


def content_hash(spec: ScenarioSpec, rules: RulesSpec) -> str:
    """A short hash of everything that decides how a scenario plays (comments do not count)."""
    blob = json.dumps(
        {"scenario": spec.model_dump(mode="json"), "rules": rules.model_dump(mode="json")},
        sort_keys=True,
        ensure_ascii=True,
    )
    return hashlib.sha256(blob.encode("ascii")).hexdigest()[:16]
