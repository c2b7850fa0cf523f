"""Read scenario and rules files into specs, with every problem placed at file:line:column."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import UnionType
from typing import Annotated, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..paths import assets_dir
from ..strictread import ReadProblem, decode_utf8, read_bytes
from ..yamlread import MAX_BYTES, Document, YamlError, read_yaml
from .spec import RulesSpec, ScenarioSpec


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


def dotted_path(loc: tuple) -> str:
    """A location as designers read it: events[3].success[0].by."""
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


_KIND_WORDS = {
    "float_type": "a number (such as 2 or 1.5)",
    "int_type": "a whole number (such as 5)",
    "string_type": "a text",
    "bool_type": "true or false",
    "dict_type": "a mapping ('key: value' lines)",
    "model_type": "a mapping ('key: value' lines)",
    "model_attributes_type": "a mapping ('key: value' lines)",
    "list_type": "a list ('- item' lines or [a, b])",
    "none_required": "nothing",
}


def _shown(value) -> str:
    """A short description of a value as the designer wrote it."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _choices(expected: str) -> str:
    return expected.replace("'", "").replace(" or ", ", ")


def _type_message(kind: str, value) -> str:
    want = _KIND_WORDS[kind]
    if kind == "bool_type":
        return f"write true or false, not {_shown(value)}"
    if kind in ("float_type", "int_type") and isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return f"write {want} here, not {_shown(value)}"
        return f"write {want} without quotes, not {_shown(value)}"
    if kind == "int_type" and isinstance(value, float):
        return f"write a whole number here, not {value}"
    if kind == "string_type" and not isinstance(value, dict | list) and value is not None:
        return f"write a text here; put {_shown(value)} in quotes so it stays text"
    return f"write {want} here, not {_shown(value)}"


def _message(err: dict, allowed: list[str] | None) -> str:
    """A designer-friendly sentence for one pydantic error (never pydantic's own wording)."""
    kind = err["type"]
    loc = err["loc"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        key = loc[-1]
        hint = difflib.get_close_matches(str(key), allowed or [], n=1)
        if hint:
            return f"unknown key '{key}': did you mean '{hint[0]}'?"
        if value is None and (" " in str(key) or set(allowed or []) == {"nl", "en"}):
            return (
                f"unknown key '{key}': a comma inside {{...}} split a text in two; "
                "put the whole text in quotes"
            )
        known = ", ".join(allowed or [])
        return f"unknown key '{key}'" + (f"; allowed here: {known}" if known else "")
    if kind == "missing":
        return f"'{loc[-1]}' is required here; add it"
    if kind == "union_tag_invalid":
        tags = [t.strip(" '") for t in ctx.get("expected_tags", "").split(",")]
        tag = str(ctx.get("tag"))
        hint = difflib.get_close_matches(tag, tags, n=1)
        tail = f"did you mean '{hint[0]}'?" if hint else f"use one of: {', '.join(tags)}"
        return f"unknown op '{tag}': {tail}"
    if kind == "union_tag_not_found":
        return "an effect needs 'op:' (meter, lasting, trait, energy, pressure or follow_up)"
    if kind == "literal_error" and loc == ("format",):
        return f"this version of the game reads format: 1, not {_shown(value)}"
    if kind == "literal_error":
        choices = _choices(ctx.get("expected", ""))
        if loc and loc[-1] == "[key]":
            return f"'{value}' is not allowed as a key here; use one of: {choices}"
        if isinstance(value, int | float) and str(value) in choices.split(", "):
            return f'write "{value}" in quotes: without them YAML reads a number, not a text'
        hint = difflib.get_close_matches(str(value), choices.split(", "), n=1)
        tail = f"; did you mean '{hint[0]}'?" if hint else ""
        return f"{_shown(value)} is not allowed here; use one of: {choices}{tail}"
    if kind in _KIND_WORDS:
        return _type_message(kind, value)
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        word, key = bounds[kind]
        return f"must be {word} {ctx.get(key):g}, not {value}"
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"needs at least {n} item{'s' if n != 1 else ''}"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_pattern_mismatch":
        slug = re.sub(r"[^a-z0-9]+", "_", str(value).lower()).strip("_") or "my_id"
        if not slug[0].isalpha():
            slug = "x_" + slug
        return (
            f"{_shown(value)} is not a valid id: use lower-case letters, digits and "
            f"underscores, starting with a letter (for example '{slug}')"
        )
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return str(err["msg"])[0].lower() + str(err["msg"])[1:]


def _unwrap(tp):
    """The type inside Annotated[...] and Optional[...]."""
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
            continue
        if get_origin(tp) in (Union, UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _variant_name(tp) -> str:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get("op")
        return str(get_args(field.annotation)[0]) if field is not None else tp.__name__
    return getattr(get_origin(tp) or tp, "__name__", "")


def _walk(model, loc: tuple) -> tuple[tuple, object]:
    """Drop the union variant labels pydantic puts in a location; return it and the type there."""
    tp: object = model
    out: list = []
    for part in loc:
        tp = _unwrap(tp)
        if get_origin(tp) in (Union, UnionType) and isinstance(part, str):
            variants = [a for a in get_args(tp) if a is not type(None)]
            match = [v for v in variants if str(part).startswith(_variant_name(v))]
            tp = _unwrap(match[0]) if match else None
            continue  # the label is not in the data
        out.append(part)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            field = tp.model_fields.get(part)
            tp = field.annotation if field is not None else None
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        else:
            tp = None
    return tuple(out), _unwrap(tp)


def _allowed_keys(model, loc: tuple) -> list[str]:
    """The keys the mapping at a location accepts (for 'did you mean')."""
    _, tp = _walk(model, loc[:-1])
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _drop_shallow_union_errors(items: list[tuple[tuple, dict]]) -> list[tuple[tuple, dict]]:
    """Keep the most specific error of a union: a type error is dropped when a deeper one exists."""
    paths = [p for p, _ in items]
    out = []
    for path, err in items:
        deeper = any(len(q) > len(path) and q[: len(path)] == path for q in paths)
        if err["type"] in _KIND_WORDS and deeper:
            continue
        out.append((path, err))
    return out


def validation_problems(
    file: str, doc: Document, exc: ValidationError, model
) -> list[ScenarioProblem]:
    """Turn pydantic errors into positioned problems, one per place."""
    items = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if "[key]" in loc:
            loc = loc[: loc.index("[key]") + 1]
        loc, _ = _walk(model, loc)
        err = {**err, "loc": loc}
        items.append((_clean_loc(doc, tuple(p for p in loc if p != "[key]")), err))
    misspelt = {
        path[:-1] + (hint,)
        for path, err in items
        if err["type"] == "extra_forbidden"
        for hint in difflib.get_close_matches(str(path[-1]), _allowed_keys(model, err["loc"]), n=1)
    }
    grouped: dict[tuple, list[dict]] = {}
    for path, err in _drop_shallow_union_errors(items):
        if err["type"] == "missing" and path in misspelt:
            continue  # the unknown key's "did you mean" already says it
        grouped.setdefault(path, []).append(err)
    out: list[ScenarioProblem] = []
    for path, errs in grouped.items():
        err = errs[0]
        loc = tuple(err["loc"])
        pos = None
        if err["type"] == "extra_forbidden" or loc[-1:] == ("[key]",):
            pos = doc.key_position(path)
        line, col = pos or doc.position(path)
        types = [e["type"] for e in errs if e["type"] in _KIND_WORDS]
        if len(types) > 1 and len(types) == len(errs):
            wants = " or ".join(dict.fromkeys(_KIND_WORDS[t] for t in types))
            msg = f"write {wants} here, not {_shown(err.get('input'))}"
        else:
            allowed = _allowed_keys(model, loc) if err["type"] == "extra_forbidden" else None
            msg = _message(err, allowed)
        out.append(ScenarioProblem(file, line, col, msg, dotted_path(path)))
    return sorted(out, key=lambda p: (p.line, p.column))


def read_text(path: Path) -> str:
    """A file's text, or a ScenarioError saying why it cannot be read (a FIFO, a device or a
    folder is refused by its type, a file of more than MAX_BYTES by what is read, not by size)."""
    try:
        data = read_bytes(path, MAX_BYTES)
    except ReadProblem as exc:
        message = str(exc)
        if message.startswith("the file is larger"):
            message = f"the file is larger than {MAX_BYTES // 1000} kB; is this really a scenario?"
        elif message.startswith("this is a folder"):
            message = "this is a folder, not a file"
        elif message.startswith("this is"):
            message += "; give the path of a scenario file (.yaml)"
        raise ScenarioError([ScenarioProblem(str(path), 1, 1, message)]) from None
    try:
        return decode_utf8(data)
    except ReadProblem as exc:
        raise ScenarioError([ScenarioProblem(str(path), 1, 1, str(exc))]) from None


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
