"""Labels that read well: every person keeps one label for good, and the output is tidied around them.

- **Stable labels.** The mentee is their pseudonym ("Mentee A", assigned when the mentee is first saved).
  Everyone else, third parties and other mentees alike, gets "Person N" the first time an export needs one,
  stored in the vault (an export record, encrypted) and never reused, so the same colleague is the same
  "Person 5" in every mentee's summary and in every export.
- **Unknown names** left in a non-interactive export get "[unnamed person N]", the same N for the same word
  within that export (see ``review``).
- **Clean output.** "Mentee B (Mentee B)" collapses to "Mentee B"; an initial after a known name goes with it
  (``names``); brackets stay balanced.
- **A mentee's own summary** addresses them by their own name by default (``mentee_name="name"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from mentorjournal.export import records
from mentorjournal.export.contacts import contact_details
from mentorjournal.export.findings import KnownPerson
from mentorjournal.journal import Journal
from mentorjournal.journal.model import Mentee

LABELS_KIND = "person-labels"
_RECORD = "person-labels"

MenteeName = Literal["pseudonym", "name"]
MENTEE_NAMES: tuple[MenteeName, ...] = ("pseudonym", "name")


def person_label(n: int) -> str:
    return f"Person {n}"


def _merge(bodies: list[records.Body]) -> records.Body:
    """Heads of two devices merged: every id keeps the lowest number it was given; a number given to two
    people stays with the first (by id) and the other gets a new one, so no label ever means two people."""
    numbers: dict[str, int] = {}
    top = 0
    for body in bodies:
        top = max(top, int(body.get("next", 1)) - 1)
        for rid, n in dict(body.get("labels", {})).items():
            n = int(n)
            top = max(top, n)
            numbers[rid] = min(n, numbers.get(rid, n))
    taken: dict[int, str] = {}
    for rid in sorted(numbers):
        n = numbers[rid]
        if n in taken:
            top += 1
            numbers[rid] = top
        taken[numbers[rid]] = rid
    return {"schema": 1, "labels": numbers, "next": top + 1}


def stable_labels(journal: Journal, wanted: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Record id -> "Person N" for every ``(record id, sort key)`` in ``wanted``; new ones are numbered in
    sort-key order after every number ever given, and stored (unless the vault is open read-only)."""
    body, conflicted = records.load(journal, _RECORD, LABELS_KIND, _merge)
    numbers: dict[str, int] = {k: int(v) for k, v in dict(body.get("labels", {})).items()}
    next_n = max([int(body.get("next", 1)), *(n + 1 for n in numbers.values())])
    fresh = sorted((key, rid) for rid, key in wanted if rid not in numbers)
    for _key, rid in fresh:
        numbers[rid] = next_n
        next_n += 1
    if fresh or conflicted:
        records.save(journal, _RECORD, LABELS_KIND, {"schema": 1, "labels": numbers, "next": next_n})
    return {rid: person_label(n) for rid, n in numbers.items()}


def known_people(journal: Journal, mentee: Mentee, *, mentee_name: MenteeName = "pseudonym") -> list[KnownPerson]:
    """Everyone redaction must replace, with their stable labels; the mentee first.

    With ``mentee_name="name"`` (a mentee's own summary) the mentee's names are left as written: they are
    still recognised, so they are never mistaken for an unknown name, but nothing replaces them.
    """
    own = tuple(mentee.names)
    # Stored contact details go with each person (the contact field; e-mails and phones in a person's
    # notes): they are removed wherever they appear, valid-looking or not.
    contacts = {m.id: (m.contact,) for m in journal.mentees()} | {
        p.id: contact_details(p.notes) for p in journal.people()
    }
    if mentee_name == "name":
        people = [
            KnownPerson(
                mentee.name or mentee.pseudonym or "Mentee", own, keep=True, contacts=contacts.get(mentee.id, ())
            )
        ]
    else:
        people = [KnownPerson(mentee.pseudonym or "Mentee", own, contacts=contacts.get(mentee.id, ()))]
    others: list[tuple[str, tuple[str, ...]]] = [(p.id, tuple(p.names)) for p in journal.people()]
    others += [(m.id, tuple(m.names)) for m in journal.mentees() if m.id != mentee.id]
    others = [(rid, names) for rid, names in others if names]
    labels = stable_labels(journal, ((rid, names[0].casefold()) for rid, names in others))
    ordered = sorted(others, key=lambda o: int(labels[o[0]].rsplit(" ", 1)[1]))
    people += [KnownPerson(labels[rid], names, contacts=contacts.get(rid, ())) for rid, names in ordered]
    return people


def mentee_heading(mentee: Mentee, *, audience: str, mentee_name: MenteeName | None = None) -> str:
    """How the summary names its mentee: their own name in their own summary, else their pseudonym."""
    choice = mentee_name or default_mentee_name(audience)
    if audience == "mentee" and choice == "name" and mentee.name:
        return mentee.name
    return mentee.pseudonym or "Mentee"


def default_mentee_name(audience: str) -> MenteeName:
    return "name" if audience == "mentee" else "pseudonym"


# --- clean output -----------------------------------------------------------------------------------------

_OPEN_CLOSE = {"(": ")", "[": "]"}


def tidy(text: str, labels: Iterable[str]) -> str:
    """Collapse a label repeated in brackets or after a slash ("Mentee B (Mentee B)" -> "Mentee B").

    Only where both sides were replaced by the same label: "José (Joe)" said the name twice, and after
    redaction saying the label twice reads as a fault.
    """
    wanted = sorted({lb for lb in labels if lb}, key=len, reverse=True)
    if not wanted or not any(lb in text for lb in wanted):
        return text
    alt = "|".join(re.escape(lb) for lb in wanted)
    doubled = re.compile(
        rf"(?P<label>{alt})(?P<poss>'s|’s)?"
        rf"(?:\s*\(\s*(?P=label)\s*\)|\s*\[\s*(?P=label)\s*\]|\s*/\s*(?P=label)(?![\w])"
        rf"|,?\s+(?:aka|a\.k\.a\.|also known as|known as|or)\s+(?P=label)(?![\w]))"
    )
    return doubled.sub(lambda m: m.group("label") + (m.group("poss") or ""), text)


def balanced(text: str) -> bool:
    """True if round and square brackets pair up (the clean-output tests hold every export to this)."""
    stack: list[str] = []
    for c in text:
        if c in _OPEN_CLOSE:
            stack.append(_OPEN_CLOSE[c])
        elif c in ")]" and (not stack or stack.pop() != c):
            return False
    return not stack
