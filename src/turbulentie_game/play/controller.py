"""Starting, resuming, saving and ending games; every outcome is plain data the front end shows."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.explain import TurnExplanation
from ..core.model import END_REASONS
from ..files import clean_stray_temps
from ..i18n import reason_of
from ..scenario.compile import load_scenario
from ..scenario.load import ScenarioError
from ..sim.competition import CompetitionError, parse_code, start_from_code, write_result
from ..sim.seal import SealError, name_key, seal
from .session import ResultFile, Session, try_replay
from .storage import (
    MAX_NAME,
    SaveProblem,
    Settings,
    clear_autosave,
    read_autosave,
    write_autosave,
)


@dataclass(frozen=True)
class Briefing:
    """A game is ready: show its briefing."""

    session: Session


@dataclass(frozen=True)
class AskName:
    """A competition game is ready, but the player's name is still unknown: ask it first.

    With `confirm` (a join from the menu), the known name is asked again to be confirmed, with
    the seat token that belongs to it."""

    session: Session
    confirm: bool = False


@dataclass(frozen=True)
class Problems:
    """Nothing started: a title (catalogue id) and the lines that say why."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class CodeProblem:
    """A competition code that starts nothing: the catalogue id that says why, and the reason."""

    key: str
    params: dict
    reason: str


@dataclass(frozen=True)
class Reloaded:
    """The scenario file was read again: the new session, and a message id for the player."""

    session: Session
    message: str


Outcome = Briefing | AskName | Problems | CodeProblem | Reloaded


def new_seed() -> int:
    """A fresh seed for a game the player did not give one for."""
    return int.from_bytes(os.urandom(4), "little")


def end_reason(session: Session) -> str:
    """Why the game ended, as a catalogue id."""
    return END_REASONS[int(session.state.ended_because[0])]


def _scenario_problems(exc: ScenarioError, translate) -> Problems:
    lines = tuple(p.line_in(translate) for p in exc.problems)
    return Problems("ui.msg.bad_scenario", lines or (str(exc),))


RESULTS_STRAY_AGE = 300.0  # seconds: a result file's temporary this old is a killed run's


class Controller:
    """The game in progress, the player's settings and files; starts, resumes and ends games."""

    def __init__(self, settings: Settings, data_folder: Path, translate):
        self.settings = settings
        self.data_folder = Path(data_folder)
        self.translate = translate  # catalogue id -> text in the player's language
        self.session: Session | None = None  # the game in progress, if any
        self.notice: str | None = None  # a message the menu shows once
        self.results_override: Path | None = None  # `--results DIR` for this run

    # starting -------------------------------------------------------------------------------
    def start(self, path: Path, seed: int | None = None) -> Briefing | Problems:
        """Load a scenario and start a game on it; validation errors come back as Problems."""
        try:
            scn = load_scenario(Path(path))
        except ScenarioError as exc:
            return _scenario_problems(exc, self.translate)
        except OSError as exc:
            return Problems("ui.msg.bad_scenario", (str(exc),))
        return self.begin(Session(scn, Path(path), new_seed() if seed is None else seed))

    def begin(self, session: Session) -> Briefing:
        """Make `session` the game in progress."""
        self.session = session
        return Briefing(session)

    def start_competition(
        self, code: str, extra: Sequence[Path] = (), confirm: bool = False
    ) -> Briefing | AskName | CodeProblem:
        """Start exactly the game of a competition code; a code that starts nothing says why.

        `confirm`: ask the name (and seat token) even when a name is known, as at every join
        from the menu (a shared laptop's last name is not taken for granted)."""
        try:
            if not code.strip():
                raise CompetitionError("empty", "no code")
            path, scn, seed = start_from_code(code, list(extra))
        except CompetitionError as exc:
            key = "ui.competition.empty" if exc.reason == "empty" else f"compete.code.{exc.reason}"
            return CodeProblem(key, dict(exc.params), exc.reason)
        session = Session(scn, path, seed, code=parse_code(code).code)
        if confirm or not self.settings.player:
            return AskName(session, confirm)
        return self.begin(session)

    def again(self, session: Session) -> Outcome:
        """The same scenario once more (the same competition game for a competition)."""
        if session.code:
            return self.start_competition(session.code, [session.scenario_path])
        return self.start(session.scenario_path)

    # resuming -------------------------------------------------------------------------------
    def load_saved(self) -> None:
        """Read the autosave at start-up; a bad one is kept aside and explained in `notice`."""
        self.session = None
        clean_stray_temps(self.data_folder)  # left by a run that was killed while saving
        # and in the results folder, only our result files' temporaries: it may be a shared
        # drive where other trainees' games are writing theirs right now
        clean_stray_temps(self.results_folder(), age=RESULTS_STRAY_AGE, targets=(".json",))
        try:
            saved = read_autosave(self.data_folder)
        except SaveProblem as problem:
            kept = problem.kept.name if problem.kept else "-"
            reason = reason_of(self.translate, problem)
            self.notice = self.translate("ui.msg.bad_save", reason=reason, kept=kept)
            return
        if saved is not None:
            self.session = Session(
                saved.scn,
                saved.scenario_path,
                saved.record.seed,
                saved.state,
                list(saved.record.inputs),
                saved.reports,
                saved.code,
            )

    def reload(self, session: Session) -> Reloaded | Problems:
        """Read the scenario file again and re-play the inputs (restart when they no longer fit)."""
        try:
            scn = load_scenario(session.scenario_path)
        except ScenarioError as exc:
            return _scenario_problems(exc, self.translate)
        new = try_replay(scn, session.scenario_path, session.seed, session.inputs)
        msg = "ui.msg.reloaded"
        if new is None or new.over:
            new = Session(scn, session.scenario_path, session.seed)
            msg = "ui.msg.reloaded_restart"
        self.session = new
        return Reloaded(new, msg)

    # playing and ending ---------------------------------------------------------------------
    def end_turn(self, session: Session) -> TurnExplanation:
        """Play the planned turn and save (AllocationError leaves everything as it was).

        A game played in a room (`session.remote`, see room.client.RemoteSeat) first sends the
        turn to the room, which re-simulates it; its refusal is an AllocationError too.
        """
        remote = getattr(session, "remote", None)
        if remote is not None:
            remote.before_turn(session)
        ex = session.end_turn()
        self.autosave(session)
        return ex

    def autosave(self, session: Session) -> None:
        """Save after a turn; when the game is over, write its result file and move the save aside."""
        try:
            write_autosave(self.data_folder, session.scenario_path, session.record(), session.code)
            if session.over:
                clear_autosave(self.data_folder)
        except OSError as exc:
            self.notice = self.translate("ui.msg.save_failed", reason=str(exc))
        if session.over:
            self.save_result(session)

    def results_folder(self) -> Path:
        """Where result files go: `--results DIR` for this run, else the settings' folder."""
        return self.results_override or self.settings.results_folder(self.data_folder)

    def save_result(
        self, session: Session, folder: Path | None = None, again: bool = False
    ) -> ResultFile:
        """Write a finished game's result file (atomically); the outcome is kept on the session."""
        folder = Path(folder or self.results_folder())
        record = session.result(self.settings.player)
        if self.settings.seat:  # the facilitator's seat token binds the name to this game
            with contextlib.suppress(SealError):
                record = seal(record, self.settings.seat)
        try:
            path = write_result(record, folder)
        except OSError as exc:
            session.result_file = ResultFile(folder, problem=exc.strerror or str(exc), again=again)
        else:
            session.result_file = ResultFile(folder, path, again=again)
        return session.result_file

    # settings -------------------------------------------------------------------------------
    def set_player(self, name: str) -> None:
        """Remember the player's name in the settings (another name forgets the seat token)."""
        name = name.strip()[:MAX_NAME]
        if self.settings.seat and name_key(name) != name_key(self.settings.player):
            self.settings.seat = ""  # it was issued for the previous name: it would break the seal
        self.settings.player = name
        self.settings.save(self.data_folder)

    def set_seat(self, token: str) -> None:
        """Remember the seat token the player entered (it seals their result files)."""
        self.settings.seat = token
        self.settings.save(self.data_folder)
