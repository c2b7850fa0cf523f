"""Safe YAML reading that keeps line and column of every value and refuses YAML's traps."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

MAX_BYTES = 1_000_000
MAX_NODES = 30_000  # a scenario with 200 rich events has about 15 000
MAX_DEPTH = 40
MAX_ALIASES = 100
MAX_NUMBER_CHARS = 40

_BOOL_WORDS = {"true": True, "false": False}

# PyYAML's wording -> a hint how to fix it.
_SYNTAX_HINTS = {
    "'\\t'": "; indent with spaces, not tabs",
    "mapping values are not allowed": "; a ':' inside a text? put the whole text in quotes",
    "expected <block end>": "; check the indentation of this line against the lines above",
    "could not find expected ':'": "; a key needs ':' after it, or a long text needs quotes",
    "found undefined alias": "; define '&name' before using '*name'",
    "expected ',' or '}'": "; close the {...} or put a text with commas in quotes",
    "expected ',' or ']'": "; close the [...] or put a text with commas in quotes",
}


@dataclass
class YamlProblem:
    """A problem found while reading YAML, with its 1-based position.

    `message` is English; `key` and `params` name it in the catalogues (`yaml.<key>`) so that a
    reader can say it in the user's language (an empty key: only the English is known)."""

    line: int
    column: int
    message: str
    key: str = ""
    params: dict = field(default_factory=dict)


class YamlError(ValueError):
    """The file is not readable YAML (or is too large or too deep to read safely)."""

    def __init__(self, problems: list[YamlProblem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _refuse(mark, message: str, key: str = "", **params) -> YamlError:
    return YamlError([YamlProblem(mark.line + 1, mark.column + 1, message, key, params)])


@dataclass
class Document:
    """Plain Python data from YAML, with the position of each value and each key by path."""

    data: object
    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)  # what `recover=True` let through

    def position(self, loc: tuple) -> tuple[int, int]:
        """Best position for a pydantic error location (skips parts that are not in the data)."""
        path: tuple = ()
        node = self.data
        best = self.values.get((), (1, 1))
        for part in loc:
            if (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            ):
                path += (part,)
                node = node[part]
            elif isinstance(node, dict) and isinstance(part, str) and (path + (part,)) in self.keys:
                return self.keys[path + (part,)]
            else:
                continue
            best = self.values.get(path, best)
        return best

    def key_position(self, loc: tuple) -> tuple[int, int] | None:
        """Position of the key at the end of a path (for unknown keys), if known."""
        path: tuple = ()
        node = self.data
        for part in loc[:-1]:
            if (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            ):
                path += (part,)
                node = node[part]
        return self.keys.get(path + (loc[-1],))


def _pos(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self):
        self.doc = Document(data=None)
        self.problems: list[YamlProblem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node, path: tuple, depth: int):
        self.count += 1
        if self.count > MAX_NODES:
            raise _refuse(
                node.start_mark, f"the file has more than {MAX_NODES} values", "nodes", n=MAX_NODES
            )
        if depth > MAX_DEPTH:
            raise _refuse(
                node.start_mark, f"nested deeper than {MAX_DEPTH} levels", "depth", n=MAX_DEPTH
            )
        self.doc.values[path] = _pos(node)
        if not _allowed_tag(node):
            tag = _short_tag(node.tag)
            self.problems.append(
                YamlProblem(
                    *_pos(node),
                    f"the YAML tag '{tag}' is not allowed in scenario files (they hold only "
                    "texts, numbers, lists and mappings); remove it",
                    "tag",
                    {"tag": tag},
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(
                        YamlProblem(*_pos(key_node), "a key must be plain text", "key_text")
                    )
                    continue
                key = key_node.value
                if key == "<<":
                    self.problems.append(
                        YamlProblem(
                            *_pos(key_node),
                            "merge keys ('<<') are not supported; write the keys out",
                            "merge",
                        )
                    )
                    continue
                if key in out:
                    line, _ = self.doc.keys[path + (key,)]
                    self.problems.append(
                        YamlProblem(
                            *_pos(key_node),
                            f"duplicate key '{key}' (first given at line {line}); remove one of them",
                            "duplicate",
                            {"key": key, "first": line},
                        )
                    )
                    continue
                self.doc.keys[path + (key,)] = _pos(key_node)
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, path + (i,), depth + 1) for i, v in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node):
        tag = node.tag
        text = node.value
        if node.style is not None:  # quoted or block text stays text
            return text
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            lowered = text.lower()
            if lowered in _BOOL_WORDS:
                return _BOOL_WORDS[lowered]
            return text  # yes/no/on/off stay text; a yes/no field will say what it expects
        if tag.endswith(":int") or tag.endswith(":float"):
            if ":" in text:  # YAML 1.1 sexagesimal (1:30 -> 90): keep the text
                return text
            if len(text) > MAX_NUMBER_CHARS:  # int() of thousands of digits refuses, or is slow
                raise _refuse(
                    node.start_mark,
                    f"a number of {len(text):,} characters; no value in a scenario needs more "
                    f"than {MAX_NUMBER_CHARS}",
                )
            return self.constructor.construct_object(node)
        if tag.endswith(":str"):
            return text
        return text  # timestamps, binary and other types: keep the text as written


class _CountingLoader(yaml.SafeLoader):
    """A safe loader that stops early on too many values, too deep nesting or many aliases."""

    aliases = 0
    nodes = 0
    depth = 0

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _refuse(
                    mark,
                    f"more than {MAX_ALIASES} aliases ('*name'); write the values out",
                    "aliases",
                    n=MAX_ALIASES,
                )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _refuse(mark, f"the file has more than {MAX_NODES} values", "nodes", n=MAX_NODES)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _refuse(mark, f"nested deeper than {MAX_DEPTH} levels", "depth", n=MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def read_yaml(text: str, recover: bool = False) -> Document:
    """Parse YAML text into plain data with positions; raise YamlError listing every problem.

    With `recover`, problems that leave the rest readable (a duplicate key, a merge key, a
    forbidden tag) do not raise: the data keeps the first value (the tagged one is left out)
    and `problems` lists them, so a checker can report them with everything else."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlError(
            [
                YamlProblem(
                    1,
                    1,
                    f"the file is larger than {MAX_BYTES // 1000} kB",
                    "size",
                    {"kb": MAX_BYTES // 1000},
                )
            ]
        )
    try:
        loader = _CountingLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = exc.problem or "not valid YAML"
        if exc.context:
            msg = f"{msg} ({exc.context})"
        hint = next((h for k, h in _SYNTAX_HINTS.items() if k in msg), "")
        hint_id = list(_SYNTAX_HINTS.values()).index(hint) if hint else -1
        params = {"problem": msg, "hint": hint_id}
        raise YamlError([YamlProblem(line, col, msg + hint, "syntax", params)]) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        msg = (
            f"character #x{exc.character:04x} is not allowed in a YAML file; "
            "is this really a text file?"
        )
        params = {"char": f"{exc.character:04x}"}
        raise YamlError([YamlProblem(line, col, msg, "character", params)]) from None
    except yaml.YAMLError as exc:
        raise YamlError([YamlProblem(1, 1, str(exc))]) from None
    if root is None:
        raise YamlError([YamlProblem(1, 1, "the file is empty", "empty")])
    builder = _Builder()
    builder.doc.data = builder.build(root, (), 0)
    if builder.problems and not recover:
        raise YamlError(builder.problems)
    builder.doc.problems = builder.problems
    return builder.doc


# The tags YAML gives plain values by itself; writing one of them (!!str) is allowed too.
_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "value")
)


def _allowed_tag(node) -> bool:
    """Whether a node's tag is one of plain YAML (not !!python/..., !!binary, !local, ...)."""
    return node.tag in _PLAIN_TAGS


def _short_tag(tag: str) -> str:
    """A tag as it is written in the file."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag
