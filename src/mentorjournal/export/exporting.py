"""The one way a summary leaves: build → review → render → final re-scan → private file → log entry.

Both front ends go through here and write export files no other way. ``export_summary`` runs the whole
pipeline with a review decided up front (the CLI redacts every finding); the app runs it in two calls
around its interactive review: ``begin_export`` builds the summary and its findings, ``finish_export``
renders, re-scans, writes and logs. ``export_unredacted`` is the mentor's confirmed plaintext copy.

The export log is kept by the journal (``Journal.record_export``), encrypted like everything else: when,
for whom, the period and the counts of each kind of redaction, never the values, nor the file's path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorjournal.errors import ExportNotLogged, ExportRefused, MentorJournalError, StorageError, UsageError
from mentorjournal.export.formats import Audience, Format, export_format
from mentorjournal.export.handoff import Sealing
from mentorjournal.export.labels import MenteeName, default_mentee_name, known_people, mentee_heading
from mentorjournal.export.render import render
from mentorjournal.export.review import SummaryReview
from mentorjournal.export.review_memory import load_memory, save_memory
from mentorjournal.export.summary import build_summary
from mentorjournal.export.unredacted import full_record
from mentorjournal.inert import inert_name
from mentorjournal.journal import Journal, Mentee
from mentorjournal.vault import storage
from mentorjournal.vault.backup import refuse_inside_vault


@dataclass(frozen=True)
class ToFile:
    """Write a new private file (0600); ``overwrite`` replaces an existing one whole. With ``sealing`` the
    file is an age file, encrypted in memory: no plaintext copy of the export is ever written."""

    path: Path
    overwrite: bool = False
    sealing: Sealing | None = None


@dataclass(frozen=True)
class ToStream:
    """Hand the text to a writer (the CLI's standard output)."""

    write: Callable[[str], None]


Destination = ToFile | ToStream


@dataclass(frozen=True)
class ExportResult:
    """What was exported: kinds and counts only."""

    destination: str  # "file", "age-file" or "stdout"
    counts: dict[str, int]
    private_withheld: int
    without_consent: int = 0
    # Special-category sentences, by category: {"withheld": {"health": 1}, "kept": {...}} (never the text).
    sensitive: dict[str, dict[str, int]] = field(default_factory=dict)


def begin_export(
    journal: Journal,
    mentee: Mentee,
    *,
    audience: Audience,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
    mentee_name: MenteeName | None = None,
    keep_sensitive: Iterable[str] = (),
) -> SummaryReview:
    """Build the summary and find everything to review (nothing is written).

    ``mentee_name``: how the summary names its mentee (default: their own name in their own summary,
    else their pseudonym; their own name is refused for anyone else). ``keep_sensitive``: special
    categories kept by default in a coordinator summary (``export --keep-sensitive``), beside those the
    agreement lets the coordinator read.
    """
    chosen = mentee_name or default_mentee_name(audience)
    if audience != "mentee" and chosen == "name":
        raise UsageError("--mentee-name name is only for the mentee's own summary (--audience mentee)")
    summary = build_summary(journal, mentee, audience=audience, since=since, until=until, today=today)
    summary.pseudonym = mentee_heading(mentee, audience=audience, mentee_name=chosen)
    people = known_people(journal, mentee, mentee_name=chosen)
    return SummaryReview(summary, people, keep_sensitive=keep_sensitive, memory=load_memory(journal))


def finished_text(review: SummaryReview, fmt: Format) -> str:
    """The final document: every finding reviewed, applied, rendered, and re-scanned clean."""
    text = render(review.redacted(), export_format(fmt).name)
    review.final_check(text)
    return text


def finish_export(
    journal: Journal, mentee: Mentee, review: SummaryReview, fmt: Format, destination: Destination
) -> ExportResult:
    """Render, re-scan, write and log ``mentee``'s reviewed summary. A refused re-scan writes nothing.

    ``ExportNotLogged`` means the text was written but the log entry could not be: the caller says so.
    """
    text = finished_text(review, fmt)
    where = write_export(journal, destination, text)
    summary = review.summary
    result = ExportResult(
        where, review.counts(), summary.private_passages_withheld, summary.passages_without_consent,
        review.sensitive_counts(),
    )  # fmt: skip
    _log(journal, mentee.id, summary.audience, fmt, summary.since, summary.until, result)
    remember_review(journal, review)
    return result


def remember_review(journal: Journal, review: SummaryReview) -> bool:
    """Store the mentor's decisions of ``review`` in the vault, so the next export asks only what is new.

    Nothing is stored when nobody decided anything (the CLI's non-interactive export) or the vault is
    read-only. The memory is a convenience: a failure to store it never undoes an export already written.
    """
    if review.memory is None or not review.decided_by_mentor:
        return False
    memory = review.remember(journal.today())
    try:
        return memory is not None and save_memory(journal, memory)
    except StorageError:
        return False


def export_summary(
    journal: Journal,
    mentee: Mentee,
    *,
    audience: Audience,
    fmt: Format,
    destination: Destination,
    since: dt.date | None = None,
    until: dt.date | None = None,
    mentee_name: MenteeName | None = None,
    keep_sensitive: Iterable[str] = (),
    decide: Callable[[SummaryReview], None] = SummaryReview.apply_defaults,
) -> ExportResult:
    """The whole pipeline with the review decided by ``decide``: by default each finding's default (every
    finding redacted; special-category sentences withheld for the coordinator, kept for the mentee),
    after the mentor's remembered decisions on unchanged passages."""
    export_format(fmt)  # an unknown format is refused before anything is built
    review = begin_export(
        journal, mentee, audience=audience, since=since, until=until, mentee_name=mentee_name,
        keep_sensitive=keep_sensitive,
    )  # fmt: skip
    decide(review)
    return finish_export(journal, mentee, review, fmt, destination)


def export_unredacted(
    journal: Journal,
    mentee: Mentee,
    destination: Destination,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> ExportResult:
    """The full plaintext record of one mentee (Markdown); the caller has had it confirmed."""
    where = write_export(journal, destination, full_record(journal, mentee, since=since, until=until))
    result = ExportResult(where, {}, 0)
    _log(journal, mentee.id, "mentor", "md", since, until, result, unredacted=True)
    return result


def export_log(journal: Journal) -> list[dict[str, Any]]:
    """Every export recorded in the vault, newest first."""
    return journal.export_log()


# --- writing and logging -------------------------------------------------------------------------


def export_document(
    journal: Journal,
    mentee: Mentee,
    text: str,
    destination: Destination,
    *,
    audience: str,
    fmt: str,
    counts: dict[str, int],
) -> ExportResult:
    """Write and log a document another module built and reviewed (a subject access document)."""
    result = ExportResult(write_export(journal, destination, text), counts, 0)
    _log(journal, mentee.id, audience, fmt, None, None, result)
    return result


def write_export(journal: Journal, destination: Destination, text: str) -> str:
    """Write ``text`` where ``destination`` says; returns the export log's destination word (never a path)."""
    if isinstance(destination, ToStream):
        destination.write(text)
        return "stdout"
    vault_dir = journal.vault_dir
    if destination.sealing is not None:
        sealed = destination.sealing.seal(text)  # in memory: the plaintext never reaches the disk
        write_private_file(destination.path, sealed, vault_dir=vault_dir, overwrite=destination.overwrite)
        return "age-file"
    write_private_file(destination.path, text, vault_dir=vault_dir, overwrite=destination.overwrite)
    return "file"


def _log(
    journal: Journal,
    mentee_id: str,
    audience: str,
    fmt: str,
    since: dt.date | None,
    until: dt.date | None,
    result: ExportResult,
    *,
    unredacted: bool = False,
) -> None:
    """Record the export inside the vault: kinds and counts only."""
    entry: dict[str, Any] = {
        "schema": 1,
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "mentee_id": mentee_id,
        "audience": audience,
        "format": fmt,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        # "file", "age-file" or "stdout": never the path, which may itself carry a name
        "destination": result.destination,
        "redactions": dict(sorted(result.counts.items())),
        "private_passages_withheld": result.private_withheld,
        "sensitive": {k: dict(sorted(v.items())) for k, v in sorted(result.sensitive.items())},
        "unredacted": unredacted,
    }
    try:
        journal.record_export(entry)
    except MentorJournalError as exc:
        raise ExportNotLogged(f"the export was written, but it could not be logged: {exc}") from None


def write_private_file(path: Path, text: str | bytes, *, vault_dir: Path, overwrite: bool = False) -> None:
    """Write an export to ``path``: complete or not at all, 0600, outside the vault folder. Text is written
    as UTF-8; bytes (an age file) as they are.

    Through the one private-file writer (``vault.storage.write_atomically``): a temp file beside ``path``,
    linked into place only once complete, so a full disk or a kill never leaves a truncated plaintext file.
    ``overwrite`` replaces only a regular file (never a device node, a folder or a symbolic link). A path
    inside the vault folder is refused, as for backups: a sync engine would carry the plaintext along.
    """
    shown = inert_name(str(path))
    refuse_inside_vault(path, vault_dir, "the export")
    try:
        storage.write_atomically(path, text.encode("utf-8") if isinstance(text, str) else text, replace=overwrite)
    except storage.TargetExists:
        raise ExportRefused(f"{shown} already exists; choose another name or pass --force") from None
    except storage.TargetNotRegular:
        raise ExportRefused(f"{shown} exists and is not a regular file; --force replaces only a regular file") from None
    except StorageError as exc:
        raise StorageError(f"could not write {shown}: {exc}") from None
