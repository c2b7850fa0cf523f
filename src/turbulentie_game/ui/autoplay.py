"""Autoplay: a bot plays through the real window by posting input events, and screenshots are saved."""

from __future__ import annotations

from pathlib import Path

import pygame

from ..sim.bots import make_bot
from ..sim.record import input_from_allocation
from ..sim.strategy import observe


def key_event(key: int, mod: int = 0, unicode: str = "") -> pygame.event.Event:
    """A synthetic key press."""
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)


def board_keys(board, turn_input) -> list[pygame.event.Event]:
    """The key presses that place a turn's chips and options on the board, then end the turn."""
    events = []
    entries = board.entries()
    for m, member in enumerate(board.session.scn.members):
        row = turn_input.chips.get(member.id, {})
        if not row:
            continue
        events.append(key_event(pygame.K_1 + m))
        for target, n in row.items():
            events.append(key_event(pygame.K_HOME))
            events += [key_event(pygame.K_DOWN)] * entries.index(("target", target))
            events += [key_event(pygame.K_RIGHT)] * n
    for uid, option in turn_input.options.items():
        if ("option", uid, option) in entries:
            events.append(key_event(pygame.K_HOME))
            events += [key_event(pygame.K_DOWN)] * entries.index(("option", uid, option))
            events.append(key_event(pygame.K_RETURN))
    # the events put first and the dates prepared for: their toggles, with Enter
    toggles = [("focus", uid) for uid in turn_input.focus]
    toggles += [("prepare", did) for did in turn_input.prepare]
    for entry in toggles:
        if entry in entries:
            events.append(key_event(pygame.K_HOME))
            events += [key_event(pygame.K_DOWN)] * entries.index(entry)
            events.append(key_event(pygame.K_RETURN))
    events.append(key_event(pygame.K_HOME))  # the cursor back to the top: no tooltip in the way
    return events


class Autoplay:
    """Drives the App one step per frame: menu -> briefing -> board/resolution ... -> end."""

    def __init__(
        self,
        bot_name: str,
        scenario_path: Path,
        seed: int,
        shots: Path | None,
        max_turn_shots: int = 2,
        code: str | None = None,
    ):
        self.bot_name = bot_name
        self.scenario_path = Path(scenario_path)
        self.seed = seed
        self.code = code  # start from this competition code (scenario_path: where to find it)
        self.shots = Path(shots) if shots else None
        self.saved: list[Path] = []
        self.taken: set[str] = set()
        self.phase: dict = {}
        self.bot = None
        self.turn_shots = {1, max_turn_shots}
        self.finished = False

    def shot(self, app, name: str) -> None:
        """Save a PNG of the window once per name (and remember the screen was seen, PNG or not)."""
        if name in self.taken:
            return
        self.taken.add(name)
        if self.shots is None:
            return
        path = self.shots / f"{len(self.taken):02d}_{name}.png"
        app.screenshot(path)
        self.saved.append(path)

    def step(self, app) -> None:
        """Called after each drawn frame: take pictures and post the next input."""
        top = app.top
        if top.name == "menu":
            if "menu" not in self.taken:
                self.shot(app, "menu")
                app.push("settings")
            elif self.code:
                app.start_competition(self.code, [self.scenario_path])
            else:
                app.start_game(self.scenario_path, self.seed)
        elif top.name == "settings":
            self.shot(app, "settings")
            app.pop()
        elif top.name == "briefing":
            self.shot(app, "briefing")
            self.bot = make_bot(self.bot_name, top.session.scn)
            pygame.event.post(key_event(pygame.K_RETURN))
        elif top.name == "board":
            self.board(app, top)
        elif top.name == "help":
            self.shot(app, "help")
            pygame.event.post(key_event(pygame.K_ESCAPE))
        elif top.name == "resolution":
            if top.done:
                turn = top.ex.turn
                if turn in self.turn_shots:
                    self.shot(app, f"resolution_turn{turn:02d}")
                pygame.event.post(key_event(pygame.K_RETURN))
            else:
                pygame.event.post(key_event(pygame.K_ESCAPE))
        elif top.name == "end" and getattr(top, "asking", False):
            self.shot(app, "selfcheck")
            pygame.event.post(key_event(pygame.K_3))
        elif top.name == "end":
            self.shot(app, "end")
            self.finished = True
            app.quit()
        elif top.name == "message":
            self.shot(app, "message")
            app.quit()

    def board(self, app, board) -> None:
        s = board.session
        if board.tutorial is not None:
            self.shot(app, "tutorial")
            pygame.event.post(key_event(pygame.K_ESCAPE))
            return
        if s.turn == 2 and "help" not in self.taken:
            pygame.event.post(key_event(pygame.K_F1))
            return
        state = self.phase.get(s.turn)
        if state is None:
            alloc = self.bot.decide(observe(s.scn, s.state))
            turn_input = input_from_allocation(s.scn, s.state, alloc)
            for ev in board_keys(board, turn_input):
                pygame.event.post(ev)
            self.phase[s.turn] = "placed"
        elif state == "placed":
            if s.turn in self.turn_shots:
                self.shot(app, f"board_turn{s.turn:02d}")
            pygame.event.post(key_event(pygame.K_RETURN, pygame.KMOD_CTRL))
            self.phase[s.turn] = 0
        else:  # the turn was refused: stop rather than loop for ever
            self.phase[s.turn] = state + 1
            if state > 10:
                self.shot(app, "refused")
                app.quit()
