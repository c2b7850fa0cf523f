"""`balance`: the balance lab, many games per bot and the design checks."""

from __future__ import annotations

import json
import sys

from ..i18n import Translator
from ..scenario.catalogue import Catalogue
from .common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    bot_or_explain,
    err,
    load,
    progress_line,
    study_notice,
)


def add_parser(sub) -> None:
    """Add the balance command to the main parser's subparsers."""
    p = sub.add_parser("balance", help="balance lab: many games per bot and the design checks")
    p.add_argument("scenario", help="scenario file or built-in id")
    p.add_argument("--games", type=int, default=None, help="games per bot (default 2000)")
    p.add_argument(
        "--bots",
        help="comma-separated bots to play (default: all, and every experiment); checks that "
        "need others are skipped. The adaptive bot's experiments by name: adaptive-without:<id> "
        "(or adaptive-without:*), adaptive-without:traits, adaptive-without:up, adaptive-blind, "
        "adaptive-always:<stance> (or :*), adaptive+forced, adaptive+uniform-team, adaptive+late, "
        "adaptive+steady, adaptive+burst, adaptive+no-mechanic:<kind> (or :*); adaptive*: all",
    )
    p.add_argument("--seed", type=int, default=1, help="first seed")
    p.add_argument(
        "--seeds",
        type=int,
        default=1,
        metavar="K",
        help="repeat the checks on K blocks of seeds (from --seed, --games apart); "
        "a check passes only when it passes on every block",
    )
    p.add_argument(
        "--check",
        metavar="LIST",
        help="comma-separated check ids: run only these checks (and their experiments)",
    )
    p.add_argument(
        "--no-advice",
        action="store_true",
        help="do not try changes for failing or borderline checks",
    )
    p.add_argument(
        "--follow",
        metavar="OUT",
        help="follow the advice: one failing check at a time, each change kept only when the "
        "whole lab run again is better; write the changed scenario to OUT (never to the file "
        "itself)",
    )
    p.add_argument(
        "--rounds", type=int, default=8, help="at most this many changes kept with --follow"
    )
    p.add_argument("--report", metavar="DIR", help="write index.html with plots into DIR")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (0: one per core)")
    p.add_argument(
        "--sensitivity",
        action="store_true",
        help="instead of the checks: rank the numbers that move the score most (Morris screening)",
    )
    p.add_argument(
        "--trajectories",
        type=int,
        default=4,
        help="Morris trajectories for --sensitivity (default 4; games per sample: --games, "
        "default 100 there)",
    )


def cmd_balance(args, t: Translator) -> int:
    """Play a scenario thousands of times with every bot and run the design checks."""
    from ..sim.balance import (
        CHECKS,
        default_jobs,
        is_lab_bot,
        lab_jobs,
        lab_scenario,
        lab_summary,
        run_lab,
    )
    from ..sim.study_cache import ensure as ensure_study
    from ..words.lab import check_lines, localise

    scn, code = load(args.scenario, t)
    if scn is None:
        return code
    if args.sensitivity:
        from .sensitivity import cmd_sensitivity

        return cmd_sensitivity(args, t, str(Catalogue().resolve(args.scenario)))
    args.games = 2000 if args.games is None else args.games
    bots = [b.strip() for b in args.bots.split(",") if b.strip()] if args.bots else None
    for name in bots or []:
        if not is_lab_bot(scn, name) and bot_or_explain(name, scn, t) is None:
            return EXIT_USAGE
    if args.games < 10:
        err(t("balance.too_few"))
        return EXIT_USAGE
    if args.seeds < 1:
        err(t("balance.bad_seeds"))
        return EXIT_USAGE
    only = [c.strip() for c in args.check.split(",") if c.strip()] if args.check else None
    unknown = [c for c in only or [] if c not in CHECKS]
    if unknown:
        err(t("balance.unknown_check", checks=", ".join(unknown), known=", ".join(CHECKS)))
        return EXIT_USAGE
    jobs = default_jobs() if args.jobs == 0 else args.jobs
    show = sys.stderr.isatty() and not args.json
    progress = progress_line() if show else None

    path = str(Catalogue().resolve(args.scenario))

    def studied(file: str, s, quiet: bool = False) -> None:
        # the adaptive bots' studies (of the scenario and of its uniform-team variant), from
        # the cache folder or made once here: worker processes started by fork inherit them
        # instead of each making them again
        planned = lab_jobs(s, bots, 10, args.seed, True, only)
        notice = None if quiet else study_notice(t)
        if any(j.bot.startswith("adaptive") for j in planned):
            ensure_study(s, notice, progress=progress_line())
        if any(j.variant == "uniform_team" for j in planned):
            ensure_study(lab_scenario(file, "uniform_team"), notice, progress=progress_line())

    if args.follow:
        return _follow(args, t, path, bots, only, jobs, studied)
    studied(path, scn)
    result = run_lab(
        path,
        scn,
        args.games,
        bots,
        args.seed,
        True,
        jobs,
        progress,
        seeds=args.seeds,
        advice=not args.no_advice,
        only=only,
        advising=(lambda cid: print(t("balance.advising", check=cid), file=sys.stderr))
        if show
        else None,
    )
    summary = localise(lab_summary(result), t)
    if args.report:
        from ..reports.balance_report import write_report
        from ..reports.scenario_map import scenario_map_svg
        from ..scenario.compile import read_scenario
        from ..scenario.load import load_rules_spec

        titles = {tm.id: tm.title.get(t.lang) for tm in scn.templates}
        titles["__title__"] = scn.title.get(t.lang)
        spec, _ = read_scenario(path)
        svg = scenario_map_svg(spec, load_rules_spec(), summary["never_fired"], t.lang)
        page = write_report(summary, args.report, titles, svg, t)
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
        if result.seeds > 1:
            firsts = ", ".join(str(args.seed + k * args.games) for k in range(result.seeds))
            print(t("balance.seeds_header", n=result.seeds, games=args.games, firsts=firsts))
        if any(c.advice for c in result.checks):
            print(t("balance.advice_header", games=result.advice_games))
        if all(c.status == "skipped" for c in result.checks):
            print(t("balance.no_checks"))
        for c in summary["checks"]:
            for line in check_lines(t, c):
                print(line)
    return EXIT_OK if result.passed else EXIT_FAIL


def _follow(args, t: Translator, path: str, bots, only, jobs: int, studied) -> int:
    """`balance FILE --follow OUT`: follow the advice, confirm each change, write OUT."""
    from pathlib import Path

    from ..scenario.catalogue import compiled
    from ..sim.balance import ADVICE_GAMES, lab_summary, run_lab
    from ..sim.lab.advice import advise
    from ..sim.lab.follow import follow
    from ..words.lab import check_lines, follow_lines, localise

    out = Path(args.follow)
    if out.resolve() == Path(path).resolve():
        err(t("balance.follow_same", path=str(out)))
        return EXIT_USAGE
    if args.rounds < 1:
        err(t("balance.bad_rounds"))
        return EXIT_USAGE
    show = sys.stderr.isatty() and not args.json

    def lab(file: str):
        s = compiled(file)
        studied(file, s, quiet=True)  # every changed file is studied anew: not worth a line each
        return run_lab(file, s, args.games, bots, args.seed, True, jobs, None, only=only)

    def advise_for(file: str, result, check):
        n = min(args.games, ADVICE_GAMES)
        return advise(
            file, result.scenario, result.stats, result.bots, check, args.seed, n, jobs, True
        )

    def told(key: str, params: dict) -> None:
        for line in follow_lines(t, key, params):
            print(line, file=sys.stderr if show or args.json else sys.stdout, flush=True)

    done = follow(path, out, lab, advise_for, args.rounds, told)
    summary = localise(lab_summary(done.final), t)
    if args.json:
        summary["followed"] = {
            "out": str(done.out),
            "rounds": done.rounds,
            "reason": done.reason,
            "steps": [vars(s) for s in done.steps],
        }
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=list))
    else:
        for c in summary["checks"]:
            for line in check_lines(t, c):
                print(line)
        for line in follow_lines(t, "done", {"done": done}):
            print(line)
    return EXIT_OK if done.final.passed else EXIT_FAIL
