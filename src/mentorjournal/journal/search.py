"""Full-text search over everything a mentor wrote: in memory, ranked, case- and accent-insensitive.

An inverted index (term -> documents with a field-weighted term frequency) scored with BM25, so a
word in a title or a tag counts more than the same word deep in the notes, and rare words count
more than common ones. Every query word must match; the last one also matches as a prefix (so
typing "feedb" already finds "feedback"). Updating one document touches only that document's
terms: a save costs the same in a journal of 10 or 10,000 sessions.

The index lives only in memory, built after unlock; it is never written anywhere.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mentorjournal.journal.model import (
    ActionItem,
    Agreement,
    ConcernRecord,
    Goal,
    JournalObject,
    Mentee,
    Person,
    Session,
)
from mentorjournal.journal.text import folded_with_offsets, words

# How much one occurrence of a word counts, by field: what a mentor would call "the title" first.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "name": 3.0,
    "aliases": 2.5,
    "tags": 2.5,
    "text": 2.0,  # an action item's one line
    "words": 1.5,  # a concern's recorded words
    "shared_summary": 1.5,
    "goals": 1.5,
    "detail": 1.2,
    "measure": 1.2,
}
DEFAULT_WEIGHT = 1.0
PREFIX_FACTOR = 0.7  # a prefix match of the last word counts a little less than the whole word
MIN_PREFIX = 2  # a one-letter prefix would match half the vocabulary
MAX_PREFIX_EXPANSIONS = 400
SNIPPET_CONTEXT = 50  # characters either side of the first match
K1 = 1.2
B = 0.75
# Only this much of each field is indexed and used for snippets: a pasted 100 MB log must not make every
# search (and the memory of the index) pay for it. A novel's worth of notes in one field still fits.
MAX_INDEXED_CHARS = 1_000_000


def searchable_fields(obj: JournalObject) -> dict[str, str]:
    """Every field a mentor wrote, as text, by field name."""
    if isinstance(obj, Session):
        return {
            "title": obj.title,
            "tags": ", ".join(obj.tags),
            "shared_summary": obj.shared_summary,
            "notes": obj.notes,
            "reflection": obj.reflection,
            "format": obj.format,
        }
    if isinstance(obj, Mentee):
        return {
            "name": obj.name,
            "aliases": ", ".join(obj.aliases),
            "pseudonym": obj.pseudonym,
            "organisation": obj.organisation,
            "role": obj.role,
            "programme": obj.programme,
            "contact": obj.contact,
        }
    if isinstance(obj, Goal):
        return {
            "title": obj.title,
            "detail": obj.detail,
            "measure": obj.measure,
            "progress": "\n".join(p.comment for p in obj.progress if p.comment),
        }
    if isinstance(obj, ActionItem):
        return {"text": obj.text}
    if isinstance(obj, Agreement):
        return {
            "goals": obj.goals,
            "cadence": obj.cadence,
            "format": obj.format,
            "confidentiality": obj.confidentiality,
            "confidentiality_limits": obj.confidentiality_limits,
            "coordinator": obj.coordinator,
            "consent_notes": obj.consent_notes,
        }
    if isinstance(obj, ConcernRecord):
        return {
            "words": obj.words,
            "said_by": obj.said_by,
            "place": obj.place,
            "response": obj.response,
            "action_taken": obj.action_taken,
            "informed": obj.informed,
            "consent": obj.consent,
        }
    if isinstance(obj, Person):
        return {
            "name": obj.name,
            "aliases": ", ".join(obj.aliases),
            "relationship": obj.relationship,
            "notes": obj.notes,
        }
    return {}


@dataclass(frozen=True)
class RawHit:
    """A ranked document id with its best field and a snippet; the journal maps it to the object."""

    doc_id: str
    score: float
    field: str
    snippet: str


class SearchIndex:
    """An incremental BM25 index over documents made of named text fields."""

    def __init__(self) -> None:
        self._postings: dict[str, dict[str, float]] = {}  # term -> {doc id: weighted term frequency}
        self._doc_terms: dict[str, dict[str, float]] = {}  # doc id -> {term: weighted term frequency}
        self._doc_fields: dict[str, dict[str, str]] = {}  # doc id -> field texts (for snippets)
        self._doc_len: dict[str, float] = {}
        self._total_len = 0.0
        self._vocabulary: list[str] | None = []  # sorted, for prefix lookups; None: re-sort before use
        self._norms: dict[str, float] | None = None  # BM25 length norms; recomputed lazily after changes

    def __len__(self) -> int:
        return len(self._doc_terms)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._doc_terms

    # --- updating ------------------------------------------------------------------------------

    def put(self, doc_id: str, fields: dict[str, str]) -> None:
        """Index (or re-index) one document. Cost: the size of this document only."""
        self.remove(doc_id)
        self._norms = None
        terms: dict[str, float] = {}
        length = 0.0
        fields = {k: v[:MAX_INDEXED_CHARS] for k, v in fields.items() if v}
        for name, text in fields.items():
            weight = FIELD_WEIGHTS.get(name, DEFAULT_WEIGHT)
            counts = Counter(words(text))  # counted in C
            for term, n in counts.items():
                terms[term] = terms.get(term, 0.0) + weight * n
            length += counts.total()
        self._doc_terms[doc_id] = terms
        self._doc_fields[doc_id] = fields
        self._doc_len[doc_id] = length
        self._total_len += length
        for term, tf in terms.items():
            postings = self._postings.get(term)
            if postings is None:
                postings = self._postings[term] = {}
                self._vocabulary = None  # inserting into a sorted list per new term is quadratic on a build
            postings[doc_id] = tf

    def remove(self, doc_id: str) -> None:
        terms = self._doc_terms.pop(doc_id, None)
        if terms is None:
            return
        self._norms = None
        self._doc_fields.pop(doc_id, None)
        self._total_len -= self._doc_len.pop(doc_id, 0.0)
        for term in terms:
            postings = self._postings[term]
            postings.pop(doc_id, None)
            if not postings:
                del self._postings[term]
                self._vocabulary = None

    # --- querying ------------------------------------------------------------------------------

    def _expand(self, prefix: str) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self._postings)
        vocabulary = self._vocabulary
        i = bisect.bisect_left(vocabulary, prefix)
        out: list[str] = []
        while i < len(vocabulary) and vocabulary[i].startswith(prefix):
            out.append(vocabulary[i])
            i += 1
            if len(out) >= MAX_PREFIX_EXPANSIONS:
                break
        return out

    def _groups(self, query: str) -> list[dict[str, float]]:
        """One group per query word: the terms that satisfy it, each with its weight."""
        qwords = list(dict.fromkeys(words(query)))
        groups: list[dict[str, float]] = []
        prefix_last = bool(query) and not query[-1].isspace()
        for i, word in enumerate(qwords):
            group = {word: 1.0} if word in self._postings else {}
            if prefix_last and i == len(qwords) - 1 and len(word) >= MIN_PREFIX:
                for term in self._expand(word):
                    group.setdefault(term, PREFIX_FACTOR)
            groups.append(group)
        return groups

    def search(self, query: str, *, accept: Callable[[str], bool] | None = None, limit: int = 50) -> list[RawHit]:
        """Documents matching every word of ``query``, best first. ``accept`` filters doc ids."""
        groups = self._groups(query)
        if not groups or any(not g for g in groups) or limit <= 0:
            return []
        n_docs = len(self._doc_terms)
        norms = self._length_norms()

        def group_scores(group: dict[str, float]) -> dict[str, float]:
            scores: dict[str, float] = {}
            get = scores.get
            for term, factor in group.items():
                postings = self._postings[term]
                df = len(postings)
                weight = factor * math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)) * (K1 + 1.0)
                for doc_id, tf in postings.items():
                    s = weight * tf / (tf + norms[doc_id])
                    if s > get(doc_id, 0.0):
                        scores[doc_id] = s
            return scores

        # Smallest group first, so the intersection shrinks fast.
        ordered = sorted(groups, key=lambda g: sum(len(self._postings[t]) for t in g))
        total = group_scores(ordered[0])
        if accept is not None:
            total = {d: s for d, s in total.items() if accept(d)}
        for group in ordered[1:]:
            if not total:
                break
            scores = group_scores(group)
            total = {d: s + scores[d] for d, s in total.items() if d in scores}
        best = heapq.nsmallest(limit, total.items(), key=lambda kv: (-kv[1], kv[0]))
        all_terms: dict[str, float] = {}
        for group in groups:
            all_terms.update(group)
        return [self._hit(doc_id, score, all_terms) for doc_id, score in best]

    def _length_norms(self) -> dict[str, float]:
        """BM25's per-document length normalisation; one pass after a change, then reused."""
        if self._norms is None:
            n_docs = len(self._doc_terms)
            avg_len = (self._total_len / n_docs if n_docs else 1.0) or 1.0
            self._norms = {d: K1 * (1.0 - B + B * n / avg_len) for d, n in self._doc_len.items()}
        return self._norms

    def _hit(self, doc_id: str, score: float, terms: dict[str, float]) -> RawHit:
        fields = self._doc_fields.get(doc_id, {})
        best_field, best_weight = "", 0.0
        for name, text in fields.items():
            found = sum(terms.get(w, 0.0) for w in words(text))
            weighted = found * FIELD_WEIGHTS.get(name, DEFAULT_WEIGHT)
            if weighted > best_weight:
                best_field, best_weight = name, weighted
        snippet = make_snippet(fields.get(best_field, ""), terms) if best_field else ""
        return RawHit(doc_id, round(score, 6), best_field, snippet)


def make_snippet(text: str, terms: Iterable[str], context: int = SNIPPET_CONTEXT) -> str:
    """One plain-text line of ``text`` around the first word that is (or starts with) one of ``terms``."""
    folded, offsets = folded_with_offsets(text)
    term_list = sorted(set(terms), key=len, reverse=True)
    first = -1
    for term in term_list:
        start = 0
        while True:
            i = folded.find(term, start)
            if i < 0:
                break
            if i == 0 or not folded[i - 1].isalnum():
                if first < 0 or i < first:
                    first = i
                break
            start = i + 1
    lo_orig = 0 if first < 0 else offsets[first] if first < len(offsets) else 0
    lo = max(0, lo_orig - context)
    hi = min(len(text), lo_orig + context * 2)
    piece = " ".join(text[lo:hi].split())
    # Never hand a terminal an escape sequence from a note: drop control characters.
    piece = "".join(ch if ch.isprintable() else " " for ch in piece)
    return ("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else "")
