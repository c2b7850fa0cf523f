"""The board's input: keys, mouse clicks and dragged chips turned into changes of the plan."""

from __future__ import annotations

import pygame

from .widgets import Drag


class BoardInput:
    """Keyboard and mouse handling of the board scene (a mixin of BoardScene)."""

    def handle_event(self, event):
        if super().handle_event(event):
            return True
        if self.tutorial is not None:
            if event.type == pygame.KEYDOWN:
                if event.key in (
                    pygame.K_RETURN,
                    pygame.K_SPACE,
                    pygame.K_RIGHT,
                    pygame.K_KP_ENTER,
                ):
                    self.tutorial_next()
                elif event.key == pygame.K_ESCAPE:
                    self.tutorial_done()
            return True
        if event.type == pygame.KEYDOWN:
            return self.key(event)
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            self.keyboard = False
            if self.drag:
                self.drag.pos = event.pos
            return True
        if event.type == pygame.MOUSEWHEEL:
            if self.tall and self.body_view.collidepoint(self.mouse):
                self.scroll_body(-event.y * 3 * self.app.look.line_height("small"))
                return True
            if self.events_area.collidepoint(self.mouse):
                self.scroll_by(-event.y * 3 * self.app.look.line_height("small"))
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN:
            return self.mouse_down(event)
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag:
            self.drop(event.pos)
            return True
        return False

    def key(self, event) -> bool:
        k, mod = event.key, event.mod
        n_members = self.session.scn.n_members
        entries = self.entries()
        self.cursor = min(self.cursor, len(entries) - 1)
        ctrl = mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
        if (k in (pygame.K_RETURN, pygame.K_KP_ENTER) and ctrl) or k == pygame.K_e:
            self.end_turn()
        elif (k == pygame.K_z and ctrl) or k == pygame.K_u:
            self.undo()
        elif k in (pygame.K_F1, pygame.K_h) or event.unicode == "?":
            self.help()
        elif k == pygame.K_ESCAPE:
            self.app.pop()
        elif k == pygame.K_g:
            self.history()
        elif k == pygame.K_F5:
            self.app.show(self.app.game.reload(self.session))
        elif pygame.K_1 <= k <= pygame.K_9 and k - pygame.K_1 < n_members:
            self.member = k - pygame.K_1
        elif k == pygame.K_TAB:
            self.member = (self.member + (-1 if mod & pygame.KMOD_SHIFT else 1)) % n_members
        elif k == pygame.K_DOWN:
            self.move_cursor((self.cursor + 1) % len(entries))
        elif k == pygame.K_UP:
            self.move_cursor((self.cursor - 1) % len(entries))
        elif k == pygame.K_HOME:
            self.move_cursor(0)
        elif k in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            step = (self.body_view if self.tall else self.events_area).h * 3 // 4
            self.scroll_by(step if k == pygame.K_PAGEDOWN else -step)
        elif k in (
            pygame.K_RIGHT,
            pygame.K_PLUS,
            pygame.K_KP_PLUS,
            pygame.K_SPACE,
            pygame.K_EQUALS,
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
        ):
            entry = entries[self.cursor]
            if entry[0] == "option":
                self.choose(entry[1], entry[2])
            elif entry[0] == "focus":
                self.toggle_focus(entry[1])
            elif entry[0] == "prepare":
                self.toggle_prepare(entry[1])
            elif entry[0] == "target" and k not in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.place(entry[1])
        elif k in (pygame.K_LEFT, pygame.K_MINUS, pygame.K_KP_MINUS, pygame.K_BACKSPACE):
            entry = entries[self.cursor]
            if entry[0] == "target":
                self.take(entry[1])
        else:
            return False
        return True

    def move_cursor(self, i: int) -> None:
        """Put the keyboard cursor on entry `i`, scrolling its event card into view."""
        self.cursor = i
        self.keyboard = True
        entry = self.entries()[i]
        if entry[0] == "event":
            self.scroll_to(entry[1])
        elif entry[0] == "option":
            lay = self.card_layouts[entry[1]]
            part = next(r for r, oid, _ in lay.options if oid == entry[2])
            self.scroll_to(entry[1], part.inflate(0, 2 * self.app.look.line_height("tiny")))
        elif entry[0] == "focus":
            self.scroll_to(entry[1], self.card_layouts[entry[1]].focus.rect.inflate(0, 8))
        elif entry[0] == "target":
            self.reveal(self.rows[entry[1]].inflate(0, 8))
        elif entry[0] == "gauge":
            self.reveal(self.situation_rect)
        elif entry[0] == "prepare" and entry[1] in self.cal_layout.toggles:
            self.reveal(self.cal_layout.toggles[entry[1]].rect.move(self.calendar_rect.topleft))

    def target_at(self, pos) -> str | None:
        if self.tall and not self.body_view.collidepoint(pos):
            return None  # under the bars: the rows scrolled out of view
        for tid, r in self.rows.items():
            if r.collidepoint(pos):
                return tid
        return None

    def toggle_box_at(self, pos) -> tuple[str, object] | None:
        """The toggle whose box is at `pos`: ("focus", uid) or ("prepare", date id)."""
        if self.events_area.collidepoint(pos):
            for ev, r in zip(self.events, self.event_rects, strict=True):
                tg = self.card_layouts[ev.uid].focus
                if tg is not None and tg.box.move(r.topleft).inflate(6, 6).collidepoint(pos):
                    return "focus", ev.uid
        for did, tg in self.cal_layout.toggles.items():
            if tg.box.move(self.calendar_rect.topleft).inflate(6, 6).collidepoint(pos):
                return "prepare", did
        return None

    def free_chip_at(self, pos) -> int | None:
        if self.tall and not self.body_view.collidepoint(pos):
            return None
        for m, r in enumerate(self.member_rects):
            if r.collidepoint(pos):
                for center in self.free_chip_centers(m):
                    if (pos[0] - center[0]) ** 2 + (pos[1] - center[1]) ** 2 <= (
                        self.chip_r + 4
                    ) ** 2:
                        return m
        return None

    def placed_chip_at(self, pos) -> tuple[int, str] | None:
        tid = self.target_at(pos)
        if tid is None:
            return None
        for m, center in self.row_chips(tid):
            if (pos[0] - center[0]) ** 2 + (pos[1] - center[1]) ** 2 <= (self.chip_r + 3) ** 2:
                return m, tid
        return None

    def mouse_down(self, event) -> bool:
        pos = event.pos
        on_column = self.tall and self.events_area.clip(self.body_view).collidepoint(pos)
        if event.button == 1 and on_column:
            for ev, r in zip(self.events, self.event_rects, strict=True):
                if r.collidepoint(pos) and ev.uid != self.open_uid:
                    self.open_card(ev.uid)  # a folded card opens where it is clicked
                    return True
        if event.button == 1:
            m = self.free_chip_at(pos)
            if m is not None:
                self.member = m
                self.drag = Drag(m, None, pos)
                return True
            hit = self.placed_chip_at(pos)
            if hit is not None:
                self.member = hit[0]
                self.drag = Drag(hit[0], hit[1], pos)
                return True
            tid = self.target_at(pos)
            if tid is not None:
                self.cursor = self.row_order.index(tid)
                self.place(tid)
                return True
            hit = self.toggle_box_at(pos)  # the box beside a toggle's button switches it too
            if hit is not None:
                if hit[0] == "focus":
                    self.toggle_focus(hit[1])
                else:
                    self.toggle_prepare(hit[1])
                return True
            for i, r in enumerate(self.member_rects):
                if r.collidepoint(pos):
                    self.member = i
                    return True
        elif event.button == 3:
            hit = self.placed_chip_at(pos)
            if hit is not None:
                self.take(hit[1], hit[0])
                return True
            tid = self.target_at(pos)
            if tid is not None:
                self.take(tid)
                return True
        return False

    def drop(self, pos) -> None:
        d = self.drag
        self.drag = None
        tid = self.target_at(pos)
        mid = self.session.scn.members[d.member].id
        if tid is None:
            if d.source is not None:
                self.session.plan.remove(mid, d.source)
            return
        self.cursor = self.row_order.index(tid)
        if d.source is None:
            self.place(tid, d.member)
        else:
            self.session.plan.move(mid, d.source, tid)
