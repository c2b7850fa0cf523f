"""Saves and settings a program or a person has damaged: the game starts, explains, keeps them."""

import json
import os
import signal
import time

import pytest

from turbulentie_game import ENGINE_VERSION
from turbulentie_game.i18n import Translator
from turbulentie_game.play import storage
from turbulentie_game.play.controller import Controller
from turbulentie_game.play.storage import Settings, clean_stray_temps, put_aside, write_autosave
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import play_record


@pytest.fixture(scope="module")
def saved_text(scn):
    """A genuine autosave of a game in progress (five turns)."""
    record, _ = play_record(scn, make_bot("balanced", scn), 3, "Anna")
    from dataclasses import replace

    return replace(record, inputs=record.inputs[:5], claimed_score=None).to_json()


def _start(folder):
    game = Controller(Settings(), folder, Translator("en"))
    game.load_saved()
    return game


def test_a_genuine_save_resumes(saved_text, tmp_path, default_path):
    (tmp_path / "autosave.json").write_text(saved_text, encoding="utf-8")
    assert _start(tmp_path).session.turn == 6


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace('"player": "Anna"', '"player": "An\\ud800na"'),
        lambda t: t.replace('"seed": 3', '"seed": ' + "9" * 4301),
        lambda t: t.replace('"format": 1', '"format": true'),
        lambda t: t.replace(f'"engine_version": "{ENGINE_VERSION}"', '"engine_version": "0"'),
        lambda t: t.replace('"seed": 3', '"seed": 3, "seed": 4'),
    ],
    ids=["lone_surrogate", "huge_int", "format_true", "other_engine", "duplicate_key"],
)
def test_a_crafted_save_is_set_aside_once_and_explained(saved_text, tmp_path, change):
    bad = change(saved_text)
    assert bad != saved_text
    (tmp_path / "autosave.json").write_text(bad, encoding="utf-8")
    game = _start(tmp_path)
    assert game.session is None and game.notice
    kept = list(tmp_path.glob("autosave.unusable-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == bad
    again = _start(tmp_path)  # the next start is clean: the bad file is no longer read
    assert again.session is None and not again.notice


def test_fifos_as_save_or_settings_do_not_hang_the_start(tmp_path):
    os.mkfifo(tmp_path / "autosave.json")
    os.mkfifo(tmp_path / "settings.json")
    signal.alarm(5)
    try:
        assert Settings.load(tmp_path) == Settings()
        game = _start(tmp_path)
    finally:
        signal.alarm(0)
    assert game.session is None and "pipe" in game.notice


def test_deeply_nested_or_odd_settings_fall_back_to_defaults(tmp_path):
    for text in (
        '{"lang": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"lang": "en", "lang": "nl"}',
        '{"size": [1280.0, 720], "text_scale": true, "animations": ["fast"]}',
        "\udcff".encode("utf-8", "surrogateescape").decode("latin-1"),
    ):
        (tmp_path / "settings.json").write_text(text, encoding="utf-8")
        assert Settings.load(tmp_path) == Settings()


def test_two_bad_saves_in_the_same_second_are_both_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(storage.time, "strftime", lambda fmt: "20261201-120000")
    kept = []
    for text in ("first", "second", "third"):
        path = tmp_path / "autosave.json"
        path.write_text(text, encoding="utf-8")
        kept.append(put_aside(path))
    assert len(set(kept)) == 3
    assert sorted(p.read_text(encoding="utf-8") for p in kept) == ["first", "second", "third"]


def test_stray_temp_files_of_a_killed_run_are_cleaned_at_start(saved_text, tmp_path):
    old = tmp_path / ".autosave.json.abc123.tmp"
    old.write_text("half a save", encoding="utf-8")
    past = time.time() - 3600
    os.utime(old, (past, past))
    fresh = tmp_path / ".autosave.json.def456.tmp"  # another instance may be writing right now
    fresh.write_text("being written", encoding="utf-8")
    (tmp_path / "autosave.json").write_text(saved_text, encoding="utf-8")
    game = _start(tmp_path)
    assert game.session is not None
    assert not old.exists() and fresh.exists()
    assert clean_stray_temps(tmp_path, now=time.time() + 3600) == [fresh]


def test_stray_temp_files_in_the_results_folder_are_cleaned_at_start(tmp_path):
    """Only our own result files' temporaries, only when minutes old (a shared drive)."""
    from turbulentie_game.files import atomic_write_text

    results = tmp_path / "results"
    atomic_write_text(results / "anna_wijk_42_ab12.json", "{}")  # a real result file
    past = time.time() - 3600
    names = {
        "old": ".bram_wijk_42_cd34.json.x1y2z3w4.tmp",  # a killed game's half-written result
        "fresh": ".carla_wijk_42_ef56.json.a1b2c3d4.tmp",  # another laptop writing right now
        "minutes": ".dirk_wijk_42_0123.json.q9r8s7t6.tmp",  # 2 minutes old: may be slow drive
        "theirs": ".notes.tmp",  # not our pattern
        "other_target": ".report.txt.k3j4h5g6.tmp",  # ours in shape, but not a result file
    }
    for key, name in names.items():
        (results / name).write_text("half", encoding="utf-8")
        if key != "fresh":
            when = time.time() - 120 if key == "minutes" else past
            os.utime(results / name, (when, when))
    (results / ".folder.json.m1n2b3v4.tmp").mkdir()  # a folder is never removed
    os.utime(results / ".folder.json.m1n2b3v4.tmp", (past, past))
    game = Controller(Settings(), tmp_path, Translator("en"))
    game.load_saved()
    left = sorted(p.name for p in results.iterdir())
    assert names["old"] not in left
    assert left == sorted(
        ["anna_wijk_42_ab12.json", ".folder.json.m1n2b3v4.tmp"]
        + [n for k, n in names.items() if k != "old"]
    )
    game.results_override = tmp_path / "usb"  # `--results DIR`: that folder is the one cleaned
    (tmp_path / "usb").mkdir()
    stray = tmp_path / "usb" / ".eva_wijk_42_9f9f.json.z0x9c8v7.tmp"
    stray.write_text("half", encoding="utf-8")
    os.utime(stray, (past, past))
    game.load_saved()
    assert not stray.exists() and (results / names["minutes"]).exists()


def test_a_save_written_after_every_turn_leaves_no_temp_files(scn, default_path, tmp_path):
    record, _ = play_record(scn, make_bot("balanced", scn), 3)
    for n in range(1, 4):
        from dataclasses import replace

        write_autosave(tmp_path, default_path, replace(record, inputs=record.inputs[:n]))
    assert not list(tmp_path.glob(".*.tmp"))
    assert json.loads((tmp_path / "autosave.json").read_text(encoding="utf-8"))["inputs"]
