"""Read scenario and rules files into specs, with every problem placed at file:line:column."""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import UnionType
from typing import Annotated, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..i18n import Said, Translator, english, said, say
from ..paths import assets_dir
from ..strictread import ReadProblem, read_bytes
from ..yamlread import MAX_BYTES, Document, YamlError, YamlProblem, read_yaml
from .spec import RulesSpec, ScenarioSpec


@dataclass(frozen=True)
class ScenarioProblem:
    """One problem in a file, at a 1-based line and column, with the path of the field."""

    file: str
    line: int
    column: int
    message: str  # in English
    path: str = ""
    said: Said | None = None  # the message as a catalogue key, to say it in the user's language

    def __str__(self) -> str:
        where = f" (at {self.path})" if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.message}{where}"

    def text(self, t: Translator | Callable[..., str]) -> str:
        """The message in t's language (English when it has no catalogue key)."""
        return say(t, self.said) if self.said is not None else self.message

    def line_in(self, t: Translator | Callable[..., str]) -> str:
        """`FILE:LINE:COL: message (at path)` in t's language."""
        where = " " + t("problem.at", path=self.path) if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.text(t)}{where}"


def problem(file: str, line: int, column: int, s: Said, path: str = "") -> ScenarioProblem:
    """A problem whose message is a catalogue key (its English wording from the catalogue)."""
    return ScenarioProblem(file, line, column, english().say(s), path, s)


def from_yaml(file: str, p: YamlProblem) -> ScenarioProblem:
    """A YAML reading problem as a scenario problem (with its catalogue key when it has one)."""
    known = english().strings
    if not p.key or f"yaml.{p.key}" not in known:
        return ScenarioProblem(file, p.line, p.column, p.message)
    params = dict(p.params)
    if p.key == "syntax":
        hint = params.pop("hint", -1)
        if hint >= 0 and f"yaml.hint.{hint}" not in known:
            return ScenarioProblem(file, p.line, p.column, p.message)
        params["hint"] = said(f"yaml.hint.{hint}") if hint >= 0 else ""
    return problem(file, p.line, p.column, said(f"yaml.{p.key}", **params))


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
    "float_type": "kind.number",
    "int_type": "kind.whole",
    "string_type": "kind.text",
    "bool_type": "kind.bool",
    "dict_type": "kind.mapping",
    "model_type": "kind.mapping",
    "model_attributes_type": "kind.mapping",
    "list_type": "kind.list",
    "none_required": "kind.nothing",
}


def _kind(kind: str) -> Said:
    return said("problem." + _KIND_WORDS[kind])


def _shown(value) -> Said | str:
    """A short description of a value as the designer wrote it."""
    if isinstance(value, dict):
        return said("problem.shown.mapping")
    if isinstance(value, list):
        return said("problem.shown.list")
    if value is None:
        return said("problem.shown.empty")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _choices(expected: str) -> str:
    return expected.replace("'", "").replace(" or ", ", ")


def _type_message(kind: str, value) -> Said:
    want = _kind(kind)
    if kind == "bool_type":
        return said("problem.want_bool", value=_shown(value))
    if kind in ("float_type", "int_type") and isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return said("problem.want", want=want, value=_shown(value))
        return said("problem.want_unquoted", want=want, value=_shown(value))
    if kind == "int_type" and isinstance(value, float):
        return said("problem.want_whole", value=value)
    if kind == "string_type" and not isinstance(value, dict | list) and value is not None:
        return said("problem.want_text", value=_shown(value))
    return said("problem.want", want=want, value=_shown(value))


# The messages of the specs' own checks (spec.py), by their English wording.
_VALUE_ERRORS = {
    "give at least one of min, max, above, below": "problem.range_empty",
    "max must be at least min": "problem.max_below_min",
    "a dilemma has 2 or 3 options (or none for a plain event)": "problem.option_count",
    "give exactly one of below or above": "problem.below_or_above",
}


def _message(err: dict, allowed: list[str] | None) -> Said:
    """A designer-friendly sentence for one pydantic error (never pydantic's own wording)."""
    kind = err["type"]
    loc = err["loc"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        key = loc[-1]
        hint = difflib.get_close_matches(str(key), allowed or [], n=1)
        if hint:
            return said("problem.unknown_key_hint", key=key, hint=hint[0])
        if value is None and (" " in str(key) or set(allowed or []) == {"nl", "en"}):
            return said("problem.unknown_key_comma", key=key)
        known = ", ".join(allowed or [])
        if known:
            return said("problem.unknown_key_known", key=key, known=known)
        return said("problem.unknown_key", key=key)
    if kind == "missing":
        return said("problem.missing", key=loc[-1])
    if kind == "union_tag_invalid":
        tags = [t.strip(" '") for t in ctx.get("expected_tags", "").split(",")]
        tag = str(ctx.get("tag"))
        hint = difflib.get_close_matches(tag, tags, n=1)
        if hint:
            return said("problem.unknown_op_hint", op=tag, hint=hint[0])
        return said("problem.unknown_op", op=tag, known=", ".join(tags))
    if kind == "union_tag_not_found":
        return said("problem.no_op")
    if kind == "literal_error" and loc == ("format",):
        return said("problem.format", value=_shown(value))
    if kind == "literal_error":
        choices = _choices(ctx.get("expected", ""))
        if loc and loc[-1] == "[key]":
            return said("problem.bad_key", key=value, choices=choices)
        if isinstance(value, int | float) and str(value) in choices.split(", "):
            return said("problem.quote_number", value=value)
        hint = difflib.get_close_matches(str(value), choices.split(", "), n=1)
        if hint:
            return said(
                "problem.not_allowed_hint", value=_shown(value), choices=choices, hint=hint[0]
            )
        return said("problem.not_allowed", value=_shown(value), choices=choices)
    if kind in _KIND_WORDS:
        return _type_message(kind, value)
    bounds = {
        "greater_than_equal": ("at_least", "ge"),
        "less_than_equal": ("at_most", "le"),
        "greater_than": ("more_than", "gt"),
        "less_than": ("less_than", "lt"),
    }
    if kind in bounds:
        word, key = bounds[kind]
        return said(f"problem.{word}", bound=f"{ctx.get(key):g}", value=value)
    if kind == "too_short":
        n = ctx.get("min_length")
        return said("problem.too_short_1" if n == 1 else "problem.too_short", n=n)
    if kind == "too_long":
        return said("problem.too_long", n=ctx.get("max_length"))
    if kind == "string_too_short":
        return said("problem.empty_text")
    if kind == "string_too_long":
        return said("problem.text_too_long", n=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        plain = unicodedata.normalize("NFKD", str(value).lower())  # 'ö' becomes 'o' and a mark
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
        slug = re.sub(r"[^a-z0-9]+", "_", plain).strip("_") or "my_id"
        if not slug[0].isalpha():
            slug = "x_" + slug
        return said("problem.bad_id", value=_shown(value), example=slug)
    if kind == "value_error":
        text = str(err["msg"]).removeprefix("Value error, ")
        if text in _VALUE_ERRORS:
            return said(_VALUE_ERRORS[text])
        return said("problem.plain", text=text)
    text = str(err["msg"])
    return said("problem.plain", text=text[0].lower() + text[1:])


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
            kinds = [said("problem." + k) for k in dict.fromkeys(_KIND_WORDS[t] for t in types)]
            want = kinds[0]
            for k in kinds[1:]:
                want = said("problem.kind_or", a=want, b=k)
            msg = said("problem.want", want=want, value=_shown(err.get("input")))
        else:
            allowed = _allowed_keys(model, loc) if err["type"] == "extra_forbidden" else None
            msg = _message(err, allowed)
        out.append(problem(file, line, col, msg, dotted_path(path)))
    return sorted(out, key=lambda p: (p.line, p.column))


def read_text(path: Path) -> str:
    """A file's text, or a ScenarioError saying why it cannot be read (a FIFO, a device or a
    folder is refused by its type, a file of more than MAX_BYTES by what is read, not by size)."""

    def fail(key: str, **params) -> ScenarioError:
        return ScenarioError([problem(str(path), 1, 1, said(key, **params))])

    try:
        data = read_bytes(path, MAX_BYTES)
    except ReadProblem as exc:
        key = exc.said.key
        if key == "read.too_large":
            raise fail("problem.file_too_large", kb=MAX_BYTES // 1000) from None
        if key == "read.not_found":
            raise fail("problem.no_file") from None
        if key == "read.is_folder":
            raise fail("problem.is_folder") from None
        raise fail("problem.cannot_read", reason=exc.said) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail("problem.not_utf8", byte=exc.start) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse(text: str, file: str, model):
    """Parse YAML text into a spec model, collecting positioned problems."""
    try:
        doc = read_yaml(text, recover=True)
    except YamlError as exc:
        raise ScenarioError([from_yaml(file, p) for p in exc.problems]) from None
    found = [from_yaml(file, p) for p in doc.problems]  # duplicate keys, tags: read on
    if not isinstance(doc.data, dict):
        raise ScenarioError([*found, problem(file, 1, 1, said("problem.not_mapping"))])
    try:
        spec = model.model_validate(doc.data)
    except ValidationError as exc:
        found += validation_problems(file, doc, exc, model)
    if found:
        err = ScenarioError(sorted(found, key=lambda p: (p.line, p.column)))
        err.doc = doc  # what was read: the rest of the file can still be checked (salvage)
        raise err
    return spec, doc


def _deepest_last(trail: tuple) -> tuple:
    """Sort key of data paths: deeper ones, and later items of a list, come last."""
    return (len(trail), tuple((0, x, "") if isinstance(x, int) else (1, 0, str(x)) for x in trail))


class Salvage:
    """A file's data with the parts the schema rejects taken out, so that what remains can be
    checked further (unknown ids); `original` maps a path in what remains back to the file."""

    ROUNDS = 50

    def __init__(self, data):
        self.data = copy.deepcopy(data)
        self.gone: dict[tuple, set[int]] = {}  # per list (its path in the file): items taken out
        self.dropped: set[str] = set()  # the ids of items taken out (still ids of the file)

    def original(self, path: tuple) -> tuple:
        """The path in the file of a path in the salvaged data."""
        out: list = []
        node = self.data
        for part in path:
            if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                gone = self.gone.get(tuple(out), set())
                i, k = -1, -1
                while k < part:
                    i += 1
                    k += i not in gone
                out.append(i)
                node = node[part]
            else:
                out.append(part)
                node = node.get(part) if isinstance(node, dict) else None
        return tuple(out)

    def _trail(self, loc: tuple) -> list[tuple]:
        """The data path of an error's location (a union's tag or "[key]" is not in the data)."""
        node, trail = self.data, []
        for part in loc:
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if in_list or (isinstance(node, dict) and part in node):
                trail.append(part)
                node = node[part]
        return trail

    def _remove(self, trail: list) -> None:
        parent = self.data
        for part in trail[:-1]:
            parent = parent[part]
        if isinstance(parent, list):
            orig = self.original(tuple(trail))
            self.gone.setdefault(orig[:-1], set()).add(orig[-1])
            item = parent[trail[-1]]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                self.dropped.add(item["id"])
        del parent[trail[-1]]

    def spec(self, model, defaults: dict | None = None):
        """A valid spec of what remains (None: too much of the file is broken for that). A
        missing or rejected number or word at the top level (`turns`, `id`) is taken from
        `defaults` (the template), so that the rest can still be checked."""
        for _ in range(self.ROUNDS):
            try:
                return model.model_validate(self.data)
            except ValidationError as exc:
                errors = exc.errors()
            cuts = set()
            for e in errors:
                trail = tuple(self._trail(tuple(e["loc"])))
                top = e["loc"][0] if e["loc"] else None
                value = (defaults or {}).get(top)
                if len(trail) <= 1 and isinstance(value, str | int | float):
                    self.data[top] = value  # a scalar the rest does not depend on
                    continue
                cuts.add(trail)
            if () in cuts:  # the file's top level itself is wrong (a section is missing)
                return None
            for trail in sorted(cuts, key=_deepest_last, reverse=True):
                try:
                    self._remove(list(trail))
                except (KeyError, IndexError, TypeError):
                    continue  # inside a part already taken out this round
        return None


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
