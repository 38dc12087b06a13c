"""The one way a summary leaves: review complete → render → final re-scan → private file → log entry.

Both the CLI and the TUI call ``write_summary``; neither writes export files any other way. The export
log is a vault record (encrypted like everything else) holding when, for whom, the period and the
counts of each kind of redaction, never the values.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mentorjournal.errors import ExportRefused, StorageError
from mentorjournal.export.render import Format, render
from mentorjournal.export.review import SummaryReview
from mentorjournal.journal import Journal


def finished_text(review: SummaryReview, fmt: Format) -> str:
    """The final document: every finding reviewed, applied, rendered, and re-scanned clean."""
    text = render(review.redacted(), fmt)
    review.final_check(text)
    return text


def write_private_file(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Create ``path`` 0600 (never silently replacing a file), write, fsync.

    With ``overwrite`` the new text goes to a temp file beside it that then replaces it whole, so a
    failed write never leaves a truncated mix of old and new behind.
    """
    if overwrite:
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            write_private_file(tmp, text)
            os.replace(tmp, path)
        except OSError as exc:
            raise StorageError(f"cannot replace {path}: {os.strerror(exc.errno or 0)}") from None
        finally:
            tmp.unlink(missing_ok=True)
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise ExportRefused(f"{path} already exists; choose another name or pass --force") from None
    except OSError as exc:
        raise StorageError(f"cannot create {path}: {os.strerror(exc.errno or 0)}") from None
    try:
        os.fchmod(fd, 0o600)
        data = text.encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError as exc:
        raise StorageError(f"could not write {path}: {os.strerror(exc.errno or 0)}") from None
    finally:
        os.close(fd)


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
