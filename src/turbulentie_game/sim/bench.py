"""Measure the engine on this machine: game-turns per CPU-second and per wall-second, peak memory."""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..core.model import ScenarioData
from . import runner
from .study_cache import StudyNotice, StudyProgress, prepare


@dataclass(frozen=True)
class BenchResult:
    """What one benchmark run measured."""

    scenario: str
    bot: str
    games: int
    chunk: int  # games per chunk (0 or `games`: one batch)
    game_turns: int  # turns played, summed over the games
    cpu_seconds: float
    wall_seconds: float
    peak_mb: float | None  # the process's peak resident memory during the run (None: unknown)
    peak_scope: str  # "run": measured over the run alone; "process": since the process started
    mean_score: float

    @property
    def turns_per_cpu_second(self) -> float:
        return self.game_turns / max(self.cpu_seconds, 1e-9)

    @property
    def turns_per_wall_second(self) -> float:
        return self.game_turns / max(self.wall_seconds, 1e-9)

    def as_dict(self) -> dict:
        """Plain data for --json, with the two rates."""
        return {
            **asdict(self),
            "turns_per_cpu_second": round(self.turns_per_cpu_second, 1),
            "turns_per_wall_second": round(self.turns_per_wall_second, 1),
        }


_STATUS = Path("/proc/self/status")
_CLEAR = Path("/proc/self/clear_refs")


def _reset_peak() -> bool:
    """Start a new peak of resident memory (Linux); False where the system cannot."""
    try:
        _CLEAR.write_text("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float | None:
    """The peak resident memory in MB: since the last reset (Linux), or of the whole process."""
    with contextlib.suppress(OSError, ValueError):
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024.0 * 1024.0) if sys.platform == "darwin" else peak / 1024.0


def run_bench(
    scn: ScenarioData,
    bot,
    games: int,
    seed: int = 0,
    chunk: int | None = None,
    notice: StudyNotice | None = None,
    progress: StudyProgress | None = None,
) -> BenchResult:
    """Play `games` games of one bot as the lab does and measure them (the bot's study, and the
    compiled kernels a large batch plays with, are made or loaded first, outside the
    measurement); `chunk` None: the runner's choice, 0: one batch."""
    prepare(bot, scn, notice, progress)
    seeds = np.arange(seed, seed + games, dtype=np.uint64)
    if runner.warm_kernels(scn, games):  # compiled kernels are loaded outside the measurement too
        runner.play(scn, seeds[:1], bot)  # (the bot's as well, on their first use)
    if chunk is None:
        chunk = runner.chunk_size(scn, games, keep_states=False)
    scoped = _reset_peak()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    # the chunks are played one after the other and only their turns and scores are kept: a
    # batch of any size runs in the memory of one chunk (chunk 0: all games in one batch)
    turns, total = 0, 0.0
    for part in runner.chunks(scn, seeds, bot, chunk or games):
        state = part.state
        turns += int(np.where(state.ended_turn >= 0, state.ended_turn, state.turn).sum())
        total += float(part.scores.sum())
        del part, state
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return BenchResult(
        scenario=scn.id,
        bot=getattr(bot, "name", type(bot).__name__),
        games=games,
        chunk=chunk or 0,
        game_turns=turns,
        cpu_seconds=round(cpu, 4),
        wall_seconds=round(wall, 4),
        peak_mb=None if (p := _peak_mb()) is None else round(p, 1),
        peak_scope="run" if scoped else "process",
        mean_score=round(total / games, 3),
    )
