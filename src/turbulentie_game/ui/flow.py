"""Moving between screens: start, continue, save, reload and end a game."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.model import END_REASONS
from ..scenario.compile import load_scenario
from ..scenario.load import ScenarioError
from ..sim.competition import CompetitionError, parse_code, start_from_code, write_result
from .session import ResultFile, Session, try_replay
from .storage import MAX_NAME, SaveProblem, clear_autosave, read_autosave, write_autosave


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
    try:
        scn = load_scenario(Path(path))
    except ScenarioError as exc:
        scenario_problems(app, exc)
        return None
    except OSError as exc:
        from .menu import MessageScene

        app.push(MessageScene(app, app.t("ui.msg.bad_scenario"), [str(exc)]))
        return None
    return open_briefing(app, Session(scn, Path(path), new_seed() if seed is None else seed))


def open_briefing(app, session: Session) -> Session:
    """Make `session` the game in progress and show its briefing."""
    from .briefing import BriefingScene

    app.session = session
    app.push(BriefingScene(app, session))
    return session


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
            saved.code,
        )


def resume(app) -> None:
    """Go on with the game in progress, on its board."""
    from .board import BoardScene

    app.push(BoardScene(app, app.session))


def autosave(app, session: Session) -> None:
    """Save after a turn; when the game is over, write its result file and move the save aside."""
    try:
        write_autosave(app.data_folder, session.scenario_path, session.record(), session.code)
        if session.over:
            clear_autosave(app.data_folder)
    except OSError as exc:
        app.notice = app.t("ui.msg.save_failed", reason=str(exc))
    if session.over:
        save_result(app, session)


def results_folder(app) -> Path:
    """Where result files go: `--results DIR` for this run, else the settings' folder."""
    return app.results_override or app.settings.results_folder(app.data_folder)


def save_result(app, session: Session, folder: Path | None = None, again: bool = False) -> None:
    """Write a finished game's result file (atomically); the outcome is kept on the session."""
    folder = Path(folder or results_folder(app))
    try:
        path = write_result(session.result(app.settings.player), folder)
    except OSError as exc:
        session.result_file = ResultFile(folder, problem=exc.strerror or str(exc), again=again)
    else:
        session.result_file = ResultFile(folder, path, again=again)


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


def start_competition(
    app, code: str, extra: Sequence[Path] = (), problem: Callable[[str, str], None] | None = None
) -> Session | None:
    """Start exactly the game of a competition code (asking the player's name if still unknown).

    A code that starts nothing is explained in the player's language: to `problem(sentence,
    reason)` when given (the menu shows it under its code field), else in a message."""
    from .menu import MessageScene, NameScene

    try:
        if not code.strip():
            raise CompetitionError("empty", "no code")
        path, scn, seed = start_from_code(code, list(extra))
    except CompetitionError as exc:
        key = "ui.competition.empty" if exc.reason == "empty" else f"compete.code.{exc.reason}"
        why = sentence(app.t(key, **exc.params))
        if problem is not None:
            problem(why, exc.reason)
        else:
            app.push(MessageScene(app, app.t("ui.competition.title"), [why]))
        return None
    session = Session(scn, path, seed, code=parse_code(code).code)
    if not app.settings.player:
        app.push(NameScene(app, lambda: open_briefing(app, session)))
        return session
    return open_briefing(app, session)


def sentence(text: str) -> str:
    """A catalogue fragment as a sentence: capital first letter, a full stop at the end."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def set_player(app, name: str) -> None:
    """Remember the player's name in the settings (without re-laying out the screen)."""
    app.settings.player = name.strip()[:MAX_NAME]
    app.settings.save(app.data_folder)
