"""A full-screen leaderboard for the projector: the ranking beside the frontier of all players."""

from __future__ import annotations

import pygame

BG = (250, 250, 248)
INK = (20, 20, 20)
GRID = (215, 215, 215)
HEAD = (31, 95, 168)


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def draw_leaderboard(surface: pygame.Surface, rows, labels: dict[str, str]) -> None:
    """Draw the ranking (left) and the frontier with each player's place (right) to fit the surface.

    `rows` holds (rank, player, score, mean public value, mean political cover, "#rrggbb").
    """
    w, h = surface.get_size()
    surface.fill(BG)
    unit = max(12, h // 36)
    title_font = pygame.font.Font(None, unit * 3)
    font = pygame.font.Font(None, int(unit * 1.6))
    small = pygame.font.Font(None, int(unit * 1.2))
    pad = unit
    surface.blit(title_font.render(labels["title"], True, HEAD), (pad, pad))
    top = pad + title_font.get_linesize() + unit // 2
    hint = small.render(labels["hint"], True, (90, 90, 90))
    surface.blit(hint, (w - pad - hint.get_width(), h - pad - hint.get_height()))
    if not rows:
        surface.blit(font.render(labels["nobody"], True, INK), (pad, top))
        return
    # ranking: one column, or two when the room is full; what still does not fit is counted
    left_w = int(w * 0.46)
    surface.blit(font.render(labels["ranking"], True, HEAD), (pad, top))
    line = font.get_linesize() + unit // 4
    y_start = top + line + unit // 2
    per_col = max(1, (h - pad * 3 - y_start) // line)
    cols = 1 if len(rows) <= per_col else 2
    col_w = (left_w - pad) // cols
    shown = rows[: per_col * cols]
    for i, (rank, player, score, _, _, colour) in enumerate(shown):
        x = pad + (i // per_col) * col_w
        y = y_start + (i % per_col) * line
        limit = 24 if cols == 1 else 11
        name = player if len(player) <= limit else player[: limit - 1] + "…"
        pygame.draw.circle(surface, _rgb(colour), (x + unit // 2, y + line // 2 - 2), unit // 3)
        surface.blit(font.render(f"{rank}.", True, INK), (x + unit * 1.5, y))
        surface.blit(font.render(name, True, INK), (x + unit * 4, y))
        text = font.render(f"{score:.1f}", True, INK)
        surface.blit(text, (x + col_w - text.get_width() - unit // 2, y))
    if len(rows) > len(shown):
        more = small.render(f"+{len(rows) - len(shown)}", True, INK)
        surface.blit(more, (pad, h - pad - more.get_height()))
    # frontier: political cover (x) against public value (y), both 0-100
    x0, x1 = left_w + unit * 5, w - pad * 2
    y0, y1 = top + line + unit, h - pad * 4
    surface.blit(font.render(labels["frontier"], True, HEAD), (left_w + unit * 3, top))
    for v in range(0, 101, 20):
        gx = x0 + (x1 - x0) * v / 100
        gy = y1 - (y1 - y0) * v / 100
        pygame.draw.line(surface, GRID, (gx, y0), (gx, y1))
        pygame.draw.line(surface, GRID, (x0, gy), (x1, gy))
        t = small.render(str(v), True, INK)
        surface.blit(t, (gx - t.get_width() // 2, y1 + 4))
        surface.blit(t, (x0 - t.get_width() - 6, gy - t.get_height() // 2))
    pygame.draw.line(surface, INK, (x0, y1), (x1, y1), 2)
    pygame.draw.line(surface, INK, (x0, y0), (x0, y1), 2)
    xl = small.render(labels["x"], True, INK)
    surface.blit(xl, ((x0 + x1 - xl.get_width()) // 2, y1 + small.get_linesize() + 4))
    yl = pygame.transform.rotate(small.render(labels["y"], True, INK), 90)
    surface.blit(yl, (x0 - unit * 4, (y0 + y1 - yl.get_height()) // 2))
    for rank, _, _, value, cover, colour in rows:
        px = x0 + (x1 - x0) * max(0.0, min(100.0, cover)) / 100
        py = y1 - (y1 - y0) * max(0.0, min(100.0, value)) / 100
        pygame.draw.circle(surface, _rgb(colour), (px, py), unit // 2 + 2)
        pygame.draw.circle(surface, BG, (px, py), unit // 2 + 2, 2)
        label = small.render(str(rank), True, INK)
        surface.blit(label, (px + unit // 2 + 4, py - label.get_height() // 2))


def show_leaderboard(rows, labels: dict[str, str], max_frames: int | None = None) -> None:
    """Show the leaderboard full screen until Escape or Q; redraws on resize."""
    pygame.init()
    try:
        pygame.display.set_caption(labels["title"])
        screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        clock = pygame.time.Clock()
        frames = 0
        dirty = True
        while max_frames is None or frames < max_frames:
            for event in pygame.event.get():
                if event.type == pygame.QUIT or (
                    event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_q)
                ):
                    return
                if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
                    dirty = True
            if dirty:
                draw_leaderboard(screen, rows, labels)
                pygame.display.flip()
                dirty = False
            clock.tick(30)
            frames += 1
    finally:
        pygame.quit()
