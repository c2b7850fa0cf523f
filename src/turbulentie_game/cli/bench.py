"""`bench`: measure the engine on this machine (game-turns per CPU- and wall-second, memory)."""

from __future__ import annotations

import json

from ..i18n import Translator
from ..scenario.catalogue import Catalogue
from .common import EXIT_OK, EXIT_USAGE, bot_or_explain, err, load, progress_line, study_notice

MAX_GAMES = 10_000_000


def add_parser(sub) -> None:
    """Add the bench command to the main parser's subparsers."""
    p = sub.add_parser("bench", help="measure the engine's speed and memory on this machine")
    p.add_argument(
        "scenario", nargs="?", help="scenario file or built-in id (default: the default)"
    )
    p.add_argument("--games", type=int, default=10_000, help="games in the batch (default 10000)")
    p.add_argument("--bot", default="adaptive", help="the bot that plays (default adaptive)")
    p.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    p.add_argument(
        "--chunk", type=int, default=None,
        help="games per chunk (default: the runner's choice, at most 10000; 0: one batch)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print one JSON object")


def cmd_bench(args, t: Translator) -> int:
    """Play a batch of games with one bot and print what it took."""
    from ..sim.bench import run_bench

    if not 1 <= args.games <= MAX_GAMES:
        err(t("bench.bad_games", max=MAX_GAMES))
        return EXIT_USAGE
    if (args.chunk is not None and args.chunk < 0) or args.seed < 0:
        err(t("bench.bad_number"))
        return EXIT_USAGE
    name = args.scenario or str(Catalogue().default().path)
    scn, code = load(name, t)
    if scn is None:
        return code
    bot = bot_or_explain(args.bot, scn, t)
    if bot is None:
        return EXIT_USAGE
    result = run_bench(
        scn, bot, args.games, args.seed, args.chunk, study_notice(t), progress_line()
    )
    if args.json:
        print(json.dumps(result.as_dict(), indent=1))
        return EXIT_OK
    print(t("bench.header", scenario=scn.title.get(t.lang), bot=result.bot, games=result.games))
    print(t("bench.turns", turns=t.num(result.game_turns, 0), cpu=t.num(result.cpu_seconds, 2),
            wall=t.num(result.wall_seconds, 2)))  # fmt: skip
    print(t("bench.per_cpu", rate=t.num(result.turns_per_cpu_second, 0)))
    print(t("bench.per_wall", rate=t.num(result.turns_per_wall_second, 0)))
    if result.peak_mb is None:
        print(t("bench.peak_unknown"))
    else:
        print(t(f"bench.peak_{result.peak_scope}", mb=f"{result.peak_mb:.0f}"))
    return EXIT_OK
