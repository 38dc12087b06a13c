"""Fixtures for the journal tests: a journal over a fresh cheap vault, with a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorjournal.journal import Journal
from mentorjournal.vault import Vault

TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def journal(vault: Vault) -> Journal:
    vault.load()
    return Journal(vault, today=lambda: TODAY)
