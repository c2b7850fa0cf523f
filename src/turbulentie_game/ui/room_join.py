"""Joining a facilitator's room from the menu: address, name (confirmed every time) and team."""

from __future__ import annotations

import time

import pygame
import pygame_gui

from ..play.storage import MAX_NAME
from ..room.client import RoomClient, RoomUnavailable, open_seat
from ..room.discovery import DISCOVERY_PORT, discover
from ..scenario.codes import CompetitionError
from .look import ACCENT, BAD, CARD, INK, MUTED, card
from .scene import Scene

NEWS_SECONDS = 0.5  # how often the window looks for news from the room
NEWS_KEEP = 12.0  # seconds a piece of news stays in the board's message line


def _dim(surf) -> None:
    shade = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
    shade.fill((20, 28, 40, 150))
    surf.blit(shade, (0, 0))


class RoomWatcher:
    """Runs every frame while a room game is played: shows the room's news on the board."""

    def __init__(self, app, session):
        self.app, self.session = app, session
        self.recent: list[tuple[float, str]] = []  # (time heard, sentence)
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
        news = remote.news()
        self.recent = [(at, text) for at, text in self.recent if now - at < NEWS_KEEP]
        self.recent += [(now, text) for text in news]
        top = self.app.top
        if news and hasattr(top, "flash"):
            top.flash(" ".join(text for _, text in self.recent[-3:]))


class RoomJoinScene(Scene):
    """Ask the room's address, the player's name and (for team play) the team's name."""

    name = "room_join"
    overlay = True
    max_size = (900, 600)
    close_key = "room.join.connect"
    discovery_port = DISCOVERY_PORT

    def __init__(self, app, address: str = ""):
        super().__init__(app)
        self.texts = {"address": address, "name": app.settings.player, "team": ""}
        self.entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        self.confirming = False
        self.problem = ""
        self.found: list = []  # rooms heard on the network

    def title(self):
        return self.app.t("room.join.title")

    def build(self):
        if self.confirming:
            self.close_key = "room.join.yes"
        else:
            self.close_key = "room.join.connect"
        look, t = self.app.look, self.app.t
        px = look.px
        w, h = self.app.size
        fields = (("address", "room.join.address"), ("name", "room.join.name"),
                  ("team", "room.join.team"))  # fmt: skip
        box_w = min(w - px(80), px(self.max_size[0]))
        bh = max(px(42), look.line_height("body") + px(14))
        eh = max(px(40), look.line_height("body") + px(14))
        lh = look.line_height("small")
        label_h = {k: len(look.wrap(t(label), "small", box_w - px(56))) * lh for k, label in fields}
        need = (px(28) + look.line_height("head") + sum(label_h.values())
                + 3 * (px(14) + eh) + eh + 3 * lh + bh + px(40))  # fmt: skip
        box_h = max(px(self.max_size[1]), need)  # large text: as tall as its wrapped labels
        self.box = pygame.Rect(0, 0, box_w, min(h - px(60), box_h))
        self.box.center = (w // 2, h // 2)
        self.button(
            (self.box.right - px(216), self.box.bottom - bh - px(16), px(200), bh),
            t(self.close_key),
            self.close,
            cls="primary",
        )
        self.focus_i = 0
        x = self.box.left + px(28)
        w = self.box.w - px(56)
        y = self.box.top + px(28) + look.line_height("head")
        self.labels = []
        for key, label in fields:
            self.labels.append((t(label), y))
            y += label_h[key] + px(4)
            entry = self.add(
                pygame_gui.elements.UITextEntryLine(pygame.Rect(x, y, w, eh), self.app.manager)
            )
            entry.set_text_length_limit(80 if key == "address" else MAX_NAME)
            entry.set_text(self.texts[key])
            if self.confirming:
                entry.disable()
            self.entries[key] = entry
            y += eh + px(10)
            if key == "address" and not self.confirming:
                sw = max(px(300), look.font("body").size(t("room.join.search"))[0] + px(30))
                self.button((x + w - sw, y - px(6), sw, eh), t("room.join.search"), self.search)
                for i, room in enumerate(self.found[:3]):
                    label = t(
                        "room.join.found", title=room.title, code=room.code, address=room.address
                    )
                    self.button(
                        (x, y - px(6) + i * (eh + px(4)), w - sw - px(10), eh),
                        look.fit(label, "small", w - sw - px(30)),
                        lambda a=room.address: self.pick(a),
                    )
                y += max(1, len(self.found[:3])) * (eh + px(4))
        self.message_y = y
        self.button(
            (x, self.box.bottom - bh - px(16), px(200), bh),
            t("room.join.back"),
            self.back,
        )
        if not self.confirming:
            first = "address" if not self.texts["address"] else "name"
            self.entries[first].focus()

    def search(self):
        """Listen for rooms announcing themselves on the local network."""
        self.clear()
        self.app.busy(self.app.t("room.join.searching"))
        self.found = discover(port=self.discovery_port)
        self.problem = "" if self.found else self.app.t("room.join.none_found")
        self.rebuild()
        self.app.poke()

    def pick(self, address: str):
        """Use a room heard on the network."""
        self.texts["address"] = address
        self.entries["address"].set_text(address)
        self.found = []
        self.rebuild()

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

    def draw(self, surf):
        _dim(surf)
        look = self.app.look
        px = look.px
        card(surf, self.box, CARD, ACCENT, 12, 2)
        x, y = self.box.left + px(28), self.box.top + px(20)
        look.blit_text(surf, self.title(), (x, y), "head", INK, True)
        self.draw_body(surf, pygame.Rect(x, y, self.box.w - px(56), self.box.h))

    def draw_body(self, surf, rect):
        look, t = self.app.look, self.app.t
        px = look.px
        for text, y in self.labels:
            look.blit_wrapped(
                surf, text, pygame.Rect(rect.x, y, rect.w, self.box.h), "small", MUTED
            )
        area = pygame.Rect(rect.x, self.message_y, rect.w, px(120))
        if self.confirming:
            team = self.texts["team"]
            extra = t("room.join.confirm_team", team=team) if team else ""
            look.blit_wrapped(
                surf, t("room.join.confirm", name=self.texts["name"], team=extra), area, "body", INK
            )
        elif self.problem:
            look.blit_wrapped(surf, self.problem, area, "small", BAD)
