"""The CLI catches up with the app: goal delete, action delete, person edit and delete; a write
refused while the app holds the vault says what to do, and reads still work."""

from __future__ import annotations

from mentorjournal.vault import Vault
from tests.conftest import PASSPHRASE

from .test_journal_cli import Cli, cli, jose

__all__ = ["cli", "jose"]


class TestDeletes:
    def test_goal_delete_refuses_a_goal_in_use_then_unlinks(self, cli: Cli, jose: str) -> None:
        goal = cli.json("goal", "add", "Lead a team", "--mentee", "jose")["id"]
        cli.json("action", "add", "Read the book", "--mentee", "jose", "--goal", goal)
        message = cli.fails(2, "goal", "delete", goal[:8])
        assert "--unlink" in message and "dropped" in message
        assert "unlinked" in cli.ok("goal", "delete", goal[:8], "--unlink")
        assert cli.json("goal", "list") == []
        assert cli.json("action", "list")[0]["goal_id"] is None

    def test_action_delete(self, cli: Cli, jose: str) -> None:
        action = cli.json("action", "add", "Send the CV", "--mentee", "jose")["id"]
        assert "Deleted action item" in cli.ok("action", "delete", action[:6])
        assert cli.json("action", "list") == []
        cli.fails(9, "action", "delete", action[:6])


class TestPeople:
    def test_person_edit_by_name_and_delete(self, cli: Cli, jose: str) -> None:
        cli.ok("person", "add", "Carla Ruiz", "--alias", "Carla", "--relationship", "manager")
        edited = cli.json(
            "person", "edit", "carla ruiz", "--alias", "CR", "--remove-alias", "carla", "--relationship",
            "skip-level manager", "--mentee", "jose",
        )  # fmt: skip
        assert edited["aliases"] == ["CR"] and edited["relationship"] == "skip-level manager"
        assert edited["mentee_id"] == jose
        assert "no longer replace" in cli.ok("person", "delete", "CR")
        assert cli.json("person", "list") == []
        cli.fails(9, "person", "edit", "nobody", "--notes", "x")


class TestAppOpen:
    def test_reads_work_and_a_refused_write_says_what_to_do(self, cli: Cli, jose: str) -> None:
        vault = Vault.unlock(cli.tmp_path / "v", PASSPHRASE)  # as the app holds it: the writer lock
        try:
            assert cli.json("mentee", "list")[0]["id"] == jose
            message = cli.fails(7, "goal", "add", "Lead", "--mentee", "jose")
            assert "make this change in the app" in message and "ctrl+q" in message
        finally:
            vault.lock()
