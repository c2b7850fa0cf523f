"""The menu, the settings, the help overlay and on-screen messages."""

from __future__ import annotations

import pygame
import pygame_gui

from ..play.storage import ANIMATIONS, MAX_NAME, PALETTES, SIZES, TEXT_SCALES, Settings
from ..scenario.catalogue import Catalogue
from ..sim.seal import SealError, name_key, shown_token
from .look import ACCENT, BAD, CARD, INK, LINE, MUTED, WARN_BG, card, kind_icon
from .scene import Scene
from .scrolling import Scrolling


class MenuScene(Scrolling, Scene):
    """Pick a scenario, continue, open a file, join a competition, change settings."""

    name = "menu"

    def __init__(self, app):
        super().__init__(app)
        catalogue = Catalogue(data_folder=app.data_folder)
        self.own = catalogue.own()  # the user's own scenarios, usable or broken
        mine = {e.path for e in self.own}
        self.scenarios = [e for e in catalogue.scenarios() if e.path not in mine]
        self.own_folder = catalogue.user_folder()
        self.own_lines: list[tuple[pygame.Rect, str, str, object]] = []
        self.summaries: list[tuple[pygame.Rect, str]] = []
        self.code_entry = None
        self.code_text = ""  # kept when the menu is laid out again (after a message, a resize)
        self.pending_code: str | None = None  # a code waiting for its scenario file
        self.problem: tuple[str, str] | None = None  # why the code starts nothing, and the reason
        self.dialog = None

    def build(self):
        app, look, t = self.app, self.app.look, self.app.t
        w, h = app.size
        px = look.px
        margin = px(48)
        head = self.header_h()
        self.view = pygame.Rect(0, head, w, h - head)
        self.first_scrolled = 0
        top = max(px(150), head + px(10)) - self.scroll
        self.left = pygame.Rect(margin, top, round(w * 0.58) - margin, h - px(190))
        x, y = self.left.left, self.left.top
        bh = max(px(46), look.line_height("head") + px(16))
        s = app.session
        if s is not None and not s.over:
            self.button(
                (x, y, self.left.w, bh),
                t(
                    "ui.menu.continue",
                    title=s.scn.title.get(t.lang),
                    turn=s.turn,
                    turns=s.scn.n_turns,
                ),
                lambda: app.push("board", session=app.session),
                t("ui.menu.continue_tip"),
                cls="primary",
            )
            y += bh + px(22)
        self.list_top = y
        self.summaries = []
        for b in self.scenarios:
            title = b.title_en if t.lang == "en" else b.title_nl
            summary = b.summary_en if t.lang == "en" else b.summary_nl
            self.button(
                (x, y + look.line_height("small") + px(4), self.left.w, bh),
                title,
                lambda p=b.path: app.start_game(p),
                t("ui.menu.start_tip"),
                cls="scenario",
            )
            self.summaries.append(
                (
                    pygame.Rect(x, y, self.left.w, px(40)),
                    t("ui.menu.new_game"),
                    "small",
                    MUTED,
                    True,
                )
            )
            y += look.line_height("small") + bh + px(6)
            lines = look.wrap(summary, "body", self.left.w - px(16))
            self.summaries.append(
                (
                    pygame.Rect(x + px(8), y, self.left.w - px(16), px(200)),
                    summary,
                    "body",
                    INK,
                    False,
                )
            )
            y += len(lines) * look.line_height("body") + px(22)
        left_end = y
        rx = round(w * 0.62)
        rw = w - rx - margin
        self.right = pygame.Rect(rx, top, rw, h - px(190))
        y = self.right.top
        self.button(
            (rx, y, rw, bh), t("ui.menu.open_file"), self.open_file, t("ui.menu.open_file_tip")
        )
        y += bh + px(28)
        self.code_label_y = y
        y += look.line_height("body") + px(6)
        eh = max(px(40), look.line_height("body") + px(14))
        join_w = max(px(120), look.font("body").size(t("ui.menu.join"))[0] + px(30))
        self.code_entry = self.add(
            pygame_gui.elements.UITextEntryLine(
                pygame.Rect(rx, y, rw - join_w - px(10), eh),
                app.manager,
                placeholder_text=t("ui.menu.code_placeholder"),
            )
        )
        self.code_entry.set_text_length_limit(40)
        self.code_entry.set_text(self.code_text)
        self.button(
            (rx + rw - join_w, y, join_w, eh), t("ui.menu.join"), self.join, t("ui.menu.join_tip")
        )
        y += eh + px(8)
        self.problem_rect = pygame.Rect(rx, y, rw, 0)
        if self.problem is not None:
            lines = look.wrap(self.problem[0], "small", rw)
            self.problem_rect.h = len(lines) * look.line_height("small")
            y = self.problem_rect.bottom + px(8)
            if self.problem[1] == "unknown_scenario":
                self.button(
                    (rx, y, rw, bh),
                    t("ui.competition.open_file"),
                    lambda: self.open_file(self.code_text),
                    t("ui.competition.open_file_tip"),
                )
                y += bh + px(8)
        y += px(26)
        for label, action, tip in (
            ("room.join.menu", lambda: app.push("room_join"), "room.join.menu_tip"),
            ("ui.menu.settings", lambda: app.push("settings"), "ui.menu.settings_tip"),
            ("ui.menu.help", lambda: app.push("help"), "ui.menu.help_tip"),
            ("ui.menu.quit", app.quit, None),
        ):
            self.button((rx, y, rw, bh), t(label), action, t(tip) if tip else None)
            y += bh + px(12)
        end = self.build_own(rx, y + px(10), rw, max(self.right.bottom + px(30), h))
        self.content_h = max(left_end, end) + self.scroll - self.view.top + px(16)
        self.finish_scrolling()
        self.focus_i = 0

    def header_h(self) -> int:
        """How tall the menu's title and subtitle are."""
        look = self.app.look
        lines = look.wrap(self.app.t("ui.subtitle"), "body", self.app.size[0] - look.px(150))
        return look.px(28) + look.line_height("huge") + len(lines) * look.line_height("body")

    def build_own(self, x: int, y: int, w: int, bottom: int) -> int:
        """The user's own scenarios below the buttons: usable ones as buttons, broken ones as a
        line with their first problem; as many as fit, then how many more. Returns the y below."""
        look, t = self.app.look, self.app.t
        px = look.px
        self.own_lines = []
        lh_small = look.line_height("small")
        self.own_lines.append((pygame.Rect(x, y, w, lh_small), t("ui.menu.own"), "small", MUTED))
        y += lh_small + px(4)
        if not self.own:
            text = t("ui.menu.own_none", folder=str(self.own_folder))
            lines = look.wrap(text, "small", w)
            self.own_lines.append(
                (pygame.Rect(x, y, w, len(lines) * lh_small), text, "small", MUTED)
            )
            return y + len(lines) * lh_small
        bh = max(px(36), look.line_height("body") + px(10))
        shown = 0
        for i, e in enumerate(self.own):
            rest = len(self.own) - i - 1
            need = bh if e.ok else 2 * lh_small
            room_for_more = lh_small + px(4) if rest else 0
            if y + need + room_for_more > bottom:
                break
            if e.ok:
                title = e.title_en if self.app.t.lang == "en" else e.title_nl
                self.button(
                    (x, y, w, bh),
                    look.fit(title, "body", w - px(24)),
                    lambda p=e.path: self.app.start_game(p),
                    t("ui.menu.own_tip", file=str(e.path)),
                    cls="scenario",
                )
                y += bh + px(6)
            else:
                text = t("ui.menu.own_broken", file=e.path.name, problem=e.problem.text(t))
                self.own_lines.append((pygame.Rect(x, y, w, 2 * lh_small), text, "small", BAD))
                y += 2 * lh_small + px(6)
            shown += 1
        if shown < len(self.own):
            text = t("ui.menu.own_more", count=len(self.own) - shown)
            self.own_lines.append((pygame.Rect(x, y, w, lh_small), text, "small", MUTED))
            y += lh_small
        return y

    def open_file(self, code: str | None = None):
        """Let the player pick a scenario file (for a competition code, when `code` is given)."""
        self.pending_code = code
        w, h = self.app.size
        rect = pygame.Rect(
            0, 0, min(w - 40, self.app.look.px(720)), min(h - 40, self.app.look.px(520))
        )
        rect.center = (w // 2, h // 2)
        self.dialog = self.add(
            pygame_gui.windows.UIFileDialog(
                rect,
                self.app.manager,
                window_title="pygame-gui.file_dialog_title_bar",
                allowed_suffixes={".yaml", ".yml"},
                allow_existing_files_only=True,
            )
        )
        if getattr(self.dialog, "delete_button", None) is not None:
            self.dialog.delete_button.hide()  # a scenario picker deletes nothing

    def clear(self):
        if self.code_entry is not None and self.code_entry.alive():
            self.code_text = self.code_entry.get_text()
        super().clear()

    def join(self):
        self.code_text = self.code_entry.get_text()
        self.problem = None
        self.app.start_competition(self.code_text, problem=self.show_problem, confirm=True)

    def show_problem(self, sentence: str, reason: str) -> None:
        """Say under the code field why the code starts no game."""
        self.problem = (sentence, reason)
        self.rebuild()

    def handle_event(self, event):
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            if self.pending_code:
                self.problem = None
                self.app.start_competition(
                    self.pending_code, [event.text], problem=self.show_problem, confirm=True
                )
            else:
                self.app.start_game(event.text)
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.code_entry:
            self.join()
            return True
        if self.scroll_event(event):
            return True
        if event.type == pygame.KEYDOWN and not self.typing():
            if event.key in (pygame.K_F1, pygame.K_h):
                self.app.push("help")
                return True
            if event.key == pygame.K_ESCAPE and self.app.notice:
                self.app.notice = None
                return True
        return super().handle_event(event)

    def draw(self, surf):
        super().draw(surf)
        look, t = self.app.look, self.app.t
        px = look.px
        w, h = self.app.size
        pygame.draw.rect(surf, ACCENT, (0, 0, w, px(8)))
        look.blit_text(surf, t("ui.title"), (px(48), px(28)), "huge", INK, bold=True)
        sub = pygame.Rect(px(50), px(28) + look.line_height("huge"), w - px(150), h)
        look.blit_wrapped(surf, t("ui.subtitle"), sub, "body", MUTED)
        x = w - px(48)
        for kind in reversed(("agenda", "electoral", "authority", "temporal")):
            kind_icon(surf, kind, (x - px(20), px(56)), px(40))
            x -= px(50)
        clip = self.clip_to_view(surf)
        for rect, text, role, col, bold in self.summaries:
            look.blit_wrapped(surf, text, rect, role, col, bold)
        for rect, text, role, col in self.own_lines:
            look.blit_wrapped(
                surf, text, rect, role, col, max_lines=max(1, rect.h // look.line_height(role))
            )
        look.blit_text(
            surf, t("ui.menu.code_label"), (self.right.left, self.code_label_y), "body", INK, True
        )
        if self.problem is not None:
            look.blit_wrapped(surf, self.problem[0], self.problem_rect, "small", BAD)
        surf.set_clip(clip)
        self.draw_scroll_hint(surf)
        if self.app.notice:
            h = self.app.size[1]
            box = pygame.Rect(px(48), h - px(120), w - px(96), px(96))
            card(surf, box, WARN_BG, LINE)
            look.blit_wrapped(
                surf,
                self.app.notice + "  " + t("ui.msg.esc_to_close"),
                box.inflate(-px(24), -px(16)),
                "small",
                INK,
                max_lines=4,
            )


class SettingsScene(Scrolling, Scene):
    """Language, window size, full screen, text size, animations, name, results folder, introduction."""

    name = "settings"
    back_keys = (pygame.K_ESCAPE,)

    def __init__(self, app):
        super().__init__(app)
        self.name_entry = None
        self.folder_entry = None
        self.dialog = None

    def build(self):
        app, look, t = self.app, self.app.look, self.app.t
        w, h = app.size
        px = look.px
        s = app.settings
        self.rows: list[tuple[pygame.Rect, str]] = []  # each row's label and where it goes
        self.notes: list[tuple[pygame.Rect, str]] = []  # the explanations below a field
        bh = max(px(44), look.line_height("body") + px(16))
        eh = max(px(40), look.line_height("body") + px(14))
        back_w = max(px(210), look.font("body").size(t("ui.back"))[0] + px(30))
        self.button((w - px(48) - back_w, px(36), back_w, bh), t("ui.back"), self.app.pop,
                    cls="primary")  # fmt: skip
        self.first_scrolled = len(self.elements)
        top = px(40) + look.line_height("title") + px(6)
        self.view = pygame.Rect(0, top, w, h - top - px(8))
        rows = (
            ("ui.settings.language", [("Nederlands", "lang", "nl"), ("English", "lang", "en")]),
            ("ui.settings.size", [(f"{a}×{b}", "size", (a, b)) for a, b in SIZES]),
            (
                "ui.settings.fullscreen",
                [
                    (t("ui.settings.off"), "fullscreen", False),
                    (t("ui.settings.on"), "fullscreen", True),
                ],
            ),
            (
                "ui.settings.text",
                [(t(f"ui.settings.text_{i}"), "text_scale", v) for i, v in enumerate(TEXT_SCALES)],
            ),
            (
                "ui.settings.animations",
                [(t(f"ui.settings.anim_{a}"), "animations", a) for a in ANIMATIONS],
            ),
            (
                "ui.settings.palette",
                [(t(f"ui.settings.palette_{p}"), "palette", p) for p in PALETTES],
            ),
        )
        labels = [t(k) for k, _ in rows] + [t(k) for k in self.FIELD_LABELS]
        widest = max(look.font("body", True).size(label)[0] for label in labels)
        col = min(round(w * 0.45), max(round(w * 0.30), px(48) + widest + px(24)))
        right = w - px(48)
        min_bw = min(px(210), (right - col) // 6 - px(10))  # the six text sizes on one line
        gap = max(px(10), look.line_height("small") // 3)
        y = top + px(10) - self.scroll

        def label_row(key: str, y: int) -> int:
            """The row's label (wrapped when the column is narrow); the row's least height."""
            r = pygame.Rect(px(48), y, col - px(60), bh)
            lines = len(look.wrap(t(key), "body", r.w, True))
            r.h = max(bh, lines * look.line_height("body"))
            self.rows.append((r, t(key)))
            return r.h

        for label, options in rows:
            least = label_row(label, y)
            x, line_y = col, y
            for text, field, value in options:
                bw = max(min_bw, look.font("body").size(text)[0] + px(30))
                if x > col and x + bw > right:  # no room on this line: the next one
                    x, line_y = col, line_y + bh + px(8)
                chosen = getattr(s, field) == value
                self.button(
                    (x, line_y, bw, bh),
                    text,
                    lambda f=field, v=value: self.set(f, v),
                    cls="selected" if chosen else None,
                )
                x += bw + px(10)
            y = max(line_y + bh, y + least) + gap
        least = label_row("ui.settings.player", y)
        name_w = min(right - col, max(2 * min_bw + px(10), round((right - col) * 0.6)))
        self.name_entry = self.entry((col, y + (bh - eh) // 2, name_w, eh), s.player)
        self.name_entry.set_text_length_limit(MAX_NAME)
        y = self.note(t("ui.settings.player_tip"), col, max(y + bh, y + least), right) + gap
        least = label_row("ui.settings.results", y)
        choose = t("ui.settings.choose_folder")
        cw = max(min_bw, look.font("body").size(choose)[0] + px(30))
        field_w = right - col - cw - px(10)
        if field_w < px(240):  # too narrow beside the button: the button on a line below
            field_w = right - col
        self.folder_entry = self.entry(
            (col, y + (bh - eh) // 2, field_w, eh), str(s.results_folder(app.data_folder))
        )
        self.folder_entry.set_text_length_limit(1000)
        bx, by = (col + field_w + px(10), y) if field_w < right - col else (col, y + bh + px(8))
        self.button(
            (bx, by, cw, bh),
            choose,
            self.choose_folder,
            t("ui.settings.results_tip", folder=str(app.game.results_folder())),
        )
        y = max(by + bh, y + least) + gap
        least = label_row("ui.settings.intro", y)
        again = t("ui.settings.intro_again")
        iw = min(right - col, max(2 * min_bw + px(10), look.font("body").size(again)[0] + px(30)))
        self.button((col, y, iw, bh), again, self.intro_again)
        y = max(y + bh, y + least)
        if not s.intro_done:
            y = self.note(t("ui.settings.intro_will_show"), col, y, right)
        self.content_h = y + self.scroll - top + px(16)
        self.finish_scrolling()
        self.focus_i = 0

    FIELD_LABELS = ("ui.settings.player", "ui.settings.results", "ui.settings.intro")

    def note(self, text: str, x: int, y: int, right: int) -> int:
        """An explanation below a field, wrapped; returns the y below it."""
        look = self.app.look
        y += look.px(4)
        lines = look.wrap(text, "small", right - x)
        self.notes.append((pygame.Rect(x, y, right - x, len(lines) * look.line_height("small")),
                           text))  # fmt: skip
        return y + len(lines) * look.line_height("small")

    def entry(self, rect, text: str):
        """A one-line text field."""
        e = self.add(pygame_gui.elements.UITextEntryLine(pygame.Rect(rect), self.app.manager))
        e.set_text(text)
        return e

    def set(self, field, value):
        new = self.app.settings.copy()
        setattr(new, field, value)
        new.chosen(field)  # picked in the settings screen: saved, even if the command line set it
        keep = self.focus_i
        self.app.apply_settings(new)
        self.focus_i = keep

    def intro_again(self):
        self.set("intro_done", False)

    def choose_folder(self):
        """Pick the results folder in a folder dialog."""
        w, h = self.app.size
        px = self.app.look.px
        rect = pygame.Rect(0, 0, min(w - 40, px(720)), min(h - 40, px(520)))
        rect.center = (w // 2, h // 2)
        self.dialog = self.add(
            pygame_gui.windows.UIFileDialog(
                rect,
                self.app.manager,
                window_title=self.app.t("ui.settings.results"),
                initial_file_path=str(self.app.game.results_folder()),
                allow_picking_directories=True,
            )
        )

    def handle_event(self, event):
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.name_entry:
            self.app.game.set_player(event.text)
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.folder_entry:
            folder = event.text.strip()  # empty or the default folder: keep the default
            default = Settings().results_folder(self.app.data_folder)
            self.app.settings.results_dir = "" if folder in ("", str(default)) else folder
            self.app.settings.save(self.app.data_folder)
            return True
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED and event.ui_element is self.dialog:
            self.set("results_dir", event.text)
            return True
        if self.scroll_event(event):
            return True
        return super().handle_event(event)

    def draw(self, surf):
        super().draw(surf)
        look, t = self.app.look, self.app.t
        px = look.px
        pygame.draw.rect(surf, ACCENT, (0, 0, self.app.size[0], px(8)))
        look.blit_text(surf, t("ui.settings.title"), (px(48), px(40)), "title", INK, bold=True)
        clip = self.clip_to_view(surf)
        for rect, label in self.rows:
            lines = look.wrap(label, "body", rect.w, True)
            lh = look.line_height("body")
            top = rect.y + (min(rect.h, self.row_h()) - len(lines) * lh) // 2
            look.blit_wrapped(surf, label, pygame.Rect(rect.x, top, rect.w, rect.h), "body", INK,
                              True)  # fmt: skip
        for rect, text in self.notes:
            look.blit_wrapped(surf, text, rect, "small", MUTED)
        surf.set_clip(clip)
        self.draw_scroll_hint(surf)

    def row_h(self) -> int:
        """A button's height."""
        look = self.app.look
        return max(look.px(44), look.line_height("body") + look.px(16))


HELP_KEYS = (
    ("ui.help.k_members", "ui.help.members"),
    ("ui.help.k_targets", "ui.help.targets"),
    ("ui.help.k_place", "ui.help.place"),
    ("ui.help.k_take", "ui.help.take"),
    ("ui.help.k_option", "ui.help.option"),
    ("ui.help.k_undo", "ui.help.undo"),
    ("ui.help.k_end", "ui.help.end"),
    ("ui.help.k_mouse", "ui.help.mouse"),
    ("ui.help.k_right", "ui.help.right"),
    ("ui.help.k_skip", "ui.help.skip"),
    ("ui.help.k_buttons", "ui.help.buttons"),
    ("ui.help.k_help", "ui.help.help"),
    ("ui.help.k_menu", "ui.help.menu"),
    ("ui.help.k_full", "ui.help.full"),
    ("ui.help.k_reload", "ui.help.reload"),
)


class Overlay(Scrolling, Scene):
    """A box over the dimmed screen below, with a title and one button that closes it; the
    content scrolls when the text is too large for the box."""

    overlay = True
    back_keys = (pygame.K_ESCAPE,)
    max_size = (980, 560)
    close_key = "ui.ok"

    def title(self) -> str:
        raise NotImplementedError

    def build(self):
        w, h = self.app.size
        look = self.app.look
        px = look.px
        bw = min(w - px(80), px(self.max_size[0]))
        bh = max(px(42), look.line_height("body") + px(14))
        head = px(20) + look.line_height("head") + px(8)
        need = head + self.body_height(bw - px(56)) + px(16) + bh + px(16)
        box_h = max(px(self.max_size[1]), need) if self.grows else px(self.max_size[1])
        self.box = pygame.Rect(0, 0, bw, min(h - px(60), box_h))
        self.box.center = (w // 2, h // 2)
        label = self.app.t(self.close_key)
        bw = max(px(200), look.font("body").size(label)[0] + px(30))
        self.button(
            (self.box.right - bw - px(16), self.box.bottom - bh - px(16), bw, bh),
            label,
            self.close,
            cls="primary",
        )
        self.first_scrolled = len(self.elements)  # the button stays; the text scrolls
        top = self.box.top + head
        self.view = pygame.Rect(self.box.left + px(28), top, self.box.w - px(56),
                                self.box.bottom - bh - px(24) - top)  # fmt: skip
        self.content_h = self.body_height(self.view.w)
        self.scroll = min(self.scroll, self.scroll_limit())
        self.focus_i = 0

    grows = True  # the box grows (up to the window) with its content

    def body_height(self, width: int) -> int:
        """How tall the content below the title is at a width."""
        return 0

    def handle_event(self, event):
        if self.scroll_event(event):
            return True
        arrow = event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP)
        if arrow and self.scroll_limit() and not self.typing():
            step = 2 * self.app.look.line_height("small")
            self.scroll_by(step if event.key == pygame.K_DOWN else -step)
            return True
        return super().handle_event(event)

    def close(self) -> None:
        """The box's button: close the overlay."""
        self.app.pop()

    def draw(self, surf):
        dim(surf)
        look = self.app.look
        px = look.px
        card(surf, self.box, CARD, ACCENT, 12, 2)
        x, y = self.box.left + px(28), self.box.top + px(20)
        look.blit_text(surf, look.fit(self.title(), "head", self.view.w, True), (x, y), "head",
                       INK, True)  # fmt: skip
        v = self.view
        clip = self.clip_to_view(surf)
        self.draw_body(surf, pygame.Rect(v.x, v.y - self.scroll, v.w, max(v.h, self.content_h)))
        surf.set_clip(clip)
        self.draw_scroll_hint(surf)

    def draw_body(self, surf, rect) -> None:
        """The content below the title."""


class HelpOverlay(Overlay):
    """Every key, and how the game works in a few lines."""

    name = "help"
    back_keys = (pygame.K_ESCAPE, pygame.K_F1, pygame.K_h)
    max_size = (1100, 2000)
    close_key = "ui.close"

    def title(self):
        return self.app.t("ui.help.title")

    def rows(self, width: int) -> list[tuple[str, str, int]]:
        """Each key and what it does, with the lines the taller of the two needs."""
        look, t = self.app.look, self.app.t
        key_w = round(width * 0.32)
        return [
            (t(key), t(text), max(len(look.wrap(t(key), "small", key_w - look.px(10), True)),
                                  len(look.wrap(t(text), "small", width - key_w))))
            for key, text in HELP_KEYS
        ]  # fmt: skip

    def body_height(self, width: int) -> int:
        look, px = self.app.look, self.app.look.px
        lh = look.line_height("small")
        intro = len(look.wrap(self.app.t("ui.help.intro"), "small", width)) * lh + px(10)
        return intro + sum(n * lh + px(3) for _, _, n in self.rows(width))

    def draw_body(self, surf, rect):
        look, t = self.app.look, self.app.t
        px = look.px
        lh = look.line_height("small")
        y = rect.y + look.blit_wrapped(surf, t("ui.help.intro"), rect, "small", INK) + px(10)
        key_w = round(rect.w * 0.32)
        for key, text, n in self.rows(rect.w):
            look.blit_wrapped(surf, key, pygame.Rect(rect.x, y, key_w - px(10), n * lh), "small",
                              ACCENT, True)  # fmt: skip
            look.blit_wrapped(surf, text, pygame.Rect(rect.x + key_w, y, rect.w - key_w, n * lh),
                              "small", INK)  # fmt: skip
            y += n * lh + px(3)


class MessageScene(Overlay):
    """A message with a title and lines (scenario errors, competitions), closed with OK."""

    name = "message"

    def __init__(self, app, title: str, lines: list[str]):
        super().__init__(app)
        self.heading = title
        self.lines = lines

    def title(self):
        return self.heading

    def body_height(self, width: int) -> int:
        look = self.app.look
        lh = look.line_height("small")
        return sum(len(look.wrap(line, "small", width)) * lh + look.px(6) for line in self.lines)

    def draw_body(self, surf, rect):
        look = self.app.look
        y = rect.y
        for line in self.lines:
            n = len(look.wrap(line, "small", rect.w))
            y += look.blit_wrapped(
                surf, line, pygame.Rect(rect.x, y, rect.w, n * look.line_height("small")),
                "small", INK,
            ) + look.px(6)  # fmt: skip


_SHADES: dict[tuple[int, int], pygame.Surface] = {}


def dim(surf) -> None:
    """Darken what is below an overlay."""
    shade = _SHADES.get(surf.get_size())
    if shade is None:
        shade = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
        shade.fill((20, 28, 40, 150))
        _SHADES[surf.get_size()] = shade
    surf.blit(shade, (0, 0))


class NameScene(Overlay):
    """Ask the player's name (it goes into result files), then go on with `then`.

    Without `confirm`, only when no name is known yet. With `confirm` (joining a competition
    from the menu), at every join: the name is filled in to be checked, with the seat token
    the facilitator may have handed out (it belongs to that one name and seals the result)."""

    name = "player_name"
    max_size = (760, 290)

    def __init__(self, app, then, confirm: bool = False):
        super().__init__(app)
        self.then = then
        self.confirm = confirm
        if confirm:
            self.max_size = (760, 460)
        self.entry = None
        self.seat_entry = None
        self.missing = False
        self.bad_seat = False

    def title(self):
        known = self.confirm and self.app.settings.player  # a name to confirm, or a first one
        return self.app.t("ui.name.confirm_title" if known else "ui.name.title")

    def body_height(self, width: int) -> int:
        look = self.app.look
        lines = len(look.wrap(self.app.t("ui.name.why"), "small", width))
        field = max(look.px(40), look.line_height("body") + look.px(14))
        return (lines + 1) * look.line_height("small") + field + look.px(20)

    def build(self):
        super().build()
        look = self.app.look
        px = look.px
        x = self.box.left + px(28)
        # below the title and the explanation
        lines = len(look.wrap(self.app.t("ui.name.why"), "small", self.view.w))
        y = self.view.top + lines * look.line_height("small") + px(8)
        self.entry_top = y
        self.entry = self.add(
            pygame_gui.elements.UITextEntryLine(
                pygame.Rect(
                    x, y, self.box.w - px(56), max(px(40), look.line_height("body") + px(14))
                ),
                self.app.manager,
            )
        )
        self.entry.set_text_length_limit(MAX_NAME)
        if self.confirm:
            self.entry.set_text(self.app.settings.player)
            eh = self.entry.get_abs_rect().h
            # the seat token below the name, after room for the "fill in your name" hint
            self.seat_label_y = y + eh + look.line_height("small") + px(14)
            self.seat_entry = self.add(
                pygame_gui.elements.UITextEntryLine(
                    pygame.Rect(
                        x,
                        self.seat_label_y + look.line_height("small") + px(4),
                        min(self.box.w - px(56), px(360)),
                        eh,
                    ),
                    self.app.manager,
                    placeholder_text=self.app.t("ui.name.seat_placeholder"),
                )
            )
            self.seat_entry.set_text_length_limit(40)
            self.seat_entry.set_text(self.app.settings.seat)
        self.entry.focus()

    def close(self):
        name = self.entry.get_text().strip()
        self.missing = not name
        seat = self.seat_entry.get_text().strip() if self.seat_entry is not None else None
        try:
            token = shown_token(seat) if seat else seat
        except SealError:
            token = None
        self.bad_seat = token is None and seat is not None
        if self.missing or self.bad_seat:
            self.app.poke()
            return
        settings = self.app.settings
        if token and token == settings.seat and name_key(name) != name_key(settings.player):
            token = ""  # the previous player's token, left in the field: it would break the seal
        self.app.game.set_player(name)  # another name than before forgets the old token
        if token is not None:
            self.app.game.set_seat(token)  # kept only now: it belongs to the confirmed name
        self.app.pop()
        self.then()

    def handle_event(self, event):
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element in (
            self.entry,
            self.seat_entry,
        ):
            self.close()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()  # cancel, also while typing
            return True
        return super().handle_event(event)

    def draw_body(self, surf, rect):
        look = self.app.look
        rect = pygame.Rect(rect.x, rect.y, rect.w, self.entry_top - rect.y)
        why = "ui.name.confirm_why" if self.confirm else "ui.name.why"
        look.blit_wrapped(surf, self.app.t(why), rect, "small", INK)
        if self.missing:
            bottom = self.entry.get_abs_rect().bottom + look.px(8)
            look.blit_text(surf, self.app.t("ui.name.missing"), (rect.x, bottom), "small", BAD)
        if self.seat_entry is not None:
            t = self.app.t
            look.blit_text(
                surf, t("ui.name.seat_label"), (rect.x, self.seat_label_y), "small", MUTED
            )
            if self.bad_seat:
                field = self.seat_entry.get_abs_rect()
                below = pygame.Rect(rect.x, field.bottom + look.px(8), rect.w, look.px(200))
                look.blit_wrapped(surf, t("ui.competition.bad_seat"), below, "small", BAD)
