"""Files on disk: the one private-file writer, private folders, orphan sweeping, the writer lock.

Every file the program writes (record revisions, the header, caches, backups, exports) goes through
``private_output``: a temp file in the destination folder (0600, O_EXCL), the write loop, fsync, link
(or, for a replacement, rename over a regular file), fsync of the folder. A crash at any moment leaves
either no new file or the whole new file; at worst an orphan temp file, which the next writable unlock
(in the vault) or the next write into the same folder (``sweep_orphans``) removes.
Every OS error is turned into ``StorageError`` with a message that names the path, never content.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from mentorjournal.errors import StorageError, VaultInUse
from mentorjournal.vault.layout import TEMP_PREFIX, TEMP_RE, lock_path

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


class TargetExists(StorageError):
    """The destination name is taken (a write-once file, or an output not to be replaced)."""


class TargetNotRegular(StorageError):
    """The destination is a folder, a device, a symbolic link...: only a regular file may be replaced."""


def check_replaceable(path: Path) -> bool:
    """True if ``path`` exists as a regular file (which ``replace`` may replace); False if it is free.

    Anything else at the name (a folder, a device node, a FIFO, a symbolic link) is refused: a
    replacement must never write through a link or into a device.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StorageError(f"cannot look at {path}: {_describe(exc)}") from None
    if not stat.S_ISREG(st.st_mode):
        raise TargetNotRegular(f"{path} exists and is not a regular file; refusing to replace it")
    return True


def _lock_fd(fd: int) -> None:
    # Held while the temp file is written: a sweeper that can take the lock knows its writer died.
    with contextlib.suppress(OSError, ImportError):
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


@contextlib.contextmanager
def private_output(path: Path, *, replace: bool = False, sweep: bool = True) -> Iterator[BinaryIO]:
    """Write a new private file at ``path`` as one step; the one way the program writes a file.

    The bytes go to ``.tmp-<16 hex>`` beside ``path``: created exclusively, mode 0600, locked while
    written, flushed and fsynced. Only when the body of the ``with`` finished does the file get its
    name: linked into place (``replace=False``: never over an existing name, even against a racing
    writer) or renamed over a regular file (``replace=True``; a folder, device node or symbolic link
    is refused). The folder is then fsynced. On any failure, or an exception in the body, the temp
    file is removed and nothing else changed; one left by a killed process is removed by the next
    write into that folder (``sweep_orphans``). Every OS error becomes ``StorageError`` naming the
    path, never content.
    """
    folder = path.parent
    if replace:
        check_replaceable(path)
    elif os.path.lexists(path):
        raise TargetExists(f"{path} already exists")
    if sweep:
        sweep_orphans(folder)
    tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    fd = -1
    placed = False
    try:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
            _lock_fd(fd)
            os.fchmod(fd, FILE_MODE)
            out = io.BufferedWriter(_FdWriter(fd), buffer_size=1 << 20)
            yield cast(BinaryIO, out)
            out.flush()
            os.fsync(fd)
            os.close(fd)
            fd = -1
            if replace:
                check_replaceable(path)
                os.replace(tmp, path)
            else:
                try:
                    os.link(tmp, path)  # fails if the name exists: write-once holds against a racing writer
                except FileExistsError:
                    raise TargetExists(f"{path} already exists") from None
                os.unlink(tmp)
            placed = True
        except OSError as exc:
            raise StorageError(f"could not save {path.name}: {_describe(exc)}; nothing was changed") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if not placed:
            with contextlib.suppress(OSError):  # otherwise swept by the next write here
                os.unlink(tmp)
    # The new name is in place; syncing the folder makes it survive a power cut.
    fsync_dir(folder)


class _FdWriter(io.RawIOBase):
    """A binary file over a raw descriptor that writes every byte (the write loop) and never closes it."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self._written = 0

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._written

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        total = len(view)
        while view:
            view = view[os.write(self._fd, view) :]
        self._written += total
        return total


def write_atomically(path: Path, data: bytes, *, replace: bool = False, sweep: bool = True) -> None:
    """Write ``data`` to ``path`` as one durable step (``private_output``). Write-once files use ``replace=False``."""
    with private_output(path, replace=replace, sweep=sweep) as out:
        out.write(data)


def sweep_orphans(folder: Path, *, min_age: float = 10.0) -> int:
    """Remove temp files (``.tmp-<16 hex>``) left in ``folder`` by a killed writer; how many went.

    One is an orphan when it is a regular file of ours, older than ``min_age`` seconds, and no process
    holds its lock. Anything else is left alone.
    """
    try:
        names = [n for n in os.listdir(folder) if TEMP_RE.match(n)]
    except OSError:
        return 0
    removed = 0
    now = time.time()
    for name in names:
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or now - st.st_mtime < min_age:
                continue
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while a writer is alive
            os.unlink(path)
            removed += 1
        except (OSError, ImportError):
            continue
        finally:
            os.close(fd)
    return removed


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {_describe(exc)}") from None


def iter_temp_files(folder: Path) -> Iterator[Path]:
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            if TEMP_RE.match(name):
                yield Path(dirpath) / name


def top_level_temp_files(folder: Path) -> list[str]:
    """Our orphan temp files directly in ``folder`` (a header save's), without walking below it."""
    try:
        return [os.path.join(folder, n) for n in os.listdir(folder) if TEMP_RE.match(n)]
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
        self.path = lock_path(vault_dir)
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
