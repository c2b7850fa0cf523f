"""Write the golden figures that prove a refactor changes nothing, bit for bit.

Run `uv run python tests/golden/make_golden.py` only when the model is meant to change
(and say so in the commit); a refactor must leave these files as they are.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import builtin_scenarios
from turbulentie_game.sim.balance import lab_summary, run_lab
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import play_record

HERE = Path(__file__).resolve().parent
RECORDS = HERE / "records"
BOTS = ("adaptive", "balanced", "random", "managing-up", "managing-out")
SEEDS = (3, 11)
LAB_GAMES = 24
LAB_SEED = 5


def state_digest(state) -> str:
    """SHA-256 over every array of a final game state (the whole game, bit for bit)."""
    h = hashlib.sha256()
    for name in sorted(vars(state)):
        value = getattr(state, name)
        h.update(name.encode())
        if isinstance(value, np.ndarray):
            h.update(np.ascontiguousarray(value).tobytes())
        else:
            h.update(repr(value).encode())
    return h.hexdigest()


def main() -> None:
    RECORDS.mkdir(exist_ok=True)
    for old in RECORDS.glob("*.json"):
        old.unlink()
    digests = {}
    labs = {}
    for entry in builtin_scenarios():
        scn = load_scenario(entry.path)
        for bot in BOTS:
            for seed in SEEDS:
                rec, state = play_record(scn, make_bot(bot, scn), seed, f"golden {bot}")
                name = f"{scn.id}_{bot}_{seed}.json"
                (RECORDS / name).write_text(rec.to_json(), encoding="utf-8")
                digests[name] = {"score": rec.claimed_score, "state": state_digest(state)}
        labs[scn.id] = lab_summary(run_lab(str(entry.path), scn, games=LAB_GAMES, seed=LAB_SEED))
    (HERE / "golden.json").write_text(
        json.dumps({"records": digests, "labs": labs}, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
