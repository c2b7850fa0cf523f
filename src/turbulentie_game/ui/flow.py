"""Moving between screens: start, continue, save, reload and end a game."""

from __future__ import annotations

import importlib
import importlib.util
import os
from pathlib import Path

from ..core.model import END_REASONS
from ..scenario.compile import load_scenario
from ..scenario.load import ScenarioError
from .session import Session, try_replay
from .storage import SaveProblem, clear_autosave, read_autosave, write_autosave


def new_seed() -> int:
    """A fresh seed for a game the player did not give one for."""
    return int.from_bytes(os.urandom(4), "little")


def scenario_problems(app, exc: ScenarioError) -> None:
    """Show a scenario's validation errors on screen."""
    from .menu import MessageScene

    lines = [str(p) for p in exc.problems] or [str(exc)]
    app.push(MessageScene(app, app.t("ui.msg.bad_scenario"), lines))


def start_game(app, path: Path, seed: int | None = None) -> Session | None:
    """Load a scenario and open its briefing; validation errors are shown, not raised."""
    from .briefing import BriefingScene

    try:
        scn = load_scenario(Path(path))
    except ScenarioError as exc:
        scenario_problems(app, exc)
        return None
    except OSError as exc:
        from .menu import MessageScene

        app.push(MessageScene(app, app.t("ui.msg.bad_scenario"), [str(exc)]))
        return None
    app.session = Session(scn, Path(path), new_seed() if seed is None else seed)
    app.push(BriefingScene(app, app.session))
    return app.session


def load_saved(app) -> None:
    """Read the autosave at start-up; a bad one is kept aside and explained in the menu."""
    app.session = None
    try:
        saved = read_autosave(app.data_folder)
    except SaveProblem as problem:
        kept = problem.kept.name if problem.kept else "-"
        app.notice = app.t("ui.msg.bad_save", reason=problem.reason, kept=kept)
        return
    if saved is not None:
        app.session = Session(
            saved.scn,
            saved.scenario_path,
            saved.record.seed,
            saved.state,
            list(saved.record.inputs),
            saved.reports,
        )


def resume(app) -> None:
    """Go on with the game in progress, on its board."""
    from .board import BoardScene

    app.push(BoardScene(app, app.session))


def autosave(app, session: Session) -> None:
    """Save after a turn; when the game is over, move the save aside so 'continue' goes away."""
    try:
        write_autosave(app.data_folder, session.scenario_path, session.record())
        if session.over:
            clear_autosave(app.data_folder)
    except OSError as exc:
        app.notice = app.t("ui.msg.save_failed", reason=str(exc))


def reload_scenario(app, session: Session) -> None:
    """Reload the scenario file from disk and re-play the inputs (or restart when they no longer fit)."""
    from .board import BoardScene

    try:
        scn = load_scenario(session.scenario_path)
    except ScenarioError as exc:
        scenario_problems(app, exc)
        return
    new = try_replay(scn, session.scenario_path, session.seed, session.inputs)
    msg = "ui.msg.reloaded"
    if new is None or new.over:
        new = Session(scn, session.scenario_path, session.seed)
        msg = "ui.msg.reloaded_restart"
    app.session = new
    app.replace(BoardScene(app, new))
    app.top.flash(app.t(msg))


def end_reason(session: Session) -> str:
    """Why the game ended, as a catalogue id."""
    return END_REASONS[int(session.state.ended_because[0])]


def start_competition(app, code: str) -> None:
    """Join a competition by code (through sim.competition when that exists)."""
    from .menu import MessageScene

    code = code.strip()
    if not code:
        app.push(MessageScene(app, app.t("ui.competition.title"), [app.t("ui.competition.empty")]))
        return
    if importlib.util.find_spec("turbulentie_game.sim.competition") is None:
        app.push(MessageScene(app, app.t("ui.competition.title"), [app.t("ui.competition.soon")]))
        return
    competition = importlib.import_module("turbulentie_game.sim.competition")
    try:
        path, seed = competition.resolve_code(code)
    except (ValueError, AttributeError) as exc:
        app.push(MessageScene(app, app.t("ui.competition.title"), [str(exc)]))
        return
    start_game(app, path, seed)
