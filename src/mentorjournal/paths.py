"""Where MentorJournal keeps things on disk, from platformdirs.

The vault folder is chosen, in order, by ``--vault``, ``$MENTORJOURNAL_VAULT``, then platformdirs'
user data dir. Config (non-secret preferences) and state (nothing secret either) have their own
folders. Nothing here creates files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "mentorjournal"
VAULT_ENV = "MENTORJOURNAL_VAULT"


@dataclass(frozen=True)
class Locations:
    vault: Path
    config: Path
    state: Path
    cache: Path


def default_vault_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "vault"


def resolve_vault_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The vault folder the user asked for, or the default one."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(VAULT_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_vault_dir()


def locations(explicit_vault: str | os.PathLike[str] | None = None) -> Locations:
    return Locations(
        vault=resolve_vault_dir(explicit_vault),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        state=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
