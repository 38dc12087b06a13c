"""Opening a vault by need: the revisions of a few record kinds, for a one-off command that reads no more.

``session add`` reads the mentees (to find the one a note names), the records its rules consult (goals,
agreements) and the erasure records, and writes one new file through the one save path; it never reads
the revisions of ten thousand sessions. A full unlock makes a ``Revision`` of every row of the unlock
cache; here only the rows of the kinds asked for become revisions. The folder is matched to the cache as
a full unlock matches it (``vault/matching.py``): shard by shard, most by one digest of the listing.

Every check of a full unlock is still made, on the whole folder: every shard is listed; a file the cache
does not hold is read, so a damaged one is reported; entries not of the layout are counted, orphan temp
files swept, header copies judged; a revision of a save of several records is held until the save is
whole. What is left for the next full unlock is only what saves time later: rewriting the caches. When
the cache cannot say what the folder holds cheaply (no cache, files gone, many new files), ``load`` says
so (None) and the caller unlocks in full, which rewrites the cache.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection
from itertools import accumulate, chain, repeat
from pathlib import Path
from typing import NamedTuple

from mentorjournal.vault import accounting, decrypting, layout, storage
from mentorjournal.vault.accounting import LoadReport
from mentorjournal.vault.cache import (
    TOMBSTONE,
    CachedBodies,
    CacheIndex,
    hex_ids,
    open_index,
)
from mentorjournal.vault.matching import first_bytes, match_shards, shard_ids, vanished
from mentorjournal.vault.record import Revision
from mentorjournal.vault.revisions import RevisionGraph
from mentorjournal.vault.saves import SAVE_KIND, SaveGate

# New files read here at most: with as many, a full unlock reads them and rewrites the cache (vault.py's
# CACHE_REWRITE_AFTER), so that adds by need do not read ever more files not in the cache.
READ_AT_MOST = 64


class Opened(NamedTuple):
    report: LoadReport
    graph: RevisionGraph
    bodies: CachedBodies
    digests: dict[str, object]  # the cards of the files read (decrypting.py), by revision id


class Unlocking(NamedTuple):
    """What ``load`` needs of the vault being unlocked."""

    path: Path
    vault_id: bytes
    cache_path: Path
    cache_key: bytes
    records_key: bytes
    read_revision: Callable[[str], Revision]
    judge_header_copy: accounting.HeaderJudge
    read_only: bool


def kind_rows(index: CacheIndex, bodies: CachedBodies, kinds: Collection[str]) -> list[Revision]:
    """The cached revisions of ``kinds``: rows are in runs by kind, so each kind is one slice of every
    column."""
    out: list[Revision] = []
    run_ends: list[int] | None = None
    start = 0
    for kind, count in index.kinds:
        end = start + count
        if count and kind in kinds:
            if run_ends is None:
                run_ends = list(accumulate(index.run_counts))
            first_run, end_run = bisect_left(run_ends, start + 1), bisect_left(run_ends, end) + 1
            runs = hex_ids(index.run_ids, first_run, end_run)
            counts = index.run_counts[first_run:end_run]
            records = list(chain.from_iterable(map(repeat, runs, counts)))
            parent_counts = index.parent_counts[start:end]
            at = sum(index.parent_counts[:start])
            parents_hex = hex_ids(index.parents, at, at + sum(parent_counts))
            bounds = [0, *accumulate(parent_counts)]
            parents = [tuple(parents_hex[bounds[i] : bounds[i + 1]]) for i in range(count)]
            sources = [None if x == TOMBSTONE else bodies for x in index.chunk[start:end]]
            ids = hex_ids(index.ids, start, end)
            written = index.written[start:end]
            out += map(Revision.cached, ids, records, repeat(kind), parents, written, sources, range(start, end))
        start = end
    return out


def load(vault: Unlocking, kinds: Collection[str], gate: SaveGate) -> Opened | None:
    """The revisions of ``kinds`` (see the module's docstring), or None: unlock in full instead."""
    index = open_index(vault.cache_path, vault.cache_key, vault.vault_id)
    if index is None:
        return None
    report = LoadReport()
    survey = layout.list_shards(vault.path, raw=True)
    temp_files = list(survey.temp_files)
    for path, why in survey.unexpected:
        accounting.unexpected(report, path, why)
    jobs: list[decrypting.Job] = []
    first = first_bytes(index)
    matched, hits = match_shards(
        survey.shards, index, lambda number: shard_ids(index, number, first), report, jobs, temp_files
    )
    if len(jobs) >= READ_AT_MOST or vanished(index, matched, hits):
        return None  # many new files, or files (or a whole shard folder) gone: a full unlock rewrites the cache
    kept: list[Revision] = []
    _read, digests = decrypting.read_into(
        kept, report, jobs, vault.records_key, vault.vault_id, files=None, progress=None, total=len(jobs)
    )
    accounting.survey_top_level(vault.path, report, vault.vault_id, vault.judge_header_copy)
    # Made only now: an open that unlocks in full after all keeps no reader holding the cache key.
    bodies = CachedBodies(vault.cache_path, vault.cache_key, vault.vault_id, index, vault.read_revision)
    rows = kind_rows(index, bodies, kinds)
    held = _held(index, rows, kept, kinds, gate)
    graph = RevisionGraph()
    graph.add_all([r for r in chain(rows, kept) if r.kind in kinds and r.revision_id not in held])
    report.held = len(held)
    report.loaded = report.from_cache + len(kept)
    if not vault.read_only:
        temp_files += storage.top_level_temp_files(vault.path)
        report.temp_files_swept = storage.remove_files(temp_files)
    return Opened(report, graph, bodies, digests)


def _held(
    index: CacheIndex, rows: list[Revision], new: list[Revision], kinds: Collection[str], gate: SaveGate
) -> set[str]:
    """The revisions of ``kinds`` to hold back: named by a save record (cached or new) that names a
    revision not in the folder. Every cached row's file is present here (``load`` returns None otherwise),
    so a save is whole when each revision it names is a cached row or a new file. Cached save records are
    read from the parents column (a save of a session and its action items concerns no kind read here)."""
    ours = {r.revision_id for r in chain(rows, new) if r.kind in kinds}
    saves = [s.parents for s in new if s.kind == SAVE_KIND]
    start = 0
    for kind, count in index.kinds:
        if kind == SAVE_KIND and count:
            at = sum(index.parent_counts[:start])
            counts = index.parent_counts[start : start + count]
            named = hex_ids(index.parents, at, at + sum(counts))
            if not ours.isdisjoint(named):
                bounds = [0, *accumulate(counts)]
                saves += [tuple(named[bounds[i] : bounds[i + 1]]) for i in range(count)]
        start += count
    concerned = [parents for parents in saves if not ours.isdisjoint(parents)]
    gate.clear()  # a vault opened by need is not refreshed: the gate keeps only what it holds back
    if not concerned:
        return set()
    present = set(hex_ids(index.ids)) | {r.revision_id for r in new}
    held: set[str] = set()
    for parents in concerned:
        if not present.issuperset(parents):
            held.update(parents)
    held &= ours
    by_id = {r.revision_id: r for r in chain(rows, new)}
    gate.held = {rid: by_id[rid] for rid in held}
    return held
