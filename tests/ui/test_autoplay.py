"""A bot plays every built-in scenario through the real window and the screenshots are saved."""

import hashlib

from turbulentie_game.cli import main
from turbulentie_game.scenario.registry import builtin_scenarios


def test_autoplay_reaches_the_end_screen_for_every_builtin(tmp_path):
    for b in builtin_scenarios():
        shots = tmp_path / b.id
        assert (
            main(
                [
                    "play",
                    str(b.path),
                    "--seed",
                    "2",
                    "--autoplay",
                    "adaptive",
                    "--screenshots",
                    str(shots),
                ]
            )
            == 0
        )
        pngs = sorted(shots.glob("*.png"))
        names = [p.stem.split("_", 1)[1] for p in pngs]
        for screen in (
            "menu",
            "settings",
            "briefing",
            "tutorial",
            "board_turn01",
            "resolution_turn01",
            "help",
            "end",
        ):
            assert screen in names, f"{b.id}: no screenshot of {screen}"
        digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in pngs}
        assert len(digests) == len(pngs), "two screenshots are identical"


def test_autoplay_in_english_at_full_hd(tmp_path):
    assert (
        main(
            [
                "--lang",
                "en",
                "play",
                "--seed",
                "4",
                "--autoplay",
                "balanced",
                "--size",
                "1920x1080",
                "--screenshots",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert (tmp_path / "01_menu.png").exists()
