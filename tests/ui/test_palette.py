"""The palette setting: Okabe-Ito (the default) or high contrast (Paul Tol's colours, darker
lines, a thicker focus ring). A switch recolours everything the board draws; what colour says is
still said by words, shapes and dashes."""

import json

import pygame
import pytest

from turbulentie_game.paths import assets_dir
from turbulentie_game.play.storage import PALETTES, Settings
from turbulentie_game.ui import look

from .crowded import played

KINDS = ("agenda", "electoral", "authority", "temporal")


def colours_of(surface: pygame.Surface, rect: pygame.Rect) -> set[tuple[int, int, int]]:
    """The colours in a part of a surface (every third pixel)."""
    return {
        tuple(surface.get_at((x, y)))[:3]
        for x in range(rect.left, rect.right, 3)
        for y in range(rect.top, rect.bottom, 3)
    }


def board_with(make_app, palette: str):
    app = make_app((1280, 720))
    s = app.settings.copy()
    s.palette = palette
    app.apply_settings(s)
    app.session = played(6)
    app.reset("board", session=app.session)
    app.frame(0.016)
    return app


def test_every_palette_in_the_settings_is_in_the_data_file_with_all_its_colours():
    data = json.loads((assets_dir() / "ui" / look.PALETTES_FILE).read_text(encoding="utf-8"))
    assert tuple(data) == PALETTES and PALETTES[0] == "okabe_ito" == Settings().palette
    for name, p in data.items():
        assert set(p["named"]) == set(look.NAMED) and set(p["roles"]) == set(look.ROLES), name
        assert set(p["kinds"]) == set(KINDS) and set(p["meters"]) == set(look.METER_DASH)
        for group in (p["kinds"].values(), p["meters"].values(), p["members"]):
            picked = [p["named"][k] for k in group]
            assert len(set(picked)) == len(picked), name  # no two kinds, meters, members alike


def test_switching_the_palette_recolours_the_board(make_app):
    app = board_with(make_app, "okabe_ito")
    board = app.top
    first = app.screen.copy()
    event = board.event_rects[0]
    stripe = pygame.Rect(event.x, event.y, app.look.px(20), event.h)  # the kind's colour
    meters = board.meter_rects[0].unionall(board.meter_rects[1:])
    team = board.member_rects[0]
    before = [colours_of(first, r) for r in (stripe, meters, team)]
    s = app.settings.copy()
    s.palette = "high_contrast"
    s.chosen("palette")
    app.apply_settings(s)
    app.frame(0.016)
    after = [colours_of(app.screen, r) for r in (stripe, meters, team)]
    for b, a in zip(before, after, strict=True):
        assert a != b
    kind = board.all_events[0].kind
    tol = pygame.Color(json.loads((assets_dir() / "ui" / look.PALETTES_FILE).read_text())[
        "high_contrast"]["named"][{"agenda": "orange", "electoral": "blue", "authority": "purple",
                                   "temporal": "green"}[kind]])  # fmt: skip
    assert tuple(tol)[:3] in after[0]  # the kind's stripe in Tol's colour now
    assert look.STYLE["focus_width"] > 3  # a thicker focus ring
    assert Settings.load(app.data_folder).palette == "high_contrast"  # saved with the settings
    s = app.settings.copy()
    s.palette = "okabe_ito"
    app.apply_settings(s)
    app.frame(0.016)
    assert colours_of(app.screen, stripe) == before[0]  # and back


@pytest.mark.parametrize("palette", PALETTES)
def test_no_kind_is_told_by_colour_alone_its_icon_has_its_own_shape(palette):
    pygame.init()
    look.apply_palette(palette)
    masks = []
    for kind in KINDS:
        surf = pygame.Surface((60, 60))
        surf.fill((0, 0, 0))
        look.kind_icon(surf, kind, (30, 30), 56)
        masks.append(frozenset((x, y) for x in range(60) for y in range(60)
                               if surf.get_at((x, y))[:3] == (255, 255, 255)))  # fmt: skip
    assert len(set(masks)) == len(KINDS)  # the white drawing on each differs
    assert len(set(look.METER_DASH.values())) == 3  # the meters' lines: solid, long, short dashes
    look.apply_palette("okabe_ito")


def test_the_palette_is_read_strictly_from_the_settings(tmp_path):
    Settings(palette="high_contrast").save(tmp_path)
    assert Settings.load(tmp_path).palette == "high_contrast"
    for bad in ('"neon"', "3", '["high_contrast"]', "null"):
        (tmp_path / "settings.json").write_text(f'{{"palette": {bad}}}', encoding="utf-8")
        assert Settings.load(tmp_path).palette == "okabe_ito"
