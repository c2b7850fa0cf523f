"""Joining a facilitator's room from the menu: address, name (confirmed every time) and team."""

from __future__ import annotations

import time

import pygame
import pygame_gui

from ..play.storage import MAX_NAME
from ..room.client import RoomClient, RoomUnavailable, open_seat
from ..scenario.codes import CompetitionError
from .look import BAD, INK, MUTED
from .menu import Overlay

NEWS_SECONDS = 0.5  # how often the window looks for news from the room


class RoomWatcher:
    """Runs every frame while a room game is played: shows the room's news on the board."""

    def __init__(self, app, session):
        self.app, self.session = app, session
        self.pending: list[str] = []
        self.next = 0.0

    def __call__(self) -> None:
        remote = getattr(self.session, "remote", None)
        if self.app.session is not self.session or remote is None:
            self.app.background.remove(self)
            if remote is not None:
                remote.client.close()
            return
        now = time.monotonic()
        if now < self.next:
            return
        self.next = now + NEWS_SECONDS
        self.pending += remote.news()
        top = self.app.top
        if self.pending and hasattr(top, "flash"):
            top.flash(" ".join(self.pending[-3:]))
            self.pending = []


class RoomJoinScene(Overlay):
    """Ask the room's address, the player's name and (for team play) the team's name."""

    name = "room_join"
    max_size = (900, 600)
    close_key = "room.join.connect"

    def __init__(self, app, address: str = ""):
        super().__init__(app)
        self.texts = {"address": address, "name": app.settings.player, "team": ""}
        self.entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        self.confirming = False
        self.problem = ""

    def title(self):
        return self.app.t("room.join.title")

    def build(self):
        if self.confirming:
            self.close_key = "room.join.yes"
        else:
            self.close_key = "room.join.connect"
        super().build()
        look, t = self.app.look, self.app.t
        px = look.px
        x = self.box.left + px(28)
        w = self.box.w - px(56)
        eh = max(px(40), look.line_height("body") + px(14))
        y = self.box.top + px(28) + look.line_height("head")
        self.labels = []
        for key, label in (
            ("address", "room.join.address"),
            ("name", "room.join.name"),
            ("team", "room.join.team"),
        ):
            self.labels.append((t(label), y))
            y += look.line_height("small") + px(4)
            entry = self.add(
                pygame_gui.elements.UITextEntryLine(pygame.Rect(x, y, w, eh), self.app.manager)
            )
            entry.set_text_length_limit(80 if key == "address" else MAX_NAME)
            entry.set_text(self.texts[key])
            if self.confirming:
                entry.disable()
            self.entries[key] = entry
            y += eh + px(10)
        self.message_y = y
        bh = max(px(42), look.line_height("body") + px(14))
        self.button(
            (x, self.box.bottom - bh - px(16), px(200), bh),
            t("room.join.back"),
            self.back,
        )
        if not self.confirming:
            first = "address" if not self.texts["address"] else "name"
            self.entries[first].focus()

    def clear(self):
        for key, entry in self.entries.items():
            if entry.alive():
                self.texts[key] = entry.get_text()
        self.entries = {}
        super().clear()

    def back(self):
        if self.confirming:
            self.confirming = False
            self.rebuild()
        else:
            self.app.pop()

    def close(self):
        """The primary button: check the form, then confirm, then join."""
        if not self.confirming:
            for key, entry in self.entries.items():
                self.texts[key] = " ".join(entry.get_text().split())
            if not self.texts["address"]:
                self.problem = self.app.t("room.join.unreachable", address="-")
            elif not self.texts["name"]:
                self.problem = self.app.t("room.refuse.name_missing")
            else:
                self.problem = ""
                self.confirming = True
            self.rebuild()
            self.app.poke()
            return
        self.join()

    def join(self):
        t = self.app.t
        name, team, address = self.texts["name"], self.texts["team"], self.texts["address"]
        self.app.busy(t("room.join.connecting", address=address))
        try:
            client = RoomClient(address)
            client.health()
            joined = client.join(name, team)
            session = open_seat(client, joined, lambda key, **kw: t(key, **kw))
        except RoomUnavailable as exc:
            self.fail(self._say(exc.key, exc.params))
            return
        except CompetitionError as exc:
            self.fail(t(f"compete.code.{exc.reason}", **exc.params))
            return
        self.app.game.set_player(name)
        self.app.pop()
        self.app.background.append(RoomWatcher(self.app, session))
        self.app.show(self.app.game.begin(session))
        if hasattr(self.app.top, "flash"):
            self.app.top.flash(
                t("room.join.joined", code=session.code, name=name, turn=session.turn)
            )

    def _say(self, key: str, params: dict) -> str:
        try:
            return self.app.t(key, **params)
        except (KeyError, IndexError, ValueError):
            return self.app.t(key)

    def fail(self, text: str) -> None:
        self.problem = text
        self.confirming = False
        self.rebuild()
        self.app.poke()

    def handle_event(self, event):
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element in (
            self.entries.values()
        ):
            self.close()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.back()
            return True
        return super().handle_event(event)

    def draw_body(self, surf, rect):
        look, t = self.app.look, self.app.t
        px = look.px
        for text, y in self.labels:
            look.blit_text(surf, text, (rect.x, y), "small", MUTED)
        area = pygame.Rect(rect.x, self.message_y, rect.w, px(120))
        if self.confirming:
            team = self.texts["team"]
            extra = t("room.join.confirm_team", team=team) if team else ""
            look.blit_wrapped(
                surf, t("room.join.confirm", name=self.texts["name"], team=extra), area, "body", INK
            )
        elif self.problem:
            look.blit_wrapped(surf, self.problem, area, "small", BAD)
