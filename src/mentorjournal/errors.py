"""One error hierarchy for the whole application.

Every error a user can meet is a ``MentorJournalError`` with a one-line message and its own exit
status. Messages never contain note content, passphrases or key material: they may end up in a
terminal scrollback, a CI log or a bug report.
"""

from __future__ import annotations


class MentorJournalError(Exception):
    """Base of every expected failure; ``str(err)`` is the one line shown to the user."""

    exit_status = 1


class UsageError(MentorJournalError):
    """The command line or an input value is wrong (bad date, unknown option value...)."""

    exit_status = 2


class WrongPassphrase(MentorJournalError):
    """The passphrase (or recovery key) does not open any key slot of this vault."""

    exit_status = 3


class HeaderDamaged(MentorJournalError):
    """The vault header is damaged, truncated, tampered with, or asks for refused parameters."""

    exit_status = 4


class ForeignFile(HeaderDamaged):
    """The file is not a MentorJournal file at all (wrong magic bytes)."""


class UnsupportedVersion(HeaderDamaged):
    """The file was written by a newer MentorJournal format than this program reads."""


class KdfParametersRefused(HeaderDamaged):
    """The header asks for Argon2 parameters outside the bounds this program will run."""


class RecordDamaged(MentorJournalError):
    """A record file fails authentication, is truncated, or is not where its name says."""

    exit_status = 5

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class NotAVault(MentorJournalError):
    """The folder holds no vault header (or does not exist)."""

    exit_status = 6


class VaultInUse(MentorJournalError):
    """Another process holds this vault open for writing."""

    exit_status = 7


class VaultExists(MentorJournalError):
    """Refused to create a vault over an existing one."""

    exit_status = 8


class NotFound(MentorJournalError):
    """A mentee, session or other object named on the command line does not exist (or is ambiguous)."""

    exit_status = 9


class StorageError(MentorJournalError):
    """The operating system refused a read or write (disk full, I/O error, permissions)."""

    exit_status = 10


class InvalidInput(MentorJournalError):
    """A note file, import file or field value cannot be parsed; nothing was stored."""

    exit_status = 11


class ExportRefused(MentorJournalError):
    """An export would have written something it must not (a known name, a pattern, an overwrite)."""

    exit_status = 12


class ExportNotLogged(StorageError):
    """An export was written, but its entry in the vault's export log could not be."""


class Locked(MentorJournalError):
    """The vault was locked (by the user or by idle time) and the operation needs it unlocked."""

    exit_status = 13
