"""Atomic writes leave ordinary files."""

import os
import sys

import pytest

from turbulentie_game.files import _UMASK, atomic_write_text


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_atomic_write_gets_ordinary_permissions(tmp_path):
    path = atomic_write_text(tmp_path / "sub" / "result.json", "{}")
    assert path.read_text(encoding="utf-8") == "{}"
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~_UMASK
    assert [p.name for p in path.parent.iterdir()] == ["result.json"]
