"""Hostile files: mutated headers and records fed to the parsers.

Only the project's own errors may come out (never another exception), and a damaged record never yields
any of its plaintext. The number of examples grows in the long mode (MENTORJOURNAL_LONG=1).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.errors import MentorJournalError
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from mentorjournal.vault import header as hdr
from mentorjournal.vault.record import open_sealed
from mentorjournal.vault.vault import HEADER_NAME, record_path

EXAMPLES = 3000 if os.environ.get("MENTORJOURNAL_LONG") == "1" else 300
CANARY = "hostile-canary-5c1e"
PASSPHRASE = "fuzz passphrase"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, bytes, str]:
    folder = tmp_path_factory.mktemp("fuzz") / "vault"
    vault = Vault.create(folder, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY).vault
    rev = vault.put("note", {"text": CANARY * 20})
    vault.lock()
    header = (folder / HEADER_NAME).read_bytes()
    record = record_path(folder, rev.revision_id).read_bytes()
    return folder, header, record, rev.revision_id


def mutations(data: bytes) -> st.SearchStrategy[bytes]:
    """Flips, overwrites, cuts, insertions and splices of a valid file."""
    n = len(data)
    flip = st.tuples(st.integers(0, n - 1), st.integers(1, 255)).map(
        lambda t: data[: t[0]] + bytes([data[t[0]] ^ t[1]]) + data[t[0] + 1 :]
    )
    cut = st.integers(0, n - 1).map(lambda i: data[:i])
    extend = st.binary(min_size=1, max_size=64).map(lambda extra: data + extra)
    splice = st.tuples(st.integers(0, n), st.binary(max_size=32), st.integers(0, 32)).map(
        lambda t: data[: t[0]] + t[1] + data[t[0] + t[2] :]
    )
    return st.one_of(flip, cut, extend, splice, st.binary(max_size=n + 64))


class TestHostileHeaders:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def test_parser_raises_only_our_errors(self, sample: tuple[Path, bytes, bytes, str], data: st.DataObject) -> None:
        _folder, header, _record, _rid = sample
        mutated = data.draw(mutations(header))
        try:
            hdr.parse(mutated)
        except MentorJournalError:
            return
        # Without recomputing the SHA-256 trailer, only the unchanged file can parse.
        assert mutated == header


class TestHostileRecords:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def test_open_raises_only_our_errors_and_never_plaintext(
        self, sample: tuple[Path, bytes, bytes, str], data: st.DataObject
    ) -> None:
        folder, _header, record, rid = sample
        mutated = data.draw(mutations(record))
        vault = Vault.unlock(folder, PASSPHRASE, read_only=True)
        try:
            records_key = vault._keys()[1]
            vault_id = bytes.fromhex(vault.vault_id)
            try:
                rev = open_sealed(mutated, rid, records_key, vault_id)
            except MentorJournalError as exc:
                assert CANARY not in str(exc)
                return
            assert mutated == record and rev.body == {"text": CANARY * 20}
        finally:
            vault.lock()
