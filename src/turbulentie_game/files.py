"""Safe file writing: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

_UMASK = os.umask(0o022)  # read once (setting it is the only way to read it), then put back
os.umask(_UMASK)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write bytes so that the target is either the old or the new file, never half of one."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # an ordinary file's permissions, not mkstemp's private ones: result files on a shared
        # drive must be readable by the facilitator
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


# the temporary files atomic_write_bytes makes: `.TARGET.XXXXXXXX.tmp` (mkstemp's random part)
_TEMP = re.compile(r"\.(?P<target>.+)\.[A-Za-z0-9_]{6,16}\.tmp")
STRAY_AGE = 60.0  # seconds: a temporary file older than this is left over from a killed run


def clean_stray_temps(
    folder: Path, now: float | None = None, age: float = STRAY_AGE, targets: tuple[str, ...] = ()
) -> list[Path]:
    """Remove the temporary files an earlier, killed run left behind in a folder: only names of
    atomic_write's own pattern (for targets ending in one of `targets`, when given), only
    regular files, only older than `age` seconds (another program may be writing one now);
    returns what was removed."""
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = list(Path(folder).glob(".*.tmp"))
    except OSError:
        return removed
    for p in candidates:
        m = _TEMP.fullmatch(p.name)
        if m is None or (targets and not m.group("target").endswith(targets)):
            continue
        with contextlib.suppress(OSError):
            info = p.lstat()
            if now - info.st_mtime > age and p.is_file() and not p.is_symlink():
                p.unlink()
                removed.append(p)
    return removed


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically (see atomic_write_bytes)."""
    if not isinstance(text, str):
        raise TypeError(f"expected text, not {type(text).__name__}")
    return atomic_write_bytes(path, text.encode("utf-8"))
