"""The command line: a thin shell around the engine, the scenario tools and the window."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import authoring
from .cli_compete import (
    add_parsers,
    add_simulate_options,
    cmd_compete,
    cmd_leaderboard,
    cmd_replay,
    code_problem,
    save_result,
    simulate_target,
)
from .cli_debrief import add_parser as add_debrief_parser
from .cli_debrief import cmd_debrief
from .core.engine import reset
from .core.explain import explain_turn
from .core.model import END_REASONS
from .core.scoring import score
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from .narrate import arrival_lines, turn_lines
from .scenario.compile import load_scenario
from .scenario.load import ScenarioError
from .scenario.registry import builtin_scenarios, default_scenario, resolve
from .sim.bots import UnknownBot, make_bot
from .sim.competition import CompetitionError, start_from_code
from .sim.record import play_record
from .sim.runner import play, summary

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and one clear line on a usage error."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _load(path: str, t: Translator):
    """Load a scenario or print why not; returns (scenario, exit code)."""
    p = resolve(path)
    if not p.exists():
        known = ", ".join(b.id for b in builtin_scenarios())
        print(t("cli.no_scenario", path=path, known=known), file=sys.stderr)
        return None, EXIT_USAGE
    try:
        return load_scenario(p), EXIT_OK
    except ScenarioError as exc:
        print(t("cli.bad_scenario"), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None, EXIT_USAGE


def cmd_scenarios(args, t: Translator) -> int:
    """List the built-in scenarios, the default first."""
    print(t("cli.scenarios_header"))
    for b in builtin_scenarios():
        title = b.title_en if t.lang == "en" else b.title_nl
        print(f"  {b.id:24s} {title}  ({b.path})")
    return EXIT_OK


def cmd_simulate(args, t: Translator) -> int:
    """Let a bot play one game; print the JSON outcome or a readable account."""
    path, seed = simulate_target(args, t)
    if path is None:
        return EXIT_USAGE
    scn, code = _load(path, t)
    if scn is None:
        return code
    try:
        bot = make_bot(args.bot, scn)
    except UnknownBot as exc:
        print(t("cli.unknown_bot", detail=str(exc)), file=sys.stderr)
        return EXIT_USAGE
    if args.results:
        record, state = play_record(scn, bot, seed, args.player)
        if save_result(record, args.results, t) != EXIT_OK:
            return EXIT_FAIL
    if args.json:
        if not args.results:
            state = play(scn, [seed], bot).state
        print(json.dumps(summary(scn, state), ensure_ascii=False, indent=2))
        return EXIT_OK
    _watch(scn, bot, seed, t)
    return EXIT_OK


def _watch(scn, bot, seed: int, t: Translator) -> None:
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
    path = None
    if args.scenario:
        path = resolve(args.scenario)
        if not path.exists():
            known = ", ".join(b.id for b in builtin_scenarios())
            print(t("cli.no_scenario", path=args.scenario, known=known), file=sys.stderr)
            return EXIT_USAGE
    seed = args.seed
    if args.code:
        if seed is not None:
            print(t("ui.cli.code_and_seed"), file=sys.stderr)
            return EXIT_USAGE
        try:
            path, _, seed = start_from_code(args.code, [path] if path else [])
        except CompetitionError as exc:
            print(code_problem(exc, t), file=sys.stderr)
            return EXIT_USAGE if exc.reason in ("malformed", "typo") else EXIT_FAIL
    if args.autoplay:
        scn, code = _load(str(path or default_scenario().path), t)
        if scn is None:
            return code
        try:
            make_bot(args.autoplay, scn)
        except UnknownBot as exc:
            print(t("cli.unknown_bot", detail=str(exc)), file=sys.stderr)
            return EXIT_USAGE
    from .ui.main import parse_size, run_window

    try:
        size = parse_size(args.size) if args.size else None
    except ValueError:
        print(t("ui.cli.bad_size", size=args.size), file=sys.stderr)
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
        player=args.player,
        code=args.code,
    )


def cmd_balance(args, t: Translator) -> int:
    """Play a scenario thousands of times with every bot and run the design checks."""
    from .sim.balance import default_jobs, lab_summary, run_lab

    scn, code = _load(args.scenario, t)
    if scn is None:
        return code
    bots = [b.strip() for b in args.bots.split(",") if b.strip()] if args.bots else None
    for name in bots or []:
        try:
            make_bot(name, scn)
        except UnknownBot as exc:
            print(t("cli.unknown_bot", detail=str(exc)), file=sys.stderr)
            return EXIT_USAGE
    if args.games < 10:
        print(t("balance.too_few"), file=sys.stderr)
        return EXIT_USAGE
    jobs = default_jobs() if args.jobs == 0 else args.jobs
    show = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int) -> None:
        if show:
            bar = "#" * (30 * done // total)
            print(
                f"\r  [{bar:<30}] {done}/{total}", end="" if done < total else "\n", file=sys.stderr
            )

    result = run_lab(
        str(resolve(args.scenario)), scn, args.games, bots, args.seed, True, jobs, progress
    )
    summary = lab_summary(result)
    if args.report:
        from .reports.balance_report import write_report

        titles = {tm.id: tm.title.get(t.lang) for tm in scn.templates}
        titles["__title__"] = scn.title.get(t.lang)
        page = write_report(summary, args.report, titles)
        if not args.json:
            print(t("balance.report", path=str(page)))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(t("balance.header", scenario=scn.title.get(t.lang), games=args.games))
        for name, st in sorted(summary["bots"].items(), key=lambda kv: -kv[1]["score"]["mean"]):
            print(
                t(
                    "balance.bot_line",
                    bot=f"{name:22s}",
                    mean=f"{st['score']['mean']:6.1f}",
                    sd=f"{st['score']['sd']:4.1f}",
                    cover=round(100 * st["lost_to_cover"]),
                    burnout=round(100 * st["lost_to_burnout"]),
                )
            )
        for c in result.checks:
            print(f"{'PASS' if c.passed else 'FAIL'}  {c.id}: {c.figure}")
    return EXIT_OK if result.passed else EXIT_FAIL


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(prog="turbulentie-game", description="Turbulentie: public craftsmanship 3.0.")
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=None, help="language (nl or en; default nl)"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
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
    p = sub.add_parser("simulate", help="let a bot play one game")
    p.add_argument("scenario", nargs="?", help="scenario file or built-in id")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--bot",
        default="adaptive",
        help="random, balanced, managing-up, managing-out, single:<id>, adaptive",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_simulate_options(p)
    sub.add_parser("scenarios", help="list the built-in scenarios")
    p = sub.add_parser("balance", help="balance lab: many games per bot and the design checks")
    p.add_argument("scenario", help="scenario file or built-in id")
    p.add_argument("--games", type=int, default=2000, help="games per bot (default 2000)")
    p.add_argument("--bots", help="comma-separated bots to report (default: all)")
    p.add_argument("--seed", type=int, default=1, help="first seed")
    p.add_argument("--report", metavar="DIR", help="write index.html with plots into DIR")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (0: one per core)")
    authoring.add_parsers(sub)
    add_parsers(sub)
    add_debrief_parser(sub)
    return parser


COMMANDS = {
    "play": cmd_play,
    "simulate": cmd_simulate,
    "scenarios": cmd_scenarios,
    "balance": cmd_balance,
    **authoring.COMMANDS,
    "compete": cmd_compete,
    "replay": cmd_replay,
    "leaderboard": cmd_leaderboard,
    "debrief": cmd_debrief,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `turbulentie-game` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not any(a in COMMANDS for a in argv) and not {"-h", "--help"} & set(argv):
        # no command: play, keeping the top-level --lang in front of it
        top: list[str] = []
        rest = list(argv)
        while rest and rest[0].startswith("--lang"):
            top.append(rest.pop(0))
            if top[-1] == "--lang" and rest:
                top.append(rest.pop(0))
        argv = [*top, "play", *rest]
    args = parser.parse_args(argv)
    t = Translator(args.lang or DEFAULT_LANGUAGE)
    try:
        return COMMANDS[args.command](args, t)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
