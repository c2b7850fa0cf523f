"""`balance --sensitivity`: the Morris screening of a scenario's numbers and the rules' constants."""

from __future__ import annotations

import json
import sys

from ..i18n import Translator
from .common import EXIT_OK, EXIT_USAGE, err


def cmd_sensitivity(args, t: Translator, path: str) -> int:
    """Rank the parameters that move the adaptive bot's mean score most and print the top ten."""
    from ..sim.sensitivity import HIGH, LOW, screen

    games = 100 if args.games is None else args.games
    if games < 10 or args.trajectories < 2:
        err(t("balance.sensitivity_too_few"))
        return EXIT_USAGE
    show = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int) -> None:
        if show:
            bar = "#" * (30 * done // total)
            end = "" if done < total else "\n"
            print(f"\r  [{bar:<30}] {done}/{total}", end=end, file=sys.stderr)

    result = screen(path, games, args.trajectories, args.seed, progress=progress)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        return EXIT_OK
    print(
        t(
            "balance.sensitivity_header",
            games=games,
            samples=result.evaluations,
            low=LOW,
            high=HIGH,
            base=f"{result.base_score:.1f}",
        )
    )
    for i, s in enumerate(result.top(10), 1):
        direction = t("balance.sensitivity_up" if s.mu > 0 else "balance.sensitivity_down")
        print(
            t(
                "balance.sensitivity_line",
                rank=f"{i:2d}",
                name=f"{s.name:36s}",
                mu=f"{s.mu_star:6.2f}",
                conf=f"{s.mu_star_conf:5.2f}",
                sigma=f"{s.sigma:6.2f}",
                direction=direction,
            )
        )
    return EXIT_OK
