"""Front-end benchmarks: start-up to the first drawn menu, board frame time, idle CPU.

Run with `SDL_VIDEODRIVER=dummy uv run python -m turbulentie_game.ui.bench`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pygame

from ..play.session import Session
from ..play.storage import Settings
from ..scenario.compile import load_scenario
from ..scenario.registry import default_scenario
from .app import ACTIVE_SECONDS, App

STARTUP = (
    "import time; t0 = time.perf_counter()\n"
    "from pathlib import Path\n"
    "from turbulentie_game.ui.main import run_window\n"
    "run_window(max_frames=1)\n"
    "print(time.perf_counter() - t0)\n"
)


def startup_seconds(runs: int = 3) -> float:
    """Median wall time from launching Python to the first drawn menu (interpreter start included)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TURBULENTIE_DATA_DIR=tmp)
        for _ in range(runs):
            t0 = time.perf_counter()
            cmd = [sys.executable, "-c", STARTUP]  # our own interpreter and a fixed script
            subprocess.run(cmd, check=True, env=env, capture_output=True)  # noqa: S603
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def board_frame_ms(size: tuple[int, int], frames: int = 200) -> float:
    """Median time to update and draw the turn board once, with chips placed, in milliseconds."""

    with tempfile.TemporaryDirectory() as tmp:
        app = App(Settings(size=size, intro_done=True), Path(tmp))
        app.push("menu")
        app.start_game(default_scenario().path, 1)
        app.top.start()
        board = app.top
        for m in board.session.scn.members:
            for target in ("resultaat", "relatie", "verbindend"):
                board.session.plan.add(m.id, target)
        for _ in range(10):
            app.frame(1 / 60)
        times = []
        for i in range(frames):
            board.mouse = board.rows[board.row_order[i % len(board.row_order)]].center
            t0 = time.perf_counter()
            app.frame(1 / 60)
            times.append(time.perf_counter() - t0)
        return 1000 * statistics.median(times)


def preview_ms(changes: int = 60) -> tuple[float, float]:
    """Median and worst time to recompute the plan's preview after one chip moves (expected
    outcome plus the noise's spread), in milliseconds."""
    path = default_scenario().path
    session = Session(load_scenario(path), path, 3)
    member = session.scn.members[0].id
    targets = [c.id for c in session.scn.rules.expectations]
    times = []
    for i in range(changes):
        session.plan.add(member, targets[i % len(targets)]) if i % 2 == 0 else session.plan.undo()
        t0 = time.perf_counter()
        session.preview()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times), 1000 * max(times)


def idle_cpu_percent(seconds: float = 3.0) -> float:
    """CPU used by the loop while the menu sits untouched (after the active period has passed)."""

    with tempfile.TemporaryDirectory() as tmp:
        app = App(Settings(), Path(tmp))
        app.push("menu")
        settle = time.monotonic() + ACTIVE_SECONDS + 0.5  # let the opening window events pass
        while time.monotonic() < settle:
            app.run(max_frames=1)
        c0, t0 = time.process_time(), time.monotonic()
        while time.monotonic() - t0 < seconds:
            app.run(max_frames=1)
        return 100 * (time.process_time() - c0) / (time.monotonic() - t0)


def main() -> None:
    """Print every figure."""
    print(f"start-up to first drawn menu: {startup_seconds():.2f} s")
    for size in ((1280, 720), (1920, 1080)):
        print(f"turn board frame time {size[0]}x{size[1]}: median {board_frame_ms(size):.2f} ms")
        pygame.quit()
    print(f"idle CPU with the menu open: {idle_cpu_percent():.1f} %")
    pygame.quit()
    median, worst = preview_ms()
    print(f"plan preview after a chip moves: median {median:.1f} ms, worst {worst:.1f} ms")


if __name__ == "__main__":
    main()
