"""The ``[[private]] ... [[/private]]`` marker grammar: one definition for saving and for exporting.

It lives in the journal so that a save can warn about a marker left open, while the export (which
builds on the journal) withholds by the very same rules:

- markers are case-insensitive and may hold spaces inside the brackets (``[[ Private ]]``,
  ``[[/ private ]]``); a passage may span lines and Markdown, and passages may nest;
- a closing marker with nothing open is dropped (the text around it stays);
- an opening marker that is never closed withholds everything after it, to the end of the field:
  guessing where the mentor meant it to stop would be guessing on the unsafe side. Saving such a
  field is allowed, and the save warns (naming the field and line, never the text).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

MARKER_RE = re.compile(r"\[\[\s*(/?)\s*private\s*\]\]", re.IGNORECASE)


@dataclass(frozen=True)
class Withheld:
    """What is left of a text once its private passages are gone."""

    text: str
    passages: int  # how many passages were withheld (a nested one counts with its outer passage)
    unclosed: bool  # an opening marker was never closed: everything after it was withheld


def withhold(text: str) -> Withheld:
    """Remove every private passage whole, markers included, and any stray closing marker.

    A passage that filled whole lines leaves no blank line behind. Removing a passage can join the
    text around it into a new marker (``[[pri[[private]]x[[/private]]vate]]``), so the removal is
    repeated until no marker is left: no marker and no marked text can survive.
    """
    passages = 0
    unclosed = False
    while True:
        text, count, still_open = _withhold_once(text)
        passages += count
        unclosed = unclosed or still_open
        if count == 0 and MARKER_RE.search(text) is None:
            return Withheld(text, passages, unclosed)


def _withhold_once(text: str) -> tuple[str, int, bool]:
    kept: list[str] = []
    depth = 0
    count = 0
    position = 0
    for m in MARKER_RE.finditer(text):
        closing = m.group(1) == "/"
        if depth == 0:
            kept.append(text[position : m.start()])  # before an opener, or around a stray closer
            if not closing:
                count += 1
                depth = 1
        elif closing:
            depth -= 1
        else:
            depth += 1
        position = m.end()
        at_line_start = not kept or kept[-1] == "" or kept[-1].endswith("\n")
        if depth == 0 and closing and at_line_start and text.startswith("\n", position):
            position += 1  # a passage that filled whole lines leaves no blank line behind
        elif depth == 0 and closing and kept and _joins_badly(text, position):
            kept[-1] = kept[-1].rstrip(" \t")  # "case [[private]]x[[/private]] —" must not read "case  —"
    if depth == 0:
        kept.append(text[position:])
    elif kept:
        kept[-1] = kept[-1].rstrip(" \t")  # withheld to the end: no trailing space left behind
    return "".join(kept), count, depth > 0


def _joins_badly(text: str, position: int) -> bool:
    """Whether the text after a withheld passage starts where a space before it would be doubled or dangle."""
    return position >= len(text) or text[position] in " \t\n.,;:!?)]}"


@dataclass(frozen=True)
class UnclosedMarker:
    """Where an opening marker is never closed: a field's name and the line of the marker in it."""

    field: str
    line: int  # 1-based, within the field (or within the note, when the caller gives offsets)


def unclosed_lines(text: str) -> list[int]:
    """The 1-based lines of the opening markers in ``text`` that are never closed (outermost first)."""
    stack: list[int] = []
    for m in MARKER_RE.finditer(text):
        if m.group(1) == "/":
            if stack:
                stack.pop()
        else:
            stack.append(text.count("\n", 0, m.start()) + 1)
    return stack[:1]  # the outermost one: everything after it is withheld


# Fields that never leave the journal, where a marker means nothing: no warning about them.
NEVER_EXPORTED: dict[str, frozenset[str]] = {
    "session": frozenset({"notes", "reflection"}),
    "person": frozenset({"notes"}),
}
NEVER_EXPORTED_KINDS = frozenset({"concern"})


def unclosed_in(obj: Any) -> list[UnclosedMarker]:
    """Every text field of a journal object (or any dataclass) with a marker left open.

    Walks every ``str`` field and every ``list[str]`` field, so a field added later is covered too.
    What the mentor sees: "the field 'title' has a [[private]] never closed (line 1)".
    """
    kind = str(getattr(obj, "KIND", ""))
    if kind in NEVER_EXPORTED_KINDS:
        return []
    skip = NEVER_EXPORTED.get(kind, frozenset())
    out: list[UnclosedMarker] = []
    for f in dataclasses.fields(obj):
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for text in (t for t in texts if isinstance(t, str)):
            out += [UnclosedMarker(f.name, line) for line in unclosed_lines(text)]
    return out


def unclosed_warnings(obj: Any) -> list[str]:
    """One line per field of ``obj`` with a marker left open, for the CLI's stderr or an app notification.

    Names the record, the field and the line, never the text: "warning: a [[private]] opened on line 2
    of action 3's text is never closed; everything after it there is withheld from every export".
    """
    kind = str(getattr(obj, "KIND", "") or "record")
    position = getattr(obj, "position", None)
    whose = f"action {position + 1}'s" if kind == "action" and isinstance(position, int) else f"the {kind}'s"
    return [
        f"warning: a [[private]] opened on line {m.line} of {whose} {m.field.replace('_', ' ')} is never closed; "
        "everything after it there is withheld from every export"
        for m in unclosed_in(obj)
    ]
