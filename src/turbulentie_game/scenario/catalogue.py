"""The one way to find a scenario: the built-ins, the user's scenario folder and extra files or
folders (`--scenarios DIR`), by id, code or path.

Each file is read at most once per (path, modification time) and compiled at most once; a
broken file is listed as broken with its first problem and skipped by every lookup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..core.model import ScenarioData
from ..i18n import said
from ..paths import scenarios_dir, user_scenarios_dir
from .codes import HASH_CHARS, CompetitionError, parse_code
from .compile import compile_scenario, read_scenario
from .load import ScenarioError, ScenarioProblem, content_hash, load_rules_spec, problem
from .spec import ScenarioSpec

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Entry:
    """One scenario file as a catalogue lists it: its id and titles, or why it is broken."""

    path: Path
    id: str = ""
    title_nl: str = ""
    title_en: str = ""
    summary_nl: str = ""
    summary_en: str = ""
    order: int = 0
    content_hash: str = ""
    problem: ScenarioProblem | None = None  # the first problem of a broken file

    @property
    def ok(self) -> bool:
        """Whether the file reads and checks without problems."""
        return self.problem is None


@dataclass
class _Read:
    """What reading one version of a file gave: its entry, and its spec or every problem."""

    entry: Entry
    spec: ScenarioSpec | None
    problems: tuple[ScenarioProblem, ...]
    compiled: ScenarioData | None = None


_FILES: dict[str, tuple[tuple, _Read]] = {}  # path as given -> (stat key, what it gave)
_FOLDERS: list[Path] = []  # folders every catalogue also looks in (`--scenarios DIR`)


def use_folders(folders: Iterable[str | Path]) -> None:
    """Make every catalogue of this process also look in these folders (`--scenarios DIR`)."""
    _FOLDERS[:] = [Path(f) for f in folders]


def _stat_key(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


def _first(problems: tuple[ScenarioProblem, ...]) -> ScenarioProblem:
    """The problem to show for a broken file: one in the YAML itself (a duplicate key, a tag)
    before one in its contents, as a later line may be why an earlier key looks missing."""
    reading = [p for p in problems if p.said is not None and p.said.key.startswith("yaml.")]
    return (reading or list(problems))[0]


def _read(path: Path) -> _Read:
    """Read and check one file, or take what an earlier read of the same version gave."""
    key = _stat_key(path)
    cached = _FILES.get(str(path))
    if key is not None and cached is not None and cached[0] == key:
        return cached[1]
    try:
        spec, _ = read_scenario(path)
    except ScenarioError as exc:
        problems = tuple(exc.problems) or (problem(str(path), 1, 1, said("problem.unreadable")),)
        read = _Read(Entry(path, problem=_first(problems)), None, problems)
    else:
        entry = Entry(
            path=path,
            id=spec.id,
            title_nl=spec.title.nl,
            title_en=spec.title.en or spec.title.nl,
            summary_nl=spec.summary.nl,
            summary_en=spec.summary.en or spec.summary.nl,
            order=spec.order,
            content_hash=content_hash(spec, load_rules_spec()),
        )
        read = _Read(entry, spec, ())
    if key is not None:
        _FILES[str(path)] = (key, read)
    return read


def entry(path: str | Path) -> Entry:
    """The entry of any scenario file (in a catalogue or not), broken or not."""
    return _read(Path(path)).entry


def compiled(path: str | Path) -> ScenarioData:
    """The compiled scenario of a file, compiled once per version; ScenarioError when broken."""
    read = _read(Path(path))
    if read.spec is None:
        raise ScenarioError(list(read.problems))
    if read.compiled is None:
        read.compiled = compile_scenario(read.spec, load_rules_spec())
    return read.compiled


def _listing(paths: Iterable[Path]) -> list[Entry]:
    """The entries of a folder's files: the usable ones by (order, id), then the broken ones."""
    found = [entry(p) for p in paths]
    usable = sorted((e for e in found if e.ok), key=lambda e: (e.order, e.id))
    return usable + [e for e in found if not e.ok]


def _in_place(place: Path) -> list[Entry]:
    if place.is_dir():
        try:
            files = sorted(
                p
                for p in place.iterdir()
                if p.suffix in SUFFIXES and not p.name.startswith(".") and p.is_file()
            )
        except OSError:  # a folder we may not read lists nothing rather than stopping the menu
            return []
        return _listing(files)
    return [entry(place)]


class Catalogue:
    """The built-in scenarios (unless `builtins=False`), the user's scenario folder (in
    `data_folder`, the user's data folder by default; `user=False` leaves it out), the folders
    given to `use_folders`, and the files in `extra` (files or folders)."""

    def __init__(
        self,
        extra: Iterable[str | Path] = (),
        builtins: bool = True,
        user: bool = True,
        data_folder: Path | None = None,
    ):
        self.extra = tuple(Path(p) for p in extra)
        self.builtins = builtins
        self.user = user
        self.data_folder = data_folder

    def user_folder(self) -> Path:
        """The folder of the user's own scenarios (it may not exist yet)."""
        return user_scenarios_dir(self.data_folder)

    def places(self) -> list[Path]:
        """Where this catalogue looks besides the built-ins, in order, each once."""
        places = [self.user_folder()] if self.user else []
        places += [*_FOLDERS, *self.extra]
        seen: set[str] = set()
        out = []
        for place in places:
            key = str(place.resolve()) if place.exists() else str(place)
            if key not in seen:
                seen.add(key)
                out.append(place)
        return out

    def entries(self) -> list[Entry]:
        """Every file, usable or broken: the built-ins first, then the user's folder, then each
        folder of `use_folders` and each extra file or folder."""
        out = _listing(sorted(scenarios_dir().glob("*.yaml"))) if self.builtins else []
        for place in self.places():
            if place.exists() or place != self.user_folder():
                out += _in_place(place)
        return out

    def own(self) -> list[Entry]:
        """The entries that are not built in (usable or broken), as `entries` orders them."""
        builtin = scenarios_dir().resolve()
        return [e for e in self.entries() if e.path.resolve().parent != builtin]

    def scenarios(self) -> list[Entry]:
        """The usable scenarios, the built-ins first (the default at the head)."""
        return [e for e in self.entries() if e.ok]

    def broken(self) -> list[Entry]:
        """The files that cannot be used, each with its first problem."""
        return [e for e in self.entries() if not e.ok]

    def by_id(self, scenario_id: str) -> Entry | None:
        """The first usable scenario with this id, or None."""
        return next((e for e in self.scenarios() if e.id == scenario_id), None)

    def by_path(self, path: str | Path) -> Entry:
        """The entry of a file, whether it is in this catalogue or not, broken or not."""
        return entry(path)

    def by_code(self, code: str) -> tuple[Entry, int]:
        """The scenario version and the seed a competition code starts; CompetitionError if none."""
        comp = parse_code(code)
        found_other: str | None = None
        for e in self.scenarios():
            if e.id != comp.scenario_id:
                continue
            if e.content_hash.startswith(comp.hash_prefix):
                return e, comp.seed
            found_other = e.content_hash[:HASH_CHARS]
        if found_other is not None:
            raise CompetitionError(
                "other_version",
                f"this code is for another version of scenario '{comp.scenario_id}' "
                f"({comp.hash_prefix.upper()}; this installation has {found_other.upper()})",
                scenario=comp.scenario_id,
                wanted=comp.hash_prefix.upper(),
                have=found_other.upper(),
            )
        raise CompetitionError(
            "unknown_scenario",
            f"this installation does not have scenario '{comp.scenario_id}'",
            scenario=comp.scenario_id,
        )

    def resolve(self, name: str | Path) -> Path:
        """A scenario path from a file path or an id (the name as a path when neither is known)."""
        p = Path(name)
        if p.suffix in SUFFIXES or p.exists():
            return p
        found = self.by_id(str(name))
        return found.path if found else p

    def default(self) -> Entry:
        """The scenario the game opens on."""
        return self.scenarios()[0]

    def compiled(self, path: str | Path) -> ScenarioData:
        """The compiled scenario of a file (see the module's `compiled`)."""
        return compiled(path)


def forget() -> None:
    """Drop every remembered file (for tests that rewrite files within one clock tick)."""
    _FILES.clear()
