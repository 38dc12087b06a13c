"""Reading many record files at once (a cold unlock, ``check``), on every core.

A cold unlock decrypts every record file: at 100,000 sessions, 190,000 of them. The files are handed out
in batches to a pool of worker processes (one per core), each of which reads, authenticates, decrypts and
validates its files and sends back one compact ``Batch``: the revisions' fields column by column, their
bodies as one block of JSON text, and for each damaged file the reason. The parent parses no body: a
revision's body is read from the block when something first asks for it.

The pool never changes what is read. Small vaults are read in this process (starting workers costs more),
and this process reads batches too while the workers start; a pool that cannot start, a worker that dies
or workers that stop answering leave the batches they had not answered to this process, so every file is
still read once and every damaged file still reported. Workers are fresh interpreters (``python -c``, never
a fork: the app runs threads), harden themselves as the app does (no core dumps, not traceable) before
they read anything, and end with the parent: their pipe closes when it dies, and on Linux they ask to be
killed with it (``PR_SET_PDEATHSIG``). The records key reaches them only through that pipe, with each
batch: never a file, an argument or the environment. The parent's side is ``_Pool``, the worker's ``serve``.

A layer above may register a *digest* (``set_digest``): a function of (kind, record id, body) run where
the body is parsed, whose small result travels back beside the revision (the journal's cards).
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import json
import marshal
import os
import selectors
import stat
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from itertools import accumulate
from pathlib import Path
from typing import IO, Any

from mentorjournal.errors import RecordDamaged
from mentorjournal.vault import accounting
from mentorjournal.vault.accounting import DamagedFile, LoadReport
from mentorjournal.vault.layout import RECORD_SUFFIX
from mentorjournal.vault.record import ID_RE, Revision, decode_fields, micros, open_plaintext
from mentorjournal.vault.spill import SpilledBodies

Job = tuple[str, str]  # (path of a record file, the revision id its name says)
Digest = Callable[[str, str, dict[str, Any]], Any]  # (kind, record id, body) -> small: strings, tuples (marshal)

BATCH_FILES = 500  # files per batch: big enough that a batch's round trip is small beside its work
POOL_FROM = 5000  # fewer files are read here: starting workers costs ~0.3 s (1k sessions: 0.25 s pooled, 0.10 s here)
PATIENCE = 120.0  # seconds without any answer (a batch takes well under one) before the workers are given up
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_digest: Digest | None = None


def set_digest(digest: Digest | None) -> None:
    """Have every decrypted body of a cold read also given to ``digest`` (a module-level function)."""
    global _digest  # one registration, by the layer above, when it is imported
    _digest = digest


@dataclass
class Batch:
    """What a batch of files held: the readable revisions column by column, and what went wrong."""

    files: int = 0  # files in the batch, however they turned out
    ids: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    parents: list[tuple[str, ...]] = field(default_factory=list)
    written: list[int] = field(default_factory=list)  # microseconds since the Unix epoch
    lengths: list[int] = field(default_factory=list)  # of each body's JSON text in ``bodies``; -1: a tombstone
    bodies: bytes = b""  # every body's JSON text, one after another (empty when bodies were not kept)
    digests: list[Any] = field(default_factory=list)  # beside ``ids``, when a digest was asked for
    damaged: list[tuple[str, str]] = field(default_factory=list)  # (path, reason, never content)
    irregular: list[str] = field(default_factory=list)  # named like a record file, not a regular file


def _read(path: str) -> bytes | None:
    """The file's bytes, or None if it is not a regular file (a link, a folder, a pipe)."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO):
            return None  # a symbolic link (O_NOFOLLOW), or a socket
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        # Record files are write-once: one read of the size fstat gave (short reads go on to the end).
        data = os.read(fd, info.st_size)
        if len(data) == info.st_size:
            return data
        chunks = [data]
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_batch(jobs: list[Job], records_key: bytes, vault_id: bytes, keep_bodies: bool, digest: Digest | None) -> Batch:
    """Read, authenticate and decrypt ``jobs`` (in a worker, or here)."""
    batch = Batch(files=len(jobs))
    bodies: list[bytes] = []
    for path, revision_id in jobs:
        try:
            raw = _read(path)
        except OSError as exc:
            batch.damaged.append((path, f"cannot read {path}: {os.strerror(exc.errno) if exc.errno else 'error'}"))
            continue
        if raw is None:
            batch.irregular.append(path)
            continue
        try:
            record_id, kind, parents, written, text, body = decode_fields(
                open_plaintext(raw, revision_id, records_key, vault_id), revision_id
            )
        except RecordDamaged as exc:
            batch.damaged.append((path, str(exc)))
            continue
        batch.ids.append(revision_id)
        batch.records.append(record_id)
        batch.kinds.append(sys.intern(kind))  # one string per kind, in the answer and in the parent
        batch.parents.append(parents)
        batch.written.append(micros(written))
        if text is None:
            batch.lengths.append(-1)
        else:
            batch.lengths.append(len(text))
            if keep_bodies:
                bodies.append(text)
        if digest is not None:
            batch.digests.append(None if body is None else digest(kind, record_id, body))
    batch.bodies = b"".join(bodies)
    return batch


def add_jobs(jobs: list[Job], folder: str, names: list[str], unread: set[str], cached: int) -> list[str]:
    """Add the files of ``unread`` (stems of ``*.mjr`` names in the shard ``folder``) that are named like
    record files to ``jobs``; return the names of ``names`` left to judge (none, usually: the loop per
    name runs only when something else is in the folder). ``cached``: names taken from the cache."""
    ours = {stem for stem in unread if ID_RE.match(stem)}
    jobs.extend((f"{folder}{os.sep}{stem}{RECORD_SUFFIX}", stem) for stem in ours)
    if cached + len(ours) == len(names):
        return []
    return [name for name in names if not (name.endswith(RECORD_SUFFIX) and name[: -len(RECORD_SUFFIX)] in ours)]


# --- where a body is read from afterwards ------------------------------------------------------


class HeldBodies:
    """The bodies of one batch, kept as their JSON text and parsed when first read (by row in the batch)."""

    __slots__ = ("_at", "_text")

    def __init__(self, text: bytes, lengths: list[int]) -> None:
        self._text = text
        self._at = list(accumulate((max(n, 0) for n in lengths), initial=0))

    def raw(self, revision_id: str, row: int) -> bytes:
        return self._text[self._at[row] : self._at[row + 1]]

    def body(self, revision_id: str, row: int) -> dict[str, Any]:
        body = json.loads(self.raw(revision_id, row))
        if not isinstance(body, dict):  # decode_fields checked it: only a bug lands here
            raise RecordDamaged("a record body is not an object")
        return body


class RecordFiles:
    """Bodies not kept (``check``): each is read again from its record file when something asks."""

    __slots__ = ("_read",)

    def __init__(self, read: Callable[[str], Revision]) -> None:
        self._read = read

    def body(self, revision_id: str, row: int) -> dict[str, Any]:
        body = self._read(revision_id).body
        if body is None:
            raise RecordDamaged("the record file no longer holds that body")
        return body

    def raw(self, revision_id: str, row: int) -> bytes:
        return json.dumps(self.body(revision_id, row), ensure_ascii=False, separators=(",", ":")).encode()


def revisions(batch: Batch, files: RecordFiles | None = None, spill: SpilledBodies | None = None) -> list[Revision]:
    """The batch's revisions, whose bodies are read from the batch's text (or from ``files``, or set aside
    in ``spill``)."""
    if spill is not None and files is None:
        text, add = batch.bodies, spill.add
        offsets = accumulate((max(n, 0) for n in batch.lengths), initial=0)
        rows = [
            -1 if n < 0 else add(kind, record, text[o : o + n])
            for kind, record, o, n in zip(batch.kinds, batch.records, offsets, batch.lengths, strict=False)
        ]
        sources: list[HeldBodies | RecordFiles | SpilledBodies | None] = [None if r < 0 else spill for r in rows]
    else:
        source: HeldBodies | RecordFiles = files if files is not None else HeldBodies(batch.bodies, batch.lengths)
        sources = [None if n < 0 else source for n in batch.lengths]
        rows = list(range(len(batch.lengths)))
    columns = (batch.ids, batch.records, batch.kinds, batch.parents, batch.written, sources, rows)
    return list(map(Revision.cached, *columns))


def read_into(
    kept: list[Revision],
    report: LoadReport,
    jobs: list[Job],
    records_key: bytes,
    vault_id: bytes,
    *,
    files: RecordFiles | None,
    spill: SpilledBodies | None = None,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> tuple[int, dict[str, Any]]:
    """Read the files of ``jobs`` into ``kept`` (their bodies kept, or read again from ``files``), the damaged
    and irregular ones into ``report``; how many were read, and the digests by revision id (with bodies)."""
    done, read = total - len(jobs), 0
    if progress and not jobs:
        progress(done, total)
    digests: dict[str, Any] = {}
    keep = files is None
    for batch in read_records(jobs, records_key, vault_id, keep_bodies=keep, digests=keep):
        kept.extend(revisions(batch, files, spill))
        digests.update(zip(batch.ids, batch.digests, strict=False))
        report.damaged.extend(DamagedFile(Path(path), reason) for path, reason in batch.damaged)
        for path in batch.irregular:
            accounting.unexpected(report, Path(path), "named like a record file but not a regular file")
        done, read = done + batch.files, read + len(batch.ids)
        if progress:
            progress(done, total)
    if spill is not None:
        spill.finish()
    return read, digests


# --- the pool ----------------------------------------------------------------------------------


def read_records(
    jobs: list[Job], records_key: bytes, vault_id: bytes, *, keep_bodies: bool, digests: bool
) -> Iterator[Batch]:
    """Every job read once, batch by batch (in no promised order), in worker processes when it pays.
    ``jobs`` is emptied: each batch is let go once read (190,000 paths at 100,000 sessions)."""
    digest = _digest if digests else None
    batches = [jobs[i : i + BATCH_FILES] for i in range(0, len(jobs), BATCH_FILES)]
    jobs.clear()
    workers = min(os.cpu_count() or 1, len(batches))
    if sum(map(len, batches)) >= POOL_FROM and workers > 1 and os.name == "posix":  # selectors on pipes: POSIX
        yield from _Pool(workers, records_key, vault_id, keep_bodies, digest).read(batches)
    else:
        while batches:
            yield read_batch(batches.pop(), records_key, vault_id, keep_bodies, digest)


# The worker's first line of Python: its import path from the pipe, then the loop (nothing on argv). `-I`: no
# PYTHON* variables, user site-packages or working directory reach the process that is given the key.
_BOOT = (
    "import sys, marshal; n = int.from_bytes(sys.stdin.buffer.read(8), 'big'); "
    "sys.path[:0] = marshal.loads(sys.stdin.buffer.read(n)); "
    "from mentorjournal.vault.decrypting import serve; serve()"
)


def _send(pipe: IO[bytes], message: Any) -> None:
    data = marshal.dumps(message)
    pipe.write(len(data).to_bytes(8, "big") + data)
    pipe.flush()


def _receive(pipe: IO[bytes]) -> Any:
    head = pipe.read(8)
    if len(head) < 8:
        raise EOFError
    n = int.from_bytes(head, "big")
    data = pipe.read(n)
    if len(data) < n:
        raise EOFError
    return marshal.loads(data)  # noqa: S302 (our own process's answer, through a private pipe)


class _Pool:
    """Worker processes, one batch each at a time; this process reads batches too until the first answer.

    Plain pipes and ``marshal`` (lists, strings, bytes), not ``multiprocessing``: its ``spawn`` runs the
    parent's main script again in each worker, and its queues would keep workers alive after a parent
    that was killed. Here a worker reads its pipe until it closes, which happens when the parent dies.
    """

    def __init__(self, workers: int, records_key: bytes, vault_id: bytes, keep: bool, digest: Digest | None) -> None:
        self._count = workers
        self._args = (records_key, vault_id, keep, digest)
        self._request: tuple[Any, ...] = (
            records_key, vault_id, keep, None if digest is None else f"{digest.__module__}:{digest.__qualname__}",
        )  # fmt: skip

    def _start(self) -> subprocess.Popen[bytes] | None:
        try:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-c", _BOOT],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
            assert proc.stdin is not None
            _send(proc.stdin, [p for p in sys.path if isinstance(p, str)])
        except (OSError, ValueError):
            return None
        return proc

    def read(self, batches: list[list[Job]]) -> Iterator[Batch]:
        pending = deque(batches)
        batches.clear()
        busy: dict[int, tuple[subprocess.Popen[bytes], list[Job]]] = {}  # stdout fd -> worker, its batch
        procs = [p for p in (self._start() for _ in range(self._count)) if p is not None]
        answered = False
        try:
            with selectors.DefaultSelector() as ready:
                for proc in procs:
                    if pending and self._give(proc, pending.popleft(), busy):
                        ready.register(proc.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
                while busy:
                    starting = pending and not answered
                    events = ready.select(timeout=0 if starting else PATIENCE)
                    if not events and starting:  # the workers are still starting: read one here meanwhile
                        yield read_batch(pending.pop(), *self._args)
                        continue
                    if not events:  # no answer for so long that the workers are stuck: their batches are ours
                        pending.extend(jobs for _proc, jobs in busy.values())
                        break
                    for key, _mask in events:
                        proc, jobs = busy.pop(key.fd)
                        try:
                            batch = Batch(*_receive(proc.stdout))  # type: ignore[arg-type]
                        except (EOFError, ValueError, TypeError, OSError):  # the worker died: its batch is ours
                            ready.unregister(key.fileobj)
                            proc.kill()
                            pending.append(jobs)
                            continue
                        answered = True
                        if not (pending and self._give(proc, pending.popleft(), busy)):
                            ready.unregister(key.fileobj)
                        yield batch
            while pending:  # no worker started, or every one died
                yield read_batch(pending.popleft(), *self._args)
        finally:
            for proc in procs:
                with contextlib.suppress(OSError):
                    proc.stdin.close()  # type: ignore[union-attr]
                proc.kill()
                proc.wait()
                with contextlib.suppress(OSError):
                    proc.stdout.close()  # type: ignore[union-attr]

    def _give(self, proc: subprocess.Popen[bytes], jobs: list[Job], busy: dict[int, Any]) -> bool:
        try:
            _send(proc.stdin, (jobs, *self._request))  # type: ignore[arg-type]
        except (OSError, ValueError):
            return False
        busy[proc.stdout.fileno()] = (proc, jobs)  # type: ignore[union-attr]
        return True


def serve() -> None:
    """A worker: harden, then answer batches from stdin on stdout until stdin closes (the parent is gone)."""
    from mentorjournal.hardening import harden_process

    harden_process()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed by accident can corrupt the answers
    digests: dict[str, Digest] = {}
    while True:
        try:
            jobs, records_key, vault_id, keep, digest_name = _receive(requests)
        except EOFError:
            return
        digest = None
        if digest_name is not None:
            if digest_name not in digests:
                module, _, name = digest_name.partition(":")
                digests[digest_name] = getattr(importlib.import_module(module), name)
            digest = digests[digest_name]
        batch = read_batch([tuple(j) for j in jobs], records_key, vault_id, keep, digest)
        _send(answers, tuple(getattr(batch, f.name) for f in fields(Batch)))
