"""Canary strings and the scanner that looks for them on disk in every encoding a leak could take."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


def encodings(canary: str) -> list[bytes]:
    """UTF-8, UTF-16 (both byte orders) and base64 of the UTF-8 bytes at each of the three alignments."""
    raw = canary.encode("utf-8")
    forms = [raw, canary.encode("utf-16-le"), canary.encode("utf-16-be")]
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        # Drop the characters that depend on the unknown bytes before and after the canary.
        start = (shift * 4 + 2) // 3 + (1 if shift else 0)
        forms.append(encoded[start : len(encoded) - 4])
    return [f for f in forms if len(f) >= 8]


@dataclass(frozen=True)
class Hit:
    canary: str
    path: Path


def files_under(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        if root.is_file():
            yield root
            continue
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath) / name
                if path.is_file() and not path.is_symlink():
                    yield path


def scan(roots: Iterable[Path], canaries: Iterable[str]) -> list[Hit]:
    patterns = [(c, form) for c in canaries for form in encodings(c)]
    hits: list[Hit] = []
    for path in files_under(roots):
        data = path.read_bytes()
        for canary, form in patterns:
            if form in data:
                hits.append(Hit(canary, path))
    return hits


def isolated_env(home: Path, tmp: Path, **extra: str) -> dict[str, str]:
    """This process's environment for a child run in a world of its own: HOME, TMPDIR and the XDG folders
    under ``home``/``tmp``, nothing of the caller's MentorJournal, XDG or SQLite settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MENTORJOURNAL", "SQLITE_"))}
    env.update(
        HOME=str(home),
        TMPDIR=str(tmp),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PYTHONDONTWRITEBYTECODE="1",
        **extra,
    )
    return env
