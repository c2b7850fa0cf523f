"""A national final is verified a batch at a time: the same board, copies flagged across
batches, and each kept verdict small (the moves are dropped once the seal and copies are read)."""

import gc
import json
import tracemalloc

from turbulentie_game.cli import main
from turbulentie_game.reports import leaderboard
from turbulentie_game.reports.leaderboard import build_board
from turbulentie_game.sim import verify
from turbulentie_game.sim.record import GameRecord

from ..benchmarks.test_verify_bench import _competition


def _final(scn, folder, n, distinct):
    """`n` result files of `distinct` games; the copies of the first game under other names sit
    at the end of the folder (in another batch when the batches are small)."""
    folder.mkdir()
    for i, data in enumerate(_competition(scn, n, distinct)):
        (folder / f"r{i:04d}.json").write_bytes(data)
    first = GameRecord.from_json((folder / "r0000.json").read_text(encoding="utf-8"))
    for name in ("Zed", "Zoe"):
        copy = GameRecord(first.scenario_id, first.content_hash, first.seed, first.inputs, name,
                          first.claimed_score)  # fmt: skip
        (folder / f"z_{name.lower()}.json").write_text(copy.to_json(), encoding="utf-8")
    return folder


def _board_view(board):
    rows = [(r.rank, r.player, round(r.score, 6), r.games) for r in board.rows]
    entries = sorted(
        (e.file, e.verdict.status, e.verdict.detail, e.seal, e.copies) for e in board.entries
    )
    return rows, entries


def test_small_batches_give_the_same_board_and_flag_copies_across_them(
    scn, tmp_path, monkeypatch, capsys
):
    folder = _final(scn, tmp_path / "final", 6, 6)
    whole = build_board(folder, tmp_path / "whole.sqlite3")
    argv = ["--lang", "en", "replay", "verify", str(folder), "--json"]
    main(argv)
    verified_whole = capsys.readouterr().out
    monkeypatch.setattr(verify, "BATCH", 2)
    monkeypatch.setattr(leaderboard, "BATCH", 2)
    batched = build_board(folder, tmp_path / "batched.sqlite3")
    assert _board_view(batched) == _board_view(whole)
    copied = {e.file: e.copies for e in batched.entries if e.copies}
    assert set(copied) == {"r0000.json", "z_zed.json", "z_zoe.json"}  # first batch and last
    assert copied["r0000.json"] == ("z_zed.json", "z_zoe.json")
    main(argv)
    verified_batched = capsys.readouterr().out
    assert verified_batched == verified_whole
    lines = [json.loads(line) for line in verified_batched.splitlines()]
    flagged = {line["file"].rsplit("/", 1)[-1] for line in lines if line["same_moves_as"]}
    assert flagged == {"r0000.json", "z_zed.json", "z_zoe.json"}


def test_a_kept_verdict_takes_a_few_kilobytes_not_the_whole_game(scn, tmp_path):
    folder = _final(scn, tmp_path / "final", 200, 20)
    build_board(folder, tmp_path / "warm.sqlite3")  # compiled scenario, imports: not counted
    gc.collect()
    tracemalloc.start()
    board = build_board(folder, tmp_path / "board.sqlite3")
    gc.collect()
    kept, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(board.entries) == 202 and all(e.verdict.ok for e in board.entries)
    # a record with its moves and an outcome with its history as Python objects took ~18 kB
    assert kept / len(board.entries) < 6_000
    assert all(e.verdict.record.inputs == () for e in board.entries)
    assert (
        len(board.rows[0].entry.verdict.outcome.history)
        == board.rows[0].entry.verdict.outcome.turns + 1
    )
