"""First run, unlock, wrong passphrase, lock key and idle lock, through the real app."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from textual.widgets import Button, Checkbox, Input, Static

from mentorjournal.journal.catalogue import Card
from mentorjournal.tui.screens.create_vault import CreateVaultScreen, RecoveryKeyScreen, strength_hint
from mentorjournal.tui.screens.mentees import MenteesScreen
from mentorjournal.tui.screens.problem import ProblemScreen
from mentorjournal.tui.screens.unlock import UnlockScreen
from mentorjournal.vault import Vault
from mentorjournal.vault.record import Revision

from .helpers import PASSPHRASE, fill_vault, make_app, press, unlock, wait_for


class TestFirstRun:
    async def test_creates_a_vault_and_shows_the_recovery_key_once(self, tmp_path: Path) -> None:
        """No vault: passphrase twice, recovery key, confirmation, then the empty mentee list."""
        vault_dir = tmp_path / "vault"
        app = make_app(vault_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, CreateVaultScreen))
            app.screen.query_one("#new-passphrase", Input).value = PASSPHRASE
            app.screen.query_one("#repeat-passphrase", Input).value = PASSPHRASE
            await press(pilot, "ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, RecoveryKeyScreen))
            key = str(app.screen.query_one("#recovery-key", Static).render())
            assert len(key.replace("-", "").strip()) >= 20
            assert app.screen.query_one("#continue", Button).disabled
            app.screen.query_one("#written-down", Checkbox).value = True
            await pilot.pause()
            app.screen.query_one("#continue", Button).press()
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert app.journal is not None
            assert app.journal.mentees() == []
        assert Vault.read_header(vault_dir) is not None

    async def test_different_passphrases_are_refused(self, tmp_path: Path) -> None:
        """The two fields must match; nothing is created until they do."""
        vault_dir = tmp_path / "vault"
        app = make_app(vault_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, CreateVaultScreen))
            app.screen.query_one("#new-passphrase", Input).value = PASSPHRASE
            app.screen.query_one("#repeat-passphrase", Input).value = PASSPHRASE + "x"
            await press(pilot, "ctrl+s")
            await pilot.pause()
            assert "differ" in str(app.screen.query_one("#create-error", Static).render())
            assert isinstance(app.screen, CreateVaultScreen)
        assert not (vault_dir / "vault.mjv").exists()

    def test_strength_hint_prefers_several_words(self) -> None:
        """Short is refused, common is weak, four words are strong."""
        assert strength_hint("abc")[0] == "too-short"
        assert strength_hint("password")[0] == "weak"
        assert strength_hint("correct horse battery staple")[0] == "strong"


class TestUnlock:
    async def test_unlock_shows_the_mentees(self, tmp_path: Path) -> None:
        """The right passphrase opens the journal on the mentee list."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            assert app.journal is not None
            assert [m.name for m in app.journal.mentees()] == ["Amara Okafor", "Bilal Hussain"]

    async def test_wrong_passphrase_says_so_and_allows_another_try(self, tmp_path: Path) -> None:
        """A wrong passphrase: a clear message, the field cleared, and the right one still works."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
            app.screen.query_one("#passphrase", Input).value = "not the passphrase"
            await press(pilot, "enter")
            error = app.screen.query_one("#unlock-error", Static)
            await wait_for(pilot, lambda: "wrong passphrase" in str(error.render()).lower())
            assert app.screen.query_one("#passphrase", Input).value == ""
            assert app.vault is None
            await unlock(pilot)
            assert app.journal is not None

    async def test_cheap_vault_warns(self, tmp_path: Path) -> None:
        """A vault made with test-only Argon2 parameters says so on the unlock screen."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
            assert "test-only" in str(app.screen.query_one("#cheap-warning", Static).render())

    async def test_damaged_header_is_a_problem_screen(self, tmp_path: Path) -> None:
        """A foreign header: a one-line reason, no traceback, no unlock prompt."""
        vault_dir = tmp_path / "vault"
        vault_dir.mkdir()
        (vault_dir / "vault.mjv").write_bytes(b"not a vault header at all")
        app = make_app(vault_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, ProblemScreen))
            assert str(app.screen.query_one("#problem-message", Static).render())


class TestLocking:
    async def test_lock_key_drops_the_journal(self, tmp_path: Path) -> None:
        """ctrl+l: vault locked, journal dropped, no screen with data left, unlock shown."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault")
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            vault = app.vault
            assert vault is not None
            await press(pilot, "enter")  # open a mentee: one more screen holding decrypted text
            await pilot.pause()
            journal = weakref.ref(app.journal)
            await press(pilot, "ctrl+l")
            await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
            assert app.journal is None and app.vault is None
            assert vault.is_locked
            assert journal() is None  # freed at the lock, not whenever a full collection comes
            assert not [o for o in gc.get_objects() if isinstance(o, (Card, Revision))]
            assert len(app.screen_stack) == 2  # the empty base screen and the unlock screen
            await unlock(pilot)
            assert app.journal is not None

    async def test_idle_lock(self, tmp_path: Path) -> None:
        """With a short idle timeout the app locks by itself and says why."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault", idle_lock_seconds=0.5)
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), timeout=5)
            assert app.journal is None
            assert "without activity" in str(app.screen.query_one("#lock-reason", Static).render())

    async def test_activity_postpones_the_idle_lock(self, tmp_path: Path) -> None:
        """Key presses count as activity."""
        fill_vault(tmp_path / "vault")
        app = make_app(tmp_path / "vault", idle_lock_seconds=1.0)
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            for _ in range(8):
                await pilot.press("down")
                await pilot.pause(0.2)
            assert app.journal is not None


async def test_records_arriving_from_another_device_appear_without_touching_unsaved_text(tmp_path: Path) -> None:
    """A sync engine drops another device's saves into the folder; ctrl+r (or the timer) picks them up."""
    from mentorjournal.journal import Journal
    from mentorjournal.journal.model import Mentee
    from mentorjournal.tui.widgets.record_table import RecordTable

    vault_dir = tmp_path / "vault"
    fill_vault(vault_dir)
    app = make_app(vault_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
        before = app.screen.query_one(RecordTable).row_count
        assert app.vault is not None
        app.vault._lock.release()  # type: ignore[union-attr]  # stand-in for another device's copy of the folder
        with Vault.unlock(vault_dir, PASSPHRASE) as other:
            other.load()
            Journal(other).save(Mentee(name="Arrived From The Laptop"))
        app.vault._lock.acquire()  # type: ignore[union-attr]
        await press(pilot, "ctrl+r")
        await wait_for(pilot, lambda: app.screen.query_one(RecordTable).row_count == before + 1)
