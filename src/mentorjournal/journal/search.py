"""Full-text search over everything a mentor wrote: ranked, case- and accent-insensitive, kept between unlocks.

Every searchable field of a record is folded (``text.words``: the application's one folding) and put in
an SQLite FTS5 index held in memory (``search_index.FtsStore``, whose docstring has the storage design).
Results are ranked with BM25 over field-weighted word counts, so a word in a title or a tag counts more
than the same word deep in the notes, and rare words count more than common ones. Every query word must
match; the last one also matches as a prefix (so typing "feedb" already finds "feedback"), counting less
than the whole word. Updating one document folds and indexes that document only: a save costs the same
in a journal of 10 or 100,000 sessions. Which field of a hit matched best, and its snippet, come from
the original text of the hits shown, never from the index.

The journal keeps the index between unlocks in a sealed device-local cache (``RecordIndex``), with the
revision indexed per record, so the first search after an unlock indexes only what changed since.
"""

from __future__ import annotations

import contextlib
import inspect
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

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
from mentorjournal.journal.search_index import Columns, FtsStore, match_expression
from mentorjournal.journal.text import fold, folded_with_offsets, words

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


Fields = dict[str, str]
# The weight classes: the index's columns (a field's words go to its weight's column). Lowest first:
# FTS5 writes no column marker for column 0, and most words are notes (weight 1): 24% smaller.
WEIGHT_CLASSES: list[float] = sorted({*FIELD_WEIGHTS.values(), DEFAULT_WEIGHT})
_CLASS_OF = {w: i for i, w in enumerate(WEIGHT_CLASSES)}


BULK = 1000  # documents indexed at once, from which segments are merged once at the end
_WORD_RE = re.compile(r"[^\W_]+")  # a word of ``text.words``


def index_columns(fields: Fields) -> Columns:
    """The FTS5 column values of a document: each field's folded words (at most MAX_INDEXED_CHARS of
    it) in its weight class. Deterministic: removing a document recomputes exactly these."""
    classes: list[list[str]] = [[] for _ in WEIGHT_CLASSES]
    for name, text in fields.items():
        if text:
            classes[_CLASS_OF[FIELD_WEIGHTS.get(name, DEFAULT_WEIGHT)]].append(_tokens(text[:MAX_INDEXED_CHARS]))
    return [" ".join(parts) for parts in classes]


def _tokens(text: str) -> str:
    """``text``'s folded words, as FTS5's ``ascii`` tokenizer will split them. Folded ASCII text goes in as
    it is: that tokenizer splits it at every character that is not a letter or digit, exactly as
    ``text.words`` does (no Python split and join: a third of a build). Other text goes in as its words
    joined by spaces, since that tokenizer takes every non-ASCII character for part of a word."""
    folded = fold(text)
    return folded if folded.isascii() else " ".join(_WORD_RE.findall(folded))


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _weakly(fn: Callable[_P, _R] | None) -> Callable[_P, _R] | None:
    """``fn``, held weakly if it is a method of the index's owner.

    The owner (the journal's record index) keeps this index; a strong reference back would make a
    cycle, and a cycle is freed only by a full collection, which may not come for a long time: every
    card and revision of the journal (decrypted text) would stay in memory after a lock.
    """
    if fn is None or not inspect.ismethod(fn):
        return fn
    ref: weakref.WeakMethod[Callable[_P, _R]] = weakref.WeakMethod(fn)

    def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        method = ref()
        if method is None:
            raise ReferenceError("the search index outlived the journal that owned it")
        return method(*args, **kwargs)

    return call


class SearchIndex:
    """Documents (record id, revision id, owning mentee, fields) in an FTS5 index, searched with BM25.

    ``fields_of(doc_id)`` gives a document's original fields when a hit needs its snippet, and
    ``indexed_fields(doc_id, revision_id)`` the fields of a revision indexed earlier, when it is
    replaced or removed (a contentless index must be told what it forgets; None if that revision
    cannot be read any more). Without ``fields_of`` (tests, small uses) the fields are kept here.
    """

    def __init__(
        self,
        fields_of: Callable[[str], Fields] | None = None,
        indexed_fields: Callable[[str, str], Fields | None] | None = None,
        *,
        store: FtsStore | None = None,
    ) -> None:
        self._store = store if store is not None else FtsStore(WEIGHT_CLASSES)
        self._fields_of = _weakly(fields_of)
        self._indexed_fields = _weakly(indexed_fields)
        self._kept: dict[str, Fields] | None = {} if fields_of is None else None

    @classmethod
    def from_bytes(
        cls,
        data: bytes | None,
        fields_of: Callable[[str], Fields],
        indexed_fields: Callable[[str, str], Fields | None],
    ) -> SearchIndex | None:
        """An index saved by ``to_bytes``; None if there is none or it is not of this version."""
        store = FtsStore.from_bytes(WEIGHT_CLASSES, data) if data else None
        return None if store is None else cls(fields_of, indexed_fields, store=store)

    def to_bytes(self) -> bytes:
        return self._store.to_bytes()

    @classmethod
    def from_chunks(
        cls,
        chunks: Iterator[bytes],
        fields_of: Callable[[str], Fields],
        indexed_fields: Callable[[str, str], Fields | None],
    ) -> SearchIndex | None:
        """An index saved by ``to_chunks``; None if it is not one of this version (or the pieces fail)."""
        store = FtsStore.from_chunks(WEIGHT_CLASSES, chunks)
        return None if store is None else cls(fields_of, indexed_fields, store=store)

    def to_chunks(self) -> Iterator[bytes]:
        return self._store.to_chunks()

    def close(self) -> None:
        """Let the in-memory database go (a build that was stopped, an index replaced)."""
        self._store.close()

    def optimize(self) -> None:
        """Merge the index's segments (dropping what removals left): after building or changing much of
        it. The pages that frees are given back when it is next saved (``to_bytes``)."""
        self._store.optimize()

    @property
    def stale(self) -> int:
        return self._store.stale

    def __len__(self) -> int:
        return len(self._store)

    # --- updating ------------------------------------------------------------------------------

    def put(self, doc_id: str, fields: Fields, *, revision: str = "", owner: str = "") -> None:
        """Add or replace one document. Cost: folding this document (and the one it replaces) only."""
        self.remove(doc_id)
        self.put_new([(doc_id, revision, owner, fields)])

    def put_new(self, docs: Iterable[tuple[str, str, str, Fields]]) -> None:
        """Add documents (id, revision, owner, fields) that are not in the index."""
        kept = self._kept

        def rows() -> Iterator[tuple[str, str, str, Columns]]:
            for doc_id, revision, owner, fields in docs:
                if kept is not None:
                    kept[doc_id] = {k: v[:MAX_INDEXED_CHARS] for k, v in fields.items() if v}
                yield doc_id, revision, owner, index_columns(fields)

        self._store.put_many(rows())

    def remove(self, doc_id: str) -> None:
        revision = self._store.revision(doc_id)
        if revision is None:
            return
        if self._kept is not None:
            old = self._kept.pop(doc_id, None)
        else:
            old = self._indexed_fields(doc_id, revision) if self._indexed_fields is not None else None
        self._store.remove(doc_id, None if old is None else index_columns(old))

    def holds(self, count: int, revision_ids: Iterable[str]) -> bool:
        """Whether the index holds exactly the documents of these revisions (a quick test)."""
        return self._store.holds(count, revision_ids)

    def holds_digest(self, count: int, digest: int) -> bool:
        """``holds``, by ``count`` revisions whose ``search_index.revision_sum`` is ``digest``."""
        return self._store.holds_digest(count, digest)

    def catch_up(
        self,
        shown: list[str],
        record_of: Callable[[str], str | None],
        fields_for: Callable[[str], tuple[str, Fields] | None],
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Make the index hold exactly the records whose revisions are ``shown`` (one per record):
        records that went or show another revision are taken out, the others put in, with
        ``fields_for(record_id)`` -> (owner, fields), or None to leave one out. ``record_of`` gives a
        revision's record (None: unknown now). Returns how many records changed in the index."""
        records, revisions = self._store.revisions()
        # Set operations in C: at 100k records, finding the few that changed takes about 0.1 s.
        indexed, now = set(revisions), set(shown)
        went, came = indexed - now, now - indexed
        del indexed, now
        gone = [rid for revision in went if (rid := record_of(revision)) is not None]
        if len(gone) < len(went):  # a revision that vanished from the vault: its record from the index
            where = dict(zip(revisions, records, strict=True))
            gone = [where[revision] for revision in went]
        del records, revisions
        for rid in gone:
            self.remove(rid)
        todo = sorted((rid, revision) for revision in came if (rid := record_of(revision)) is not None)
        total = len(todo)
        with self._store.bulk() if total >= BULK else contextlib.nullcontext():
            for start in range(0, total, 1000):
                batch = []
                for rid, revision in todo[start : start + 1000]:
                    got = fields_for(rid)
                    if got is not None:
                        batch.append((rid, revision, got[0], got[1]))
                self.put_new(batch)
                if progress:
                    progress(min(total, start + 1000), total)
        return len(gone) + total

    def catch_up_records(
        self,
        record_ids: Iterable[str],
        revision_of: Callable[[str], str | None],
        fields_for: Callable[[str], tuple[str, Fields] | None],
    ) -> int:
        """``catch_up`` when only ``record_ids`` can differ from what is indexed (the caller knows every
        other record shows the revision indexed): each is compared with ``revision_of(record_id)`` (the
        revision shown now; None: none) and taken out and put in again as needed. Returns how many changed."""
        removed, todo = 0, []
        for record_id in record_ids:
            now, indexed = revision_of(record_id), self._store.revision(record_id)
            if now == indexed:
                continue
            if indexed is not None:
                self.remove(record_id)
                removed += 1
            if now is not None:
                todo.append((record_id, now))
        batch = []
        for record_id, revision in sorted(todo):
            got = fields_for(record_id)
            if got is not None:
                batch.append((record_id, revision, got[0], got[1]))
        self.put_new(batch)
        return removed + len(todo)

    # --- querying ------------------------------------------------------------------------------

    def search(self, query: str, *, owner: str | None = None, limit: int = 50) -> list[RawHit]:
        """Documents matching every word of ``query``, best first; ``owner``: only that mentee's."""
        qwords = list(dict.fromkeys(words(query)))
        if not qwords or limit <= 0:
            return []
        prefix_last = not query[-1].isspace() and len(qwords[-1]) >= MIN_PREFIX
        found = self._store.query(match_expression(qwords, prefix_last), owner=owner, limit=limit)
        hits = []
        for doc_id, score in found:
            fields = self._original(doc_id)
            field = best_field(fields, qwords, prefix_last)
            snippet = make_snippet(fields.get(field, "")[:MAX_INDEXED_CHARS], qwords)
            hits.append(RawHit(doc_id, float(f"{score:.6g}"), field, snippet))
        return hits

    def _original(self, doc_id: str) -> Fields:
        if self._kept is not None:
            return self._kept.get(doc_id, {})
        return self._fields_of(doc_id) if self._fields_of is not None else {}


def best_field(fields: Fields, qwords: list[str], prefix_last: bool) -> str:
    """The field where the query's words weigh most (whole words; the last word's longer forms count
    PREFIX_FACTOR); ties go to the heavier field, then the first."""
    last = qwords[-1]
    best, best_key = "", (0.0, 0.0)
    for name, text in fields.items():
        if not text:
            continue
        # Each word with a space either side: a whole word w is " w ", a word start " w" (counted in C).
        spaced = f" {' '.join(words(text[:MAX_INDEXED_CHARS]))} "
        n = float(sum(spaced.count(f" {w} ") for w in qwords))
        if prefix_last:
            n += PREFIX_FACTOR * (spaced.count(f" {last}") - spaced.count(f" {last} "))
        weight = FIELD_WEIGHTS.get(name, DEFAULT_WEIGHT)
        if n and (n * weight, weight) > best_key:
            best, best_key = name, (n * weight, weight)
    if not best:  # only an index entry left by a removal matched: show the first field
        best = next((name for name, text in fields.items() if text), "")
    return best


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
