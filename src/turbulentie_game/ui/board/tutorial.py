"""The board's first-time tour: one region of the board at a time, with a box that explains it."""

from __future__ import annotations

import pygame

from ..look import ACCENT, CARD, INK, LINE, MUTED, card, kind_icon

TUTORIAL = (
    "meters", "team", "expectations", "traits", "events", "triage", "situation", "calendar", "end"
)


class Tutorial:
    """The tour's part of the board scene (a mixin of BoardScene)."""

    def tutorial_region(self) -> pygame.Rect:
        name = TUTORIAL[self.tutorial]
        return {
            "meters": self.meter_rects[0].unionall(self.meter_rects[1:]),
            "team": self.team,
            "expectations": self.rows[self.row_order[0]]
            .union(self.rows[self.session.scn.rules.expectations[-1].id])
            .inflate(8, 8),
            "traits": self.rows[self.session.scn.rules.traits[0].id]
            .union(self.rows[self.session.scn.rules.traits[-1].id])
            .inflate(8, 8),
            "events": self.events_area,
            "triage": self.triage_region(),
            "situation": self.situation_rect,
            "calendar": self.calendar_rect,
            "end": self.bottom,
        }[name]

    def triage_region(self) -> pygame.Rect:
        """The first "put first" toggle in view (the event column when none is)."""
        for ev, r in zip(self.events, self.event_rects, strict=True):
            tg = self.card_layouts[ev.uid].focus
            if tg is not None and self.events_area.contains(tg.rect.move(r.topleft)):
                return tg.rect.move(r.topleft).inflate(8, 8)
        return self.events_area

    def kind_legend(self, width: int) -> list[tuple[str, int, int]]:
        """The four kinds' icons and names on the events step: (kind, x, y) relative to the
        legend's top left, flowing onto a second row when the text is large."""
        look, t = self.app.look, self.app.t
        px = look.px
        out, x, y = [], 0, 0
        for kind in ("agenda", "electoral", "authority", "temporal"):
            need = px(24) + look.font("small", True).size(t(f"kind.{kind}"))[0]
            if x and x + need > width:
                x, y = 0, y + px(26)
            out.append((kind, x, y))
            x += need + px(18)
        return out

    def tutorial_box(self) -> pygame.Rect:
        """The tour's box: as tall as its text needs, beside the region it explains."""
        w, h = self.app.size
        look, t = self.app.look, self.app.t
        px = look.px
        region = self.tutorial_region()
        name = TUTORIAL[self.tutorial]
        bw = min(px(600), w - px(40))
        inner = bw - px(36)
        text_h = len(look.wrap(t(f"ui.tutorial.{name}.text"), "small", inner)) * look.line_height(
            "small"
        )
        legend_h = self.kind_legend(inner)[-1][2] + px(24) if name == "events" else 0
        bh = self.tut_next.rect.h if hasattr(self, "tut_next") else px(46)
        box_h = (
            px(12) + look.line_height("tiny") + look.line_height("head") + legend_h + text_h
            + px(10) + bh + px(14)
        )  # fmt: skip
        box = pygame.Rect(0, 0, bw, min(box_h, h - px(40)))
        if region.bottom < h / 3:  # a region along the top: the box goes below it
            box.midtop = (region.centerx, region.bottom + px(24))
        elif region.top > h * 2 / 3:  # along the bottom: above it
            box.midbottom = (region.centerx, region.top - px(24))
        elif region.centerx < w / 2:
            box.left = min(region.right + px(24), w - box.w - px(20))
            box.centery = region.centery
        else:
            box.right = max(region.left - px(24), box.w + px(20))
            box.centery = region.centery
        box.clamp_ip(pygame.Rect(px(20), px(20), w - px(40), h - px(40)))
        if box.colliderect(region):
            box.center = (w // 2, h // 2)
        return box

    def place_tutorial_buttons(self) -> None:
        box = self.tutorial_box()
        px = self.app.look.px
        bh = self.tut_next.rect.h
        self.tut_next.set_position((box.right - self.tut_next.rect.w - px(16), box.bottom - bh - px(14)))
        self.tut_skip.set_position((box.left + px(16), box.bottom - bh - px(14)))

    def tutorial_next(self) -> None:
        self.tutorial += 1
        if self.tutorial >= len(TUTORIAL):
            self.tutorial_done()
            return
        if TUTORIAL[self.tutorial] == "triage" and self.all_events:  # show a toggle
            first = self.all_events[0].uid
            self.scroll_to(first, self.card_layouts[first].focus.rect.inflate(0, 16))
        elif TUTORIAL[self.tutorial] not in ("meters", "end"):  # large text: scroll it into view
            self.reveal(self.tutorial_region())
        self.place_tutorial_buttons()

    def tutorial_done(self) -> None:
        self.tutorial = None
        s = self.app.settings.copy()
        s.intro_done = True
        self.app.settings = s
        s.save(self.app.data_folder)
        self.rebuild()

    def draw_tutorial(self, surf):
        look, t = self.app.look, self.app.t
        px = look.px
        region = self.tutorial_region()
        pygame.draw.rect(surf, ACCENT, region.inflate(px(10), px(10)), px(4), border_radius=10)
        box = self.tutorial_box()
        pygame.draw.rect(surf, LINE, box.move(px(4), px(4)), border_radius=12)
        card(surf, box, CARD, ACCENT, 12, 3)
        name = TUTORIAL[self.tutorial]
        x, y = box.x + px(18), box.y + px(12)
        look.blit_text(
            surf,
            t("ui.tutorial.step", n=self.tutorial + 1, total=len(TUTORIAL)),
            (x, y),
            "tiny",
            MUTED,
        )
        y += look.line_height("tiny")
        look.blit_text(surf, t(f"ui.tutorial.{name}.title"), (x, y), "head", ACCENT, True)
        y += look.line_height("head")
        if name == "events":
            legend = self.kind_legend(box.w - px(36))
            for kind, dx, dy in legend:
                cx, cy = x + dx, y + dy
                kind_icon(surf, kind, (cx + px(10), cy + px(10)), px(20))
                look.blit_text(
                    surf, t(f"kind.{kind}"), (cx + px(24), cy + px(10)), "small", INK, True,
                    "midleft",
                )  # fmt: skip
            y += legend[-1][2] + px(24)
        bottom = self.tut_next.rect.top - px(6)
        look.blit_wrapped(
            surf,
            t(f"ui.tutorial.{name}.text"),
            pygame.Rect(x, y, box.w - px(36), bottom - y),
            "small",
            INK,
        )
        for b in (self.tut_skip, self.tut_next):  # above the box, unlike the board's own buttons
            surf.blit(b.image, b.rect)
