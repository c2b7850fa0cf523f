"""The player's files: settings and the autosave in the user's data folder (no pygame here)."""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .. import ENGINE_VERSION
from ..core.allocation import AllocationError
from ..core.engine import TurnReport
from ..core.model import ScenarioData
from ..core.state import GameState
from ..files import atomic_write_text, clean_stray_temps  # noqa: F401  (clean_stray_temps: re-exported)
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from ..paths import data_dir  # noqa: F401  (re-exported: the window finds it here)
from ..scenario.compile import load_scenario
from ..scenario.load import ScenarioError
from ..scenario.registry import builtin_scenarios
from ..sim.competition import CompetitionError, parse_code
from ..sim.record import MAX_RECORD_BYTES, GameRecord, RecordError, refused, replay
from ..sim.verify import refusal_said
from ..strictread import ReadProblem, read_json, read_text

SIZES = ((1280, 720), (1600, 900), (1920, 1080))
TEXT_SCALES = (0.9, 1.0, 1.15, 1.3, 1.6, 2.0)
ANIMATIONS = ("normal", "fast", "off")
PALETTES = ("okabe_ito", "high_contrast")  # their colours: assets/ui/palettes.json
AUTOSAVE = "autosave.json"
AUTOSAVE_PATH = "autosave.scenario.txt"
AUTOSAVE_CODE = "autosave.code.txt"
MAX_NAME = 80  # a player's name, as result files allow it
MAX_SETTINGS_BYTES = 64_000
MAX_SIDE_BYTES = 8_000  # the side files: a scenario path, a competition code


@dataclass
class Settings:
    """What the player chose in the settings screen; stored as JSON."""

    lang: str = DEFAULT_LANGUAGE
    size: tuple[int, int] = SIZES[0]
    fullscreen: bool = False
    text_scale: float = 1.0
    animations: str = "normal"
    palette: str = PALETTES[0]  # colour-blind safe by default (Okabe-Ito); or high contrast
    intro_done: bool = False
    player: str = ""  # the name that goes into result files
    results_dir: str = ""  # where result files go; empty: `results` in the data folder
    seat: str = ""  # the seat token a facilitator issued for this name (seals result files)
    # command-line options for this run only: name -> (the stored value, the value of this run);
    # never written, and a value the player then changes in the window is saved as usual
    run_only: dict = field(default_factory=dict, repr=False, compare=False)

    def for_this_run(self, name: str, value) -> None:
        """Use a value for this run without saving it (a command-line option)."""
        stored = self.run_only.get(name, (getattr(self, name), None))[0]
        self.run_only[name] = (stored, value)
        setattr(self, name, value)

    def chosen(self, name: str) -> None:
        """The player chose this value in the window: save it from now on."""
        self.run_only.pop(name, None)

    @staticmethod
    def load(folder: Path) -> Settings:
        """Read the settings; anything missing or odd falls back to the default."""
        s = Settings()
        try:
            data = read_json(folder / "settings.json", MAX_SETTINGS_BYTES)
        except ReadProblem:
            return s
        if not isinstance(data, dict):
            return s
        if data.get("lang") in LANGUAGES:
            s.lang = data["lang"]
        size = data.get("size")
        if isinstance(size, list) and all(type(v) is int for v in size) and tuple(size) in SIZES:
            s.size = (int(size[0]), int(size[1]))
        for name, ok in (
            ("fullscreen", lambda v: isinstance(v, bool)),
            ("intro_done", lambda v: isinstance(v, bool)),
            ("text_scale", lambda v: type(v) in (int, float) and v in TEXT_SCALES),
            ("animations", lambda v: isinstance(v, str) and v in ANIMATIONS),
            ("palette", lambda v: isinstance(v, str) and v in PALETTES),
            ("player", lambda v: isinstance(v, str) and len(v) <= MAX_NAME),
            ("results_dir", lambda v: isinstance(v, str) and len(v) <= 1000),
            ("seat", lambda v: isinstance(v, str) and len(v) <= 40),
        ):
            if ok(data.get(name)):
                setattr(s, name, data[name])
        return s

    def save(self, folder: Path) -> None:
        """Write the settings (a failure to write is not worth a crash)."""
        data = asdict(self)
        data.pop("run_only")
        for name, (stored, value) in self.run_only.items():
            if data[name] == value:  # still this run's option: keep what was stored
                data[name] = stored
        data["size"] = list(data["size"])
        with contextlib.suppress(OSError):
            atomic_write_text(folder / "settings.json", json.dumps(data, indent=1))

    def copy(self) -> Settings:
        """An independent copy."""
        out = Settings(**{f.name: getattr(self, f.name) for f in fields(self)})
        out.run_only = dict(self.run_only)
        return out

    def results_folder(self, data_folder: Path) -> Path:
        """Where result files go: the chosen folder, or `results` in the data folder."""
        return Path(self.results_dir).expanduser() if self.results_dir else data_folder / "results"


class SaveProblem(Exception):
    """An autosave that cannot be used; the file has been put aside as `kept`."""

    def __init__(self, reason: str, kept: Path | None, said=None):
        super().__init__(reason)
        self.reason = reason  # in English; `said` the same as catalogue data, when known
        self.kept = kept
        self.said = said


@dataclass(frozen=True, eq=False)
class SavedGame:
    """A saved game re-played up to where it was left: scenario, record, state and reports."""

    scenario_path: Path
    scn: ScenarioData
    record: GameRecord
    state: GameState
    reports: list[TurnReport]
    code: str | None = None  # the competition code the game was started from


def write_autosave(
    folder: Path, scenario_path: Path, record: GameRecord, code: str | None = None
) -> None:
    """Save the game after a turn, atomically (scenario path and competition code in side files)."""
    atomic_write_text(folder / AUTOSAVE_PATH, str(Path(scenario_path).resolve()))
    if code:
        atomic_write_text(folder / AUTOSAVE_CODE, code)
    else:
        (folder / AUTOSAVE_CODE).unlink(missing_ok=True)
    atomic_write_text(folder / AUTOSAVE, record.to_json())


def clear_autosave(folder: Path) -> None:
    """Move a finished game's save out of the way, so 'continue' disappears."""
    path = folder / AUTOSAVE
    if path.exists():
        os.replace(path, folder / "last_game.json")
    (folder / AUTOSAVE_CODE).unlink(missing_ok=True)


def _saved_code(folder: Path, record: GameRecord) -> str | None:
    """The competition code saved with the game, if it really is this game's code."""
    try:
        comp = parse_code(read_text(folder / AUTOSAVE_CODE, MAX_SIDE_BYTES))
    except (ReadProblem, CompetitionError):
        return None
    return comp.code if comp.matches(record.scenario_id, record.content_hash, record.seed) else None


def put_aside(path: Path) -> Path | None:
    """Rename a bad file so it is kept but no longer read; returns its new name (never the name
    of a file already set aside: a second bad file in the same second gets a number)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        extra = f"-{n}" if n else ""
        target = path.with_name(f"{path.stem}.unusable-{stamp}{extra}{path.suffix}")
        if target.exists() or target.is_symlink():
            continue
        try:
            os.link(path, target)  # fails if the target appeared meanwhile: nothing is overwritten
            os.unlink(path)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some file systems; FIFOs on some systems)
            try:
                if target.exists():
                    continue
                os.replace(path, target)
            except OSError:
                return None
        return target
    return None


def _scenario_for(folder: Path, record: GameRecord) -> Path:
    for b in builtin_scenarios():
        if b.id == record.scenario_id:
            return b.path
    side = folder / AUTOSAVE_PATH
    if side.exists():
        try:
            p = Path(read_text(side, MAX_SIDE_BYTES).strip())
        except ReadProblem as exc:
            raise refused("record.in_file", file=AUTOSAVE_PATH, reason=exc.said) from None
        if p.is_file():
            return p
    raise refused("record.save_no_scenario", scenario=record.scenario_id)


def read_autosave(folder: Path) -> SavedGame | None:
    """The saved game, None when there is none; SaveProblem (file kept aside) when it is unusable."""
    path = folder / AUTOSAVE
    if not path.exists() and not path.is_symlink():
        return None
    try:
        try:
            text = read_text(path, MAX_RECORD_BYTES)
        except ReadProblem as exc:
            raise RecordError(str(exc), exc.said) from None
        record = GameRecord.from_json(text)
        if record.engine_version != ENGINE_VERSION:
            raise refused(
                "record.save_engine", engine=record.engine_version, installed=ENGINE_VERSION
            )
        scenario_path = _scenario_for(folder, record)
        scn = load_scenario(scenario_path)
        if scn.content_hash != record.content_hash:
            raise refused("record.save_scenario_changed")
        state, reports = replay(scn, record.seed, record.inputs)
    except (OSError, RecordError, ScenarioError, AllocationError) as exc:
        raise SaveProblem(str(exc), put_aside(path), refusal_said(exc)) from None
    return SavedGame(scenario_path, scn, record, state, reports, _saved_code(folder, record))
