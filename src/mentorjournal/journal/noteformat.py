"""The plain-text session note: parse and render (docs/note-format.md is the reference).

    ---
    mentee: José Núñez
    date: 2026-03-02
    duration: 60
    title: Quarterly goals
    tags: [career, feedback]
    ---
    # Notes
    ...
    # Shared summary
    ... [[private]]withheld from every export[[/private]] ...
    # Actions
    - [ ] mentee: draft the project charter (due 2026-03-20)
    - [x] mentor: send the reading list
    # Reflection
    ...

This module only converts text to a ``Note`` and back: it resolves no names and stores nothing (see
``notes.py``). Malformed input raises one ``InvalidInput`` naming the line; messages never quote
the note's content. ``render(parse(text))`` is stable and ``parse(render(note)) == note`` for every
note whose texts are normalised (see ``normalise_block``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field

from mentorjournal import limits
from mentorjournal.errors import InvalidInput
from mentorjournal.journal import dates
from mentorjournal.journal.private import MARKER_RE
from mentorjournal.journal.text import fold

FRONT_MATTER_FENCE = "---"

# Section heading names (folded) -> Note field.
SECTION_NAMES: dict[str, str] = {
    "notes": "notes",
    "private notes": "notes",
    "shared summary": "shared_summary",
    "summary": "shared_summary",
    "shared": "shared_summary",
    "actions": "actions",
    "action items": "actions",
    "reflection": "reflection",
    "reflections": "reflection",
    "private reflection": "reflection",
}
SECTION_TITLES: dict[str, str] = {
    "notes": "Notes",
    "shared_summary": "Shared summary",
    "actions": "Actions",
    "reflection": "Reflection",
}

# Front-matter keys (folded, spaces and hyphens as underscores) -> Note field.
KEYS: dict[str, str] = {
    "id": "id",
    "mentee": "mentee",
    "date": "date",
    "time": "start_time",
    "start": "start_time",
    "start_time": "start_time",
    "duration": "duration_minutes",
    "duration_minutes": "duration_minutes",
    "format": "format",
    "title": "title",
    "tags": "tags",
    "topics": "tags",
    "goals": "goals",
    "next": "next_meeting",
    "next_meeting": "next_meeting",
}
KEY_ORDER = (
    "id",
    "mentee",
    "date",
    "start_time",
    "duration_minutes",
    "format",
    "title",
    "tags",
    "goals",
    "next_meeting",
)
RENDERED_KEY = {
    "id": "id",
    "mentee": "mentee",
    "date": "date",
    "start_time": "time",
    "duration_minutes": "duration",
    "format": "format",
    "title": "title",
    "tags": "tags",
    "goals": "goals",
    "next_meeting": "next meeting",
}

PRIVATE_OPEN = "[[private]]"
PRIVATE_CLOSE = "[[/private]]"
_MARKER_RE = MARKER_RE  # the one grammar (journal/private.py), which the export withholds by
_HEADING_RE = re.compile(r"^ {0,3}(#{1,2})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_ESCAPED_HEADING_RE = re.compile(r"^(\\+)( {0,3}#{1,2}[ \t]+.+)$")
_ACTION_RE = re.compile(r"^[ \t]*[-*+][ \t]+\[([ xX~-])\][ \t]*(.*)$")
_META_RE = re.compile(r"[ \t]*\(((?:due|done)[ \t]+[^()]*?)?\)[ \t]*$", re.IGNORECASE)
_META_ITEM_RE = re.compile(r"^(due|done)[ \t]+(\S+)$", re.IGNORECASE)
_OWNER_RE = re.compile(r"^(mentor|mentee|other)[ \t]*:[ \t]*(.*)$", re.IGNORECASE)
_DURATION_RE = re.compile(r"^(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*(?:m|min|mins|minutes?)?)?$", re.IGNORECASE)
STATUS_MARK = {"open": " ", "done": "x", "dropped": "-"}
MARK_STATUS = {" ": "open", "x": "done", "X": "done", "-": "dropped", "~": "dropped"}


@dataclass
class NoteAction:
    """One line of the ``# Actions`` checklist."""

    text: str
    owner: str = "mentee"
    status: str = "open"
    due: dt.date | None = None
    done_on: dt.date | None = None
    line: int = field(default=0, compare=False)  # where it was read (for error messages)


@dataclass
class Note:
    """A session note as text carries it. ``None`` means "not given" (edits keep the stored value)."""

    id: str | None = None
    mentee: str | None = None  # a name, alias or id prefix, resolved by the journal
    date: dt.date | None = None
    start_time: dt.time | None = None
    duration_minutes: int | None = None
    format: str | None = None
    title: str | None = None
    tags: list[str] | None = None
    goals: list[str] | None = None  # goal titles or id prefixes
    next_meeting: dt.date | None = None
    notes: str | None = None
    shared_summary: str | None = None
    reflection: str | None = None
    actions: list[NoteAction] | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # field -> line it was read from

    def with_overrides(self, **values: object) -> Note:
        """A copy where every given (non-None) value wins: the command line over the file."""
        given = {k: v for k, v in values.items() if v is not None}
        unknown = set(given) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise TypeError(f"unknown note fields {sorted(unknown)}")
        lines = {k: v for k, v in self.lines.items() if k not in given}  # those values came from elsewhere
        return dataclasses.replace(self, **given, lines=lines)  # type: ignore[arg-type]


def normalise_block(text: str) -> str:
    """What a section keeps of a text: no leading or trailing blank lines, Unix newlines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def normalise_line(text: str) -> str:
    """What a one-line value (title, tag, action text) keeps: no newlines, no outer whitespace."""
    return " ".join(text.replace("\r", "\n").split("\n")).strip()


# --- parsing -----------------------------------------------------------------------------------


def _fail(line: int, message: str) -> InvalidInput:
    return InvalidInput(f"line {line}: {message}")


def parse_date(value: str, line: int, what: str = "date") -> dt.date:
    try:
        return dates.parse_date(value, what)
    except InvalidInput as exc:
        raise _fail(line, str(exc)) from None


def parse_time(value: str, line: int) -> dt.time:
    try:
        return dates.parse_time(value)
    except InvalidInput as exc:
        raise _fail(line, str(exc)) from None


def parse_duration(value: str, line: int) -> int:
    m = _DURATION_RE.match(value.strip())
    if not value.strip() or not m or not (m.group(1) or m.group(2)):
        raise _fail(line, "duration must be minutes (60, 60 min, 1h30)")
    if any(len(g or "") > limits.NUMBER_DIGITS_MAX for g in m.groups()):
        raise _fail(line, f"duration has more than {limits.NUMBER_DIGITS_MAX} digits")
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def _scalar(raw: str, line: int) -> str:
    raw = raw.strip()
    if raw.startswith('"'):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            raise _fail(line, 'a quoted value must be a JSON string (close the quote; escape \\ and ")') from None
        if not isinstance(value, str):
            raise _fail(line, "a quoted value must be a string")
        limits.check_text(value, f"line {line}")
        return value
    if raw.startswith("'"):
        if len(raw) < 2 or not raw.endswith("'"):
            raise _fail(line, "a single-quoted value must end with '")
        return raw[1:-1].replace("''", "'")
    return raw


def _list(raw: str, line: int) -> list[str]:
    """``[a, "b, c"]`` or ``a, b``: items may be JSON-quoted."""
    raw = raw.strip()
    if raw.startswith("["):
        if not raw.endswith("]"):
            raise _fail(line, "a list must end with ]")
        raw = raw[1:-1]
    items: list[str] = []
    i = 0
    while i < len(raw):
        while i < len(raw) and raw[i] in " \t":
            i += 1
        if i >= len(raw):
            break
        if raw[i] == '"':
            try:
                value, end = json.JSONDecoder().raw_decode(raw, i)
            except json.JSONDecodeError:
                raise _fail(line, "a quoted list item is not closed") from None
            if not isinstance(value, str):
                raise _fail(line, "a list item must be a string")
            limits.check_text(value, f"line {line}")
            items.append(value)
            i = end
            while i < len(raw) and raw[i] in " \t":
                i += 1
            if i < len(raw) and raw[i] != ",":
                raise _fail(line, "list items are separated by commas")
            i += 1
        else:
            end = raw.find(",", i)
            end = len(raw) if end < 0 else end
            item = raw[i:end].strip()
            if item:
                items.append(item)
            i = end + 1
    return items


def _parse_front_matter(lines: list[str], note: Note) -> int:
    """Parse lines[1:] up to the closing fence; returns the index of the first body line."""
    for idx in range(1, len(lines)):
        text = lines[idx]
        lineno = idx + 1
        if text.strip() in (FRONT_MATTER_FENCE, "..."):
            return idx + 1
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if ":" not in text:
            raise _fail(lineno, "front matter lines look like 'key: value'")
        key_raw, value = text.split(":", 1)
        key = KEYS.get(re.sub(r"[\s-]+", "_", fold(key_raw.strip())))
        if key is None:
            raise _fail(lineno, "unknown front-matter key (docs/note-format.md lists the keys)")
        if key in note.lines:
            raise _fail(lineno, f"{RENDERED_KEY[key]} is given twice")
        note.lines[key] = lineno
        value = value.strip()
        if not value:
            continue  # "title:" with nothing: not given
        if key in ("date", "next_meeting"):
            setattr(note, key, parse_date(_scalar(value, lineno), lineno, RENDERED_KEY[key]))
        elif key == "start_time":
            note.start_time = parse_time(_scalar(value, lineno), lineno)
        elif key == "duration_minutes":
            note.duration_minutes = parse_duration(_scalar(value, lineno), lineno)
        elif key in ("tags", "goals"):
            setattr(note, key, [normalise_line(t) for t in _list(value, lineno) if normalise_line(t)])
        elif key == "id":
            ident = _scalar(value, lineno).strip().lower()
            if not re.match(r"^[0-9a-f]+$", ident):
                raise _fail(lineno, "id must be hexadecimal")
            note.id = ident
        else:
            setattr(note, key, _scalar(value, lineno))
    raise _fail(1, "the front matter opened here is never closed (no '---' line)")


def _section_of(line: str) -> str | None:
    m = _HEADING_RE.match(line)
    if not m:
        return None
    return SECTION_NAMES.get(" ".join(fold(m.group(2)).split()))


def _check_private_markers(text: str, first_line: int) -> None:
    """Markers must pair up in order, without nesting: a stray closer means text before it has leaked.

    An opener never closed is allowed: the export withholds everything after it, and the save warns
    (``private.unclosed_warnings``), so the mentor can close it where they meant to.
    """
    open_at: int | None = None
    for m in _MARKER_RE.finditer(text):
        lineno = first_line + text.count("\n", 0, m.start())
        if m.group(1) == "":
            if open_at is not None:
                raise _fail(lineno, f"{PRIVATE_OPEN} inside another one (opened on line {open_at})")
            open_at = lineno
        else:
            if open_at is None:
                raise _fail(lineno, f"{PRIVATE_CLOSE} without a {PRIVATE_OPEN} before it")
            open_at = None


def _parse_action(text: str, lineno: int) -> NoteAction:
    m = _ACTION_RE.match(text)
    if not m:
        raise _fail(lineno, "an action looks like '- [ ] mentee: text (due YYYY-MM-DD)'")
    status = MARK_STATUS[m.group(1)]
    rest = m.group(2)
    due: dt.date | None = None
    done_on: dt.date | None = None
    meta = _META_RE.search(rest)
    if meta:
        rest = rest[: meta.start()]
        for item in (meta.group(1) or "").replace(";", ",").split(","):
            if not item.strip():
                continue
            mi = _META_ITEM_RE.match(item.strip())
            if not mi:
                raise _fail(lineno, "write an action's dates as (due YYYY-MM-DD, done YYYY-MM-DD)")
            when = parse_date(mi.group(2), lineno, f"{mi.group(1).lower()} date")
            if mi.group(1).lower() == "due":
                due = when
            else:
                done_on = when
    owner = "mentee"
    om = _OWNER_RE.match(rest.strip())
    if om:
        owner, rest = om.group(1).lower(), om.group(2)
    rest = rest.strip()
    if not rest:
        raise _fail(lineno, "an action needs a text")
    _check_private_markers(rest, lineno)  # a marker in an action must pair up too (it is honoured on export)
    return NoteAction(text=rest, owner=owner, status=status, due=due, done_on=done_on, line=lineno)


def parse_actions(text: str) -> list[NoteAction]:
    """A checklist on its own (the app's action box): the "# Actions" grammar, one item a line,
    blank lines skipped; errors name the line, counted from 1."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [_parse_action(line, lineno) for lineno, line in enumerate(lines, 1) if line.strip()]


def render_actions(actions: list[NoteAction]) -> str:
    """The checklist as ``parse_actions`` reads it back."""
    return "\n".join(render_action(a) for a in actions)


def parse(text: str) -> Note:
    """Parse a note; one ``InvalidInput`` naming the line on any error."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    note = Note()
    body_start = 0
    if lines and lines[0].strip() == FRONT_MATTER_FENCE:
        body_start = _parse_front_matter(lines, note)

    sections: dict[str, tuple[int, list[str]]] = {}
    current = "notes"
    current_start = body_start + 1
    buffer: list[str] = []
    implicit_notes = True  # text before any heading is the private notes

    def flush() -> None:
        if current == "notes" and implicit_notes and not any(b.strip() for b in buffer):
            return  # nothing before the first heading
        sections[current] = (current_start, list(buffer))

    for idx in range(body_start, len(lines)):
        line = lines[idx]
        lineno = idx + 1
        name = _section_of(line)
        if name is not None:
            flush()
            if name in sections:
                raise _fail(lineno, f"a second '# {SECTION_TITLES[name]}' section")
            current, current_start, buffer, implicit_notes = name, lineno + 1, [], False
            note.lines[name] = lineno
            continue
        esc = _ESCAPED_HEADING_RE.match(line)
        if esc and _section_of(esc.group(2)) is not None:
            line = esc.group(1)[1:] + esc.group(2)  # one level of escaping removed
        buffer.append(line)
    flush()

    for name, (start, body) in sections.items():
        if name == "actions":
            note.actions = [_parse_action(line, start + i) for i, line in enumerate(body) if line.strip()]
            continue
        value = normalise_block("\n".join(body))
        if name == "shared_summary":
            _check_private_markers(value, start + _leading_blank_lines(body))
        setattr(note, name, value)
    return note


def _leading_blank_lines(body: list[str]) -> int:
    n = 0
    for line in body:
        if line.strip():
            break
        n += 1
    return n


# --- rendering ---------------------------------------------------------------------------------


def _needs_quotes(value: str) -> bool:
    return value != value.strip() or not value or value[0] in "\"'[{" or any(not ch.isprintable() for ch in value)


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False) if _needs_quotes(value) else value


def _quote_item(value: str) -> str:
    if _needs_quotes(value) or any(ch in value for ch in ",[]"):
        return json.dumps(value, ensure_ascii=False)
    return value


def _escape_block(text: str) -> str:
    """Prefix lines that would read as a section heading with one more backslash."""
    out = []
    for line in text.split("\n"):
        esc = _ESCAPED_HEADING_RE.match(line)
        if _section_of(line) is not None or (esc and _section_of(esc.group(2)) is not None):
            line = "\\" + line
        out.append(line)
    return "\n".join(out)


def render_action(action: NoteAction) -> str:
    text = normalise_line(action.text)
    meta = []
    if action.due:
        meta.append(f"due {action.due.isoformat()}")
    if action.done_on:
        meta.append(f"done {action.done_on.isoformat()}")
    suffix = f" ({', '.join(meta)})" if meta else ""
    if not meta and _META_RE.search(text):
        suffix = " ()"  # the text itself ends like a date group: an empty group keeps it text
    return f"- [{STATUS_MARK.get(action.status, ' ')}] {action.owner}: {text}{suffix}"


def render(note: Note, *, all_sections: bool = True) -> str:
    """The note as text. Every given front-matter value is written; sections are written when given
    (or always, with ``all_sections``, so that a printed note is a template to edit)."""
    out = [FRONT_MATTER_FENCE]
    for key in KEY_ORDER:
        value = getattr(note, key)
        if value is None:
            continue
        name = RENDERED_KEY[key]
        if isinstance(value, list):
            out.append(f"{name}: [{', '.join(_quote_item(normalise_line(v)) for v in value)}]")
        elif isinstance(value, dt.time):
            out.append(f"{name}: {value.strftime('%H:%M')}")
        elif isinstance(value, dt.date):
            out.append(f"{name}: {value.isoformat()}")
        elif isinstance(value, int):
            out.append(f"{name}: {value}")
        else:
            out.append(f"{name}: {_quote(str(value))}")
    out.append(FRONT_MATTER_FENCE)
    for name in ("notes", "shared_summary", "actions", "reflection"):
        value = getattr(note, name)
        if value is None and not all_sections:
            continue
        out.append(f"# {SECTION_TITLES[name]}")
        if name == "actions":
            out.extend(render_action(a) for a in value or [])
        elif value:
            out.append(_escape_block(normalise_block(value)))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
