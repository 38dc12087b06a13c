"""The revision graph of an unlock whose revisions came (mostly) from the unlock cache.

The folder is matched to the cache shard by shard, most by one digest of the listing; the cache keeps its
rows in runs by kind and by record (vault/cache.py), so the graph is built from those runs in C rather
than revision by revision; then it is corrected for cached rows whose files are gone and
for files read anew, and saves of several records are let through the save gate only once whole.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Set
from itertools import chain
from pathlib import Path

from mentorjournal.vault import accounting, decrypting, layout
from mentorjournal.vault.accounting import LoadReport
from mentorjournal.vault.by_need import shard_ids
from mentorjournal.vault.cache import SHARDS, CachedRevisions, CacheIndex, listing_digest
from mentorjournal.vault.decrypting import Job
from mentorjournal.vault.layout import RECORD_SUFFIX, Shard
from mentorjournal.vault.record import Revision
from mentorjournal.vault.revisions import RevisionGraph
from mentorjournal.vault.saves import SAVE_KIND, SaveGate


def match_shards(
    shards: list[Shard], rows: CachedRevisions | None, report: LoadReport, jobs: list[Job], temp_files: list[str]
) -> tuple[set[int], dict[int, set[str]]]:
    """Match the listed shard folders to the cached rows: the files to read go to ``jobs``, temp files to
    ``temp_files``, entries that are not records to ``report``. Returns the shards whose listing is
    exactly their cached rows' files, and for the others the cached rows whose files they hold."""
    cached = rows.by_id if rows is not None else {}
    matched: set[int] = set()
    hits_by_shard: dict[int, set[str]] = {}
    for shard in shards:
        folder, prefix, number = shard.folder, shard.name, int(shard.name, 16)
        # Usually the folder is as the cache last saw it: one digest says so, without a loop per name.
        if rows is not None and listing_digest(shard.listed) == rows.index.shard_digest(number):
            matched.add(number)
            report.from_cache += len(shard.listed)
            continue
        names = shard.names
        # Set operations in C match names to the cache: at 100,000 sessions a loop per name cost seconds.
        stems = {stem for stem in layout.record_stems(names) if stem.startswith(prefix)}
        hits = hits_by_shard[number] = stems & cached.keys()
        report.from_cache += len(hits)
        if len(hits) < len(names):
            for name in decrypting.add_jobs(jobs, folder, names, stems - hits, len(hits)):  # names not of records
                if layout.is_temp_name(name):
                    temp_files.append(os.path.join(folder, name))
                elif name.removesuffix(RECORD_SUFFIX) not in hits:
                    accounting.not_a_record(report, Path(folder, name), prefix, name)
    return matched, hits_by_shard


def graph_from_cache(
    rows: CachedRevisions,
    matched: Set[int],
    hits: Mapping[int, set[str]],
    present: int,
    from_files: list[Revision],
    gate: SaveGate,
) -> tuple[RevisionGraph, set[str]]:
    """The graph of an unlock whose revisions came (mostly) from the cache: built from its runs in C,
    then corrected for cached rows whose files are gone and for files read anew. Returns the graph
    and the ids of the cached rows that had no file.

    ``matched``: the shards whose listing held exactly their cached rows' files; ``hits``: for the other
    shards listed, the cached rows whose files they held; ``present``: how many cached rows have a file."""
    everything = rows.rows
    a, b = rows.kinds.get(SAVE_KIND, (len(everything), len(everything)))
    by_revision = rows.by_id  # taken over: the rows' own list says what a rewrite needs
    vanished = _vanished(rows.index, matched, hits) if present < len(by_revision) else set()
    saves = [r for r in everything[a:b] if r.revision_id not in vanished]
    for save in everything[a:b]:
        del by_revision[save.revision_id]
    # Save records are the vault's own: never in the graph. Rows are in runs by kind, so theirs are apart.
    ra, rb, runs_end = rows.run_of_row(a), rows.run_of_row(b), len(rows.run_records)
    runs = chain(rows.runs(0, ra), rows.runs(rb, runs_end))
    kinds = [(kind, everything[s:e]) for kind, (s, e) in rows.kinds.items() if kind != SAVE_KIND]
    parents = chain(rows.parents_of_rows(0, a), rows.parents_of_rows(b, len(everything)))
    graph = RevisionGraph.from_runs(by_revision, runs, kinds, parents)
    if vanished:
        graph.forget(vanished)
    held, shown = gate.admit_cached(saves, graph.revisions(), from_files)
    if held:
        graph.forget(held)
    graph.add_all(shown)
    return graph, vanished


def _vanished(index: CacheIndex, matched: Set[int], hits: Mapping[int, set[str]]) -> set[str]:
    """The cached rows without a file: in each shard not matched whole (listed name by name, or not
    there at all), the rows its listing did not hold."""
    first_bytes = bytes(index.ids[::16])  # each row id's first byte: its shard
    gone: set[str] = set()
    for number in range(SHARDS):
        if number not in matched:
            gone |= shard_ids(index, number, first_bytes) - hits.get(number, set())
    return gone
