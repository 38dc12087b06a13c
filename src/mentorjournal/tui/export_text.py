"""What the export review shows, as text: labels, file names, finding lines and the preview.

Pure helpers of ``screens/export_review.py``: they take the engine's ``SummaryReview`` and return
Rich ``Text`` (always through ``inert``, never markup from the vault) or plain values. No widgets.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from mentorjournal.errors import ExportRefused, UsageError
from mentorjournal.export.findings import Finding
from mentorjournal.export.formats import FORMATS as EXPORT_FORMATS
from mentorjournal.export.render import FORMATS, render
from mentorjournal.export.review import ReviewItem, SummaryReview, set_block
from mentorjournal.tui.widgets.safe_text import inert, visible

KIND_LABELS = {
    "name": "known name",
    "possible_name": "possible name",
    "email": "e-mail",
    "phone": "phone",
    "url": "URL",
    "ip": "IP address",
    "card": "card number",
    "iban": "IBAN",
    "postcode": "postcode",
    "ni_number": "NI number",
    "nhs_number": "NHS number",
    "ssn": "SSN",
    "handle": "@handle",
    "manual": "your selection",
}
FORMAT_LABELS = {f.name: f.label for f in EXPORT_FORMATS.values()}  # the export's one format table
AUDIENCE_LABELS = {"coordinator": "The programme coordinator", "mentee": "The mentee"}

# How findings look in the preview (Rich styles: the screen's own text, never markup from the vault).
STYLE_OPEN = "bold black on yellow"  # not reviewed yet: the original, so the mentor can judge it
STYLE_REDACTED = "bold green"  # accepted: the replacement that will be written
STYLE_KEPT = "underline"  # rejected: kept as written
STYLE_CURRENT = "reverse"
STYLE_FLAGGED = "bold"  # the exact words a finding flags, quoted in its detail line
SNIPPET_BEFORE = 10  # characters of context shown before a finding in the list (after: what fits)
SNIPPET_AFTER = 40
SNIPPET_MAX = 24


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def finding_label(finding: Finding) -> str:
    """The kind as the list shows it; a special-category finding by its category ("health")."""
    if finding.category:
        return finding.category.replace("_", " ")
    return kind_label(finding.kind)


def flagged_words(finding: Finding) -> list[str]:
    """The exact words that made the finding: the words that matched for a special-category sentence,
    else the finding's own text."""
    words = [w for _, w in finding.triggers if w]
    return list(dict.fromkeys(words)) or [finding.text]


def default_output(pseudonym: str, today: dt.date, fmt: str, folder: Path | None = None) -> Path:
    """``~/summary-mentee-a-2026-11-29.md``: named by the pseudonym and the date, never the real name.

    A name an earlier export (in any format) already took gets the next free number, ``-2``, ``-3``...,
    so the suggested file never collides, even when the format is changed afterwards.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", pseudonym.casefold()).strip("-") or "mentee"
    base = (folder or Path.home()) / f"summary-{slug}-{today.isoformat()}"
    for n in itertools.count(1):
        stem = base.name if n == 1 else f"{base.name}-{n}"
        if not any((base.parent / f"{stem}.{ext}").exists() for ext in {fmt, *FORMATS}):
            return base.parent / f"{stem}.{fmt}"
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class ShownText:
    """Vault text as drawn (``visible``), with the offsets between it and the original."""

    shown: str
    to_original: tuple[int, ...]  # shown offset -> original offset (one past the end included)

    @classmethod
    def of(cls, text: str) -> ShownText:
        parts: list[str] = []
        mapping: list[int] = []
        for i, char in enumerate(text):
            drawn = visible(char)
            parts.append(drawn)
            mapping.extend([i] * len(drawn))
        mapping.append(len(text))
        return cls("".join(parts), tuple(mapping))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering shown ``start..end`` (a stand-in half selected counts whole)."""
        return self.to_original[start], self.to_original[end - 1] + 1 if end > start else self.to_original[start]

    def location(self, shown_offset: int) -> tuple[int, int]:
        """(row, column) in a TextArea holding ``shown`` (which has only ``\\n`` line breaks)."""
        before = self.shown[:shown_offset]
        return before.count("\n"), len(before) - (before.rfind("\n") + 1)

    def offset(self, location: tuple[int, int]) -> int:
        row, column = location
        lines = self.shown.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + min(column, len(lines[row]) if row < len(lines) else 0)

    def shown_offset(self, original: int) -> int:
        return self.to_original.index(original) if original in self.to_original else len(self.shown)


def finding_style(item: ReviewItem) -> str:
    return {None: STYLE_OPEN, True: STYLE_REDACTED, False: STYLE_KEPT}[item.accepted]


def finding_line(review: SummaryReview, item: ReviewItem) -> Text:
    """One line (the list does not wrap): decision mark, kind, the exact words flagged, a little context."""
    finding = item.finding
    text = review.blocks[item.block].text
    mark = {None: ("· ", "bold yellow"), True: ("✓ ", "bold green"), False: ("✗ ", "bold")}[item.accepted]
    prompt = Text(mark[0], style=mark[1], end="")
    prompt.append(f"{finding_label(finding)[:14]:<15}", style="bold" if item.accepted is None else "")
    before = text[max(0, finding.start - SNIPPET_BEFORE) : finding.start]
    value = finding.text if len(finding.text) <= SNIPPET_MAX else finding.text[: SNIPPET_MAX - 1] + "…"
    after = text[finding.end : finding.end + SNIPPET_AFTER]
    prompt.append_text(inert(("…" if finding.start > SNIPPET_BEFORE else "") + one_line(before), "dim"))
    prompt.append_text(inert(one_line(value), finding_style(item)))
    prompt.append_text(inert(one_line(after), "dim"))
    return prompt


@dataclass(frozen=True)
class Preview:
    """The summary as drawn, and where the current finding starts in it (for scrolling to it)."""

    text: Text
    current_at: int


def preview(review: SummaryReview, current: ReviewItem | None) -> Preview:
    """The summary as Markdown, each finding styled by its decision (the current one reversed)."""
    token = f"@@{secrets.token_hex(8)}:"
    marked = copy.deepcopy(review.summary)
    for n, key in enumerate(review.blocks):
        set_block(marked, key, f"{token}{n}@@")
    keys = list(review.blocks)
    out = Text(end="")
    current_at = 0
    for i, part in enumerate(re.split(re.escape(token) + r"(\d+)@@", render(marked, "md"))):
        if i % 2:
            block, at = _block_preview(review, keys[int(part)], current)
            if at is not None:
                current_at = len(out) + at
            out.append_text(block)
        else:
            out.append_text(inert(part))
    return Preview(out, current_at)


def _block_preview(review: SummaryReview, key: str, current: ReviewItem | None) -> tuple[Text, int | None]:
    text = review.blocks[key].text
    items = sorted((i for i in review.items if i.block == key), key=lambda i: i.finding.start)
    out = Text(end="")
    current_at = None
    at = 0
    for item in items:
        finding = item.finding
        out.append_text(inert(text[at : finding.start]))
        shown = finding.replacement if item.accepted else finding.text
        style = finding_style(item)
        if item is current:
            style += f" {STYLE_CURRENT}"
            current_at = len(out)
        out.append_text(inert(shown, style))
        at = finding.end
    out.append_text(inert(text[at:]))
    return out, current_at


def one_line(text: str) -> str:
    """Line breaks and tabs as spaces, keeping the spaces at either end (they separate the pieces)."""
    return re.sub(r"[\n\t]", " ", text)


def join(*parts: str | Text) -> Text:
    out = Text(end="")
    for part in parts:
        out.append_text(part if isinstance(part, Text) else Text(part))
    return out


def sentence(exc: Exception) -> str:
    text = str(exc)
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def output_path(text: str) -> Path:
    """Where the export form says to save: a new file in a folder that exists."""
    text = text.strip()
    if not text:
        raise UsageError("say where to save the summary")
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.is_dir():
        raise UsageError(f"{visible(str(path))} is a folder; add a file name")
    if not path.parent.is_dir():
        raise UsageError(f"the folder {visible(str(path.parent))} does not exist")
    if path.exists():
        raise ExportRefused(f"{visible(str(path))} already exists; choose another name")
    return path
