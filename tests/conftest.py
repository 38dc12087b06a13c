"""Shared fixtures. Every test runs with HOME and XDG_* pointed into its own temp folder, so no test
can ever touch a real user's vault, config or cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault

PASSPHRASE = "correct horse battery staple"

# CI (.ci/run) runs the property tests derandomized: a red CI is then reproducible from the same commit, and
# looking for new counterexamples is the work of development runs and `make long`.
# No per-example deadline: speed is measured by the benchmarks, not by tests, and on a loaded 2-core machine
# a first example that imports or loads data lazily took 0.45 s and failed a 0.2 s deadline.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in [
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_RUNTIME_DIR", "run"),
    ]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("MENTORJOURNAL_VAULT", raising=False)
    monkeypatch.delenv("TEXTUAL_LOG", raising=False)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[Vault]:
    """A fresh, unlocked, cheap-KDF vault (test-only parameters, explicitly)."""
    created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY)
    yield created.vault
    created.vault.lock()


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path
