"""The encrypted vault: bytes, keys and files. Knows nothing about mentoring; never imports Textual.

Public surface: ``Vault`` (create, unlock, load, put, delete, change_passphrase, check, lock),
``Revision`` (one immutable version of a record), ``RevisionGraph`` (heads, history, conflicts),
``KdfParams`` and its named profiles. The byte layout is specified in docs/vault-format.md.
"""

from mentorjournal.vault.kdf import CHEAPEST_FOR_TESTS_ONLY, KdfParams, calibrate, floor_params
from mentorjournal.vault.record import Revision, new_id
from mentorjournal.vault.revisions import RevisionGraph
from mentorjournal.vault.vault import CreatedVault, DamagedFile, LoadReport, Vault, is_vault

__all__ = [
    "CHEAPEST_FOR_TESTS_ONLY",
    "CreatedVault",
    "DamagedFile",
    "KdfParams",
    "LoadReport",
    "Revision",
    "RevisionGraph",
    "Vault",
    "calibrate",
    "floor_params",
    "is_vault",
    "new_id",
]
