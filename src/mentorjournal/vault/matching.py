"""Matching a vault folder's listing to the unlock cache, shard folder by shard folder.

Used by every unlock that has a cache: a full one (vault.py) and one by need (by_need.py). A shard folder
whose listing has the digest the cache stored for it (``cache.listing_digest``) holds exactly the cached
rows' files and is settled without a loop per name; the others are matched name by name, with set
operations in C. Record files are write-once and their names authenticated, so a name stands for one
content: files not in the cache are read, entries that are not records reported, temp files swept.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Set
from pathlib import Path

from mentorjournal.vault import accounting, decrypting, layout
from mentorjournal.vault.accounting import LoadReport
from mentorjournal.vault.cache import SHARDS, CacheIndex, listing_digest
from mentorjournal.vault.decrypting import Job
from mentorjournal.vault.layout import RECORD_SUFFIX, Shard


def shard_ids(index: CacheIndex, number: int, first_bytes: bytes) -> set[str]:
    """The revision ids of the cached rows in shard ``number`` (``first_bytes``: each row id's first byte)."""
    found = set()
    row = first_bytes.find(number)
    while row != -1:
        found.add(index.ids[16 * row : 16 * row + 16].hex())
        row = first_bytes.find(number, row + 1)
    return found


def first_bytes(index: CacheIndex) -> bytes:
    """Each cached row id's first byte: the number of its shard."""
    return bytes(index.ids[::16])


def match_shards(
    shards: list[Shard],
    index: CacheIndex | None,
    cached_in: Callable[[int], Set[str]],
    report: LoadReport,
    jobs: list[Job],
    temp_files: list[str],
) -> tuple[set[int], dict[int, set[str]]]:
    """Match the listed shard folders to the cached rows (``index``; None: no cache): the files to read go
    to ``jobs``, temp files to ``temp_files``, entries that are not records to ``report``. ``cached_in(n)``:
    the cached ids of shard ``n`` (ids of other shards may come with them). Returns the shards whose
    listing is exactly their cached rows' files, and for the others the cached rows whose files they hold."""
    matched: set[int] = set()
    hits_by_shard: dict[int, set[str]] = {}
    for shard in shards:
        folder, prefix, number = shard.folder, shard.name, int(shard.name, 16)
        # Usually the folder is as the cache last saw it: one digest says so, without a loop per name.
        if index is not None and listing_digest(shard.listed) == index.shard_digest(number):
            matched.add(number)
            report.from_cache += len(shard.listed)
            continue
        names = shard.names
        # Set operations in C match names to the cache: at 100,000 sessions a loop per name cost seconds.
        stems = {stem for stem in layout.record_stems(names) if stem.startswith(prefix)}
        hits = hits_by_shard[number] = stems & cached_in(number)
        report.from_cache += len(hits)
        if len(hits) < len(names):
            for name in decrypting.add_jobs(jobs, folder, names, stems - hits, len(hits)):  # names not of records
                if layout.is_temp_name(name):
                    temp_files.append(os.path.join(folder, name))
                elif name.removesuffix(RECORD_SUFFIX) not in hits:
                    accounting.not_a_record(report, Path(folder, name), prefix, name)
    return matched, hits_by_shard


def vanished(index: CacheIndex, matched: Set[int], hits: Mapping[int, set[str]]) -> set[str]:
    """The cached rows without a file: in each shard not matched whole (listed name by name, or not
    there at all), the rows its listing did not hold."""
    first = first_bytes(index)
    gone: set[str] = set()
    for number in range(SHARDS):
        if number not in matched:
            gone |= shard_ids(index, number, first) - hits.get(number, set())
    return gone
