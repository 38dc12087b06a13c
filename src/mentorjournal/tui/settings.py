"""The app's non-secret preferences, read from ``config.toml`` in the user config folder.

Only ``idle_lock_minutes`` exists so far (top level or under ``[tui]``). A missing, unreadable or
malformed file gives the defaults: a preference must never stop the mentor reaching their notes.
Nothing secret is ever read from or written to this file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from mentorjournal.paths import locations

DEFAULT_IDLE_LOCK_SECONDS = 5 * 60
MIN_IDLE_LOCK_SECONDS = 30  # a config value below this is taken as a mistake (tests pass seconds directly)
MAX_IDLE_LOCK_SECONDS = 24 * 60 * 60
CONFIG_NAME = "config.toml"


@dataclass(frozen=True)
class Settings:
    idle_lock_seconds: float = DEFAULT_IDLE_LOCK_SECONDS


def config_file() -> Path:
    return locations().config / CONFIG_NAME


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings()
    section = data.get("tui", data)
    minutes = section.get("idle_lock_minutes") if isinstance(section, dict) else None
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        return Settings()
    seconds = min(max(float(minutes) * 60, MIN_IDLE_LOCK_SECONDS), MAX_IDLE_LOCK_SECONDS)
    return Settings(idle_lock_seconds=seconds)
