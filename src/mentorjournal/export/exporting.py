"""The one way a summary leaves: review complete → render → final re-scan → private file → log entry.

Both the CLI and the TUI call ``write_summary``; neither writes export files any other way. The export
log is a vault record (encrypted like everything else) holding when, for whom, the period and the
counts of each kind of redaction, never the values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mentorjournal.errors import ExportRefused, StorageError
from mentorjournal.export.render import Format, render
from mentorjournal.export.review import SummaryReview
from mentorjournal.inert import inert_name
from mentorjournal.journal import Journal
from mentorjournal.vault import storage
from mentorjournal.vault.backup import refuse_inside_vault


def finished_text(review: SummaryReview, fmt: Format) -> str:
    """The final document: every finding reviewed, applied, rendered, and re-scanned clean."""
    text = render(review.redacted(), fmt)
    review.final_check(text)
    return text


def write_private_file(path: Path, text: str, *, vault_dir: Path, overwrite: bool = False) -> None:
    """Write an export to ``path``: complete or not at all, 0600, outside the vault folder.

    Through the one private-file writer (``vault.storage.private_output``): a temp file beside ``path``,
    linked into place only once complete, so a full disk or a kill never leaves a truncated plaintext file.
    ``overwrite`` replaces only a regular file (never a device node, a folder or a symbolic link). A path
    inside the vault folder is refused, as for backups: a sync engine would carry the plaintext along.
    """
    shown = inert_name(str(path))
    refuse_inside_vault(path, vault_dir, "the export")
    try:
        storage.write_atomically(path, text.encode("utf-8"), replace=overwrite)
    except storage.TargetExists:
        raise ExportRefused(f"{shown} already exists; choose another name or pass --force") from None
    except storage.TargetNotRegular:
        raise ExportRefused(f"{shown} exists and is not a regular file; --force replaces only a regular file") from None
    except StorageError as exc:
        raise StorageError(f"could not write {shown}: {exc}") from None


def log_export(
    journal: Journal,
    *,
    mentee_id: str,
    audience: str,
    fmt: str,
    since: dt.date | None,
    until: dt.date | None,
    destination: str,
    counts: dict[str, int],
    private_withheld: int,
    unredacted: bool = False,
) -> None:
    """Record the export inside the vault: kinds and counts only."""
    body: dict[str, Any] = {
        "schema": 1,
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "mentee_id": mentee_id,
        "audience": audience,
        "format": fmt,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "destination": destination,  # "file" or "stdout": never the path, which may itself carry a name
        "redactions": dict(sorted(counts.items())),
        "private_passages_withheld": private_withheld,
        "unredacted": unredacted,
    }
    journal.record_export(body)


def export_log(journal: Journal) -> list[dict[str, Any]]:
    """Every export recorded in the vault, newest first."""
    return journal.export_log()
