"""Bodies of a cold unlock set aside sealed on disk: read back whole, nothing left behind, failures cost memory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mentorjournal.errors import Locked
from mentorjournal.vault import Vault, spill
from mentorjournal.vault import vault as vault_module
from mentorjournal.vault.spill import SpilledBodies
from mentorjournal.vault.vault import remove_local_caches, unlock_cache_dir
from tests.conftest import PASSPHRASE

CANARY = "spill-canary-7c1e"


def _fill(vault: Vault, n: int) -> None:
    for i in range(n):
        vault.put("note" if i % 3 else "other", {"i": i, "text": f"{CANARY} {i} " * 40})


def _bodies(vault_dir: Path) -> dict[str, object]:
    with Vault.unlock(vault_dir, PASSPHRASE) as v:
        remove_local_caches(v.vault_id)
        v.load()
        return {r.revision_id: r.body for r in v.graph.revisions().values()}


class TestSpill:
    def test_a_spilled_cold_unlock_reads_what_a_kept_one_reads(
        self, vault: Vault, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _fill(vault, 60)
        vault.lock()
        kept = _bodies(vault.path)
        monkeypatch.setattr(vault_module, "SPILL_FROM", 1)
        monkeypatch.setattr(spill, "CHUNK_SIZE", 2048)  # many chunks
        monkeypatch.setattr(spill, "KEEP_CHUNKS", 2)  # and few kept: reads go back to the file
        assert _bodies(vault.path) == kept
        with Vault.unlock(vault.path, PASSPHRASE) as v:  # the unlock cache written from the spill is whole
            assert v.load().from_cache == 60
            assert {r.revision_id: r.body for r in v.graph.revisions().values()} == kept

    def test_nothing_is_left_in_the_cache_folder_and_nothing_is_plaintext(
        self, vault: Vault, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _fill(vault, 30)
        vault.lock()
        monkeypatch.setattr(vault_module, "SPILL_FROM", 1)
        with Vault.unlock(vault.path, PASSPHRASE) as v:
            remove_local_caches(v.vault_id)
            v.load()
            held = [b for b in v._cached_bodies if isinstance(b, SpilledBodies)]
            assert held, "the load did not set its bodies aside"
            assert not [p for p in unlock_cache_dir().iterdir() if ".spill-" in p.name]
            fd = held[0]._fd
            assert fd is not None
            sealed = os.pread(fd, 1 << 20, 0)
            assert sealed and CANARY.encode() not in sealed
        assert held[0]._fd is None  # closed at lock
        with pytest.raises(Locked):
            held[0].raw("x", 0)

    def test_a_write_that_fails_keeps_the_chunk_in_memory(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        bodies = SpilledBodies(tmp_path, "v")
        places = [bodies.add("note", f"{i:x}" * 32, f'{{"i":{i}}}'.encode()) for i in range(16)]

        def full(*_args: object) -> int:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "pwrite", full)
        bodies.finish()
        assert [bodies.body("r", row) for row in places] == [{"i": i} for i in range(16)]
        bodies.close()
        assert not list(tmp_path.iterdir())

    def test_reads_before_finish_seal_the_open_chunk(self, tmp_path: Path) -> None:
        bodies = SpilledBodies(tmp_path, "v")
        place = bodies.add("note", "a" * 32, b'{"n":1}')
        assert bodies.body("r", place) == {"n": 1}
        later = bodies.add("note", "a" * 32, b'{"n":2}')
        bodies.finish()
        assert bodies.body("r", later) == {"n": 2} and bodies.body("r", place) == {"n": 1}
        bodies.close()
