"""What a vault folder holds, accounted for: the load's report, and the verdict on every entry not of the layout.

``Vault.load`` reads the record files; everything else it meets is judged here. Anything not of the layout
(docs/vault-format.md, "The folder") is *unexpected*, and ``check`` fails on it; a sync engine's own files
are *harmless*, and listed. Reasons name places and kinds of file, never content. Erasure's removal of
record files (``remove_record_files``) lives here too: the one place that deletes record files.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mentorjournal.errors import StorageError, VaultExists
from mentorjournal.inert import inert_name
from mentorjournal.vault import header as hdr
from mentorjournal.vault import layout, opening, storage
from mentorjournal.vault.record import PREFIX_LEN, revision_id_in


@dataclass(frozen=True)
class DamagedFile:
    path: Path
    reason: str


@dataclass
class LoadReport:
    loaded: int = 0
    damaged: list[DamagedFile] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)  # entries not of the layout (each also in ``unexpected``)
    # Entries of the vault folder that are not of its layout, each with why (``check`` fails on them).
    unexpected: list[DamagedFile] = field(default_factory=list)
    # A sync engine's own files (.stfolder, .git, ...) and identical header copies: listed, harmless.
    harmless: list[DamagedFile] = field(default_factory=list)
    temp_files_swept: int = 0
    held: int = 0  # revisions of a save not complete (interrupted, or still arriving): not shown
    from_cache: int = 0  # revisions taken from the device-local unlock cache rather than their files


def unexpected(report: LoadReport, path: Path, why: str) -> None:
    report.unexpected.append(DamagedFile(path, why))
    report.ignored.append(path)


def not_a_record(report: LoadReport, file: Path, shard: str, name: str) -> None:
    """An entry of a shard folder that is not a record file of the layout."""
    if layout.SYNCTHING_TEMP.match(name):
        report.harmless.append(DamagedFile(file, "a file Syncthing is still copying in"))
        return
    copy = layout.conflict_copy_of(name)
    if copy is not None:
        why = f"a sync engine's copy of {inert_name(copy[0])} (`mentorjournal sync-status` says what to do)"
    else:
        why = layout.misfiled_reason(shard, name)
    unexpected(report, file, why)


# Judges a header copy of the opened vault: None when harmless, else why it is unexpected.
HeaderJudge = Callable[[hdr.Header], str | None]


def survey_top_level(vault_dir: Path, report: LoadReport, vault_id: bytes, judge: HeaderJudge) -> None:
    """Account for every entry directly in the vault folder (records/ is surveyed by the load)."""
    try:
        names = sorted(os.listdir(vault_dir))
    except OSError as exc:
        unexpected(report, vault_dir, f"the vault folder cannot be listed ({exc.__class__.__name__})")
        return
    for name in names:
        path = vault_dir / name
        if name in layout.TOP_LEVEL_NAMES or layout.is_temp_name(name):
            continue
        if layout.header_copy_of(name):
            _header_copy(report, path, vault_id, judge)
        elif (engine := layout.engine_of(name)) is not None:
            report.harmless.append(DamagedFile(path, f"kept by {engine}; harmless"))
        elif layout.conflict_copy_of(name) is not None:
            report.harmless.append(DamagedFile(path, "a sync engine's copy of a file that is not a vault file"))
        else:
            unexpected(report, path, "not a file of the vault's layout")


def _header_copy(report: LoadReport, path: Path, vault_id: bytes, judge: HeaderJudge) -> None:
    found = opening.read_header_file(path)
    if found is None:
        unexpected(report, path, "a damaged or unreadable copy of the header")
    elif found.header.vault_id != vault_id:
        unexpected(report, path, "the header of another vault")
    elif (why := judge(found.header)) is not None:
        unexpected(report, path, why)
    else:
        report.harmless.append(DamagedFile(path, "a copy of the header identical in its key slots; harmless"))


def refuse_foreign_records(path: Path) -> None:
    """``init`` never adopts a folder that already holds records (a vault whose header was lost, or a
    restore half-done): the new vault would show them all as damaged. Anything under records/ refuses."""
    try:
        holds_records = any(True for _entry in os.scandir(layout.records_root(path)))
    except FileNotFoundError:
        holds_records = False
    except NotADirectoryError:
        holds_records = True
    except OSError as exc:
        where = inert_name(str(layout.records_root(path)))
        raise StorageError(f"cannot read {where}: {exc.__class__.__name__}") from None
    if holds_records or opening.header_copy_paths(path):
        raise VaultExists(
            f"{inert_name(str(path))} already holds the records (or a header copy) of a vault whose "
            f"{layout.HEADER_NAME} is missing; refusing to create a new vault over them. Restore the header from "
            "a backup (`mentorjournal restore` into a new folder), or, if a sync copy of the header is there, "
            f"rename it to {layout.HEADER_NAME}; `mentorjournal recover` sets a new passphrase with the recovery key"
        )


def _copy_of(path: Path, revision_ids: set[str]) -> bool:
    """Whether a file that is not ours by name is a record file of one of ``revision_ids`` (its prefix)."""
    try:
        if not path.is_file() or path.is_symlink():
            return False
        with open(path, "rb") as handle:
            head = handle.read(PREFIX_LEN)
    except OSError:
        return False
    return revision_id_in(head) in revision_ids


def remove_record_files(vault_dir: Path, revision_ids: set[str]) -> int:
    """Remove the record files of ``revision_ids`` for good (an erasure), with any copy a sync engine left
    under another name in records/ (found by the revision id in its own first bytes); how many went."""
    targets = [layout.record_path(vault_dir, rid) for rid in sorted(revision_ids)]
    targets += [p for p, rid in layout.iter_record_files(vault_dir) if rid is None and _copy_of(p, revision_ids)]
    removed = 0
    folders: set[Path] = set()
    for path in targets:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StorageError(f"could not remove {inert_name(path.name)}: {os.strerror(exc.errno or 0)}") from None
        removed += 1
        folders.add(path.parent)
    for folder in folders:
        storage.fsync_dir(folder)
    return removed
