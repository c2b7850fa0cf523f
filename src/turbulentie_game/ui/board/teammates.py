"""Team play on the board: the chips teammates placed this turn, drawn in the target rows.

A teammate's chip is an open ring in the member's colour with the teammate's own initial inside
(ink on the card), so it reads differently from the player's own filled chips without relying on
colour: where it lies says where the teammate put that member's time.
"""

from __future__ import annotations

import pygame

from ...play.session import teammate_parts
from ..look import CARD, INK, MEMBER_COLOURS, colour


def placed_on(session, tid: str) -> list[tuple[int, str, str]]:
    """(member index, teammate, teammate's initial) for every chip a teammate put on `tid`."""
    index = {m.id: i for i, m in enumerate(session.scn.members)}
    out = []
    for person, chips in teammate_parts(session):
        for member, targets in chips.items():
            n = targets.get(tid) if isinstance(targets, dict) else None
            if member in index and isinstance(n, int) and 0 < n <= 99:
                out += [(index[member], person, person[:1].upper() or "?")] * n
    return out


def teammate_chip(surf, look, center, radius: int, member_index: int, initial: str) -> None:
    """An open ring in the member's colour with the teammate's initial: placed by someone else."""
    col = colour(MEMBER_COLOURS[member_index % len(MEMBER_COLOURS)])
    pygame.draw.circle(surf, CARD, center, radius)
    pygame.draw.circle(surf, col, center, radius, max(2, radius // 3))
    pygame.draw.circle(surf, INK, center, radius + 1, 1)  # a light colour still has an edge
    role = "tiny" if radius < look.px(11) else "small"
    look.blit_text(surf, initial, center, role, INK, bold=True, anchor="center")


def teammates_tip(t, session, tid: str) -> str:
    """What a row's description adds in team play: who placed which member's chips there."""
    names = [m.name for m in session.scn.members]
    counts: dict[tuple[str, int], int] = {}
    for m, person, _ in placed_on(session, tid):
        counts[(person, m)] = counts.get((person, m), 0) + 1
    if not counts:
        return ""
    parts = [
        t("room.board.teammate_part", person=person, n=n, member=names[m])
        for (person, m), n in counts.items()
    ]
    return " " + t("room.board.teammates_here", parts=", ".join(parts))
