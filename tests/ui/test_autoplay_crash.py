"""An autoplay that crashes keeps its crash log where it says, and leaves no temporary folder."""

import os
import tempfile
import time

from turbulentie_game.cli import main
from turbulentie_game.ui import app as app_module
from turbulentie_game.ui import main as ui_main


def test_the_crash_log_of_an_autoplay_is_kept_where_the_message_points(
    tmp_path, monkeypatch, capsys
):
    def broken(self, max_frames=None):
        raise RuntimeError("a scene fell over")

    monkeypatch.setattr(app_module.App, "run", broken)
    before = set(os.listdir(tempfile.gettempdir()))
    shots = tmp_path / "shots"
    code = main(["--lang", "en", "play", "--autoplay", "balanced", "--screenshots", str(shots)])
    assert code == 1
    log = shots / "autoplay-crash.log"
    assert str(log) in capsys.readouterr().err
    assert "a scene fell over" in log.read_text(encoding="utf-8")
    left = {
        n for n in set(os.listdir(tempfile.gettempdir())) - before
        if n.startswith(ui_main.AUTOPLAY_PREFIX)
    }  # fmt: skip
    assert not left


def test_autoplay_folders_of_killed_runs_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    old = tmp_path / (ui_main.AUTOPLAY_PREFIX + "old")
    old.mkdir()
    (old / "autosave.json").write_text("{}", encoding="utf-8")
    past = time.time() - 2 * ui_main.LEFTOVER_AGE
    os.utime(old, (past, past))
    fresh = tmp_path / (ui_main.AUTOPLAY_PREFIX + "running")
    fresh.mkdir()
    mine = tmp_path / "someone-elses-folder"
    mine.mkdir()
    os.utime(mine, (past, past))
    ui_main.clean_autoplay_leftovers()
    assert not old.exists() and fresh.exists() and mine.exists()
