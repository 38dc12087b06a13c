"""The redaction engine's public face: withhold private passages, scan, apply reviewed findings, re-scan.

Headless by design: both the CLI and the TUI review screen call these functions, so this package
imports neither Textual nor the journal's records (only its marker grammar, ``journal.private``).
The flow is ``withhold_private`` -> ``scan`` -> (mentor reviews) -> ``apply`` -> ``residue``,
and a caller must refuse to write anything while ``residue`` finds something.

Never log, print or persist the scanned text, ``Finding.text`` or the names of known people: a log of an
export holds kinds and counts only.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from mentorjournal.journal.private import withhold
from mentorjournal.journal.text import fold

from . import contacts, patterns
from .evidence import reads_as_a_place
from .findings import CERTAIN_KINDS, Finding, KnownPerson
from .names import FoldedText, name_matcher, possible_names

__all__ = ["CERTAIN_KINDS", "Finding", "KnownPerson", "apply", "manual", "residue", "scan", "withhold_private"]


def withhold_private(text: str) -> tuple[str, int]:
    """Remove every ``[[private]] ... [[/private]]`` passage whole; return the text and how many went.

    The grammar is the journal's (``journal.private``): markers may span lines and Markdown and may nest;
    an unterminated ``[[private]]`` withholds everything after it. Summaries use ``exportable.exportable``.
    """
    withheld = withhold(text)
    return withheld.text, withheld.passages


def scan(
    text: str, people: Sequence[KnownPerson], *, allow_words: Collection[str] = (), certain_only: bool = False
) -> list[Finding]:
    """Everything in ``text`` to redact or review: non-overlapping findings sorted by position.

    Certain findings (known names and personal data) outrank possible names wherever they overlap; certain
    findings that overlap each other become one, covering all of their text with the longest one's
    replacement, so an e-mail address that contains a name goes whole, and nothing of either is left.
    With ``certain_only`` (the final re-scan) possible names are looked for only where they could change a
    certain finding: beside a word of a known name (see ``_someone_else``).
    """
    matcher = name_matcher(tuple(people))
    candidates: list[tuple[int, Finding]] = [(0, f) for f in patterns.find_all(text)]
    candidates += [(0, f) for f in contacts.stored_contacts(text, people)]
    placeholders = patterns.placeholder_spans(text)
    named = [f for f in matcher.find(FoldedText(text)) if not any(s <= f.start and f.end <= e for s, e in placeholders)]
    candidates += [(1, f) for f in named if f.kind != "own_name" and not _place_not_person(text, f)]
    allow = frozenset(fold(w) for w in allow_words)
    # The mentee's own name in their own summary is left as written, but is no unknown name either.
    occupied = sorted(
        [(f.start, f.end) for _, f in candidates] + [(f.start, f.end) for f in named if f.kind == "own_name"]
    )
    if certain_only and not any(_beside_a_capital(text, f) for _, f in candidates if f.kind == "name"):
        return _resolve(text, candidates)
    candidates += [(2, f) for f in possible_names(text, matcher, allow, occupied)]
    found = _someone_else(text, _resolve(text, candidates))
    return [f for f in found if not f.needs_review] if certain_only else found


def _beside_a_capital(text: str, f: Finding) -> bool:
    """A word of a known name with a capitalised word right beside it: the case ``_someone_else`` decides."""
    if not f.reason.startswith("part of the name"):
        return False
    after = text[f.end : f.end + 2]
    if len(after) == 2 and after[0] == " " and after[1].isupper():
        return True
    before = text[max(0, f.start - 40) : f.start]
    if not before.endswith(" "):
        return False
    words = before[:-1].split()
    return bool(words) and words[-1][:1].isupper()


def _place_not_person(text: str, f: Finding) -> bool:
    """A one-word known name read as a place ("the Victoria line", "train to Florence"), left as written."""
    return f.kind == "name" and " " not in f.text and "-" not in f.text and reads_as_a_place(text, f.start, f.end)


def _someone_else(text: str, found: list[Finding]) -> list[Finding]:
    """One word of a known name beside an unknown capitalised word ("Ann Smith", Ann Lee known) is likely
    someone else: the pair becomes one flagged name, rather than giving a stranger a colleague's label."""
    out: list[Finding] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and text[prev.end : f.start] == " " and {prev.kind, f.kind} == {"name", "possible_name"}:
            named = prev if prev.kind == "name" else f
            if named.reason.startswith("part of the name") and named.replacement[-2:] not in ("'s", "’s"):
                out[-1] = Finding(
                    "possible_name", prev.start, f.end, text[prev.start : f.end], "[name?]",
                    "a word of a known name beside an unknown one: perhaps someone else", needs_review=True,
                )  # fmt: skip
                continue
        out.append(f)
    return out


def _resolve(text: str, candidates: list[tuple[int, Finding]]) -> list[Finding]:
    def rank(item: tuple[int, Finding]) -> tuple[int, int, int, int]:
        tier, f = item
        return (tier, -(f.end - f.start), patterns.KIND_RANK.get(f.kind, 99), f.start)

    def longest(item: tuple[int, Finding]) -> tuple[int, int, int, int]:
        tier, f = item
        return (-(f.end - f.start), tier, patterns.KIND_RANK.get(f.kind, 99), f.start)

    # Certain findings (personal data, tier 0; known names, tier 1) that overlap are one: the longest of
    # them covers all of their text, so no part of either stays behind ("github.com/José Núñez", a
    # URL that takes the first name only, leaves no "Núñez").
    certain = sorted((item for item in candidates if item[0] <= 1), key=lambda item: item[1].start)
    merged: list[tuple[int, Finding]] = []
    group: list[tuple[int, Finding]] = []
    for item in [*certain, None]:
        if item is None or (group and item[1].start >= max(f.end for _, f in group)):
            best_tier, best = min(group, key=longest) if group else (0, None)
            if best is not None:
                start, end = min(f.start for _, f in group), max(f.end for _, f in group)
                merged.append((best_tier, replace(best, start=start, end=end, text=text[start:end])))
            group = []
        if item is not None:
            group.append(item)
    chosen: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for _, f in sorted([*merged, *(item for item in candidates if item[0] > 1)], key=rank):
        if all(f.end <= s or f.start >= e for s, e in taken):
            chosen.append(f)
            taken.append((f.start, f.end))
    return sorted(chosen, key=lambda f: f.start)


def apply(text: str, findings: Sequence[Finding], *, accept: Callable[[Finding], bool] = lambda f: True) -> str:
    """Replace every accepted finding by its replacement; rejected ones stay as written.

    Raises ``ValueError`` if a finding does not match ``text`` (it was made for another text) or if two
    accepted findings overlap: a redaction applied to the wrong place could leave half a value behind.
    """
    accepted = sorted((f for f in findings if accept(f)), key=lambda f: f.start)
    out: list[str] = []
    position = 0
    for f in accepted:
        if f.end > len(text) or text[f.start : f.end] != f.text:
            raise ValueError(f"a {f.kind} finding at {f.start}..{f.end} does not match this text")
        if f.start < position:
            raise ValueError(f"findings overlap at {f.start}")
        out.append(text[position : f.start])
        out.append(f.replacement)
        position = f.end
    out.append(text[position:])
    return "".join(out)


def residue(text: str, people: Sequence[KnownPerson]) -> list[Finding]:
    """The final re-scan: certain findings only. Anything returned means the text must not be written."""
    return [f for f in scan(text, people, certain_only=True) if not f.needs_review]


def manual(text: str, start: int, end: int, replacement: str = "[redacted]") -> Finding:
    """A redaction the mentor selected by hand in the review screen."""
    return Finding("manual", start, end, text[start:end], replacement, "selected by the mentor")
