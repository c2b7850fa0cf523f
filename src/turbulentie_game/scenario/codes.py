"""Competition codes: typeable text that fixes a scenario id, its version and a seed."""

from __future__ import annotations

import re
from dataclasses import dataclass

HASH_CHARS = 6  # leading hex characters of the scenario's content hash kept in a code
MAX_SEED = 10**9  # seeds in codes stay short enough to type
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class CompetitionError(ValueError):
    """A competition code that cannot start a game; `reason` is a stable key, `params` its details."""

    def __init__(self, reason: str, message: str, **params):
        super().__init__(message)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Competition:
    """What a competition code fixes: scenario id, the start of its content hash, and the seed."""

    scenario_id: str
    hash_prefix: str
    seed: int

    @property
    def code(self) -> str:
        """The code as people type it."""
        return make_code(self.scenario_id, self.hash_prefix, self.seed)

    def matches(self, scenario_id: str, content_hash: str, seed: int) -> bool:
        """Whether a game of this scenario version and seed belongs to this competition."""
        return (
            scenario_id == self.scenario_id
            and content_hash.lower().startswith(self.hash_prefix.lower())
            and seed == self.seed
        )


def check_character(text: str) -> str:
    """Luhn mod 36 check character over the letters and digits of `text` (catches any one typo)."""
    n = len(_ALPHABET)
    total, factor = 0, 2
    for ch in reversed([c for c in text.upper() if c in _ALPHABET]):
        addend = factor * _ALPHABET.index(ch)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return _ALPHABET[(n - total % n) % n]


def make_code(scenario_id: str, content_hash: str, seed: int) -> str:
    """The typeable code ID-HASH-SEED-C for a scenario version and a seed."""
    if not _ID.match(scenario_id):
        raise ValueError(f"'{scenario_id}' is not a scenario id")
    if not 0 <= seed < MAX_SEED:
        raise ValueError(f"a competition seed must be 0 to {MAX_SEED - 1}")
    body = f"{scenario_id.upper()}-{content_hash[:HASH_CHARS].upper()}-{seed}"
    return f"{body}-{check_character(body)}"


def parse_code(code: str) -> Competition:
    """Read a code (any case, spaces or dashes); CompetitionError says what is wrong."""
    if not isinstance(code, str) or len(code) > 120:
        raise CompetitionError("malformed", "this is not a competition code")
    text = re.sub(r"[\s\-–—.]+", "-", code.strip()).strip("-").upper()
    parts = text.rsplit("-", 3)
    if len(parts) != 4:
        raise CompetitionError(
            "malformed",
            "a competition code has four parts: SCENARIO-VERSION-SEED-CHECK",
        )
    sid, ver, seed, check = parts
    sid = sid.replace("-", "_")  # a scenario id typed with spaces or dashes for its underscores
    # the version and seed parts hold only hex and digits: read look-alike letters as digits
    ver = ver.translate(str.maketrans("OIL", "011"))
    seed = seed.translate(str.maketrans("OIL", "011"))
    if not (
        re.fullmatch(r"[A-Z][A-Z0-9_]{0,63}", sid)
        and re.fullmatch(f"[0-9A-F]{{{HASH_CHARS}}}", ver)
        and re.fullmatch(r"[0-9]{1,9}", seed)
        and len(check) == 1
    ):
        raise CompetitionError(
            "malformed",
            "a competition code has four parts: SCENARIO-VERSION-SEED-CHECK",
        )
    body = f"{sid}-{ver}-{int(seed)}"
    if check_character(body) != check and check_character(f"{sid}-{ver}-{seed}") != check:
        raise CompetitionError("typo", "the code has a typo (its check character does not match)")
    return Competition(sid.lower(), ver.lower(), int(seed))
