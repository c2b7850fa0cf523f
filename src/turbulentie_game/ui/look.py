"""How things look: palette (colour-blind safe), fonts, cached text, icons, bars and charts."""

from __future__ import annotations

import itertools
import json
import math

import pygame

from ..paths import assets_dir

PALETTES_FILE = "palettes.json"  # in assets/ui: the colours of each palette (play.storage.PALETTES)
NAMED = ("orange", "sky", "green", "yellow", "blue", "vermilion", "purple")
ROLES = ("bg", "card", "ink", "muted", "line", "accent", "soft", "bad", "good", "warn_bg",
         "practised", "tip_text", "focus", "empty")  # fmt: skip


def palettes() -> dict:
    """Every palette from assets/ui/palettes.json: named colours, roles, what kinds, meters and
    members use, line and focus widths, theme overrides for the buttons."""
    return json.loads((assets_dir() / "ui" / PALETTES_FILE).read_text(encoding="utf-8"))


_PALETTES = palettes()
_FIRST = _PALETTES["okabe_ito"]
# Every colour is one pygame.Color object for the life of the program: a switch of palette
# changes them in place (apply_palette), so a module that imported one sees the new colour.
ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILION, PURPLE = (
    pygame.Color(_FIRST["named"][k]) for k in NAMED
)
BG, CARD, INK, MUTED, LINE, ACCENT, SOFT, BAD, GOOD, WARN_BG, PRACTISED, TIP_TEXT, FOCUS, EMPTY = (
    pygame.Color(_FIRST["roles"][k]) for k in ROLES
)
_NAMED = dict(zip(NAMED, (ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILION, PURPLE), strict=True))
_ROLE_COLOURS = (BG, CARD, INK, MUTED, LINE, ACCENT, SOFT, BAD, GOOD, WARN_BG, PRACTISED,
                 TIP_TEXT, FOCUS, EMPTY)  # fmt: skip
_ROLES = dict(zip(ROLES, _ROLE_COLOURS, strict=True))
KIND_COLOURS: dict[str, pygame.Color] = {}
METER_COLOURS: dict[str, pygame.Color] = {}
MEMBER_COLOURS: list[pygame.Color] = []
METER_DASH = {"public_value": 0, "political_cover": 10, "trust": 4}
STYLE = {"palette": "", "focus_width": 3, "line_width": 1}  # of the palette in use


def apply_palette(name: str) -> None:
    """Use a palette: every colour changes in place (an unknown name gives the first)."""
    p = _PALETTES.get(name, _FIRST)
    for key, c in _NAMED.items():
        c.update(pygame.Color(p["named"][key]))
    for key, c in _ROLES.items():
        c.update(pygame.Color(p["roles"][key]))
    KIND_COLOURS.clear()
    KIND_COLOURS.update({k: _NAMED[v] for k, v in p["kinds"].items()})
    METER_COLOURS.clear()
    METER_COLOURS.update({k: _NAMED[v] for k, v in p["meters"].items()})
    MEMBER_COLOURS[:] = [_NAMED[v] for v in p["members"]]
    STYLE.update(palette=name if name in _PALETTES else "okabe_ito",
                 focus_width=int(p["focus_width"]), line_width=int(p["line_width"]))  # fmt: skip


def theme_overrides(name: str) -> dict:
    """The palette's colours for the themed buttons and fields (block -> colour -> value)."""
    return _PALETTES.get(name, _FIRST).get("theme", {})


apply_palette("okabe_ito")

# a team card's energy bar sits between the member's name and the energy label, with these
# gaps to them (pixels at normal size); a bar narrower than ENERGY_BAR_MIN no longer reads as
# a bar, so lint (ui/text_fit.py, L010) calls such a name too wide for its card
ENERGY_BAR_GAPS = (10, 8)
ENERGY_BAR_MIN = 24

BASE_SIZES = {"tiny": 13, "small": 15, "body": 17, "head": 21, "title": 30, "huge": 44}


def colour(c) -> pygame.Color:
    """A pygame colour from a hex string or colour."""
    return pygame.Color(c)


def text_on(bg) -> pygame.Color:
    """Dark or white text, whichever reads better on the background."""
    c = pygame.Color(bg)
    return INK if (0.299 * c.r + 0.587 * c.g + 0.114 * c.b) > 140 else pygame.Color("white")


class Look:
    """Fonts at the current scale plus a cache of rendered text (cleared on every re-layout)."""

    def __init__(self, size: tuple[int, int], text_scale: float):
        self.ui_scale = max(0.75, min(size[0] / 1280, size[1] / 720))
        self.scale = self.ui_scale * text_scale
        fonts = assets_dir() / "fonts"
        self._paths = {False: fonts / "NotoSans-Regular.ttf", True: fonts / "NotoSans-Bold.ttf"}
        self._fonts: dict[tuple[str, bool], pygame.font.Font] = {}
        self._cache: dict[tuple, pygame.Surface] = {}

    def px(self, n: float) -> int:
        """A length in pixels scaled to the window (not to the text size)."""
        return round(n * self.ui_scale)

    def font(self, role: str = "body", bold: bool = False) -> pygame.font.Font:
        """The font of a text role ('tiny', 'small', 'body', 'head', 'title', 'huge')."""
        key = (role, bold)
        f = self._fonts.get(key)
        if f is None:
            f = pygame.font.Font(self._paths[bold], round(BASE_SIZES[role] * self.scale))
            self._fonts[key] = f
        return f

    def line_height(self, role: str = "body") -> int:
        """Height of one line of text in a role."""
        return self.font(role).get_linesize()

    def text(self, s: str, role: str = "body", col=INK, bold: bool = False) -> pygame.Surface:
        """Rendered text, cached."""
        key = (s, role, tuple(pygame.Color(col)), bold)
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) > 4000:
                self._cache.clear()
            surf = self.font(role, bold).render(s, True, col)
            self._cache[key] = surf
        return surf

    def fit(self, s: str, role: str, width: int, bold: bool = False) -> str:
        """The text shortened with an ellipsis to fit a width."""
        f = self.font(role, bold)
        if f.size(s)[0] <= width:
            return s
        while s and f.size(s + "…")[0] > width:
            s = s[:-1]
        return s.rstrip() + "…"

    def wrap(self, s: str, role: str, width: int, bold: bool = False) -> list[str]:
        """Lines of a text wrapped to a width (paragraphs kept)."""
        key = ("wrap", s, role, width, bold)
        hit = self._cache.get(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        f = self.font(role, bold)
        lines: list[str] = []
        for para in s.split("\n"):
            cur = ""
            words: list[str] = []
            for word in para.split():  # "53 %" stays on one line
                if words and word.startswith("%"):
                    words[-1] += " " + word
                else:
                    words.append(word)
            for word in words:
                trial = f"{cur} {word}".strip()
                if f.size(trial)[0] <= width or not cur:
                    cur = trial
                else:
                    lines.append(cur)
                    cur = word
                while f.size(cur)[0] > width and (cut := _path_break(f, cur, width)):
                    lines.append(cur[:cut])  # a path wider than the line: broken after a "/"
                    cur = cur[cut:]
            lines.append(cur)
        self._cache[key] = lines  # type: ignore[assignment]
        return lines

    def blit_text(
        self, surf, s, pos, role="body", col=INK, bold=False, anchor="topleft"
    ) -> pygame.Rect:
        """Draw a text; returns its rectangle."""
        img = self.text(s, role, col, bold)
        r = img.get_rect(**{anchor: pos})
        surf.blit(img, r)
        return r

    def blit_wrapped(self, surf, s, rect, role="body", col=INK, bold=False, max_lines=None) -> int:
        """Draw a wrapped text inside a rectangle; returns the height used."""
        lines = self.wrap(s, role, rect.width, bold)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = self.fit(lines[-1] + " …", role, rect.width, bold)
        lh = self.line_height(role)
        y = rect.top
        for line in lines:
            if y + lh > rect.bottom + 2:
                break
            surf.blit(self.text(line, role, col, bold), (rect.left, y))
            y += lh
        return y - rect.top


def _path_break(font, text: str, width: int) -> int:
    """Where to break a line too wide for `width` after a path separator (0: nowhere)."""
    cuts = [i + 1 for i, c in enumerate(text) if c in "/\\" and 0 < i < len(text) - 1]
    fitting = [i for i in cuts if font.size(text[:i])[0] <= width]
    return fitting[-1] if fitting else 0


def card(surf, rect, fill=CARD, border=LINE, radius=8, width=None) -> None:
    """A rounded card (its border as wide as the palette's lines unless told)."""
    pygame.draw.rect(surf, fill, rect, border_radius=radius)
    width = STYLE["line_width"] if width is None else width
    if width:
        pygame.draw.rect(surf, border, rect, width, border_radius=radius)


def focus_ring(surf, rect, radius: int = 8) -> None:
    """The keyboard's focus around a rectangle, in the palette's focus colour and width."""
    pygame.draw.rect(surf, FOCUS, rect, STYLE["focus_width"], border_radius=radius)


def bar(surf, rect, frac, fill, back=SOFT, border=None) -> None:
    """A horizontal bar filled to a fraction."""
    pygame.draw.rect(surf, back, rect, border_radius=3)
    f = max(0.0, min(1.0, frac))
    if f > 0:
        pygame.draw.rect(
            surf, fill, (rect.x, rect.y, max(2, round(rect.w * f)), rect.h), border_radius=3
        )
    if border is not None:
        pygame.draw.rect(surf, border, rect, 1, border_radius=3)


def dashed_line(surf, col, points, width, dash) -> None:
    """A polyline, solid (dash 0) or dashed with a given dash length."""
    if len(points) < 2:
        return
    if not dash:
        pygame.draw.lines(surf, col, False, points, width)
        return
    on = True
    left = dash
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        seg = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while pos < seg:
            step = min(left, seg - pos)
            if on:
                a = pos / seg
                b = (pos + step) / seg
                pygame.draw.line(
                    surf,
                    col,
                    (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                    (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                    width,
                )
            pos += step
            left -= step
            if left <= 0:
                on = not on
                left = dash if on else dash * 0.7
    return


def kind_icon(surf, kind: str, center, size: int) -> None:
    """The icon of a turbulence kind in its colour: a shape per kind, so colour is never alone."""
    cx, cy = center
    r = size // 2
    col = colour(KIND_COLOURS[kind])
    pygame.draw.circle(surf, col, center, r)
    w = max(2, size // 10)
    white = pygame.Color("white")
    if kind == "temporal":  # a clock
        pygame.draw.circle(surf, white, center, r - w - 1, w)
        pygame.draw.line(surf, white, center, (cx, cy - r // 2), w)
        pygame.draw.line(surf, white, center, (cx + r // 3, cy), w)
    elif kind == "electoral":  # a ballot box with a slip
        box = pygame.Rect(0, 0, r * 1.2, r * 0.8)
        box.midtop = (cx, cy - r // 8)
        pygame.draw.rect(surf, white, box, w)
        slip = pygame.Rect(0, 0, r * 0.55, r * 0.7)
        slip.midbottom = (cx, cy)
        pygame.draw.rect(surf, white, slip)
    elif kind == "authority":  # a classical building: roof and pillars
        pygame.draw.polygon(
            surf,
            white,
            [(cx - r * 0.65, cy - r * 0.2), (cx, cy - r * 0.65), (cx + r * 0.65, cy - r * 0.2)],
        )
        for dx in (-0.4, 0.0, 0.4):
            pygame.draw.line(
                surf, white, (cx + dx * r, cy - r * 0.15), (cx + dx * r, cy + r * 0.45), w
            )
        pygame.draw.line(
            surf, white, (cx - r * 0.65, cy + r * 0.5), (cx + r * 0.65, cy + r * 0.5), w
        )
    else:  # agenda: a notepad with lines
        pad = pygame.Rect(0, 0, r * 1.0, r * 1.2)
        pad.center = center
        pygame.draw.rect(surf, white, pad, w)
        for i in range(3):
            y = pad.top + pad.h * (0.3 + 0.22 * i)
            pygame.draw.line(
                surf, white, (pad.left + w * 2, y), (pad.right - w * 2, y), max(1, w - 1)
            )


def kind_card(surf, rect, kind: str, stripe: int) -> None:
    """A card framed in the colour of a turbulence kind, with its icon on a coloured stripe."""
    kcol = colour(KIND_COLOURS[kind])
    card(surf, rect, CARD, kcol, 8, 2)
    pygame.draw.rect(
        surf,
        kcol,
        (rect.x, rect.y, stripe, rect.h),
        border_top_left_radius=8,
        border_bottom_left_radius=8,
    )
    kind_icon(surf, kind, (rect.x + stripe // 2, rect.y + stripe // 2 + 2), round(stripe * 0.8))


def polarity_mark(surf, polarity: str, center, size: int) -> None:
    """A warning triangle for a threat, a star for an opportunity."""
    cx, cy = center
    r = size / 2
    if polarity == "threat":
        pts = [(cx, cy - r), (cx + r, cy + r * 0.8), (cx - r, cy + r * 0.8)]
        pygame.draw.polygon(surf, BAD, pts)
        pygame.draw.line(surf, "white", (cx, cy - r * 0.35), (cx, cy + r * 0.25), max(2, size // 8))
        pygame.draw.circle(surf, "white", (cx, cy + r * 0.55), max(1, size // 12))
    else:
        pts = []
        for i in range(10):
            a = -math.pi / 2 + i * math.pi / 5
            rr = r if i % 2 == 0 else r * 0.45
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        pygame.draw.polygon(surf, GOOD, pts)


def chip(
    surf, look: Look, center, radius: int, member_index: int, initial: str, ghost=False
) -> None:
    """A time chip: the member's colour and initial (so colour is never the only cue)."""
    col = colour(MEMBER_COLOURS[member_index % len(MEMBER_COLOURS)])
    if ghost:
        pygame.draw.circle(surf, LINE, center, radius, 2)
        return
    pygame.draw.circle(surf, col, center, radius)
    pygame.draw.circle(surf, INK, center, radius, max(1, radius // 6))
    role = "tiny" if radius < look.px(11) else "small"
    look.blit_text(surf, initial, center, role, text_on(col), bold=True, anchor="center")


def line_chart(
    surf, look: Look, rect, series: dict[str, list[float]], labels: dict[str, str], n_turns: int
) -> None:
    """Meters over time (0-100), each with its own colour and dash, and a legend on top."""
    card(surf, rect)
    pad = look.px(10)
    x = rect.left + look.px(40)
    lw = max(2, look.px(3))
    for name in series:
        col = colour(METER_COLOURS[name])
        y = rect.top + pad + look.line_height("small") // 2
        dashed_line(surf, col, [(x, y), (x + look.px(30), y)], lw, look.px(METER_DASH[name]))
        r = look.blit_text(surf, labels[name], (x + look.px(36), y), "small", INK, anchor="midleft")
        x = r.right + look.px(18)
    top = rect.top + pad * 2 + look.line_height("small")
    inner = pygame.Rect(
        rect.left + look.px(40),
        top,
        rect.w - look.px(56),
        rect.bottom - top - pad * 2 - look.line_height("tiny"),
    )
    step = 5 if n_turns > 12 else 1
    for turn in range(0, n_turns + 1, step):
        x = inner.left + inner.w * turn / max(1, n_turns)
        look.blit_text(
            surf, str(turn), (x, inner.bottom + look.px(4)), "tiny", MUTED, anchor="midtop"
        )
    for v in (0, 50, 100):
        y = inner.bottom - inner.h * v / 100
        pygame.draw.line(surf, LINE, (inner.left, y), (inner.right, y), 1)
        look.blit_text(surf, str(v), (inner.left - look.px(6), y), "tiny", MUTED, anchor="midright")
    for name, vals in series.items():
        pts = [
            (
                inner.left + inner.w * i / max(1, n_turns),
                inner.bottom - inner.h * max(0, min(100, v)) / 100,
            )
            for i, v in enumerate(vals)
        ]
        dashed_line(surf, colour(METER_COLOURS[name]), pts, lw, look.px(METER_DASH[name]))


def tooltip(surf, look, pos, title: str, body: str) -> None:
    """A dark box with a bold title and a wrapped text near the pointer, kept inside the window."""
    px = look.px
    w = px(380)
    lines = look.wrap(body, "small", w - px(20))
    heads = look.wrap(title, "small", w - px(20), True)  # a long title wraps too, never cut
    h = look.line_height("small") * (len(lines) + len(heads)) + px(18)
    r = pygame.Rect(pos[0] + px(16), pos[1] + px(18), w, h)
    r.clamp_ip(surf.get_rect())
    if r.collidepoint(pos):
        r.bottom = pos[1] - px(8)
        r.clamp_ip(surf.get_rect())
    card(surf, r, INK, INK, 6)
    y = r.y + px(8)
    for head in heads:
        look.blit_text(surf, head, (r.x + px(10), y), "small", "white", True)
        y += look.line_height("small")
    for line in lines:
        look.blit_text(surf, line, (r.x + px(10), y), "small", TIP_TEXT)
        y += look.line_height("small")
