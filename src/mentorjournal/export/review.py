"""The mentor's review of a summary's findings, then the final re-scan before anything is written.

Every free-text field of a ``Summary`` (goal titles, action texts, shared passages) is scanned; each
finding becomes a ``ReviewItem`` the mentor accepts (redact) or rejects (keep). A sentence about a special
category (``sensitive.py``: health, faith, immigration status...) is one item of kind "sensitive" with its
category: accepting withholds the sentence (a neutral line stands in its place), rejecting keeps it. Each
item has a ``default``: what the CLI applies and the preview shows before the mentor decides. Sensitive
sentences default to withheld for the coordinator, unless the mentee agreed to share their category
(``Agreement.consent_share_categories_with_coordinator``) or the export keeps it (``--keep-sensitive``),
and to kept in the mentee's own summary. Known names cannot be
kept: they are always replaced. A rejected pattern (a number the mentor knows is not a phone number) is
kept as written, and the final re-scan honours exactly that decision and nothing more. The CLI accepts
everything, flagged words included. Headless: the TUI's review screen drives this same object.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mentorjournal.errors import ExportRefused, UsageError
from mentorjournal.export.findings import Finding, KnownPerson
from mentorjournal.export.labels import tidy
from mentorjournal.export.redaction import apply, manual, residue, scan
from mentorjournal.export.review_memory import Decision, ReviewMemory
from mentorjournal.export.sensitive import KIND as SENSITIVE
from mentorjournal.export.sensitive import find_sensitive, neutral_line, parse_categories
from mentorjournal.export.summary import Summary
from mentorjournal.journal.text import fold

UNREJECTABLE = frozenset({"name"})


def unknown_label(n: int) -> str:
    """The label of the n-th distinct unknown name of a summary (1-based)."""
    return f"[unnamed person {n}]"


@dataclass
class Block:
    """One free-text field of the summary, addressed by a stable key such as ``passages.3``."""

    key: str
    label: str  # what the mentor sees: "Shared summary of 2026-03-02", "Action 4"...
    text: str


@dataclass
class ReviewItem:
    index: int
    block: str
    finding: Finding
    accepted: bool | None = None  # None: not reviewed yet
    remembered: bool = False  # decided at an earlier export of the same, unchanged passage
    by_mentor: bool = False  # decided by the mentor (now or remembered), not by a non-interactive default
    default: bool = True  # what the CLI decides and the preview shows until the mentor does

    @property
    def reviewed(self) -> bool:
        return self.accepted is not None

    @property
    def redacts(self) -> bool:
        """Whether this finding will be replaced: the mentor's decision, else the default."""
        return self.default if self.accepted is None else self.accepted


def blocks_of(summary: Summary) -> list[Block]:
    out = [Block(f"goals.{i}", f"Goal {i + 1}", g.title) for i, g in enumerate(summary.goals)]
    out += [Block(f"actions.{i}", f"Action {i + 1}", a.text) for i, a in enumerate(summary.actions)]
    out += [
        Block(f"passages.{i}", f"Shared summary of {p.date.isoformat()}", p.text)
        for i, p in enumerate(summary.passages)
    ]
    return out


def set_block(summary: Summary, key: str, text: str) -> None:
    """Put ``text`` into the field of ``summary`` that block ``key`` (see ``blocks_of``) names."""
    section, _, number = key.partition(".")
    i = int(number)
    if section == "goals":
        summary.goals[i].title = text
    elif section == "actions":
        summary.actions[i].text = text
    else:
        summary.passages[i].text = text


CATEGORIES = {
    "name": "known person",
    "own_name": "the mentee's own name",
    "possible_name": "possible name",
    "manual": "selected by the mentor",
}


def category_of(kind: str) -> str:
    """The category a mentor reads for a finding's kind: "known person", "possible name", "email"..."""
    return CATEGORIES.get(kind, kind.replace("_", " "))


@dataclass(frozen=True)
class FindingView:
    """What the review shows of one finding: the exact words flagged, why, and the category."""

    words: str
    why: str
    category: str
    replacement: str
    remembered: bool


class SummaryReview:
    def __init__(
        self,
        summary: Summary,
        people: Sequence[KnownPerson],
        *,
        keep_sensitive: Iterable[str] = (),
        memory: ReviewMemory | None = None,
    ) -> None:
        self.summary = summary
        self.people = list(people)
        self.memory = memory
        self._labels = [p.label for p in self.people if not p.keep]
        self.blocks = {b.key: b for b in blocks_of(summary)}
        self.items: list[ReviewItem] = []
        allow = memory.not_names if memory is not None else ()
        # Categories kept by default for the coordinator: agreed in the agreement, or asked for by the export.
        agreed = parse_categories(c for c in summary.shared_categories if _known_category(c))
        self.kept_categories = agreed | parse_categories(keep_sensitive)
        for block in self.blocks.values():
            for finding in scan(block.text, self.people, allow_words=allow):
                self.items.append(ReviewItem(len(self.items), block.key, finding))
            for finding in find_sensitive(block.text):
                withhold = summary.audience == "coordinator" and not set(finding.categories) <= self.kept_categories
                self.items.append(ReviewItem(len(self.items), block.key, finding, default=withhold))
        self._label_unknown_names()
        if memory is not None:
            self._recall(memory)

    # --- memory ------------------------------------------------------------------------------

    def _recall(self, memory: ReviewMemory) -> None:
        """Re-apply the decisions stored for every passage whose text is unchanged."""
        for key, block in self.blocks.items():
            decisions = memory.decisions_for(block.text)
            if not decisions:
                continue
            by_span = {(k, s, e): a for k, s, e, a in decisions if k != "manual"}
            for item in self.items:
                f = item.finding
                if item.block == key and (f.kind, f.start, f.end) in by_span:
                    accepted = by_span[(f.kind, f.start, f.end)]
                    if accepted or f.kind not in UNREJECTABLE:
                        item.accepted = accepted
                        item.remembered = item.by_mentor = True
            for kind, start, end, _ in decisions:
                if kind == "manual" and end <= len(block.text):
                    try:
                        self.add_manual(key, start, end).remembered = True  # add_manual marks it by_mentor
                    except UsageError:
                        continue  # a finding now covers it: that finding's own decision stands

    def remember(self, on: dt.date) -> ReviewMemory | None:
        """Put every decision of this review into its memory (the caller then saves it with ``save_memory``)."""
        if self.memory is None:
            return None
        for key, block in self.blocks.items():
            decisions: list[Decision] = [
                (i.finding.kind, i.finding.start, i.finding.end, bool(i.accepted))
                for i in self.items
                if i.block == key and i.accepted is not None and i.by_mentor
            ]
            self.memory.remember_passage(block.text, decisions, on)
        return self.memory

    @property
    def decided_by_mentor(self) -> bool:
        """True once the mentor decided anything (or a remembered decision applied): worth remembering."""
        return any(i.by_mentor for i in self.items)

    @property
    def pending(self) -> list[ReviewItem]:
        """The findings still to decide: what is new since the last review."""
        return [i for i in self.items if not i.reviewed]

    def view(self, index: int) -> FindingView:
        """The exact words flagged, why, and the category (a special category names itself: "health")."""
        item = self.items[index]
        f = item.finding
        category = ", ".join(f.categories) if f.categories else category_of(f.kind)
        words = f.text
        if f.triggers:  # a whole sentence: the words that made it sensitive are what was flagged
            words = ", ".join(dict.fromkeys(w for _, w in f.triggers))
        return FindingView(words, f.reason, category, f.replacement, item.remembered)

    def not_a_name(self, index: int) -> list[ReviewItem]:
        """The mentor says a flagged word is not a name: keep it everywhere, and never ask again."""
        item = self.items[index]
        if item.finding.kind != "possible_name":
            raise UsageError("only a possible name can be marked as not a name")
        changed = self.decide(index, False, all_identical=True)
        if self.memory is not None:
            self.memory.not_a_name(item.finding.text)
        return changed

    def is_a_name(self, index: int) -> str:
        """The mentor says a flagged word is a name: redact it everywhere; returns the words to offer as a person."""
        item = self.items[index]
        if item.finding.kind != "possible_name":
            raise UsageError("only a possible name can be confirmed as a name")
        self.decide(index, True, all_identical=True)
        return " ".join(item.finding.text.split())

    def accept_pending(self) -> None:
        """Decide every finding not decided yet by its default (the CLI's choice); remembered ones stand."""
        self.apply_defaults()

    def _label_unknown_names(self) -> None:
        """Each unknown name gets "[unnamed person N]", the same N for the same words all through the summary.

        A single word of a full name flagged anywhere in the summary ("Maria", before or after "Maria
        Gonzalez") shares its label: it is most likely the same person.
        """
        flagged = [
            (item, " ".join(fold(item.finding.text).split()))
            for item in self.items
            if item.finding.kind == "possible_name"
        ]
        full_names = [key for _, key in flagged if " " in key]

        def person_of(key: str) -> str:
            # Wherever the full name appears (before or after), a lone word of it is the same person.
            if " " in key:
                return key
            return next((full for full in full_names if key in full.split()), key)

        numbers: dict[str, int] = {}
        for item, key in flagged:
            f = item.finding
            n = numbers.setdefault(person_of(key), len(numbers) + 1)
            item.finding = dataclasses.replace(f, replacement=unknown_label(n))

    # --- the counter -------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def reviewed(self) -> int:
        return sum(1 for item in self.items if item.reviewed)

    @property
    def complete(self) -> bool:
        return self.reviewed == self.total

    # --- decisions ---------------------------------------------------------------------------

    def decide(self, index: int, accept: bool, *, all_identical: bool = False) -> list[ReviewItem]:
        """Accept or reject one finding (or every finding of the same kind and text); returns those changed."""
        item = self.items[index]
        if not accept and item.finding.kind in UNREJECTABLE:
            raise UsageError("a known name is always replaced; it cannot be kept")
        targets = [item]
        if all_identical:
            key = (item.finding.kind, fold(item.finding.text))
            targets = [i for i in self.items if (i.finding.kind, fold(i.finding.text)) == key]
        for target in targets:
            target.accepted = accept
            target.by_mentor = True
        return targets

    def accept_all(self) -> None:
        """The mentor redacts every finding (a decision of theirs, remembered like any other)."""
        for item in self.items:
            item.accepted = True
            item.by_mentor = True

    def apply_defaults(self) -> None:
        """Decide every open item by its default: the CLI's non-interactive export."""
        for item in self.items:
            if item.accepted is None:
                item.accepted = item.default

    def add_manual(self, block_key: str, start: int, end: int) -> ReviewItem:
        """Redact a span the mentor selected. It must not overlap another finding of the same field."""
        block = self.blocks[block_key]
        if not 0 <= start < end <= len(block.text):
            raise UsageError("the selection is outside the text")
        for other in self.items:
            if other.finding.kind == SENSITIVE:
                continue  # a whole sentence: a selection inside it is redacted if the sentence is kept
            if other.block == block_key and other.finding.start < end and start < other.finding.end:
                raise UsageError("the selection overlaps a finding already listed; decide that one instead")
        item = ReviewItem(len(self.items), block_key, manual(block.text, start, end), accepted=True, by_mentor=True)
        self.items.append(item)
        return item

    # --- the result --------------------------------------------------------------------------

    def redacted(self, *, preview: bool = False) -> Summary:
        """The summary with accepted findings replaced. Unreviewed ones count as accepted in a preview."""
        if not preview and not self.complete:
            raise ExportRefused(f"{self.total - self.reviewed} finding(s) not reviewed yet")
        out = copy.deepcopy(self.summary)
        for key, block in self.blocks.items():
            # Unreviewed findings go by their default here: only a preview can get this far with any.
            chosen = [i.finding for i in self.items if i.block == key and i.redacts]
            set_block(out, key, tidy(apply(block.text, _with_sentences_withheld(block.text, chosen)), self._labels))
        return out

    def counts(self) -> dict[str, int]:
        """Redactions applied, by kind: what the export log records (never the values)."""
        return dict(Counter(i.finding.kind for i in self.items if i.accepted and i.finding.kind != SENSITIVE))

    def sensitive_counts(self) -> dict[str, dict[str, int]]:
        """Special-category sentences withheld and kept, by category (a sentence counts in each of its
        categories): what the export log records, never the sentences."""
        out: dict[str, Counter[str]] = {"withheld": Counter(), "kept": Counter()}
        for item in self.items:
            if item.finding.kind == SENSITIVE:
                out["withheld" if item.redacts else "kept"].update(item.finding.categories)
        return {k: dict(sorted(v.items())) for k, v in out.items()}

    def kept_values(self) -> set[tuple[str, str]]:
        return {(i.finding.kind, fold(i.finding.text)) for i in self.items if i.accepted is False}

    def final_check(self, rendered: str) -> None:
        """Refuse to write ``rendered`` if it still holds a known name or a pattern the mentor did not keep."""
        kept = self.kept_values()
        left = [f for f in residue(rendered, self.people) if (f.kind, fold(f.text)) not in kept]
        if left:
            kinds = Counter(f.kind for f in left)
            listed = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
            raise ExportRefused(f"the final re-scan still finds {listed} in the summary; nothing was written")


def _known_category(name: str) -> bool:
    try:
        parse_categories([name])
    except UsageError:
        return False  # written by a newer version, or by hand: ignored, never an error at export
    return True


@dataclass
class _Withheld:
    start: int
    end: int
    categories: list[str]
    sentences: int


def _with_sentences_withheld(text: str, chosen: list[Finding]) -> list[Finding]:
    """The findings to apply to one field: each withheld sentence swallows the findings inside it (and
    grows over one that straddles its edge, so no half of a value is left), and withheld sentences side
    by side become one neutral line."""
    others = [f for f in chosen if f.kind != SENSITIVE]
    runs: list[_Withheld] = []
    for f in sorted((f for f in chosen if f.kind == SENSITIVE), key=lambda f: f.start):
        start, end = f.start, f.end
        for o in others:
            if o.start < end and start < o.end:
                start, end = min(start, o.start), max(end, o.end)
        last = runs[-1] if runs else None
        if last is not None and (start <= last.end or not text[last.end : start].strip()):
            last.end = max(last.end, end)
            last.categories += [c for c in f.categories if c not in last.categories]
            last.sentences += 1
        else:
            runs.append(_Withheld(start, end, list(f.categories), 1))
    out = [
        Finding(SENSITIVE, r.start, r.end, text[r.start : r.end], neutral_line(r.categories, r.sentences), "withheld")
        for r in runs
    ]
    return out + [o for o in others if not any(r.start <= o.start and o.end <= r.end for r in runs)]
