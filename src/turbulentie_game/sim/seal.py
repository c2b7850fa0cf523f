"""Seals: a player's name bound to their game, and identical move sequences found.

The facilitator holds a secret key (a file on their machine). For each participant of a
competition they issue a seat token, an HMAC of the key over the competition (scenario version
and seed) and the participant's name. The game seals a result file with that token: an HMAC over
everything in the record but the seal. The facilitator's tools recompute the token from the key
and the name in the file and check the seal. Threat model and limits: README, "Seals".
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Mapping

from .record import GameRecord

KEY_BYTES = 32
TOKEN_CHARS = 12  # base32: 60 bits
SEALED = "sealed"  # the seal matches the name and the game
UNSEALED = "unsealed"  # the file carries no seal
SEAL_BROKEN = "seal_broken"  # the seal does not match: renamed, edited, or sealed for someone else
NOT_CHECKED = "not_checked"  # no facilitator key at hand
_TOKEN = re.compile(r"[A-Z2-7]{%d}" % TOKEN_CHARS)  # noqa: UP031


class SealError(ValueError):
    """A seat token or key that cannot be used; the message says why."""


def new_key() -> bytes:
    """A fresh facilitator key."""
    return secrets.token_bytes(KEY_BYTES)


def name_key(name: str) -> str:
    """Who a name is: NFC, case and extra spaces ignored (the leaderboard's rule too)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _competition(scenario_id: str, content_hash: str, seed: int) -> str:
    return f"{scenario_id}|{content_hash[:16]}|{seed}"


def seat_token(key: bytes, scenario_id: str, content_hash: str, seed: int, name: str) -> str:
    """The seat token of one participant of one competition, as XXXX-XXXX-XXXX."""
    if len(key) < 16:
        raise SealError("the facilitator key is too short")
    msg = f"seat\0{_competition(scenario_id, content_hash, seed)}\0{name_key(name)}"
    mac = hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()
    raw = base64.b32encode(mac).decode("ascii")[:TOKEN_CHARS]
    return "-".join(raw[i : i + 4] for i in range(0, TOKEN_CHARS, 4))


def normal_token(token: str) -> str:
    """A typed token without dashes, spaces or case; SealError if it cannot be one."""
    if not isinstance(token, str) or len(token) > 40:
        raise SealError("a seat token has 12 letters and digits, like ABCD-EFGH-JKLM")
    t = re.sub(r"[\s\-_]", "", token).upper().replace("0", "O").replace("1", "I").replace("8", "B")
    if not _TOKEN.fullmatch(t):
        raise SealError("a seat token has 12 letters and digits, like ABCD-EFGH-JKLM")
    return t


def shown_token(token: str) -> str:
    """A typed token as the facilitator's slip prints it (XXXX-XXXX-XXXX); SealError if malformed."""
    t = normal_token(token)
    return "-".join(t[i : i + 4] for i in range(0, TOKEN_CHARS, 4))


def _mac(record: GameRecord, token: str) -> str:
    body = json.dumps(record.to_data(sealed=False), ensure_ascii=False, separators=(",", ":"))
    msg = b"seal\0" + body.encode("utf-8")
    return hmac.new(normal_token(token).encode("ascii"), msg, hashlib.sha256).hexdigest()


def seal(record: GameRecord, token: str) -> GameRecord:
    """The record with its seal for this seat token (SealError for a malformed token)."""
    return dataclasses.replace(record, seal=_mac(record, token))


def check_seal(record: GameRecord, key: bytes | None) -> str:
    """SEALED, UNSEALED, SEAL_BROKEN or NOT_CHECKED (no key) for a record."""
    if record.seal is None:
        return UNSEALED
    if key is None:
        return NOT_CHECKED
    token = seat_token(key, record.scenario_id, record.content_hash, record.seed, record.player)
    return SEALED if hmac.compare_digest(_mac(record, token), record.seal) else SEAL_BROKEN


def moves_key(record: GameRecord) -> str:
    """What two games share when one is a copy of the other: competition and every move."""
    body = json.dumps([i.to_json() for i in record.inputs], separators=(",", ":"))
    game = _competition(record.scenario_id, record.content_hash, record.seed)
    return hashlib.sha256(f"{game}\0{body}".encode()).hexdigest()


Moves = tuple[str, str]  # (moves_key, name_key of the player): what same_moves compares


def moves_of(record: GameRecord | None) -> Moves | None:
    """What same_moves needs of a record (None: a record without moves, or none)."""
    if record is None or not record.inputs:
        return None
    return moves_key(record), name_key(record.player)


def same_moves(records: list[GameRecord | None]) -> Mapping[int, list[int]]:
    """For each record whose moves another player's record repeats exactly (same competition),
    the indices of those others (names compared as in name_key)."""
    return copies_of([moves_of(r) for r in records])


def copies_of(moves: list[Moves | None]) -> Mapping[int, list[int]]:
    """same_moves from each record's `moves_of` (so that the records need not be kept)."""
    return Copies(moves)


class Copies(Mapping):
    """For each record whose moves another player's record repeats, the indices of those others;
    each list is made when asked for, so a final where a thousand games are handed in a hundred
    times each does not hold a hundred thousand lists of a hundred."""

    def __init__(self, moves: list[Moves | None]):
        groups: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(moves):
            if m is not None:
                groups[m[0]].append(i)
        self._moves = moves
        self._group: dict[int, list[int]] = {}
        for members in groups.values():
            if len({moves[i][1] for i in members}) > 1:  # type: ignore[index]
                for i in members:
                    self._group[i] = members

    def __getitem__(self, i: int) -> list[int]:
        members = self._group[i]  # KeyError: no copies
        mine = self._moves[i][1]  # type: ignore[index]
        return [j for j in members if self._moves[j][1] != mine]  # type: ignore[index]

    def __iter__(self):
        return iter(self._group)

    def __len__(self) -> int:
        return len(self._group)

    def __contains__(self, i) -> bool:
        return i in self._group


def seal_and_moves(
    record: GameRecord | None, verified: bool, key: bytes | None
) -> tuple[str, Moves | None]:
    """A record's seal status and, for a verified game whose seal is not broken (the games that
    count), what copies_of compares; the record's moves can be dropped afterwards."""
    seal = check_seal(record, key) if record is not None else NOT_CHECKED
    return seal, moves_of(record) if verified and seal != SEAL_BROKEN else None
