"""Files on disk: atomic write-once saves, private permissions, orphan sweeping, the writer lock.

A save is: create a temp file in the destination folder (0600, O_EXCL), write, fsync, rename over
the final name, fsync the folder. A crash at any moment leaves either no new file or the whole new
file; at worst an orphan temp file, which the next writable unlock removes (``Vault.load``, ``sweep_temp_files``).
Every OS error is turned into ``StorageError`` with a message that names the path, never content.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from mentorjournal.errors import StorageError, VaultInUse

TEMP_PREFIX = ".tmp-"
DIR_MODE = 0o700
FILE_MODE = 0o600


def _describe(exc: OSError) -> str:
    return os.strerror(exc.errno) if exc.errno else exc.__class__.__name__


def ensure_private_dir(path: Path) -> None:
    """Create the folder (and parents) if missing; the folder itself is made 0700 whatever the umask."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(path, DIR_MODE)
    except OSError as exc:
        raise StorageError(f"cannot create folder {path}: {_describe(exc)}") from None


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in ``path`` durable (POSIX needs the folder itself synced)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StorageError(f"could not sync folder {path}: {_describe(exc)}") from None


def write_atomically(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write ``data`` to ``path`` as one durable step. Write-once files use ``replace=False``."""
    folder = path.parent
    tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    fd = -1
    renamed = False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        if replace:
            os.replace(tmp, path)
        else:
            # link() fails if the name exists: write-once holds even against a racing writer.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise StorageError(f"refusing to overwrite {path}: vault files are write-once") from None
            os.unlink(tmp)
        renamed = True
    except OSError as exc:
        raise StorageError(f"could not save {path.name}: {_describe(exc)}; nothing was changed") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if not renamed and tmp.exists():
            with contextlib.suppress(OSError):  # otherwise swept at the next unlock
                tmp.unlink()
    # The new name is in place; syncing the folder makes it survive a power cut.
    fsync_dir(folder)


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {_describe(exc)}") from None


def iter_temp_files(folder: Path) -> Iterator[Path]:
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            if name.startswith(TEMP_PREFIX):
                yield Path(dirpath) / name


def sweep_temp_files(folder: Path) -> int:
    """Remove our own orphan temp files (left by a crash mid-save). Other tools' files are left alone."""
    return remove_files(str(tmp) for tmp in iter_temp_files(folder))


def top_level_temp_files(folder: Path) -> list[str]:
    """Our orphan temp files directly in ``folder`` (a header save's), without walking below it."""
    try:
        return [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(TEMP_PREFIX)]
    except OSError:
        return []


def remove_files(paths: Iterable[str]) -> int:
    """Unlink each path that is still a regular file; how many went. Failures are left for next time."""
    removed = 0
    for path in paths:
        try:
            if not os.path.islink(path) and os.path.isfile(path):
                os.unlink(path)
                removed += 1
        except OSError:
            pass
    return removed


class WriterLock:
    """An advisory, exclusive lock on ``<vault>/.lock`` held while a process may write.

    flock is released by the kernel when the process dies, so a crash never leaves a stale lock.
    """

    def __init__(self, vault_dir: Path) -> None:
        self.path = vault_dir / ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        except OSError as exc:
            raise StorageError(f"cannot open lock file {self.path}: {_describe(exc)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise VaultInUse(
                    "vault is in use by another MentorJournal process (close it, or use a read-only command)"
                ) from None
            raise StorageError(f"cannot lock {self.path}: {_describe(exc)}") from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
