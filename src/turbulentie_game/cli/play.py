"""Playing: the window, a bot's game on the command line (`simulate`) and the list of scenarios."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..core.engine import reset
from ..core.explain import explain_turn
from ..core.model import END_REASONS
from ..core.scoring import score
from ..i18n import Translator
from ..scenario.catalogue import Catalogue
from ..sim.competition import CompetitionError, start_from_code, write_result
from ..sim.record import GameRecord, play_record
from ..sim.runner import play, summary
from ..sim.seal import SealError, normal_token, seal
from ..sim.study_cache import prepare
from ..words.narrate import arrival_lines, turn_lines
from .common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    bot_or_explain,
    code_exit,
    code_problem,
    err,
    load,
    no_scenario,
    progress_line,
    study_notice,
)


def add_parsers(sub) -> None:
    """Add the play, simulate and scenarios commands to the main parser's subparsers."""
    p = sub.add_parser("play", help="play a scenario (the default without a command)")
    p.add_argument("scenario", nargs="?", help="scenario file or built-in id")
    p.add_argument("--seed", type=int, default=None, help="fixed seed (default: a new one)")
    p.add_argument(
        "--fullscreen", action=argparse.BooleanOptionalAction, default=None, help="full screen"
    )
    p.add_argument("--size", help="window size, e.g. 1920x1080")
    p.add_argument("--autoplay", metavar="BOT", help="let a bot play through the window")
    p.add_argument("--screenshots", metavar="DIR", help="save a PNG of each screen (autoplay)")
    p.add_argument("--code", help="start the game of a competition code (SCENARIO: its file)")
    p.add_argument("--player", help="player name for this run's result files")
    p.add_argument("--results", metavar="DIR", help="write result files here (this run)")
    p.add_argument("--seat", help="the seat token the facilitator gave you (seals result files)")
    p = sub.add_parser("simulate", help="let a bot play one game")
    p.add_argument("scenario", nargs="?", help="scenario file or built-in id")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--bot",
        default="adaptive",
        help="random, balanced, managing-up, managing-out, single:<id>, adaptive",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--code", help="competition code (instead of a scenario and seed)")
    p.add_argument("--player", default="", help="player name in the result file")
    p.add_argument("--results", help="write the game's result file into this folder")
    p.add_argument("--seat", help="seat token to seal the result file with (compete seats)")
    sub.add_parser(
        "scenarios", help="list the built-in scenarios, your own, and the files that are broken"
    )


def cmd_scenarios(args, t: Translator) -> int:
    """List the built-in scenarios (the default first), the user's own, and the broken files."""
    catalogue = Catalogue()
    own = {e.path for e in catalogue.own()}
    entries = catalogue.entries()
    print(t("cli.scenarios_header"))
    for b in entries:
        if b.ok and b.path not in own:
            title = b.title_en if t.lang == "en" else b.title_nl
            print(f"  {b.id:24s} {title}  ({b.path})")
    print(t("cli.scenarios_own", folder=str(catalogue.user_folder())))
    mine = [b for b in entries if b.path in own]
    if not mine:
        print("  " + t("cli.scenarios_none"))
    for b in mine:
        if b.ok:
            title = b.title_en if t.lang == "en" else b.title_nl
            print(f"  {b.id:24s} {title}  ({b.path})")
        else:
            print("  " + t("cli.scenarios_broken", file=str(b.path), problem=b.problem))
    return EXIT_OK


def simulate_target(args, t: Translator):
    """The scenario of `simulate` and its seed: (name, seed, compiled or None); name None if none."""
    if args.code:
        try:
            path, scn, seed = start_from_code(args.code)
        except CompetitionError as exc:
            err(code_problem(exc, t))
            return None, None, None
        return str(path), seed, scn
    if not args.scenario:
        err(t("compete.need_scenario"))
        return None, None, None
    return args.scenario, args.seed, None


def seat_ok(seat: str | None, t: Translator) -> bool:
    """Whether a seat token given on the command line can be used (else say why)."""
    if not seat:
        return True
    try:
        normal_token(seat)
    except SealError:
        err(t("safety.bad_seat", reason=t("safety.seat_format")))
        return False
    return True


def save_result(record: GameRecord, folder: str, t: Translator) -> int:
    """Write a result file and say where (to stderr, so JSON output stays clean)."""
    try:
        path = write_result(record, folder)
    except OSError as exc:
        err(t("compete.write_failed", path=folder, reason=exc.strerror or str(exc)))
        return EXIT_FAIL
    err(t("compete.result_written", path=str(path)))
    return EXIT_OK


def cmd_simulate(args, t: Translator) -> int:
    """Let a bot play one game; print the JSON outcome or a readable account."""
    name, seed, scn = simulate_target(args, t)
    if name is None:
        return EXIT_USAGE
    if scn is None:
        scn, code = load(name, t)
        if scn is None:
            return code
    bot = bot_or_explain(args.bot, scn, t)
    if bot is None:
        return EXIT_USAGE
    if not seat_ok(args.seat, t):
        return EXIT_USAGE
    prepare(bot, scn, study_notice(t), progress_line())
    if args.results:
        record, state = play_record(scn, bot, seed, args.player)
        if args.seat:
            record = seal(record, args.seat)
        if save_result(record, args.results, t) != EXIT_OK:
            return EXIT_FAIL
    if args.json:
        if not args.results:
            state = play(scn, [seed], bot).state
        print(json.dumps(summary(scn, state), ensure_ascii=False, indent=2))
        return EXIT_OK
    watch(scn, bot, seed, t)
    return EXIT_OK


def watch(scn, bot, seed: int, t: Translator) -> None:
    """Print a bot's game turn by turn, with every explanation."""
    state, arrivals = reset(scn, [seed])
    print(scn.title.get(t.lang))
    for line in arrival_lines(scn, state, arrivals.new_events, t):
        print(line)

    def show(before, alloc, report, after):
        print()
        for line in turn_lines(scn, explain_turn(scn, report), t):
            print(line)
        if report.next_turbulence is not None:
            for line in arrival_lines(scn, after, report.next_turbulence.new_events, t):
                print(line)

    state = play(scn, None, bot, start=state, on_turn=show).state
    reason = t(f"end.{END_REASONS[int(state.ended_because[0])]}")
    print()
    print(
        t(
            "cli.end",
            turn=int(state.ended_turn[0]),
            reason=reason,
            score=f"{score(scn, state)[0]:.1f}",
        )
    )


def cmd_play(args, t: Translator) -> int:
    """Open the game window (or let a bot play through it with --autoplay)."""
    catalogue = Catalogue()
    path = None
    if args.scenario:
        path = catalogue.resolve(args.scenario)
        if not path.exists():
            no_scenario(args.scenario, t)
            return EXIT_USAGE
    seed = args.seed
    if not seat_ok(args.seat, t):
        return EXIT_USAGE
    if args.code:
        if seed is not None:
            err(t("ui.cli.code_and_seed"))
            return EXIT_USAGE
        try:
            path, _, seed = start_from_code(args.code, [path] if path else [])
        except CompetitionError as exc:
            err(code_problem(exc, t))
            return code_exit(exc)
    if args.autoplay:
        scn, code = load(str(path or catalogue.default().path), t)
        if scn is None:
            return code
        bot = bot_or_explain(args.autoplay, scn, t)
        if bot is None:
            return EXIT_USAGE
        # before the window opens, so that it never waits
        prepare(bot, scn, study_notice(t), progress_line())
    from ..ui.main import parse_size, run_window

    try:
        size = parse_size(args.size) if args.size else None
    except ValueError:
        err(t("ui.cli.bad_size", size=args.size))
        return EXIT_USAGE
    return run_window(
        scenario=path,
        seed=seed,
        lang=args.lang,
        fullscreen=args.fullscreen,
        size=size,
        autoplay=args.autoplay,
        screenshots=Path(args.screenshots) if args.screenshots else None,
        results=Path(args.results) if args.results else None,
        seat=args.seat,
        player=args.player,
        code=args.code,
    )
