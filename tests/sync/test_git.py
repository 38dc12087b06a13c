"""The vault carried by real git: two clones and a bare remote on this machine, edits on both, pull/merge/push.

Record files are new files with random names, so git merges them without a conflict; the same record
edited on both machines becomes two heads in the vault (a conflict the mentor resolves), never a loss.
A passphrase changed on both machines is a git conflict on vault.mjv, resolved as docs/sync.md says.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault, sync
from mentorjournal.vault.vault import HEADER_NAME
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_IDENTITY = ["-c", "user.name=Mentor", "-c", "user.email=mentor@example.invalid", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    return subprocess.run(
        ["git", *GIT_IDENTITY, "-c", "pull.rebase=false", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=check,
    )


def commit_and_push(repo: Path, message: str) -> None:
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", message)
    git(repo, "pull", "-q", "--no-edit")
    git(repo, "push", "-q")


@pytest.fixture
def machines(tmp_path: Path) -> tuple[Path, Path, str]:
    """A vault in a git repository on the desktop, pushed to a bare remote and cloned on the laptop."""
    remote, desktop, laptop = tmp_path / "remote.git", tmp_path / "desktop", tmp_path / "laptop"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    created = Vault.create(desktop, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
    shared = created.vault.put("goal", {"title": "before the machines split"}).record_id
    created.vault.lock()
    (desktop / ".gitignore").write_text(sync.SUGGESTED_GITIGNORE)
    (desktop / ".gitattributes").write_text(sync.SUGGESTED_GITATTRIBUTES)
    git(desktop, "init", "-q")
    git(desktop, "remote", "add", "origin", str(remote))
    git(desktop, "add", ".")
    git(desktop, "commit", "-q", "-m", "vault")
    git(desktop, "push", "-q", "-u", "origin", "main")
    git(tmp_path, "clone", "-q", str(remote), str(laptop))
    return desktop, laptop, shared


def records_of(folder: Path) -> dict[str, int]:
    """record id -> number of current heads, after a full check that finds nothing damaged or foreign."""
    with Vault.unlock(folder, PASSPHRASE, read_only=True) as v:
        report = v.check()
        assert not report.damaged and not report.ignored
        return {rid: len(v.graph.heads(rid)) for rid in v.graph.record_ids()}


class TestGit:
    def test_edits_on_both_clones_merge_without_loss_and_a_shared_edit_is_a_conflict(
        self, machines: tuple[Path, Path, str]
    ) -> None:
        desktop, laptop, shared = machines
        with Vault.unlock(desktop, PASSPHRASE) as v:
            on_desktop = v.put("session", {"text": "written on the desktop"}).record_id
            v.put("goal", {"title": "desktop's edit"}, record_id=shared)
        with Vault.unlock(laptop, PASSPHRASE) as v:
            on_laptop = v.put("session", {"text": "written on the laptop"}).record_id
            v.put("goal", {"title": "laptop's edit"}, record_id=shared)
        commit_and_push(desktop, "desktop")
        commit_and_push(laptop, "laptop")  # pulls (a merge commit), then pushes
        git(desktop, "pull", "-q", "--no-edit")

        for folder in (desktop, laptop):
            assert records_of(folder) == {shared: 2, on_desktop: 1, on_laptop: 1}
            assert ".lock" not in git(folder, "ls-files").stdout  # the suggested .gitignore works

        # The mentor resolves the conflict on the laptop; the resolution travels back.
        with Vault.unlock(laptop, PASSPHRASE) as v:
            v.put("goal", {"title": "merged by the mentor"}, record_id=shared)
        commit_and_push(laptop, "resolved")
        git(desktop, "pull", "-q", "--no-edit")
        with Vault.unlock(desktop, PASSPHRASE, read_only=True) as v:
            assert v.graph.conflicts() == {}
            current = v.graph.current(shared)
            assert current is not None and current.body == {"title": "merged by the mentor"}
            assert len(v.graph.history(shared)) == 4

    def test_passphrase_changed_on_both_clones(self, machines: tuple[Path, Path, str]) -> None:
        """git stops on vault.mjv; keeping the other side as a copy (docs/sync.md) keeps both passphrases."""
        desktop, laptop, _ = machines
        for folder, new in ((desktop, "desktop pass"), (laptop, "laptop pass")):
            with Vault.unlock(folder, PASSPHRASE) as v:
                v.change_passphrase(new, kdf=CHEAPEST_FOR_TESTS_ONLY)
        commit_and_push(desktop, "desktop passphrase")
        git(laptop, "commit", "-q", "-am", "laptop passphrase")
        merge = git(laptop, "pull", "--no-edit", check=False)
        assert merge.returncode != 0 and HEADER_NAME in merge.stdout + merge.stderr
        # The documented resolution: keep ours as vault.mjv and theirs as a conflict copy.
        git(laptop, "checkout", "--ours", HEADER_NAME)
        blob = subprocess.run(
            ["git", "show", f"MERGE_HEAD:{HEADER_NAME}"], cwd=laptop, capture_output=True, check=True, timeout=60
        ).stdout
        (laptop / "vault.sync-conflict-git.mjv").write_bytes(blob)
        git(laptop, "add", ".")
        git(laptop, "commit", "-q", "--no-edit")
        git(laptop, "push", "-q")
        git(desktop, "pull", "-q", "--no-edit")

        for folder in (desktop, laptop):
            for passphrase in ("desktop pass", "laptop pass"):
                with Vault.unlock(folder, passphrase, read_only=True) as v:
                    assert v.header_conflict is not None
                    assert not v.check().damaged
