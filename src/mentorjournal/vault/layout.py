"""The vault folder's layout: every file name the program writes, where it goes, and the walkers over it.

docs/vault-format.md ("The folder") is the specification; this module is its one definition in code.
Nothing else spells ``vault.mjv``, ``records``, ``.mjr`` or ``.lock``. ``survey`` accounts for every
entry of a vault folder: what is of the layout, and what is not (for ``check``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from mentorjournal.vault.record import ID_RE

HEADER_NAME = "vault.mjv"
RECORDS_DIR = "records"
RECORD_SUFFIX = ".mjr"
LOCK_NAME = ".lock"
TEMP_PREFIX = ".tmp-"  # + 16 hex digits: a save in progress (vault/storage.py)
TEMP_RE = re.compile(r"\A\.tmp-[0-9a-f]{16}\Z")
SHARD_RE = re.compile(r"\A[0-9a-f]{2}\Z")
# Names directly in the vault folder that belong to the layout.
TOP_LEVEL_NAMES = frozenset({HEADER_NAME, RECORDS_DIR, LOCK_NAME})


# A sync engine's conflict copy of a file: Syncthing's ``name.sync-conflict-<date>-<time>-<device>.ext``,
# Dropbox's and Nextcloud's ``name (… conflicted copy …).ext``, ownCloud's ``name_conflict-<date>-<time>.ext``.
# The part between the stem and the extension is matched loosely: engines vary it by version and locale,
# and a git user keeping "theirs" by hand may name it vault.sync-conflict-git.mjv.
_CONFLICT_COPIES = (
    (re.compile(r"^(?P<stem>.+?)\.sync-conflict-[A-Za-z0-9-]+(?P<ext>\.[^./ ]+)?$"), "Syncthing"),
    (
        re.compile(r"^(?P<stem>.+?) \([^/]*conflicted copy[^/]*\)(?P<ext>\.[^./ ]+)?$", re.IGNORECASE),
        "Dropbox/Nextcloud",
    ),
    (re.compile(r"^(?P<stem>.+?)_conflict-\d{8}-\d{6}(?P<ext>\.[^./ ]+)?$"), "ownCloud"),
)


def conflict_copy_of(name: str) -> tuple[str, str] | None:
    """``(original name, engine)`` if ``name`` is a sync engine's conflict copy, else None."""
    for pattern, engine in _CONFLICT_COPIES:
        match = pattern.match(name)
        if match:
            return match["stem"] + (match["ext"] or ""), engine
    return None


def header_copy_of(name: str) -> bool:
    """Whether ``name`` (directly in the vault folder) is a sync engine's copy of the header."""
    found = conflict_copy_of(name)
    return found is not None and found[0] == HEADER_NAME


# A sync engine's own temporary and bookkeeping files: never ours, never harmful.
SYNCTHING_TEMP = re.compile(r"^(?:\.syncthing\.|~syncthing~).+\.tmp$")

# Names an engine keeps for itself; never ours, never harmful.
ENGINE_NAMES: dict[str, str] = {
    ".git": "git",
    ".gitignore": "git",
    ".gitattributes": "git",
    ".gitkeep": "git",
    ".stfolder": "Syncthing",
    ".stignore": "Syncthing",
    ".stversions": "Syncthing",
    ".dropbox": "Dropbox",
    ".dropbox.attr": "Dropbox",
    ".dropbox.cache": "Dropbox",
    ".owncloudsync.log": "Nextcloud/ownCloud",
    ".nextcloudsync.log": "Nextcloud/ownCloud",
    "desktop.ini": "Windows",
    ".DS_Store": "macOS",
}
_ENGINE_PREFIXES = {".sync_": "Nextcloud/ownCloud", "._sync_": "Nextcloud/ownCloud", "._": "macOS"}


def engine_of(name: str) -> str | None:
    """The engine whose own temporary or bookkeeping file this is, if any."""
    if SYNCTHING_TEMP.match(name):
        return "Syncthing"
    if name in ENGINE_NAMES:
        return ENGINE_NAMES[name]
    for prefix, engine in _ENGINE_PREFIXES.items():
        if name.startswith(prefix):
            return engine
    return None


def header_path(vault_dir: Path) -> Path:
    return vault_dir / HEADER_NAME


def records_root(vault_dir: Path) -> Path:
    return vault_dir / RECORDS_DIR


def lock_path(vault_dir: Path) -> Path:
    return vault_dir / LOCK_NAME


def is_vault(vault_dir: Path) -> bool:
    return header_path(vault_dir).is_file()


def record_name(revision_id: str) -> str:
    return f"{revision_id}{RECORD_SUFFIX}"


def record_path(vault_dir: Path, revision_id: str) -> Path:
    return records_root(vault_dir) / revision_id[:2] / record_name(revision_id)


def record_member(revision_id: str) -> str:
    """The record's path relative to the vault folder, with '/' (a backup's member name)."""
    return f"{RECORDS_DIR}/{revision_id[:2]}/{record_name(revision_id)}"


def revision_id_of(shard: str, name: str) -> str | None:
    """The revision id a file name in shard folder ``shard`` stands for, or None if it is not one of ours."""
    stem = name[: -len(RECORD_SUFFIX)] if name.endswith(RECORD_SUFFIX) else ""
    return stem if stem[:2] == shard and ID_RE.match(stem) else None


def record_stems(names: list[str]) -> set[str]:
    """The stems of every ``*.mjr`` name (candidates; ``revision_id_of`` decides)."""
    cut = len(RECORD_SUFFIX)
    return {n[:-cut] for n in names if n.endswith(RECORD_SUFFIX)}


def is_temp_name(name: str) -> bool:
    return bool(TEMP_RE.match(name))


def iter_record_files(vault_dir: Path) -> Iterator[tuple[Path, str | None]]:
    """Every entry under records/, with its revision id, or None for entries that are not ours."""
    root = records_root(vault_dir)
    if not root.is_dir():
        return
    with os.scandir(root) as shards:
        ordered = sorted(shards, key=lambda e: e.name)
    for shard in ordered:
        if not shard.is_dir(follow_symlinks=False) or not SHARD_RE.match(shard.name):
            yield Path(shard.path), None
            continue
        try:
            with os.scandir(shard.path) as entries:
                found = list(entries)
        except OSError:
            yield Path(shard.path), None
            continue
        for entry in found:
            if is_temp_name(entry.name):
                continue
            revision_id = revision_id_of(shard.name, entry.name)
            yield Path(entry.path), (revision_id if entry.is_file(follow_symlinks=False) else None)


@dataclass
class Shard:
    folder: str
    name: str  # two hex digits
    listed: list[str] | list[bytes]  # every entry of the folder, in the order listed (bytes: listed raw)

    @property
    def names(self) -> list[str]:
        """Every entry of the folder."""
        listed = self.listed
        if listed and isinstance(listed[0], bytes):
            return [os.fsdecode(name) for name in listed]
        return cast(list[str], listed)


@dataclass
class Survey:
    """Every entry of a vault folder, accounted for."""

    shards: list[Shard] = field(default_factory=list)
    temp_files: list[str] = field(default_factory=list)  # our own saves in progress (or orphans)
    # Entries under records/ that are not of the layout, each with why (never content).
    unexpected: list[tuple[Path, str]] = field(default_factory=list)


def list_shards(vault_dir: Path, *, raw: bool = False) -> Survey:
    """Read records/: its shard folders and their entries; anything else under records/ is unexpected.

    An unreadable records/ or shard folder is unexpected too (its records would otherwise be missed
    silently). Entries inside readable shards are judged by the callers, which read them anyway.
    ``raw``: the shards' entries as bytes (not decoded: a listing compared whole, vault/by_need.py).
    """
    survey = Survey()
    root = records_root(vault_dir)
    try:
        with os.scandir(root) as entries:
            ordered = sorted(entries, key=lambda e: e.name)
    except FileNotFoundError:
        return survey
    except OSError as exc:
        survey.unexpected.append((root, f"the records folder cannot be read ({_why(exc)})"))
        return survey
    for entry in ordered:
        if is_temp_name(entry.name) and entry.is_file(follow_symlinks=False):
            survey.temp_files.append(entry.path)
        elif entry.is_symlink():
            survey.unexpected.append((Path(entry.path), "a symbolic link, not a shard folder"))
        elif not entry.is_dir(follow_symlinks=False):
            survey.unexpected.append((Path(entry.path), "not a shard folder"))
        elif not SHARD_RE.match(entry.name):
            survey.unexpected.append((Path(entry.path), "a folder that is not a shard (two hex digits)"))
        else:
            try:
                listed = os.listdir(os.fsencode(entry.path)) if raw else os.listdir(entry.path)
                survey.shards.append(Shard(entry.path, entry.name, listed))
            except OSError as exc:
                survey.unexpected.append((Path(entry.path), f"a shard folder that cannot be read ({_why(exc)})"))
    return survey


def misfiled_reason(shard: str, name: str) -> str:
    """Why ``name`` in shard ``shard`` is not a record file of the layout (it is not, already decided)."""
    stem, _dot, suffix = name.partition(".")
    if ID_RE.match(stem) and stem[:2] != shard:
        return f"a record file in the wrong shard folder (it belongs in {RECORDS_DIR}/{stem[:2]}/)"
    if ID_RE.match(stem):
        return f"named like a record but without the {RECORD_SUFFIX} suffix (.{suffix} instead)"
    return "not a record file"


def _why(exc: OSError) -> str:
    return os.strerror(exc.errno) if exc.errno else exc.__class__.__name__
