"""The vault carried by real Syncthing: two instances on loopback, started and stopped by the test.

The same scenarios as with git: records written on both machines while apart all arrive; the same
record edited on both becomes two heads (a conflict the mentor resolves); a passphrase changed on both
leaves a ``vault.sync-conflict-*.mjv`` copy and either passphrase still unlocks, until the mentor agrees
on one and removes the copy. An open vault notices arriving records with ``refresh()``.
"""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentorjournal.errors import WrongPassphrase
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault, opening, sync
from mentorjournal.vault.vault import iter_record_files
from tests.conftest import PASSPHRASE
from tests.sync.syncthing_pair import SyncthingPair

pytestmark = pytest.mark.skipif(
    shutil.which("syncthing") is None,
    reason="syncthing is not installed (Debian: apt-get install -y syncthing); these tests run the real engine",
)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[SyncthingPair]:
    machines = SyncthingPair(tmp_path, sync.SUGGESTED_STIGNORE)
    created = Vault.create(machines.desktop.folder, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
    created.vault.put("goal", {"title": "before the machines split"})
    created.vault.lock()
    try:
        machines.start()
        machines.settle("carry the new vault to the laptop")
        yield machines
    finally:
        machines.stop()


def header_copies(folder: Path) -> list[str]:
    return [p.name for p in opening.header_copy_paths(folder)]


class TestSyncthing:
    def test_edits_on_both_machines_arrive_and_a_shared_edit_is_a_conflict(self, pair: SyncthingPair) -> None:
        desktop, laptop = pair.desktop.folder, pair.laptop.folder
        with Vault.unlock(desktop, PASSPHRASE, read_only=True) as v:
            (shared,) = v.graph.record_ids()
        open_on_laptop = Vault.unlock(laptop, PASSPHRASE, read_only=True)  # the app, running all along
        try:
            assert len(open_on_laptop.graph) == 1
            pair.apart()
            with Vault.unlock(desktop, PASSPHRASE) as v:
                on_desktop = v.put("session", {"text": "written on the desktop"}).record_id
                v.put("goal", {"title": "desktop's edit"}, record_id=shared)
            with Vault.unlock(laptop, PASSPHRASE) as v:
                on_laptop = v.put("session", {"text": "written on the laptop"}).record_id
                v.put("goal", {"title": "laptop's edit"}, record_id=shared)
            pair.together()
            pair.settle("exchange the records written apart")

            arrived = open_on_laptop.refresh()  # the running app picks up what came in
            # ... its own machine's other writes and the desktop's, four new revisions in all
            assert {r.record_id for r in arrived} == {on_desktop, on_laptop, shared} and len(arrived) == 4
            assert len(open_on_laptop.graph.heads(shared)) == 2
        finally:
            open_on_laptop.lock()

        for folder in (desktop, laptop):
            with Vault.unlock(folder, PASSPHRASE, read_only=True) as v:
                report = v.check()
                assert not report.damaged and not report.ignored and report.loaded == 5
                assert set(v.graph.record_ids()) == {shared, on_desktop, on_laptop}
                assert set(v.graph.conflicts()) == {shared}
            for path, _ in iter_record_files(folder):
                assert stat.S_IMODE(path.stat().st_mode) == 0o600

        # Resolved on the laptop; the resolution reaches the desktop.
        with Vault.unlock(laptop, PASSPHRASE) as v:
            v.put("goal", {"title": "merged by the mentor"}, record_id=shared)
        pair.settle("carry the resolution")
        with Vault.unlock(desktop, PASSPHRASE, read_only=True) as v:
            assert v.graph.conflicts() == {}

    def test_passphrase_changed_on_both_machines(self, pair: SyncthingPair) -> None:
        desktop, laptop = pair.desktop.folder, pair.laptop.folder
        pair.apart()
        for folder, new in ((desktop, "desktop pass"), (laptop, "laptop pass")):
            with Vault.unlock(folder, PASSPHRASE) as v:
                v.change_passphrase(new, kdf=CHEAPEST_FOR_TESTS_ONLY)
        pair.together()
        pair.settle("keep both headers", lambda: len(header_copies(desktop)) == 1)
        assert header_copies(laptop) == header_copies(desktop)

        for folder in (desktop, laptop):
            for passphrase in ("desktop pass", "laptop pass"):
                with Vault.unlock(folder, passphrase, read_only=True) as v:
                    assert v.header_conflict is not None
                    assert not v.check().damaged
            with pytest.raises(WrongPassphrase):
                Vault.unlock(folder, PASSPHRASE, read_only=True)

        # The mentor agrees on one passphrase on the desktop, then removes the copy; the laptop follows.
        with Vault.unlock(desktop, "desktop pass") as v:
            assert len(v.change_passphrase("agreed pass", kdf=CHEAPEST_FOR_TESTS_ONLY)) == 1
        pair.settle("carry the agreed header", lambda: not header_copies(laptop))
        with Vault.unlock(laptop, "agreed pass", read_only=True) as v:
            assert v.header_conflict is None
        for old in ("desktop pass", "laptop pass"):
            with pytest.raises(WrongPassphrase):
                Vault.unlock(laptop, old, read_only=True)
