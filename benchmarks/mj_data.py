"""Building the benchmark's MentorJournal vaults, once per (seed, size), through the real ``Journal.save``.

Every object goes through the same path a mentor's save takes (one new encrypted file each), so a
generated vault is exactly what years of use would leave: sessions, their action items, goals with
progress revisions, and notes edited after the fact. The vault uses the test-only Argon2 parameters
(its Argon2 cost is measured separately); its passphrase is benchmark data, not a secret.

A finished vault carries ``manifest.json``; a folder without one (an interrupted run) is rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.data import GENERATOR_VERSION, Dataset, generate
from mentorjournal.journal import ActionItem, Agreement, Goal, GoalProgress, Journal, Mentee, Session
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault

PASSPHRASE = "benchmark passphrase: not a secret"
MANIFEST = "manifest.json"


def dataset_dir(out: Path, seed: int, size: int) -> Path:
    return out / "data" / f"seed{seed}-n{size}"


def read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("generator") == GENERATOR_VERSION else None


@contextlib.contextmanager
def _no_fsync() -> Iterator[None]:
    """Generation only: skip fsync (half the cost of a save), then flush everything once at the end.

    The files are byte for byte what a durable save writes; only the waiting for the disk is skipped,
    which matters for how long generating 220,000 saves takes, not for what is measured later.
    """
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = real
        os.sync()


def build_vault(vault_dir: Path, dataset: Dataset, log: Any = print) -> dict[str, Any]:
    """Write ``dataset`` into a new cheap vault; returns ids the benchmark needs later."""
    with _no_fsync():
        return _build_vault(vault_dir, dataset, log)


def _build_vault(vault_dir: Path, dataset: Dataset, log: Any) -> dict[str, Any]:
    created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False)
    vault = created.vault
    saves = 0
    start = time.perf_counter()
    try:
        journal = Journal(vault)
        mentee_ids: list[str] = []
        for m in dataset.mentees:
            saved = journal.save(
                Mentee(name=m.name, organisation=m.organisation, role=m.role, started=m.started, programme="Career")
            )
            mentee_ids.append(saved.id)
            # Consent to share summaries with the coordinator: the export then includes shared passages.
            journal.save(
                Agreement(
                    mentee_id=saved.id,
                    goals="Grow into a senior role; build a sustainable working week.",
                    cadence="monthly",
                    session_minutes=60,
                    coordinator="Programme coordinator",
                    consent_share_summaries_with_coordinator=True,
                )
            )
            saves += 2
        goal_ids: dict[int, list[str]] = {}
        for g in dataset.goals:
            first_day, first_pct = g.progress[0]
            goal = journal.save(
                Goal(
                    mentee_id=mentee_ids[g.mentee],
                    title=g.title,
                    target_date=g.target,
                    progress=[GoalProgress(date=first_day, percent=first_pct)],
                )
            )
            for day, pct in g.progress[1:]:  # each progress entry is a new revision of the goal
                journal.add_progress(goal.id, on=day, percent=pct)
            goal_ids.setdefault(g.mentee, []).append(goal.id)
            saves += len(g.progress)
        session_ids: list[str] = []
        total = len(dataset.sessions)
        for i, s in enumerate(dataset.sessions, 1):
            mentee_id = mentee_ids[s.mentee]
            session = journal.save(
                Session(
                    mentee_id=mentee_id,
                    date=s.date,
                    start_time=s.time,
                    duration_minutes=s.duration,
                    format=s.format,
                    title=s.title,
                    tags=list(s.tags),
                    notes=s.notes,
                    shared_summary=s.shared,
                    reflection=s.reflection,
                    goal_ids=goal_ids[s.mentee][:1],
                )
            )
            saves += 1
            for position, text in enumerate(s.actions):
                journal.save(
                    ActionItem(mentee_id=mentee_id, text=text, session_id=session.id, position=position, due=s.date)
                )
                saves += 1
            if s.revised_notes is not None:
                session.notes = s.revised_notes
                journal.save(session)
                saves += 1
            session_ids.append(session.id)
            if i % 2000 == 0:
                rate = saves / (time.perf_counter() - start)
                log(f"    {i}/{total} sessions ({saves} saves, {rate:.0f} saves/s)")
    finally:
        vault.lock()
    return {
        "mentee_ids": mentee_ids,
        "big_mentee_id": mentee_ids[dataset.big_mentee.index],
        "big_mentee_name": dataset.big_mentee.name,
        "session_ids_sample": session_ids[:: max(1, len(session_ids) // 50)][:50],
        "saves": saves,
        "seconds": time.perf_counter() - start,
    }


def ensure_vault(out: Path, seed: int, size: int, log: Any = print) -> tuple[Path, dict[str, Any]]:
    """The cached vault for (seed, size), built if missing or from an older generator."""
    folder = dataset_dir(out, seed, size)
    manifest = read_manifest(folder)
    vault_dir = folder / "vault"
    if manifest is not None and "vault" in manifest and vault_dir.is_dir():
        return vault_dir, manifest
    if vault_dir.exists():
        shutil.rmtree(vault_dir)
    folder.mkdir(parents=True, exist_ok=True)
    log(f"  generating a {size:,}-session vault (seed {seed}) into {folder} ...")
    dataset = generate(size, seed)
    info = build_vault(vault_dir, dataset, log)
    log(f"  ... {info['saves']:,} saves in {info['seconds']:.1f} s")
    manifest = dict(read_manifest(folder) or {"generator": GENERATOR_VERSION, "seed": seed, "size": size})
    manifest["vault"] = info
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return vault_dir, manifest


def copy_vault(src: Path, dst: Path) -> Path:
    """A working copy (the benchmark adds and edits; the cached vault stays as generated)."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True)
    settle_disk()
    return dst


def settle_disk() -> float:
    """Write back every dirty page now (seconds taken), so that untimed set-up is not timed later.

    At 100,000 sessions a copy leaves 750 MiB and a cold unlock 330 MiB to be written back; the kernel
    does that for tens of seconds afterwards, and the next timed unlock shares the disk with it.
    """
    start = time.perf_counter()
    os.sync()
    return time.perf_counter() - start
