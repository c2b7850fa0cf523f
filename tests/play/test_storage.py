"""Settings and saves in the player's data folder, read and written without a window."""

import json

from turbulentie_game.i18n import Translator
from turbulentie_game.play.controller import Controller
from turbulentie_game.play.storage import Settings


def test_an_incompatible_save_is_kept_aside(tmp_path):
    record = {
        "format": 1,
        "engine_version": "0",
        "scenario_id": "wijk_in_beweging",
        "content_hash": "different",
        "seed": 1,
        "player": "",
        "claimed_score": None,
        "inputs": [],
    }
    (tmp_path / "autosave.json").write_text(json.dumps(record), encoding="utf-8")
    game = Controller(Settings(), tmp_path, Translator("nl"))
    game.load_saved()
    assert game.session is None and game.notice
    assert list(tmp_path.glob("autosave.unusable-*.json"))


def test_name_and_results_folder_are_stored_and_odd_values_ignored(tmp_path):
    s = Settings(player="Anouk", results_dir=str(tmp_path / "gedeeld"))
    s.save(tmp_path)
    back = Settings.load(tmp_path)
    assert back.player == "Anouk" and back.results_folder(tmp_path) == tmp_path / "gedeeld"
    (tmp_path / "settings.json").write_text(
        json.dumps({"player": 12, "results_dir": ["x"]}), encoding="utf-8"
    )
    odd = Settings.load(tmp_path)
    assert odd.player == "" and odd.results_folder(tmp_path) == tmp_path / "results"
