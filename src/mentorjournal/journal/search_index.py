"""The search index's storage: SQLite FTS5 in memory, saved whole inside a sealed device-local cache.

Why this shape (measured on the 100,000-session benchmark vault: 180,000 searchable records, 159 MB of
folded words):

- **FTS5, contentless (``content=''``).** The index holds which record has which word where, not the
  text: 97 MB at 100k, against about 300 MB for a table that keeps the text as well. ``detail=full``
  (word positions) is needed: without the text, ``detail=column`` gives ``bm25`` no word counts at all
  (every score 0, measured), and it would have saved only 45%.
- **Columns are weight classes, not fields.** ``bm25`` weighs columns; a field's words go to the
  column of its weight (``search.FIELD_WEIGHTS``), so ``bm25``'s weighted term frequency is the sum over
  fields of weight x count, over the document's length in words: BM25 with field weights. Which field
  of a hit matched best, and its snippet, come from the original text of the hits shown
  (``search.SearchIndex``).
- **Words are folded by the application** (``text.words``: case, accents, ligatures) and joined by
  spaces; FTS5's ``ascii`` tokenizer then splits on exactly those spaces (it counts every non-ASCII
  character as part of a word and folds nothing but ASCII capitals, which folded text has none of), so
  the index and the query agree on what a word is.
- **One mapping table**, ``docs(rowid, record_id, revision_id, owner)``: FTS5 rowid to record, the
  revision indexed (so that only records whose displayed revision changed are indexed again) and the
  mentee a record belongs to (the mentee filter, in SQL). Rowids are never reused (AUTOINCREMENT).
- **Deleting from a contentless table** (SQLite 3.40 has no ``contentless_delete``) needs the values
  that were indexed: the caller gives them, worked out again from the revision that was indexed
  (``search.SearchIndex``). When that revision cannot be read any more (its file went), the record's
  ``docs`` row is deleted alone: its lingering entries can never be a hit (every query joins ``docs``)
  and only nudge the statistics; they are counted (``stale``), and the index is built anew when they
  pile up.
- **Never a file.** The database is ``:memory:`` with ``temp_store=MEMORY`` (sorts, ``VACUUM``);
  ``serialize()`` and ``deserialize()`` move it whole to and from the sealed cache
  (``Vault.write_local_cache``: AES-GCM, atomic replace). A cache that does not open, does not parse, or
  has another ``user_version`` or column layout is ignored and the index rebuilt.

Thread safety: one connection (``check_same_thread=False``) behind one lock; every method takes it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence

# Bump when the schema, the tokenizer, or what goes into a column (folding, fields,
# MAX_INDEXED_CHARS) change: an index of another version is rebuilt, never misread.
SCHEMA_VERSION = 1
Columns = list[str]  # one string of space-separated folded words per FTS5 column


def column_texts(classes: Sequence[list[str]]) -> Columns:
    """The FTS5 column values for a document's folded words, grouped by weight class (in order)."""
    return [" ".join(found) for found in classes]


def _phrase(word: str) -> str:
    return f'"{word}"'  # folded words are letters and digits only: no quote to escape


def match_expression(qwords: Sequence[str], prefix_last: bool) -> str:
    """Every word must match; the last one, with ``prefix_last``, as itself or as a prefix. Both are
    matched so that a whole word scores its own term and the prefix term: more than a prefix alone."""
    parts = [_phrase(w) for w in qwords]
    if prefix_last:
        last = _phrase(qwords[-1])
        parts[-1] = f"({last} OR {last}*)"
    return " AND ".join(parts)


class FtsStore:
    """The FTS5 table and the ``docs`` mapping of one in-memory database."""

    def __init__(self, weights: Sequence[float], db: sqlite3.Connection | None = None) -> None:
        self.weights = list(weights)
        self._lock = threading.RLock()
        self._columns = [f"c{i}" for i in range(len(self.weights))]
        fresh = db is None
        self._db = db if db is not None else _connect()
        if fresh:
            self._create()
        # Built from this module's own column names and weights, never from input: no injection (S608).
        names = ", ".join(self._columns)
        marks = ", ".join("?" * len(self._columns))
        self._insert = f"INSERT INTO fts(rowid, {names}) VALUES (?, {marks})"  # noqa: S608
        self._delete = f"INSERT INTO fts(fts, rowid, {names}) VALUES ('delete', ?, {marks})"  # noqa: S608
        self._bm25 = f"bm25(fts, {', '.join(map(repr, self.weights))})"

    def _create(self) -> None:
        with self._db:
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute(
                "CREATE TABLE docs(rowid INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL UNIQUE,"
                " revision_id TEXT NOT NULL, owner TEXT NOT NULL)"
            )
            self._db.execute(
                f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(self._columns)}, content='', tokenize='ascii')"
            )
            self._db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("layout", self._layout()), ("stale", "0")],
            )

    def _layout(self) -> str:
        return json.dumps({"weights": self.weights})

    # --- whole ---------------------------------------------------------------------------------

    @classmethod
    def from_bytes(cls, weights: Sequence[float], data: bytes) -> FtsStore | None:
        """The store saved by ``to_bytes``, or None if it is not one of this version and layout."""
        db = _connect()
        try:
            db.deserialize(data)
            _set_pragmas(db)  # deserialize replaced the database; the connection's pragmas hold
            (version,) = db.execute("PRAGMA user_version").fetchone()
            layout = db.execute("SELECT value FROM meta WHERE key = 'layout'").fetchone()
            store = cls(weights, db)
            if version != SCHEMA_VERSION or layout is None or layout[0] != store._layout():
                db.close()
                return None
            db.execute("SELECT count(*) FROM docs").fetchone()
            return store
        except (sqlite3.Error, ValueError, TypeError, OverflowError):
            db.close()
            return None

    def to_bytes(self) -> bytes:
        """The whole database; with the record -> revision mapping also in one string (``revisions``
        reads that back in milliseconds, where fetching the rows costs 0.2 s at 100k)."""
        with self._lock:
            pairs = " ".join(f"{r} {v}" for r, v in self._db.execute("SELECT record_id, revision_id FROM docs"))
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('revisions', ?)", (pairs,))
            data = self._db.serialize()
            with self._db:
                self._db.execute("DELETE FROM meta WHERE key = 'revisions'")
            return data

    def optimize(self) -> None:
        """Merge the index into one segment (smaller, faster queries): after a bulk build."""
        with self._lock, self._db:
            self._db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        with self._lock:
            self._db.execute("VACUUM")  # in memory too: temp_store=MEMORY

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- documents -----------------------------------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            (n,) = self._db.execute("SELECT count(*) FROM docs").fetchone()
            return int(n)

    def revisions(self) -> tuple[list[str], list[str]]:
        """Record ids and the revision id indexed for each (two lists in step)."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'revisions'").fetchone()
            if row is not None:
                ids: list[str] = row[0].split()
                return ids[::2], ids[1::2]
            rows = self._db.execute("SELECT record_id, revision_id FROM docs").fetchall()
            return [r for r, _ in rows], [v for _, v in rows]

    def revision(self, record_id: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT revision_id FROM docs WHERE record_id = ?", (record_id,)).fetchone()
            return None if row is None else str(row[0])

    @property
    def stale(self) -> int:
        """Documents removed without their values: their entries linger, unseen, until a rebuild."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'stale'").fetchone()
            return int(row[0]) if row else 0

    def put_many(self, docs: Iterable[tuple[str, str, str, Columns]]) -> None:
        """Add documents (record id, revision id, owner, ``column_texts``) not in the index yet."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM meta WHERE key = 'revisions'")  # out of date from now on
            for record_id, revision_id, owner, columns in docs:
                cur = self._db.execute(
                    "INSERT INTO docs(record_id, revision_id, owner) VALUES (?, ?, ?)", (record_id, revision_id, owner)
                )
                self._db.execute(self._insert, (cur.lastrowid, *columns))

    def remove(self, record_id: str, columns: Columns | None) -> bool:
        """Take a record out; ``columns``: the values it was indexed with (None: not known any more)."""
        with self._lock, self._db:
            row = self._db.execute("SELECT rowid FROM docs WHERE record_id = ?", (record_id,)).fetchone()
            if row is None:
                return False
            self._db.execute("DELETE FROM meta WHERE key = 'revisions'")  # out of date from now on
            self._db.execute("DELETE FROM docs WHERE rowid = ?", row)
            if columns is not None:
                self._db.execute(self._delete, (row[0], *columns))
            else:
                self._db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'stale'")
            return True

    # --- querying ------------------------------------------------------------------------------

    def query(self, match: str, *, owner: str | None, limit: int) -> list[tuple[str, float]]:
        """(record id, score) of the best ``limit`` matches of an FTS5 ``match`` expression, best first."""
        where = "fts MATCH ?" + (" AND d.owner = ?" if owner is not None else "")
        params: tuple[object, ...] = (match, owner, limit) if owner is not None else (match, limit)
        sql = (
            f"SELECT d.record_id, {self._bm25} AS s FROM fts JOIN docs d ON d.rowid = fts.rowid"  # noqa: S608
            f" WHERE {where} ORDER BY s, d.record_id LIMIT ?"
        )
        with self._lock:
            return [(record_id, -score) for record_id, score in self._db.execute(sql, params)]


def _set_pragmas(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA temp_store = MEMORY")  # sorts and VACUUM never spill to a temporary file


def _connect() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _set_pragmas(db)
    return db
