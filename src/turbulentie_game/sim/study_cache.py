"""The adaptive bot's study of a scenario, kept on disk so that it is made once per version.

`bots.study` plays a few thousand games (seconds of CPU) before the adaptive bot's first move,
and keeps the result in memory for one process. This module keeps it in the user's cache
folder as well, keyed by everything the study depends on:

- the scenario's content hash and a fingerprint of its compiled arrays (a variant made with
  `dataclasses.replace` is another scenario),
- the engine version and the source of the code the study runs (the engine `core/`, the bots,
  the runner and the observation), and the adaptive bot's default parameters and study
  constants, so that a changed bot or engine never reads a stale study.

A file is written atomically (temporary file, then rename), read with a size limit, and checked
field by field; anything unreadable or out of range is ignored and the study made again.
The cache is an optimisation only: when the folder cannot be written, the game goes on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import math
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .. import ENGINE_VERSION
from ..core.model import ScenarioData
from ..files import atomic_write_text
from ..paths import cache_dir
from . import bots

FORMAT = 1
MAX_BYTES = 64 * 1024  # a study file is a few hundred bytes
MAX_FILES = 64  # studies kept; the oldest go first
_PACKAGE = Path(__file__).resolve().parent.parent
# the code a study runs: a change to any of these files is a new study
_CODE = ("core/*.py", "sim/bots.py", "sim/runner.py", "sim/strategy.py")

# Told when a study has to be made (scenario id) and when it is done (seconds it took).
StudyNotice = Callable[[str, float | None], None]
# Told how far a study being made has come (steps done, steps in all).
StudyProgress = Callable[[int, int], None]


def _feed(h, value) -> None:
    """Feed a value of compiled scenario data into a hash, unambiguously."""
    if isinstance(value, np.ndarray):
        h.update(f"a{value.dtype.str}{value.shape}".encode())
        h.update(np.ascontiguousarray(value).tobytes())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(f"d{type(value).__name__}".encode())
        for f in dataclasses.fields(value):
            h.update(f.name.encode())
            _feed(h, getattr(value, f.name))
    elif isinstance(value, dict):
        h.update(f"m{len(value)}".encode())
        for k in sorted(value, key=str):
            _feed(h, str(k))
            _feed(h, value[k])
    elif isinstance(value, list | tuple):
        h.update(f"l{len(value)}".encode())
        for item in value:
            _feed(h, item)
    else:
        h.update(f"s{type(value).__name__}:{value!r}".encode())


def _code_version() -> str:
    """A hash of the source of the engine and the bots (the version of the study's code)."""
    h = hashlib.sha256()
    for pattern in _CODE:
        for path in sorted(_PACKAGE.glob(pattern)):
            h.update(path.relative_to(_PACKAGE).as_posix().encode())
            with contextlib.suppress(OSError):  # an installation without sources: the rest counts
                h.update(path.read_bytes())
    return h.hexdigest()


_CODE_VERSION: str | None = None


def study_key(scn: ScenarioData) -> str:
    """The key of a scenario's study: it changes when anything the study depends on changes."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        _CODE_VERSION = _code_version()
    h = hashlib.sha256()
    for part in (
        f"format {FORMAT}",
        f"engine {ENGINE_VERSION}",
        f"code {_CODE_VERSION}",
        f"scenario {scn.content_hash}",
        json.dumps(bots.ADAPTIVE_DEFAULTS, sort_keys=True),
        repr((bots.CALIBRATION_STEP, bots.SPREADS, bots.INVEST_FACTORS)),
    ):
        h.update(part.encode() + b"\0")
    _feed(h, bots.CALIBRATION_SEEDS)
    _feed(h, scn)
    return h.hexdigest()


def study_path(scn: ScenarioData, folder: Path | None = None) -> Path:
    """Where a scenario's study is kept."""
    slug = "".join(c if c.isalnum() or c in "-_" else "_" for c in scn.id)[:40] or "scenario"
    return (folder or cache_dir()) / "studies" / f"{slug}-{study_key(scn)[:32]}.json"


def _number(value, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    value = float(value)
    if not (math.isfinite(value) and lo <= value <= hi):
        raise ValueError("out of range")
    return value


def _parse(data: bytes, scn: ScenarioData, key: str) -> bots.Study:
    """A study from a file's bytes, or ValueError when anything is off."""
    doc = json.loads(data.decode("utf-8"))
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("key") != key:
        raise ValueError("another format or key")
    values = doc.get("trait_values")
    if not isinstance(values, list) or len(values) != scn.rules.n_traits:
        raise ValueError("trait values")
    trait_values = np.array([_number(v, -1e6, 1e6) for v in values], dtype=np.float64)
    invest = _number(doc.get("invest"), 0.0, 1e3)
    spread = _number(doc.get("spread"), 0.0, 1.0)
    return bots.Study(trait_values, invest, spread)


def load(scn: ScenarioData, folder: Path | None = None) -> bots.Study | None:
    """The stored study of a scenario, or None when there is none or it cannot be used."""
    path = study_path(scn, folder)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None
        return _parse(data, scn, study_key(scn))
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def save(scn: ScenarioData, learnt: bots.Study, folder: Path | None = None) -> Path | None:
    """Keep a study on disk (atomically); None when the cache folder cannot be written."""
    path = study_path(scn, folder)
    doc = {
        "format": FORMAT,
        "key": study_key(scn),
        "scenario": scn.id,
        "content_hash": scn.content_hash,
        "engine_version": ENGINE_VERSION,
        # floats as Python writes them: they read back bit for bit
        "trait_values": [float(v) for v in learnt.trait_values],
        "invest": float(learnt.invest),
        "spread": float(learnt.spread),
    }
    try:
        atomic_write_text(path, json.dumps(doc, indent=1) + "\n")
        _prune(path.parent)
    except OSError:
        return None
    return path


def _prune(folder: Path) -> None:
    """Keep the most recent MAX_FILES studies."""
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[MAX_FILES:]:
        with contextlib.suppress(OSError):
            old.unlink()


def ready(scn: ScenarioData, folder: Path | None = None) -> bool:
    """Whether the scenario's study is at hand (in memory or on disk): `ensure` will not wait."""
    return bots.study_id(scn) in bots._STUDIES or load(scn, folder) is not None


def ensure(
    scn: ScenarioData,
    notice: StudyNotice | None = None,
    folder: Path | None = None,
    progress: StudyProgress | None = None,
) -> bots.Study:
    """The adaptive bot's study of a scenario: from memory, from disk, or made now and kept.

    `notice(scenario_id, None)` is called before a study has to be made, and
    `notice(scenario_id, seconds)` when it is done, so that a shell can show it; while it is
    made, `progress(done, total)` hears of every step.
    """
    known = bots._STUDIES.get(bots.study_id(scn))  # the one in-process store of bots.study
    if known is not None:
        return known
    learnt = load(scn, folder)
    if learnt is None:
        if notice:
            notice(scn.id, None)
        t0 = time.perf_counter()
        learnt = bots.study(scn, progress)
        save(scn, learnt, folder)
        if notice:
            notice(scn.id, time.perf_counter() - t0)
    bots._STUDIES[bots.study_id(scn)] = learnt
    return learnt


def _adaptive_inside(bot) -> bool:
    """Whether a bot (or the bot it wraps) is an adaptive bot that will study the scenario."""
    seen = 0
    while bot is not None and seen < 8:
        if isinstance(bot, bots.AdaptiveBot):
            return bot.learnt is None
        bot, seen = getattr(bot, "inner", None), seen + 1
    return False


def prepare(
    bot, scn: ScenarioData, notice: StudyNotice | None = None, progress: StudyProgress | None = None
) -> None:
    """Before a bot plays: make sure an adaptive bot's study is at hand (memory or disk)."""
    if _adaptive_inside(bot):
        ensure(scn, notice, progress=progress)
