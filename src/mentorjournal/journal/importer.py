"""Import: a folder of note files (docs/note-format.md), one note file, or a jrnl JSON export.

Everything is read and checked first (``plan_import``): every file parsed, every mentee and goal
resolved, every value validated. Only then is anything written (``apply_import``), so an error
never leaves half an import behind. Re-importing the same notes is harmless: a session that is
already in the journal (same mentee, date, time, title and notes) is skipped.

Messages name the file and line or the entry number, never the note's content.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorjournal import limits
from mentorjournal.errors import InvalidInput, UsageError
from mentorjournal.journal.journal import Journal
from mentorjournal.journal.model import Mentee, Session
from mentorjournal.journal.noteformat import Note, normalise_block, normalise_line, parse
from mentorjournal.journal.notes import NotePlan, apply_plan, plan_note
from mentorjournal.journal.text import fold

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
Progress = Callable[[int, int], None]


@dataclass
class ImportPlan:
    """What an import will write, worked out without writing anything."""

    source: str  # "notes folder", "note file" or "jrnl export"
    plans: list[NotePlan] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why each skipped item was skipped (no content)
    duplicates: int = 0  # already in the journal (or twice in the import)
    new_mentees: list[Mentee] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(p.actions) for p in self.plans)

    def summary(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sessions": len(self.plans),
            "actions": self.action_count,
            "new_mentees": len(self.new_mentees),
            "duplicates_skipped": self.duplicates,
            "skipped": list(self.skipped),
        }


def _session_key(mentee_id: str, s: Session) -> tuple[object, ...]:
    return (mentee_id, s.date, s.start_time, fold(s.title), fold(normalise_block(s.notes)))


def _dedupe(journal: Journal, plan: ImportPlan) -> None:
    """Drop sessions that are already in the journal or appear twice in this import."""
    seen = {_session_key(s.mentee_id, s) for s in journal.sessions()}
    kept: list[NotePlan] = []
    for p in plan.plans:
        key = _session_key(p.mentee.id or f"new:{fold(p.mentee.name)}", p.session)
        if key in seen:
            plan.duplicates += 1
            continue
        seen.add(key)
        kept.append(p)
    plan.plans = kept


def _collect_new_mentees(plan: ImportPlan) -> None:
    seen: set[int] = set()
    for p in plan.plans:
        if not p.mentee.id and id(p.mentee) not in seen:
            seen.add(id(p.mentee))
            plan.new_mentees.append(p.mentee)


def _read_text(path: Path, shown: str) -> str:
    try:
        data = limits.read_capped(path, limits.IMPORT_FILE_MAX, shown=shown)
    except UsageError as exc:
        raise InvalidInput(str(exc)) from None
    return limits.decode_text(data, shown)


def _capped_int(text: str) -> int:
    if len(text.lstrip("-")) > limits.NUMBER_DIGITS_MAX:
        raise ValueError("a number with too many digits")
    return int(text)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _load_json(text: str, shown: str) -> Any:
    """A jrnl export: JSON not nested absurdly deep, numbers of a sane size, or a clean error."""
    try:
        return json.loads(text, parse_int=_capped_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{shown}: line {exc.lineno}: not valid JSON") from None
    except RecursionError:
        raise InvalidInput(f"{shown}: nested too deeply (a jrnl export nests 3 levels)") from None
    except ValueError:
        raise InvalidInput(
            f"{shown}: holds a number with more than {limits.NUMBER_DIGITS_MAX} digits, or NaN/Infinity"
        ) from None


def note_files(folder: Path) -> list[Path]:
    """Note files under ``folder`` (recursively), hidden ones left out, in a stable order."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in NOTE_SUFFIXES:
            out.append(path)
    return out


def plan_notes(
    journal: Journal,
    files: list[tuple[Path, str]],
    *,
    source: str,
    default_mentee: str | None = None,
    create_mentees: bool = False,
    progress: Progress | None = None,
) -> ImportPlan:
    """Plan the import of note files; ``default_mentee`` fills in notes that name none."""
    plan = ImportPlan(source=source)
    mentees: dict[str, Mentee] = {}
    existing_ids = {s.id for s in journal.sessions()}
    for done, (path, shown) in enumerate(files, 1):
        try:
            note = parse(_read_text(path, shown))
        except InvalidInput as exc:
            msg = str(exc)
            raise InvalidInput(msg if msg.startswith(shown) else f"{shown}: {msg}") from None
        if note.mentee is None and default_mentee:
            note.mentee = default_mentee
        if note.id and any(i.startswith(note.id) for i in existing_ids):
            plan.duplicates += 1  # printed by `session show` from this journal: already here
            continue
        note.id = None
        plan.plans.append(plan_note(journal, note, mentees=mentees, create_mentees=create_mentees, source=shown))
        if progress:
            progress(done, len(files))
    _dedupe(journal, plan)
    _collect_new_mentees(plan)
    return plan


# --- jrnl ----------------------------------------------------------------------------------------


def parse_tag_map(pairs: list[str]) -> dict[str, str]:
    """``@jose=José Núñez`` pairs (from ``--map-tag``) to {folded tag: mentee name or id}."""
    out: dict[str, str] = {}
    for pair in pairs:
        tag, sep, mentee = pair.partition("=")
        tag, mentee = tag.strip(), mentee.strip().strip("\"'")
        if not sep or not tag or not mentee:
            raise UsageError('--map-tag takes TAG=MENTEE, e.g. --map-tag @jose="José Núñez"')
        out[fold(tag)] = mentee
    return out


def _entry_field(entry: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = entry.get(name)
    if not isinstance(value, kind):
        raise InvalidInput(f"{where}: '{name}' is missing or not a {kind.__name__}")
    return value


def plan_jrnl(
    journal: Journal,
    data: Any,
    *,
    shown: str,
    tag_map: dict[str, str],
    default_mentee: str | None = None,
    create_mentees: bool = False,
    skip_unmapped: bool = False,
    progress: Progress | None = None,
) -> ImportPlan:
    """Plan the import of a parsed ``jrnl --export json`` document."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InvalidInput(f"{shown}: not a jrnl JSON export (no 'entries' list)")
    plan = ImportPlan(source="jrnl export")
    mentees: dict[str, Mentee] = {}
    entries: list[Any] = data["entries"]
    for n, entry in enumerate(entries, 1):
        where = f"{shown}: entry {n}"
        if not isinstance(entry, dict):
            raise InvalidInput(f"{where}: not an object")
        raw_date = _entry_field(entry, "date", str, where)
        try:
            when = dt.date.fromisoformat(raw_date)
        except ValueError:
            raise InvalidInput(f"{where}: date must be YYYY-MM-DD") from None
        start: dt.time | None = None
        raw_time = entry.get("time")
        if raw_time not in (None, ""):
            try:
                start = dt.time.fromisoformat(str(raw_time))
            except ValueError:
                raise InvalidInput(f"{where}: time must be HH:MM") from None
        title = entry.get("title", "")
        body = entry.get("body", "")
        tags = entry.get("tags", [])
        if not isinstance(title, str) or not isinstance(body, str):
            raise InvalidInput(f"{where}: title and body must be strings")
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise InvalidInput(f"{where}: tags must be a list of strings")
        for value in (title, body, *tags):
            limits.check_text(value, where)
        mapped = list(dict.fromkeys(tag_map[fold(t)] for t in tags if fold(t) in tag_map))
        if len(mapped) == 1:
            mentee_name: str | None = mapped[0]
        elif not mapped and default_mentee:
            mentee_name = default_mentee
        else:
            reason = "no mapped mentee tag" if not mapped else f"{len(mapped)} mapped mentee tags"
            if skip_unmapped:
                plan.skipped.append(f"entry {n} ({raw_date}): {reason}")
                continue
            raise InvalidInput(
                f"{where} ({raw_date}): {reason}; map tags with --map-tag TAG=MENTEE, give "
                "--default-mentee, or pass --skip-unmapped"
            )
        topics = [normalise_line(t.lstrip("@#")) for t in tags if fold(t) not in tag_map]
        if entry.get("starred") is True:
            topics.append("starred")
        note = Note(
            mentee=mentee_name,
            date=when,
            start_time=start,
            title=normalise_line(title),
            tags=[t for t in topics if t],
            notes=normalise_block(body),
        )
        plan.plans.append(plan_note(journal, note, mentees=mentees, create_mentees=create_mentees, source=where))
        if progress:
            progress(n, len(entries))
    _dedupe(journal, plan)
    _collect_new_mentees(plan)
    return plan


# --- entry points --------------------------------------------------------------------------------


def plan_import(
    journal: Journal,
    path: Path,
    *,
    tag_map: dict[str, str] | None = None,
    default_mentee: str | None = None,
    create_mentees: bool = False,
    skip_unmapped: bool = False,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read and check everything at ``path`` (a folder, a note file, or a jrnl ``.json`` export)."""
    if path.is_dir():
        files = [(p, str(p.relative_to(path))) for p in note_files(path)]
        return plan_notes(
            journal,
            files,
            source="notes folder",
            default_mentee=default_mentee,
            create_mentees=create_mentees,
            progress=progress,
        )
    if not path.is_file():
        raise UsageError(f"nothing to import at {path}")
    if path.suffix.lower() == ".json":
        data = _load_json(_read_text(path, path.name), path.name)
        return plan_jrnl(
            journal,
            data,
            shown=path.name,
            tag_map=tag_map or {},
            default_mentee=default_mentee,
            create_mentees=create_mentees,
            skip_unmapped=skip_unmapped,
            progress=progress,
        )
    return plan_notes(
        journal,
        [(path, path.name)],
        source="note file",
        default_mentee=default_mentee,
        create_mentees=create_mentees,
    )


@dataclass(frozen=True)
class ImportResult:
    sessions: int
    actions: int
    mentees: int


def apply_import(
    journal: Journal, plan: ImportPlan, progress: Progress | None = None, *, dry_run: bool = False
) -> ImportResult:
    """Write a checked plan as one save: every session with its action items (and new mentees), or nothing.

    Every record is encoded and checked before the first file is written (``Journal.atomic``); a kill
    at any moment leaves the whole import or none of it. ``dry_run`` runs exactly the same steps and
    writes nothing, so it fails wherever the real import would.
    """
    total = len(plan.plans)
    actions = 0
    plans = copy.deepcopy(plan.plans) if dry_run else plan.plans  # a rehearsal leaves the plan as it was
    with journal.atomic(rehearse=dry_run):
        for done, note_plan in enumerate(plans, 1):
            try:
                apply_plan(journal, note_plan)
            except InvalidInput as exc:
                raise InvalidInput(f"{note_plan.source}: {exc}" if note_plan.source else str(exc)) from None
            actions += len(note_plan.actions)
            if progress:
                progress(done, total)
    return ImportResult(sessions=total, actions=actions, mentees=len(plan.new_mentees))
