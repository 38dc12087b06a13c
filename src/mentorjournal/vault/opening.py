"""Opening a vault's header: ``vault.mjv``, else a sync engine's copy of it, verified once.

A header is rewritten only when a passphrase changes. Changed on two machines while apart, a sync
engine keeps one as ``vault.mjv`` and the other as a conflict copy (``layout.header_copy_of``). Both
wrap the same data key, so ``open_header`` tries the copies too: either passphrase still unlocks, and
the ``HeaderConflict`` it returns tells the mentor. Only copies of *this* vault (same vault id) count;
another vault's header beside ours is never opened, never removed.

Whichever file a slot opens, its HMAC is verified here, once, with the unwrapped data key
(``Header.verify_mac``). Nothing here writes or deletes a file but ``remove_header_copies``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mentorjournal.errors import HeaderDamaged, NotAVault, StorageError
from mentorjournal.inert import inert_name
from mentorjournal.vault import header as hdr
from mentorjournal.vault import layout, storage
from mentorjournal.vault.kdf import SALT_LEN, KdfParams, derive_key


@dataclass(frozen=True)
class HeaderConflict:
    """Why the mentor must be told about the header: copies exist, or only a copy opened."""

    opened: Path  # the header file the passphrase (or recovery key) opened
    copies: tuple[Path, ...]  # every header copy of this vault, the opened one included if it is a copy
    main_damaged: bool = False

    @property
    def opened_copy(self) -> bool:
        return self.opened in self.copies

    def __str__(self) -> str:
        opened = inert_name(self.opened.name)
        if self.main_damaged:
            return (
                f"the vault header {layout.HEADER_NAME} is damaged; unlocked with its sync copy "
                f"{opened}. Run `mentorjournal passwd` to write a fresh header."
            )
        if self.opened_copy:
            return (
                f"this passphrase opens only {opened}, a sync engine's copy of the vault header: "
                "the passphrase was changed on two machines. Run `mentorjournal passwd` to set one passphrase "
                "for every machine (it removes the copies)."
            )
        names = ", ".join(inert_name(p.name) for p in self.copies)
        return (
            f"the vault header was changed on two machines: {len(self.copies)} copy(ies) left by the sync "
            f"engine ({names}) may still open with another passphrase. Once every machine uses this one, "
            "run `mentorjournal remove-header-copies` (or `mentorjournal passwd`)."
        )


@dataclass(frozen=True)
class OpenedHeader:
    header: hdr.Header
    data_key: bytes
    conflict: HeaderConflict | None
    path: Path  # the file that opened


@dataclass(frozen=True)
class HeaderFile:
    path: Path
    raw: bytes
    header: hdr.Header


def header_copy_paths(vault_dir: Path) -> list[Path]:
    """Regular files beside ``vault.mjv`` that a sync engine named as its conflict copies, sorted by name."""
    try:
        names = sorted(os.listdir(vault_dir))
    except OSError:
        return []
    out = []
    for name in names:
        if layout.header_copy_of(name):
            path = vault_dir / name
            if path.is_file() and not path.is_symlink():
                out.append(path)
    return out


def read_header_file(path: Path) -> HeaderFile | None:
    """A header file parsed (no key needed), or None if it cannot be read or is not a header."""
    try:
        raw = storage.read_file(path)
        return HeaderFile(path, raw, hdr.parse(raw))
    except (HeaderDamaged, StorageError):
        return None


def copies_of(vault_dir: Path, vault_id: bytes) -> list[HeaderFile]:
    """Every readable header copy that belongs to the vault ``vault_id``; another vault's is not one."""
    out = []
    for path in header_copy_paths(vault_dir):
        found = read_header_file(path)
        if found is not None and found.header.vault_id == vault_id:
            out.append(found)
    return out


def first_intact_copy(vault_dir: Path) -> hdr.Header | None:
    """A parseable header copy, for when ``vault.mjv`` itself is damaged (no key needed)."""
    for path in header_copy_paths(vault_dir):
        found = read_header_file(path)
        if found is not None:
            return found.header
    return None


def read_header(path: Path) -> hdr.Header:
    """Parse the header without any key (``Vault.read_header``): a missing, foreign, damaged or absurd
    header is told apart before Argon2 runs; a damaged one gives way to a sync engine's intact copy."""
    header_file = layout.header_path(path)
    where = inert_name(str(path))
    if not path.is_dir():
        raise NotAVault(f"no vault at {where} (folder does not exist); create one with `mentorjournal init`")
    if not header_file.is_file():
        raise NotAVault(f"no vault at {where} (no {layout.HEADER_NAME}); create one with `mentorjournal init`")
    try:
        return hdr.parse(storage.read_file(header_file))
    except HeaderDamaged as exc:
        intact_copy = first_intact_copy(path)  # a sync engine's copy still opens
        if intact_copy is not None:
            return intact_copy
        raise type(exc)(f"{inert_name(str(header_file))}: {exc}") from None


def with_new_passphrase(header: hdr.Header, data_key: bytes, secret: bytes, kdf: KdfParams) -> hdr.Header:
    """``header`` with its passphrase slots replaced by one for ``secret`` (other slots kept)."""
    salt = os.urandom(SALT_LEN)
    base = hdr.Header(header.vault_id, header.created, ())
    new_slot = base.wrap(hdr.SLOT_PASSPHRASE, derive_key(secret, salt, kdf), salt, kdf, data_key)
    kept = tuple(s for s in header.slots if s.kind != hdr.SLOT_PASSPHRASE)
    return hdr.Header(header.vault_id, header.created, (new_slot, *kept))


def open_header(vault_dir: Path, slot_kind: int, wrapping_key: Callable[[hdr.Slot], bytes]) -> OpenedHeader | None:
    """Open ``vault.mjv``, else one of this vault's header copies, with the secret behind ``wrapping_key``.

    ``wrapping_key(slot)`` runs the KDF for one slot; results are reused for slots with the same salt
    and parameters (a copy shares the slots it did not change), so a copy costs an Argon2 run only
    when it holds a different passphrase. The opened header's MAC is verified with the data key.
    Returns None when no slot of any candidate opens.
    """
    header_file = layout.header_path(vault_dir)
    main_damaged = False
    candidates: list[HeaderFile] = []
    try:
        raw = storage.read_file(header_file)
        candidates.append(HeaderFile(header_file, raw, hdr.parse(raw)))
    except HeaderDamaged:
        main_damaged = True  # read_header already fell back to a copy, or raised
        raw = b""
    if candidates:
        copies = copies_of(vault_dir, candidates[0].header.vault_id)
    else:
        first = first_intact_copy(vault_dir)
        copies = copies_of(vault_dir, first.vault_id) if first is not None else []
    # A byte-identical copy adds no passphrase; it is still listed so that it can be tidied away.
    candidates.extend(c for c in copies if c.raw != raw)
    derived: dict[tuple[bytes, object], bytes] = {}
    for candidate in candidates:
        for slot in candidate.header.slots:
            if slot.kind != slot_kind:
                continue
            memo = (slot.salt, slot.kdf)
            if memo not in derived:
                derived[memo] = wrapping_key(slot)
            data_key = candidate.header.unwrap(slot, derived[memo])
            if data_key is None:
                continue
            try:
                candidate.header.verify_mac(data_key)
            except HeaderDamaged as exc:
                if candidate.path == header_file:
                    raise
                raise HeaderDamaged(f"{inert_name(candidate.path.name)}: {exc}") from None
            conflict = None
            if copies or main_damaged:
                conflict = HeaderConflict(candidate.path, tuple(c.path for c in copies), main_damaged)
            return OpenedHeader(candidate.header, data_key, conflict, candidate.path)
    return None


def remove_copies(vault_dir: Path, vault_id: bytes) -> list[Path]:
    """Delete every header copy of the vault ``vault_id`` (never another vault's); the paths removed."""
    removed = []
    for copy in copies_of(vault_dir, vault_id):
        try:
            copy.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StorageError(f"could not remove {inert_name(copy.path.name)} ({exc.__class__.__name__})") from None
        removed.append(copy.path)
    if removed:
        storage.fsync_dir(vault_dir)
    return removed
