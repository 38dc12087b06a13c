"""Full-text search over everything a mentor wrote: in memory, ranked, case- and accent-insensitive.

Every document is kept folded and the query scans it (see ``SearchIndex``); results are ranked with
BM25 over field-weighted term frequencies, so a word in a title or a tag counts more than the same word
deep in the notes, and rare words count more than common ones. Every query word must match; the last
one also matches as a prefix (so typing "feedb" already finds "feedback"). Updating one document folds
that document only: a save costs the same in a journal of 10 or 10,000 sessions.

The folded text lives in memory, made after unlock; the journal keeps a copy only in its sealed,
device-local cache (``Journal.build_search_index``), so that the first search after an unlock does not
fold every note again.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter

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


# A document's folded words, field by field, packed in one string: "title= w1 w2 |notes= w3 |". Words
# are letters and digits, so "=" and "|" never occur in them and `` w `` still finds exactly the word w;
# the same string serves the C-speed scan, the per-field scoring and the cache (``Journal``).
Packed = str


@dataclass(slots=True)
class _Doc:
    fields: dict[str, str] | None  # the original texts (for snippets); None: asked of ``fields_of``
    text: Packed  # one C-speed membership test rules a document out
    length: int  # in words, for BM25's length normalisation

    def folded(self) -> list[tuple[str, str]]:
        """(field name, " w1 w2 ... ") pairs: only the shortlisted documents of a query need them."""
        return [tuple(part.split("=", 1)) for part in self.text.split("|")[:-1]]  # type: ignore[misc]


def _spaced(text: str) -> str:
    """The folded words of ``text`` with one space before and after each: a whole word ``w`` is then
    exactly the substring `` w `` and a word start is `` w``, so matching needs no regex at all."""
    found = words(text)
    return f" {' '.join(found)} " if found else ""


class SearchIndex:
    """Full-text search by scanning folded words: nothing to build but the folding, nothing kept but text.

    Each document is kept as its folded words separated by single spaces, so a whole word is a plain
    substring test (C speed) and a document without it is ruled out at once. The longest query word goes
    first (usually the rarest) and later words only look at what it left. Candidates get a cheap score
    from whole-text counts; only the best few are scored field by field. At 10,000 sessions a query costs
    tens of milliseconds, with no index to build at unlock or first search and no per-word dictionaries
    in memory (an inverted index cost seconds to build and hundreds of MiB). Ranking is BM25 over
    field-weighted term frequencies; every query word must match; the last one also matches as a
    prefix, counting a little less than a whole word.
    """

    def __init__(self, fields_of: Callable[[str], dict[str, str]] | None = None) -> None:
        self._docs: dict[str, _Doc] = {}
        self._total_len = 0
        # Where the original texts of a document put in already folded come from (only the few shown
        # as hits need them, for their snippets).
        self._fields_of = fields_of

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    # --- updating ------------------------------------------------------------------------------

    def put(self, doc_id: str, fields: dict[str, str]) -> None:
        """Add or replace one document. Cost: folding this document only."""
        kept = {k: v[:MAX_INDEXED_CHARS] for k, v in fields.items() if v}
        self._add(doc_id, kept, fold_fields(kept))

    def put_many_folded(self, docs: list[tuple[str, Packed]]) -> None:
        """Add or replace documents already folded (``fold_fields``), e.g. from a cache, all at once."""
        for doc_id, _ in docs:
            self.remove(doc_id)
        lengths = [max(1, packed.count(" ") // 2) for _, packed in docs]
        self._docs.update(
            (doc_id, _Doc(None, packed, length)) for (doc_id, packed), length in zip(docs, lengths, strict=True)
        )
        self._total_len += sum(lengths)

    def folded(self, doc_id: str) -> Packed | None:
        doc = self._docs.get(doc_id)
        return doc.text if doc is not None else None

    def _add(self, doc_id: str, fields: dict[str, str] | None, packed: Packed) -> None:
        self.remove(doc_id)
        length = max(1, packed.count(" ") // 2)
        self._docs[doc_id] = _Doc(fields, packed, length)
        self._total_len += length

    def remove(self, doc_id: str) -> None:
        doc = self._docs.pop(doc_id, None)
        if doc is not None:
            self._total_len -= doc.length

    # --- querying ------------------------------------------------------------------------------

    def search(self, query: str, *, accept: Callable[[str], bool] | None = None, limit: int = 50) -> list[RawHit]:
        """Documents matching every word of ``query``, best first. ``accept`` filters doc ids."""
        qwords = list(dict.fromkeys(words(query)))
        if not qwords or limit <= 0 or not self._docs:
            return []
        last = qwords[-1]
        prefix_last = not query[-1].isspace() and len(last) >= MIN_PREFIX
        needles = {w: f" {w} " for w in qwords}
        if prefix_last:
            needles[last] = f" {last}"
        # One pass counts the longest query word (usually the rarest) in every document, which both rules
        # documents out and gives the rough score below; later words only look at what it left.
        first, *others = sorted(qwords, key=len, reverse=True)
        needle = needles[first]
        counted = [(doc_id, doc, n) for doc_id, doc in self._docs.items() if (n := doc.text.count(needle))]
        for word in others:
            needle = needles[word]
            counted = [(doc_id, doc, n + doc.text.count(needle)) for doc_id, doc, n in counted if needle in doc.text]
        if accept is not None:
            counted = [c for c in counted if accept(c[0])]
        if not counted:
            return []
        n_docs = len(self._docs)
        avg_len = self._total_len / n_docs or 1.0
        # Document frequency from the survivors: exact for a one-word query, a fair estimate otherwise.
        idf = math.log(1.0 + (n_docs - len(counted) + 0.5) / (len(counted) + 0.5)) * (K1 + 1.0)
        exact_last = f" {last} "

        def bm25(tf: float, doc: _Doc) -> float:
            return idf * tf / (tf + K1 * (1.0 - B + B * doc.length / avg_len))

        # Stage one, only when there are many: the rough score is every query word's count over the
        # document's length (C speed, no field weights); the best few go on to stage two.
        wanted = max(limit * 4, 100)
        if len(counted) > wanted:
            rough = [(n / (doc.length + avg_len), doc_id, doc) for doc_id, doc, n in counted]
            candidates = [(doc_id, doc) for _, doc_id, doc in heapq.nlargest(wanted, rough, key=itemgetter(0, 1))]
        else:
            candidates = [(doc_id, doc) for doc_id, doc, _ in counted]
        # Stage two: the shortlist, field by field with the field weights.
        scored: list[tuple[float, str, str]] = []
        for doc_id, doc in candidates:
            score = 0.0
            per_field: dict[str, float] = {}
            for word in qwords:
                needle = needles[word]
                factor = PREFIX_FACTOR if prefix_last and word == last and exact_last not in doc.text else 1.0
                tf = 0.0
                for name, text in doc.folded():
                    n = text.count(needle)
                    if n:
                        w = FIELD_WEIGHTS.get(name, DEFAULT_WEIGHT) * n * factor
                        tf += w
                        per_field[name] = per_field.get(name, 0.0) + w
                score += bm25(tf, doc)
            best = max(per_field.items(), key=lambda kv: (kv[1], FIELD_WEIGHTS.get(kv[0], DEFAULT_WEIGHT)))[0]
            scored.append((score, doc_id, best))
        top = heapq.nsmallest(limit, scored, key=lambda t: (-t[0], t[1]))
        return [
            RawHit(doc_id, round(score, 6), field, make_snippet(self._original(doc_id, field), qwords))
            for score, doc_id, field in top
        ]

    def _original(self, doc_id: str, field: str) -> str:
        fields = self._docs[doc_id].fields
        if fields is None:
            fields = self._fields_of(doc_id) if self._fields_of is not None else {}
        return fields.get(field, "")[:MAX_INDEXED_CHARS]


def fold_fields(fields: dict[str, str]) -> Packed:
    """Each non-empty field's folded words (at most MAX_INDEXED_CHARS of it), packed as ``SearchIndex`` keeps them."""
    return "".join(
        f"{name}={spaced}|" for name, text in fields.items() if text and (spaced := _spaced(text[:MAX_INDEXED_CHARS]))
    )


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
