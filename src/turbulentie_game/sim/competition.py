"""Scenario competitions: typeable codes that fix scenario, version and seed, and result files."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from pathlib import Path

from ..core.model import ScenarioData
from ..files import atomic_write_text
from ..scenario.catalogue import Catalogue, compiled
from ..scenario.codes import (  # noqa: F401  (the codes' home is scenario/; re-exported here)
    HASH_CHARS,
    MAX_SEED,
    Competition,
    CompetitionError,
    check_character,
    make_code,
    parse_code,
)
from .record import GameRecord


def new_seed() -> int:
    """A fresh random seed for a competition (four to five digits, easy to type)."""
    return 1000 + secrets.randbelow(99000)


def start_from_code(
    code: str, extra_scenarios: list[Path] | tuple[Path, ...] = ()
) -> tuple[Path, ScenarioData, int]:
    """The scenario file, its compiled data and the seed a code starts; CompetitionError if none."""
    found, seed = Catalogue(extra_scenarios).by_code(code)
    return found.path, compiled(found.path), seed


def slug(text: str, limit: int = 32) -> str:
    """A lower-case ASCII file-name fragment of a text ('Anouk de Vries' -> 'anouk-de-vries')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def result_name(record: GameRecord, text: str) -> str:
    """A readable file name that is unique for the record's content."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    who = slug(record.player) or "player"
    return f"{who}_{slug(record.scenario_id, 40)}_{record.seed}_{digest}.json"


def write_result(record: GameRecord, folder: str | Path) -> Path:
    """Write a finished game's record atomically into `folder`; the name says who, what and which."""
    text = record.to_json()
    return atomic_write_text(Path(folder) / result_name(record, text), text)
