"""The redaction quality corpus: realistic mentoring notes with every span that matters labelled inline.

Each ``notes/*.md`` file is one mentoring relationship: who the mentor is, the mentee and the people the
journal knows (labels, names, aliases, stored contact details), then the text that reaches a summary —
goal titles, action items and shared session summaries. Labels are written inline, in double braces:

    {{name:Ada}}                       a known person's name or alias: must be replaced by their label
    {{unknown:Rahul}}                  a third party the journal does not know: removed or flagged
    {{id:passport|C01X00T47}}          an identifier of the given sub-kind: removed whole
    {{sensitive:health|A sentence.}}   a special-category sentence: withheld from the coordinator
    {{private|[[private]]...[[/private]]}}  a private passage, markers written as the mentor typed them
    {{keep:Kafka}}                     useful text that must reach the reader unchanged

Labels may nest inside ``sensitive`` and ``private`` (a name inside a health sentence). Everything not
labelled is neutral: it is not scored. Fictional people, reserved or documented test numbers only.
See README.md beside this file for the file layout and how to add a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

NOTES_DIR = Path(__file__).parent / "notes"

CATEGORIES = ("name", "unknown_name", "identifier", "private", "sensitive", "keep")
SENSITIVE_CATEGORIES = (
    "health", "medication", "sick_leave", "mental_health", "pregnancy", "disability", "religion", "ethnicity",
    "sexuality", "gender_identity", "union", "politics", "immigration", "criminal",
)  # fmt: skip
ID_KINDS = (
    "national_id", "tax_id", "health_id", "passport", "employee", "case", "permit", "visa", "dob", "address",
    "postcode", "email", "messaging", "phone", "iban", "card", "url", "licence", "account",
)  # fmt: skip
FIELD_KINDS = ("goal", "action", "summary")

_LABEL_KINDS = {"name": "name", "unknown": "unknown_name", "id": "identifier", "sensitive": "sensitive",
                "private": "private", "keep": "keep"}  # fmt: skip


class CorpusError(ValueError):
    """A corpus file that cannot be read as written: the message says where."""


@dataclass(frozen=True)
class Label:
    category: str  # one of CATEGORIES
    sub: str  # identifier kind or sensitive category; "" for the others
    start: int  # offsets into Field.text
    end: int
    text: str
    inside: str = ""  # "sensitive" or "private" for a label nested in one: what the reader may never see


@dataclass(frozen=True)
class Field:
    """One exportable text: a goal title, an action item or a shared session summary, labels rendered."""

    kind: str  # one of FIELD_KINDS
    text: str
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class Person:
    label: str  # "Mentee A", "Person 3"
    names: tuple[str, ...]  # display name first, then aliases
    contacts: tuple[str, ...] = ()  # stored contact details (phones, e-mails, handles), matched literally


@dataclass
class CaseFile:
    """One mentoring relationship: the people the journal knows and the fields that reach a summary."""

    path: Path
    mentor: str
    people: list[Person] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)

    @property
    def notes(self) -> int:
        """Shared summaries: what the brief calls a note."""
        return sum(1 for f in self.fields if f.kind == "summary")


def parse_labels(raw: str, where: str = "<text>") -> tuple[str, tuple[Label, ...]]:
    """Render ``raw`` (labels removed, their text kept) and return it with every label's span."""
    out: list[str] = []
    labels: list[Label] = []
    length = 0
    stack: list[tuple[str, str, int]] = []  # (category, sub, start in rendered text)
    i = 0
    while i < len(raw):
        if raw.startswith("{{", i):
            head_end = _head_end(raw, i + 2, where)
            head = raw[i + 2 : head_end]
            kind, _, sub = head.partition(":")
            if kind not in _LABEL_KINDS:
                raise CorpusError(f"{where}: unknown label kind {kind!r}")
            category = _LABEL_KINDS[kind]
            if category in ("identifier", "sensitive") and not sub:
                raise CorpusError(f"{where}: {kind} needs a sub-kind, as in {{{{{kind}:KIND|...}}}}")
            if category == "identifier" and sub not in ID_KINDS:
                raise CorpusError(f"{where}: unknown identifier kind {sub!r}")
            if category == "sensitive" and sub not in SENSITIVE_CATEGORIES:
                raise CorpusError(f"{where}: unknown sensitive category {sub!r}")
            if stack and stack[-1][0] not in ("sensitive", "private"):
                raise CorpusError(f"{where}: only sensitive and private labels may hold other labels")
            stack.append((category, sub if category in ("identifier", "sensitive") else "", length))
            i = head_end + 1
            continue
        if raw.startswith("}}", i) and stack:
            category, sub, start = stack.pop()
            text = "".join(out)[start:]
            if not text.strip():
                raise CorpusError(f"{where}: an empty {category} label")
            labels.append(Label(category, sub, start, length, text, stack[-1][0] if stack else ""))
            i += 2
            continue
        out.append(raw[i])
        length += 1
        i += 1
    if stack:
        raise CorpusError(f"{where}: a label is not closed")
    return "".join(out), tuple(sorted(labels, key=lambda lab: (lab.start, -lab.end)))


def _head_end(raw: str, i: int, where: str) -> int:
    """Where a label's head ends: ``|`` for id/sensitive/private, the first ``:`` for name/unknown/keep."""
    colon = raw.find(":", i)
    bar = raw.find("|", i)
    kind = raw[i : min(x for x in (colon, bar, len(raw)) if x >= 0)]
    if kind in ("name", "unknown", "keep"):
        return colon
    if bar < 0:
        raise CorpusError(f"{where}: {kind!r} label needs '|' before its text")
    return bar


def _person(line: str, where: str) -> Person:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) < 2:
        raise CorpusError(f"{where}: a person line is 'label | name | alias, alias | contact: value ...'")
    label, name, *rest = parts
    aliases: list[str] = []
    contacts: list[str] = []
    for part in rest:
        key, colon, value = part.partition(":")
        if colon and key.strip() in ("phone", "email", "messaging", "handle"):
            contacts.append(value.strip())
        else:
            aliases += [a.strip() for a in part.split(",") if a.strip()]
    return Person(label, (name, *aliases), tuple(contacts))


def load_file(path: Path) -> CaseFile:
    case = CaseFile(path, mentor="")
    current: tuple[str, list[str], int] | None = None

    def close() -> None:
        if current is None:
            return
        kind, lines, lineno = current
        raw = "\n".join(lines).strip()
        if not raw:
            raise CorpusError(f"{path.name}:{lineno}: an empty {kind}")
        text, labels = parse_labels(raw, f"{path.name}:{lineno}")
        case.fields.append(Field(kind, text, labels))

    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("=== "):
            close()
            kind = line[4:].split()[0]
            if kind not in FIELD_KINDS:
                raise CorpusError(f"{path.name}:{lineno}: a field is one of {', '.join(FIELD_KINDS)}")
            current = (kind, [], lineno)
        elif current is not None:
            current[1].append(line)
        elif line.startswith("mentor:"):
            case.mentor = line.partition(":")[2].strip()
        elif line.startswith(("mentee:", "person:")):
            case.people.append(_person(line.partition(":")[2], f"{path.name}:{lineno}"))
        elif line.strip() and not line.startswith("#"):
            raise CorpusError(f"{path.name}:{lineno}: expected mentor:, mentee:, person:, # or === FIELD")
    close()
    if not case.people or not case.people[0].label.startswith("Mentee"):
        raise CorpusError(f"{path.name}: the first person must be the mentee")
    return case


def load(directory: Path = NOTES_DIR) -> list[CaseFile]:
    return [load_file(p) for p in sorted(directory.glob("*.md"))]


def all_labels(cases: list[CaseFile]) -> Iterator[Label]:
    for case in cases:
        for f in case.fields:
            yield from f.labels


_PARTICLES = frozenset({"de", "da", "van", "von", "der", "den", "la", "le", "al", "el", "bin", "ni", "ní", "mac", "dr"})


def unlabelled_names(case: CaseFile) -> list[tuple[str, str]]:
    """Known names written in a field but not labelled: (field kind, word). A corpus lint, not a score.

    Every word of every known name must sit inside a ``name`` label, a ``private`` passage (withheld whole)
    or, deliberately, a ``keep`` label (a word that is a name and something else, used as the other).
    """
    words = {w for p in case.people for n in p.names for w in re.findall(r"[\w'’-]+", n)}
    words = {w for w in words if len(w) > 1 and w.casefold() not in _PARTICLES}
    if not words:
        return []
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")
    out = []
    for f in case.fields:
        covering = [lab for lab in f.labels if lab.category in ("name", "private", "keep")]
        for m in pattern.finditer(f.text):
            if not any(lab.start <= m.start() and m.end() <= lab.end for lab in covering):
                out.append((f.kind, m.group(1)))
    return out
