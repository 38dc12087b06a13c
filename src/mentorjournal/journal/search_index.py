"""The search index's storage: SQLite FTS5 in memory, saved whole inside a sealed device-local cache.

Why this shape (measured on the 100,000-session benchmark vault: 180,000 searchable records, 159 MB of
folded words):

- **FTS5, contentless (``content=''``).** The index holds which record has which word where, not the
  text: 92 MB saved at 100k (9 MB at 10k), against about 300 MB for a table that keeps the text as
  well, and 173 MB for the folded words cached before. ``detail=full``
  (word positions) is needed: without the text, ``detail=column`` gives ``bm25`` no word counts at all
  (every score 0, measured), and it would have saved only 45%.
- **Columns are weight classes, not fields.** ``bm25`` weighs columns; a field's words go to the
  column of its weight (``search.FIELD_WEIGHTS``), so ``bm25``'s weighted term frequency is the sum over
  fields of weight x count, over the document's length in words: BM25 with field weights. Lowest
  weight first: FTS5 marks no column for column 0, where most words are (24% smaller). Which field
  of a hit matched best, and its snippet, come from the original text of the hits shown
  (``search.SearchIndex``).
- **Words are folded by the application** (``text.fold``: case, accents, ligatures); FTS5's ``ascii``
  tokenizer splits folded ASCII text exactly as ``text.words`` does, and other text is given as its
  words joined by spaces (that tokenizer counts every non-ASCII character as part of a word), so the
  index and the query agree on what a word is (``search.index_columns``, property-tested).
- **Built in bulk, merged once**: ``automerge`` off while many documents go in, then ``optimize``;
  before saving, pages freed by merges are given back (``VACUUM``, in memory).
- **One mapping table**, ``docs(rowid, record, revision, owner)``: FTS5 rowid to record, the
  revision indexed (so that only records whose displayed revision changed are indexed again) and the
  mentee a record belongs to (the mentee filter, in SQL). Rowids are never reused (AUTOINCREMENT).
  Ids are kept as 16 bytes and owners as numbers (``owners``): the table is a fifth of its text size.
- **Knowing fast that nothing changed.** ``meta`` keeps the sum of the indexed revision ids (random
  128-bit numbers) modulo 2**128; the same count and sum of the revisions shown now mean the index
  is current (``holds``: 50 ms at 100k). Otherwise the mapping, also saved as one packed blob, is
  compared with the revisions shown, with set operations (0.15-0.3 s at 100k).
- **Deleting from a contentless table** (SQLite 3.40 has no ``contentless_delete``) needs the values
  that were indexed: the caller gives them, worked out again from the revision that was indexed
  (``search.SearchIndex``). When that revision cannot be read any more (its file went), the record's
  ``docs`` row is deleted alone: its lingering entries can never be a hit (every query joins ``docs``)
  and only nudge the statistics; they are counted (``stale``), and the index is built anew when they
  pile up.
- **Never a file.** The database is ``:memory:`` with ``temp_store=MEMORY`` (sorts, ``VACUUM``) and
  ``auto_vacuum=FULL`` (pages freed by merges are given back at once). It goes to and from its sealed
  cache in pieces (``to_chunks``, ``from_chunks``; sealed chunk by chunk: vault/sealed_chunks.py): a
  database image holding every table but only the first FTS5 data blocks (under 45% of the index: it is
  twice in memory for a moment, as plaintext and as ``deserialize``'s copy), then the other blocks,
  inserted a few hundred at a time. At 100k a warm ``search`` peaked at 433 MiB when the whole
  ``serialize()`` was sealed in one message (ciphertext, plaintext and SQLite's copy at once), 346 MiB so.
  A cache that does not open, does not parse, or has another ``user_version`` or column layout is
  ignored and the index rebuilt.

Thread safety: one connection (``check_same_thread=False``) behind one lock; every method takes it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import struct
import sys
import threading
import weakref
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat

# Bump when the schema, the tokenizer, or what goes into a column (folding, fields,
# MAX_INDEXED_CHARS) change: an index of another version is rebuilt, never misread.
SCHEMA_VERSION = 1
# The layout of ``to_chunks`` (the sealed cache's plaintext): bump when it changes.
CHUNKS_VERSION = 2  # 1 was ``serialize()`` sealed whole (Vault.write_local_cache)
_CHUNKS_MAGIC = b"MJSEARCH"
_CHUNKS_HEAD = struct.Struct(">8sHQQ")  # magic, version, bytes of the database without blocks, blocks
_BLOCK_HEAD = struct.Struct(">qI")  # an ``fts_data`` row: its id, its block's length
PIECE = 1 << 20  # about this much plaintext a piece: a sealed chunk each
IMAGE_SHARE = 0.45  # at most this share of the index goes in the sealed cache as a database image
Columns = list[str]  # one string of space-separated folded words per FTS5 column


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


_HEX_ID = re.compile(r"[0-9a-f]{32}")
ID_MODULUS = 1 << 128
_LITTLE = sys.byteorder == "little"


def _key(doc_id: str) -> bytes | str:
    """How an id is stored: a 32-hex-digit id (every record and revision id) as its 16 bytes."""
    return bytes.fromhex(doc_id) if _HEX_ID.fullmatch(doc_id) else doc_id


def _id(key: bytes | str) -> str:
    return key.hex() if isinstance(key, bytes) else key


def revision_sum(revision_ids: Iterable[str]) -> int | None:
    """An order-free digest of a set of revision ids (random 128-bit numbers): their sum modulo 2**128.
    Equal sums with equal counts mean the same set, but for a chance of 2**-128. None: not all hex."""
    ids = revision_ids if isinstance(revision_ids, list) else list(revision_ids)
    packed = _packed_ids(ids)
    if packed is not None:  # in C: 180,000 ids in about 15 ms, against 50 ms one int() each
        lanes = array("Q", packed)
        if _LITTLE:
            lanes.byteswap()  # each id is big-endian: its high then its low 64 bits
        return ((sum(lanes[0::2]) << 64) + sum(lanes[1::2])) % ID_MODULUS
    try:
        return sum(map(int, ids, repeat(16))) % ID_MODULUS
    except ValueError:
        return None


def _packed_ids(ids: list[str]) -> bytes | None:
    """The ids as 16 bytes each, if every one is 32 hex digits (else None: summed one by one)."""
    joined = "".join(ids)
    if len(joined) != 32 * len(ids):
        return None
    try:
        packed = bytes.fromhex(joined)
    except ValueError:
        return None
    return packed if len(packed) == 16 * len(ids) else None


class FtsStore:
    """The FTS5 table and the ``docs`` mapping of one in-memory database."""

    def __init__(self, weights: Sequence[float], db: sqlite3.Connection | None = None) -> None:
        self.weights = list(weights)
        self._lock = threading.RLock()
        self._columns = [f"c{i}" for i in range(len(self.weights))]
        fresh = db is None
        self._db = db if db is not None else _connect()
        # A connection and its statement cache form a cycle that only a full collection frees, and the
        # in-memory database (every indexed word) would outlive the journal: close it with this store.
        weakref.finalize(self, self._db.close)
        if fresh:
            self._create()
        # Built from this module's own column names and weights, never from input: no injection (S608).
        names = ", ".join(self._columns)
        marks = ", ".join("?" * len(self._columns))
        self._insert = f"INSERT INTO fts(rowid, {names}) VALUES (?, {marks})"  # noqa: S608
        self._delete = f"INSERT INTO fts(fts, rowid, {names}) VALUES ('delete', ?, {marks})"  # noqa: S608
        self._bm25 = f"bm25(fts, {', '.join(map(repr, self.weights))})"
        self._owners: dict[str, int] = dict(self._db.execute("SELECT mentee, id FROM owners"))
        row = self._db.execute("SELECT value FROM meta WHERE key = 'sum'").fetchone()
        self._sum: int | None = int(row[0], 16) if row is not None and row[0] else None

    def _create(self, schema: str = "main") -> None:
        # Pages freed (merged segments, removed documents) are given back at each commit, not kept on a
        # free list: after a first build the index holds 90 MB at 100k, not 160 MB, while the app runs.
        self._db.execute(f"PRAGMA {schema}.auto_vacuum = FULL")
        with self._db:
            self._db.execute(f"PRAGMA {schema}.user_version = {SCHEMA_VERSION}")
            self._db.execute(f"CREATE TABLE {schema}.meta(key TEXT PRIMARY KEY, value NOT NULL)")
            # Ids as 16 bytes (``_key``), owners as small numbers: the table is a fifth of the size.
            self._db.execute(
                f"CREATE TABLE {schema}.docs(rowid INTEGER PRIMARY KEY AUTOINCREMENT, record NOT NULL UNIQUE,"
                " revision NOT NULL, owner INTEGER NOT NULL)"
            )
            self._db.execute(f"CREATE TABLE {schema}.owners(id INTEGER PRIMARY KEY, mentee TEXT NOT NULL UNIQUE)")
            self._db.execute(
                f"CREATE VIRTUAL TABLE {schema}.fts USING fts5({', '.join(self._columns)}, content='',"
                " tokenize='ascii')"
            )
            if schema == "main":
                self._db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("layout", self._layout()), ("stale", 0), ("sum", "0" * 32)],
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
            if version != SCHEMA_VERSION:
                db.close()
                return None
            layout = db.execute("SELECT value FROM meta WHERE key = 'layout'").fetchone()
            store = cls(weights, db)
            if layout is None or layout[0] != store._layout():
                db.close()
                return None
            return store
        except (sqlite3.Error, ValueError, TypeError, OverflowError):
            db.close()
            return None

    def to_bytes(self) -> bytes:
        """The whole database, with the record -> revision mapping also in one blob (``revisions``
        reads that back in milliseconds, where fetching the rows costs 0.2 s at 100k)."""
        with self._lock:
            (pages,) = self._db.execute("PRAGMA page_count").fetchone()
            (free,) = self._db.execute("PRAGMA freelist_count").fetchone()
            if free * 4 > pages:  # pages freed by merges: not worth saving and loading
                self._db.execute("VACUUM")  # in memory too: temp_store=MEMORY
            self._pack_revisions()
            return self._db.serialize()

    def _pack_revisions(self) -> None:
        pairs = self._db.execute("SELECT record, revision FROM docs").fetchall()
        packed = b"".join(r + v for r, v in pairs) if all(_packable(p) for p in pairs) else None
        with self._db:
            self._db.execute("DELETE FROM meta WHERE key = 'revisions'")
            if packed is not None:
                self._db.execute("INSERT INTO meta VALUES ('revisions', ?)", (packed,))

    def to_chunks(self) -> Iterator[bytes]:
        """The whole index as a sequence of pieces of at most about ``PIECE`` bytes, for a cache sealed
        chunk by chunk (``from_chunks`` reads them back): a header, the database with only the first of
        the FTS5 index's data blocks (under IMAGE_SHARE of it), then the other blocks, a few hundred at a
        time. Never the whole index twice in memory, as ``serialize`` makes it (and ``deserialize``)."""
        with self._lock:
            self._pack_revisions()
            last = self._blocks_in_image()
            image = self._image_without_blocks(last)
            (blocks,) = self._db.execute("SELECT count(*) FROM fts_data WHERE id > ?", (last,)).fetchone()
            yield _CHUNKS_HEAD.pack(_CHUNKS_MAGIC, CHUNKS_VERSION, len(image), blocks)
            view = memoryview(image)
            for at in range(0, len(image), PIECE):
                yield bytes(view[at : at + PIECE])
            del view, image
            batch: list[bytes] = []
            size = 0
            for block_id, block in self._db.execute("SELECT id, block FROM fts_data WHERE id > ? ORDER BY id", (last,)):
                batch.append(_BLOCK_HEAD.pack(block_id, len(block)))
                batch.append(block)
                size += _BLOCK_HEAD.size + len(block)
                if size >= PIECE:
                    yield b"".join(batch)
                    batch.clear()
                    size = 0
            if batch:
                yield b"".join(batch)

    def _image_without_blocks(self, last: int) -> bytes:
        """The database as ``serialize`` makes it, but with the ``fts_data`` blocks up to ``last`` only:
        copied into an attached in-memory database (compact: no page freed by merges), serialized."""
        db = self._db
        db.execute("ATTACH DATABASE ':memory:' AS image")
        try:
            self._create("image")
            (version,) = db.execute("PRAGMA main.user_version").fetchone()
            db.execute(f"PRAGMA image.user_version = {int(version)}")  # as it is, even if not this module's
            with db:
                for table in ("meta", "docs", "owners", "fts_idx", "fts_docsize", "fts_config", "sqlite_sequence"):
                    db.execute(f"DELETE FROM image.{table}")  # noqa: S608 - this module's own names
                    db.execute(f"INSERT INTO image.{table} SELECT * FROM main.{table}")  # noqa: S608
                db.execute("DELETE FROM image.fts_data")
                # As many of the first blocks as keep the image under IMAGE_SHARE of the whole: loading
                # holds the image twice for a moment (the pieces and ``deserialize``'s copy), so up to
                # half of the index costs no more memory that way than the blocks inserted one by one,
                # and it is several times faster (no B-tree inserts).
                db.execute(
                    "INSERT INTO image.fts_data SELECT id, block FROM main.fts_data WHERE id <= ?",
                    (last,),
                )
            return db.serialize(name="image")
        finally:
            db.execute("DETACH DATABASE image")

    def _blocks_in_image(self) -> int:
        """The last ``fts_data`` id that goes into the image (``to_chunks``): blocks in id order, while the
        image stays under IMAGE_SHARE of the database's size."""
        (pages,) = self._db.execute("PRAGMA main.page_count").fetchone()
        (page_size,) = self._db.execute("PRAGMA main.page_size").fetchone()
        (free,) = self._db.execute("PRAGMA main.freelist_count").fetchone()
        (in_blocks,) = self._db.execute("SELECT coalesce(sum(length(block)), 0) FROM fts_data").fetchone()
        budget = IMAGE_SHARE * (pages - free) * page_size - ((pages - free) * page_size - in_blocks)
        last, taken = 0, 0
        for block_id, size in self._db.execute("SELECT id, length(block) FROM fts_data ORDER BY id"):
            taken += size
            if taken > budget:
                break
            last = block_id
        return last

    @classmethod
    def from_chunks(cls, weights: Sequence[float], chunks: Iterator[bytes]) -> FtsStore | None:
        """The store ``to_chunks`` gave, or None if the pieces are not one of this version and layout. The
        image is deserialized, then the other blocks go in a few hundred at a time: the index is in memory
        once, and under half of it twice for a moment."""
        db = _connect()
        store = None
        try:
            head = next(chunks)
            magic, version, length, blocks = _CHUNKS_HEAD.unpack(head)
            if magic != _CHUNKS_MAGIC or version != CHUNKS_VERSION:
                raise ValueError("not this version")
            image = bytearray(length)
            filled = 0
            while filled < length:
                piece = next(chunks)
                image[filled : filled + len(piece)] = piece
                filled += len(piece)
            if filled != length:
                raise ValueError("the database does not add up")
            db.deserialize(image)
            del image
            _set_pragmas(db)
            (schema,) = db.execute("PRAGMA user_version").fetchone()
            if schema != SCHEMA_VERSION:
                raise ValueError("another schema")
            added = 0
            with db:
                for piece in chunks:
                    rows = list(_blocks(piece))
                    db.executemany("INSERT INTO fts_data(id, block) VALUES (?, ?)", rows)
                    added += len(rows)
            if added != blocks:
                raise ValueError("blocks missing")
            layout = db.execute("SELECT value FROM meta WHERE key = 'layout'").fetchone()
            store = cls(weights, db)
            if layout is None or layout[0] != store._layout():
                store = None
                raise ValueError("another layout")
            return store
        except (sqlite3.Error, ValueError, TypeError, OverflowError, struct.error, StopIteration):
            return None
        finally:
            if store is None:  # whatever stopped it (the sealed chunks' own failure too): nothing kept
                db.close()

    def optimize(self) -> None:
        """Merge the index into one segment (smaller, faster queries, removals' markers dropped)."""
        with self._lock, self._db:
            self._db.execute("INSERT INTO fts(fts) VALUES ('optimize')")

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many documents at once: segments are not merged as they come (``automerge`` off), but all
        at once at the end (``optimize``), which costs a fraction of merging them step by step."""
        with self._lock:
            with self._db:
                self._db.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', 0)")
            try:
                yield
            finally:
                with self._db:
                    self._db.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', 4)")  # FTS5's default
                self.optimize()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- documents -----------------------------------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            (n,) = self._db.execute("SELECT count(*) FROM docs").fetchone()
            return int(n)

    def holds(self, count: int, revision_ids: Iterable[str]) -> bool:
        """Whether the documents indexed are exactly of these revisions (by count and digest)."""
        with self._lock:
            return self._sum is not None and count == len(self) and revision_sum(revision_ids) == self._sum

    def holds_digest(self, count: int, digest: int) -> bool:
        """``holds``, given the digest of the revisions (``revision_sum``) rather than the revisions."""
        with self._lock:
            return self._sum is not None and count == len(self) and digest == self._sum

    def revisions(self) -> tuple[list[str], list[str]]:
        """Record ids and the revision id indexed for each (two lists in step)."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'revisions'").fetchone()
            if row is not None:
                ids = bytes(row[0]).hex(" ", 16).split()  # in C: 180,000 pairs in about 40 ms
                return ids[::2], ids[1::2]
            rows = self._db.execute("SELECT record, revision FROM docs").fetchall()
            return [_id(r) for r, _ in rows], [_id(v) for _, v in rows]

    def revision(self, record_id: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT revision FROM docs WHERE record = ?", (_key(record_id),)).fetchone()
            return None if row is None else _id(row[0])

    @property
    def stale(self) -> int:
        """Documents removed without their values: their entries linger, unseen, until a rebuild."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'stale'").fetchone()
            return int(row[0]) if row else 0

    def put_many(self, docs: Iterable[tuple[str, str, str, Columns]]) -> None:
        """Add documents (record id, revision id, owner, ``column_texts``) not in the index yet."""
        with self._lock, self._db:
            self._changing()
            (last,) = self._db.execute(
                "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'docs'"
            ).fetchone()
            rows = [(last + i, *doc) for i, doc in enumerate(docs, 1)]
            self._db.executemany(
                "INSERT INTO docs(rowid, record, revision, owner) VALUES (?, ?, ?, ?)",
                [
                    (rowid, _key(record), _key(revision), self._owner(owner))
                    for rowid, record, revision, owner, _ in rows
                ],
            )
            self._db.executemany(self._insert, [(rowid, *columns) for rowid, *_, columns in rows])
            added = revision_sum(revision for _, _, revision, _, _ in rows)
            self._sum = None if added is None or self._sum is None else (self._sum + added) % ID_MODULUS
            self._save_sum()

    def remove(self, record_id: str, columns: Columns | None) -> bool:
        """Take a record out; ``columns``: the values it was indexed with (None: not known any more)."""
        with self._lock, self._db:
            row = self._db.execute("SELECT rowid, revision FROM docs WHERE record = ?", (_key(record_id),)).fetchone()
            if row is None:
                return False
            self._changing()
            self._db.execute("DELETE FROM docs WHERE rowid = ?", (row[0],))
            if columns is not None:
                self._db.execute(self._delete, (row[0], *columns))
            else:
                self._db.execute("UPDATE meta SET value = value + 1 WHERE key = 'stale'")
            taken = revision_sum([_id(row[1])])
            self._sum = None if taken is None or self._sum is None else (self._sum - taken) % ID_MODULUS
            self._save_sum()
            return True

    def _changing(self) -> None:
        self._db.execute("DELETE FROM meta WHERE key = 'revisions'")  # out of date from now on

    def _owner(self, mentee: str) -> int:
        found = self._owners.get(mentee)
        if found is None:
            cur = self._db.execute("INSERT INTO owners(mentee) VALUES (?)", (mentee,))
            found = self._owners[mentee] = int(cur.lastrowid or 0)
        return found

    def _save_sum(self) -> None:
        value = "" if self._sum is None else f"{self._sum:032x}"
        self._db.execute("UPDATE meta SET value = ? WHERE key = 'sum'", (value,))

    # --- querying ------------------------------------------------------------------------------

    def query(self, match: str, *, owner: str | None, limit: int) -> list[tuple[str, float]]:
        """(record id, score) of the best ``limit`` matches of an FTS5 ``match`` expression, best first."""
        if owner is not None and owner not in self._owners:
            return []
        where = "fts MATCH ?" + (" AND d.owner = ?" if owner is not None else "")
        params: tuple[object, ...] = (match, self._owners[owner], limit) if owner is not None else (match, limit)
        sql = (
            f"SELECT d.record, {self._bm25} AS s FROM fts JOIN docs d ON d.rowid = fts.rowid"  # noqa: S608
            f" WHERE {where} ORDER BY s, d.record LIMIT ?"
        )
        with self._lock:
            return [(_id(record), -score) for record, score in self._db.execute(sql, params)]


def _blocks(piece: bytes) -> Iterator[tuple[int, bytes]]:
    """The (id, block) rows packed in one piece of ``to_chunks``."""
    at, end = 0, len(piece)
    view = memoryview(piece)
    while at < end:
        block_id, length = _BLOCK_HEAD.unpack_from(piece, at)
        at += _BLOCK_HEAD.size
        if at + length > end:
            raise ValueError("a block runs past its piece")
        yield block_id, bytes(view[at : at + length])
        at += length


def _packable(pair: tuple[object, object]) -> bool:
    return all(isinstance(k, bytes) and len(k) == 16 for k in pair)


def _set_pragmas(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA temp_store = MEMORY")  # sorts and VACUUM never spill to a temporary file


def _connect() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _set_pragmas(db)
    return db
