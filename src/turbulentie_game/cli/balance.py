"""`balance`: the balance lab, many games per bot and the design checks."""

from __future__ import annotations

import json
import sys

from ..i18n import Translator
from ..scenario.catalogue import Catalogue
from .common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, bot_or_explain, err, load


def add_parser(sub) -> None:
    """Add the balance command to the main parser's subparsers."""
    p = sub.add_parser("balance", help="balance lab: many games per bot and the design checks")
    p.add_argument("scenario", help="scenario file or built-in id")
    p.add_argument("--games", type=int, default=None, help="games per bot (default 2000)")
    p.add_argument("--bots", help="comma-separated bots to report (default: all)")
    p.add_argument("--seed", type=int, default=1, help="first seed")
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
    from ..sim.balance import default_jobs, lab_summary, run_lab

    scn, code = load(args.scenario, t)
    if scn is None:
        return code
    if args.sensitivity:
        from .sensitivity import cmd_sensitivity

        return cmd_sensitivity(args, t, str(Catalogue().resolve(args.scenario)))
    args.games = 2000 if args.games is None else args.games
    bots = [b.strip() for b in args.bots.split(",") if b.strip()] if args.bots else None
    for name in bots or []:
        if bot_or_explain(name, scn, t) is None:
            return EXIT_USAGE
    if args.games < 10:
        err(t("balance.too_few"))
        return EXIT_USAGE
    jobs = default_jobs() if args.jobs == 0 else args.jobs
    show = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int) -> None:
        if show:
            bar = "#" * (30 * done // total)
            print(
                f"\r  [{bar:<30}] {done}/{total}", end="" if done < total else "\n", file=sys.stderr
            )

    path = str(Catalogue().resolve(args.scenario))
    result = run_lab(path, scn, args.games, bots, args.seed, True, jobs, progress)
    summary = lab_summary(result)
    if args.report:
        from ..reports.balance_report import write_report
        from ..reports.scenario_map import scenario_map_svg
        from ..scenario.compile import read_scenario
        from ..scenario.load import load_rules_spec

        titles = {tm.id: tm.title.get(t.lang) for tm in scn.templates}
        titles["__title__"] = scn.title.get(t.lang)
        spec, _ = read_scenario(path)
        svg = scenario_map_svg(spec, load_rules_spec(), summary["never_fired"], t.lang)
        page = write_report(summary, args.report, titles, svg)
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
