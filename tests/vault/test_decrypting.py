"""Reading many record files at once: the per-file key derivation, the worker pool and its fallbacks."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mentorjournal.vault import Vault, decrypting
from mentorjournal.vault.record import _file_key_nonce
from mentorjournal.vault.vault import record_path, remove_local_caches
from tests.conftest import PASSPHRASE

VECTORS = Path(__file__).parent.parent / "vectors" / "v1"


def _reference_hkdf(records_key: bytes, seed: bytes) -> bytes:
    return HKDF(hashes.SHA256(), length=44, salt=seed, info=b"mentorjournal/v1/record-file").derive(records_key)


class TestFileKeys:
    def test_the_derivation_is_byte_identical_to_cryptography_hkdf(self) -> None:
        for _ in range(300):
            records_key, seed = os.urandom(32), os.urandom(32)
            key, nonce = _file_key_nonce(records_key, seed)
            assert key + nonce == _reference_hkdf(records_key, seed)

    def test_rfc5869_shape_edge_keys(self) -> None:
        for records_key, seed in [(bytes(32), bytes(32)), (b"\xff" * 32, b"\x36" * 32), (b"\x5c" * 32, b"\xff" * 32)]:
            key, nonce = _file_key_nonce(records_key, seed)
            assert key + nonce == _reference_hkdf(records_key, seed)

    def test_the_committed_vectors_open(self, tmp_path: Path) -> None:
        expected = json.loads((VECTORS / "expected.json").read_text(encoding="utf-8"))
        folder = tmp_path / "valid"
        shutil.copytree(VECTORS / "valid", folder)
        with Vault.unlock(folder, expected["passphrase"], read_only=True) as v:
            report = v.check()
            assert report.loaded == len(expected["revision_files"]) and not report.damaged
            assert sorted(v.graph.revisions()) == sorted(expected["revision_files"])


def _fill(vault: Vault, n: int) -> list[str]:
    ids = []
    for i in range(n):
        rev = vault.put("note", {"i": i, "text": f"note {i} " * 20})
        ids.append(rev.revision_id)
    return ids


@pytest.fixture
def small_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool for a few dozen files (the real threshold is about a thousand)."""
    monkeypatch.setattr(decrypting, "POOL_FROM", 10)
    monkeypatch.setattr(decrypting, "BATCH_FILES", 4)


@pytest.fixture
def digest() -> Iterator[None]:
    before = decrypting._digest
    yield
    decrypting.set_digest(before)


def _state(vault_dir: Path) -> tuple[dict[str, Any], list[tuple[str, str]], list[str]]:
    with Vault.unlock(vault_dir, PASSPHRASE) as v:
        remove_local_caches(v.vault_id)
        report = v.load()
        revs = {r.revision_id: (r.record_id, r.kind, r.parents, r.written_at, r.body) for r in v.graph.revisions().values()}  # fmt: skip  # noqa: E501
        damaged = sorted((str(d.path), d.reason) for d in report.damaged)
        return revs, damaged, sorted(str(d.path) for d in report.unexpected)


def in_worker() -> bool:
    return sys.argv[:1] == ["-c"]  # how the pool starts its workers


def die_in_worker(kind: str, record_id: str, body: dict[str, Any]) -> Any:
    if in_worker() and body.get("i") == 7:
        os._exit(3)
    return ["ok", body.get("i")]


def hang_in_worker(kind: str, record_id: str, body: dict[str, Any]) -> Any:
    if in_worker():
        time.sleep(3600)
    return body.get("i")


def report_worker(kind: str, record_id: str, body: dict[str, Any]) -> Any:
    import resource

    from mentorjournal.hardening import is_dumpable

    cmdline = Path("/proc/self/cmdline").read_bytes().hex() if Path("/proc/self/cmdline").exists() else ""
    environ = Path("/proc/self/environ").read_bytes().hex() if Path("/proc/self/environ").exists() else ""
    core = list(resource.getrlimit(resource.RLIMIT_CORE))
    return [in_worker(), is_dumpable(), core, os.umask(0o077), cmdline, environ]


def slow(kind: str, record_id: str, body: dict[str, Any]) -> Any:
    time.sleep(0.2)
    return None


class TestPool:
    def test_the_pool_reads_what_a_serial_read_reads(self, vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
        ids = _fill(vault, 30)
        vault.delete(vault.graph.revisions()[ids[0]].record_id)
        damaged = record_path(vault.path, ids[3])
        damaged.write_bytes(damaged.read_bytes()[:-1] + b"\0")
        link, folder = record_path(vault.path, "ab" + "0" * 30), record_path(vault.path, "cd" + "1" * 30)
        for odd in (link, folder):
            odd.parent.mkdir(exist_ok=True)
        os.symlink(record_path(vault.path, ids[4]), link)
        folder.mkdir()
        vault.lock()
        serial = _state(vault.path)
        monkeypatch.setattr(decrypting, "POOL_FROM", 10)
        monkeypatch.setattr(decrypting, "BATCH_FILES", 4)
        pooled = _state(vault.path)
        assert pooled == serial
        assert len(serial[0]) == 30 and len(serial[1]) == 1 and len(serial[2]) == 2

    def test_workers_run_hardened_and_get_the_key_only_through_the_pipe(
        self, vault: Vault, small_pool: None, digest: None
    ) -> None:
        _fill(vault, 20)
        records_key = vault._records_key
        assert records_key is not None
        vault.lock()
        decrypting.set_digest(report_worker)
        with Vault.unlock(vault.path, PASSPHRASE) as v:
            remove_local_caches(v.vault_id)
            v.load()
            answers = [d for d in v.digests.values() if d is not None]
        from_workers = [a for a in answers if a[0]]
        assert from_workers, "no batch was read by a worker"
        for _in, dumpable, core, umask, cmdline, environ in from_workers:
            assert core == [0, 0] and umask == 0o077
            if sys.platform.startswith("linux"):
                assert dumpable is False
            for seen in (bytes.fromhex(cmdline), bytes.fromhex(environ)):
                assert seen, "nothing read from /proc"
                for secret in (records_key, records_key.hex().encode(), records_key.hex().upper().encode()):
                    assert secret not in seen

    def test_a_worker_that_dies_leaves_its_batch_to_the_parent(
        self, vault: Vault, small_pool: None, digest: None
    ) -> None:
        _fill(vault, 24)
        vault.lock()
        decrypting.set_digest(die_in_worker)
        with Vault.unlock(vault.path, PASSPHRASE) as v:
            remove_local_caches(v.vault_id)
            report = v.load()
            assert report.loaded == 24 and not report.damaged
            assert sorted(d[1] for d in v.digests.values()) == list(range(24))

    def test_workers_that_stop_answering_are_given_up(
        self, vault: Vault, small_pool: None, digest: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _fill(vault, 24)
        vault.lock()
        decrypting.set_digest(hang_in_worker)
        monkeypatch.setattr(decrypting, "PATIENCE", 1.0)
        with Vault.unlock(vault.path, PASSPHRASE) as v:
            remove_local_caches(v.vault_id)
            started = time.monotonic()
            report = v.load()
            assert report.loaded == 24 and sorted(v.digests.values()) == list(range(24))
            assert time.monotonic() - started < 30

    def test_a_pool_that_cannot_start_reads_everything_here(
        self, vault: Vault, small_pool: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        ids = _fill(vault, 20)
        damaged = record_path(vault.path, ids[5])
        damaged.write_bytes(b"MJVREC")
        vault.lock()
        monkeypatch.setattr(sys, "executable", "/nonexistent/python")
        with Vault.unlock(vault.path, PASSPHRASE) as v:
            remove_local_caches(v.vault_id)
            report = v.load()
            assert report.loaded == 19 and [d.path for d in report.damaged] == [damaged]

    def test_check_keeps_no_body_and_reads_one_again_from_its_file(self, vault: Vault, small_pool: None) -> None:
        ids = _fill(vault, 20)
        vault.lock()
        with Vault.unlock(vault.path, PASSPHRASE, read_only=True) as v:
            report = v.check()
            assert report.loaded == 20 and not report.damaged
            rev = v.graph.revisions()[ids[2]]
            assert rev.body == {"i": 2, "text": "note 2 " * 20}


_KILLED_PARENT = """
import os, sys, threading, time
from pathlib import Path
from mentorjournal.vault import Vault, decrypting
from mentorjournal.vault.vault import remove_local_caches
decrypting.POOL_FROM, decrypting.BATCH_FILES = 10, 2
from tests.vault import test_decrypting
decrypting.set_digest(test_decrypting.slow)
def report_children():
    time.sleep(1.5)
    me = os.getpid()
    children = Path(f"/proc/{me}/task/{me}/children").read_text().split()
    print(" ".join(children), flush=True)
threading.Thread(target=report_children, daemon=True).start()
v = Vault.unlock(Path(sys.argv[1]), sys.argv[2])
remove_local_caches(v.vault_id)
v.load()
print("finished", flush=True)
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc to find the workers")
def test_workers_exit_when_their_parent_is_killed(vault: Vault, tmp_path: Path) -> None:
    _fill(vault, 40)
    vault.lock()
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(_KILLED_PARENT))
    root = Path(__file__).parent.parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    parent = subprocess.Popen(
        [sys.executable, str(script), str(vault.path), PASSPHRASE], stdout=subprocess.PIPE, text=True, env=env, cwd=root
    )
    assert parent.stdout is not None
    line = parent.stdout.readline().split()
    assert line and line != ["finished"], "the load ended before the workers were seen"
    workers = [int(pid) for pid in line]
    assert workers
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in workers if _alive(pid)]
    assert not alive, f"orphan workers: {alive}"


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].split()[0]
    except OSError:
        return False
    return status != "Z"
