"""The command line: a thin shell around the engine, the scenario tools and the window.

`common` holds what every command shares; `play` the window, `simulate` and `scenarios`;
`balance` the lab; `author` the designer's commands; `compete` codes, verification and the
leaderboard; `debrief` the learning debrief. Only this module assembles them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import LANGUAGES
from ..scenario import catalogue
from . import author, balance, compete, debrief, play, room
from .common import EXIT_OK, EXIT_USAGE, Parser, translator


def _lang_of(argv: list[str]) -> str | None:
    """The --lang given before the command, if any (for messages before parsing)."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            return argv[i + 1]
        if a.startswith("--lang=") and a.split("=", 1)[1] in LANGUAGES:
            return a.split("=", 1)[1]
    return None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = Parser(prog="turbulentie-game", description="Turbulentie: public craftsmanship 3.0.")
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=None, help="language (nl or en; default nl)"
    )
    parser.add_argument(
        "--scenarios",
        metavar="DIR",
        action="append",
        help="also find scenarios in this folder (may be given more than once, anywhere)",
    )
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    play.add_parsers(sub)
    balance.add_parser(sub)
    author.add_parsers(sub)
    compete.add_parsers(sub)
    debrief.add_parser(sub)
    room.add_parser(sub)
    return parser


COMMANDS = {
    "play": play.cmd_play,
    "simulate": play.cmd_simulate,
    "scenarios": play.cmd_scenarios,
    "balance": balance.cmd_balance,
    **author.COMMANDS,
    "compete": compete.cmd_compete,
    "replay": compete.cmd_replay,
    "leaderboard": compete.cmd_leaderboard,
    "debrief": debrief.cmd_debrief,
    "room": room.cmd_room,
}


def lift_lang(argv: list[str]) -> list[str]:
    """Move `--lang X` (or `--lang=X`) to the front, so that it works before or after a command."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            rest += argv[i:]
            break
        if a == "--lang" and i + 1 < len(argv):
            front += argv[i : i + 2]
            i += 2
            continue
        if a.startswith("--lang="):
            front.append(a)
        else:
            rest.append(a)
        i += 1
    return front + rest


def _take_folders(argv: list[str]) -> tuple[list[str], list[str] | None]:
    """Take every `--scenarios DIR` out of the arguments, wherever it stands."""
    rest: list[str] = []
    folders: list[str] = []
    it = iter(argv)
    for a in it:
        if a == "--":
            rest += [a, *it]
            break
        if a == "--scenarios":
            value = next(it, None)
            if value is None:
                return rest, None
            folders.append(value)
        elif a.startswith("--scenarios="):
            folders.append(a.split("=", 1)[1])
        else:
            rest.append(a)
    return rest, folders


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `turbulentie-game` command."""
    argv, folders = _take_folders(lift_lang(list(sys.argv[1:] if argv is None else argv)))
    parser = build_parser()
    if folders is None:
        parser.error("argument --scenarios: expected one argument")
    missing = [f for f in folders if not Path(f).is_dir()]
    if missing:
        t = translator(_lang_of(argv))
        print(t("cli.no_folder", folder=missing[0]), file=sys.stderr)
        return EXIT_USAGE
    catalogue.use_folders(folders)
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
    t = translator(args.lang)
    try:
        return COMMANDS[args.command](args, t)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
