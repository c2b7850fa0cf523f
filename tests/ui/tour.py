"""Every screen of the window, one after another, on one App: the tour that the text-size and
palette checks walk (and that `python tests/ui/tour.py DIR` photographs to look at)."""

from __future__ import annotations

from collections.abc import Iterator

import pygame

from turbulentie_game.play.session import Session
from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import input_from_allocation
from turbulentie_game.sim.strategy import observe

from .crowded import crowded_session, played


def finished_session(seed: int = 4) -> Session:
    """A game of the default scenario played to its end by the balanced bot."""
    from turbulentie_game.scenario.compile import load_scenario

    path = default_scenario().path
    scn = load_scenario(path)
    s = Session(scn, path, seed)
    bot = make_bot("balanced", scn)
    while not s.over:
        s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
        s.end_turn()
    s.self_rating = 3
    return s


def key(k: int) -> pygame.event.Event:
    """A key press."""
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def tour(app, finished: Session | None = None) -> Iterator[str]:
    """Put each screen on top of the App in turn (drawn once) and yield its name."""
    from turbulentie_game.ui.end_screen import EndScene
    from turbulentie_game.ui.learning_scene import PAGES

    app.reset("menu")
    app.frame(0.016)
    yield "menu"
    app.push("settings")
    app.frame(0.016)
    yield "settings"
    app.pop()
    app.push("help")
    app.frame(0.016)
    yield "help"
    app.pop()
    app.push("player_name", then=lambda: None)
    app.frame(0.016)
    yield "name"
    app.pop()
    app.push("room_join", address="")
    app.frame(0.016)
    yield "room_join"
    app.reset("menu")
    app.start_game(default_scenario().path, 5)
    app.frame(0.016)
    yield "briefing"
    intro = not app.settings.intro_done
    app.top.start()
    app.frame(0.016)
    yield "board"
    if intro:  # the tour of the board: every pop-up
        board = app.top
        for step in range(1, 12):
            if board.tutorial is None:
                break
            board.tutorial_next()
            app.frame(0.016)
            if board.tutorial is not None:
                yield f"intro_{step}"
    session = app.session
    for ev in session.events():
        if ev.option_ids and not ev.fixed:
            session.plan.choose(ev.uid, ev.option_ids[0])
    ex = session.end_turn()
    app.go("resolution", session=session, ex=ex)
    app.frame(0.016)
    yield "resolution"
    app.session = crowded_session()
    app.reset("board", session=app.session)
    app.frame(0.016)
    yield "board_crowded"
    app.session = played(6)
    app.reset("board", session=app.session)
    app.frame(0.016)
    yield "board_played"
    app.top.handle_event(key(pygame.K_g))
    app.frame(0.016)
    yield "history"
    s = finished if finished is not None else finished_session()
    app.session = s
    app.reset(EndScene(app, s))
    app.frame(0.016)
    yield "end"
    app.top.learn()
    d = app.top
    for i in range(len(PAGES)):
        d.turn_page(i - d.page)
        app.frame(0.016)
        yield f"learn_{PAGES[i]}"
    d.what_if()
    app.frame(0.016)
    yield "whatif"


if __name__ == "__main__":  # photograph the tour:
    # python -m tests.ui.tour DIR [WxH] [lang] [scale] [palette, or x for the default] [names,...]
    import os
    import sys
    import tempfile
    from pathlib import Path

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from turbulentie_game.play.storage import Settings
    from turbulentie_game.ui.app import App

    out = Path(sys.argv[1])
    size = tuple(int(v) for v in (sys.argv[2] if len(sys.argv) > 2 else "1280x720").split("x"))
    lang = sys.argv[3] if len(sys.argv) > 3 else "nl"
    scale = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
    palette = sys.argv[5] if len(sys.argv) > 5 else None
    only = set(sys.argv[6].split(",")) if len(sys.argv) > 6 else None
    kw = {"palette": palette} if palette and palette != "x" else {}
    settings = Settings(lang=lang, size=size, intro_done=False, animations="off",
                        text_scale=scale, **kw)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        app = App(settings, Path(tmp), None)
        tag = f"{size[0]}_{lang}_{scale}"
        for name in tour(app):
            if only is None or name in only:
                app.screenshot(out / f"{tag}_{name}.png")
