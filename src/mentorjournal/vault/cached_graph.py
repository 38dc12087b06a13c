"""The revision graph of an unlock whose revisions came (mostly) from the unlock cache.

The cache keeps its rows in runs by kind and by record (vault/cache.py), so the graph is built from those
runs in C rather than revision by revision; then it is corrected for cached rows whose files are gone and
for files read anew, and saves of several records are let through the save gate only once whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from itertools import chain

from mentorjournal.vault.cache import CachedRevisions
from mentorjournal.vault.matching import vanished
from mentorjournal.vault.record import Revision
from mentorjournal.vault.revisions import RevisionGraph
from mentorjournal.vault.saves import SAVE_KIND, SaveGate


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
    gone = vanished(rows.index, matched, hits) if present < len(by_revision) else set()
    saves = [r for r in everything[a:b] if r.revision_id not in gone]
    for save in everything[a:b]:
        del by_revision[save.revision_id]
    # Save records are the vault's own: never in the graph. Rows are in runs by kind, so theirs are apart.
    ra, rb, runs_end = rows.run_of_row(a), rows.run_of_row(b), len(rows.run_records)
    runs = chain(rows.runs(0, ra), rows.runs(rb, runs_end))
    kinds = [(kind, everything[s:e]) for kind, (s, e) in rows.kinds.items() if kind != SAVE_KIND]
    parents = chain(rows.parents_of_rows(0, a), rows.parents_of_rows(b, len(everything)))
    graph = RevisionGraph.from_runs(by_revision, runs, kinds, parents)
    if gone:
        graph.forget(gone)
    held, shown = gate.admit_cached(saves, graph.revisions(), from_files)
    if held:
        graph.forget(held)
    graph.add_all(shown)
    return graph, gone

