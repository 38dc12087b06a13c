"""In-process measurements, run in a fresh interpreter per mode: ``python -m benchmarks.inprocess MODE ...``.

Where the honest figure is the cost inside the app (what a save, a search or an unlock costs once
Python and the app are loaded, as in the TUI), it is measured here, with ``time.perf_counter`` around
the public API. Each mode prints one JSON object on its last line of standard output.

Modes:
  argon2   calibrate Argon2id as ``init`` does, then time ``derive_key`` with those parameters
  core     unlock (cold and warm unlock cache), add, edit, search, list, check on a cheap vault
  export   the redacted summary of one mentee (build, review, render, final re-scan)
  tui      the Textual app headless: start to unlock screen, unlock to main view, a 500-session list
  rekey    give a working copy of a cheap vault the normal Argon2 cost (what `init` would choose)
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

T_START = time.perf_counter()  # before the app or Textual is imported (the TUI's start time)


def _stats(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {
        "median_s": statistics.median(ordered),
        "min_s": ordered[0],
        "max_s": ordered[-1],
        "p90_s": p90,
        "runs": len(ordered),
    }


def _time(fn: Callable[[], Any], runs: int) -> tuple[dict[str, Any], Any]:
    samples = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return _stats(samples), result


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- argon2 ------------------------------------------------------------------------------------


def mode_argon2(args: argparse.Namespace) -> dict[str, Any]:
    import os

    from mentorjournal.vault.kdf import calibrate, derive_key, floor_params

    before = _peak_rss_mib()
    start = time.perf_counter()
    params = calibrate()
    calibration_s = time.perf_counter() - start
    salt = os.urandom(16)
    stats, _ = _time(lambda: derive_key(b"benchmark passphrase", salt, params), args.runs)
    floor = floor_params()
    floor_stats, _ = _time(lambda: derive_key(b"benchmark passphrase", salt, floor), args.runs)
    return {
        "params": params.describe(),
        "calibration_s": calibration_s,
        "derive": stats,
        "floor_params": floor.describe(),
        "floor_derive": floor_stats,
        "rss_before_mib": before,
        "peak_rss_mib": _peak_rss_mib(),
    }


def mode_rekey(args: argparse.Namespace) -> dict[str, Any]:
    """Give a copy of a cheap vault the Argon2 cost `init` would choose here (only the header changes)."""
    from mentorjournal.vault import Vault
    from mentorjournal.vault.kdf import calibrate

    passphrase = Path(args.passphrase_file).read_text().rstrip("\n")
    params = calibrate()
    vault = Vault.unlock(Path(args.vault), passphrase)
    try:
        vault.change_passphrase(passphrase, kdf=params)
    finally:
        vault.lock()
    return {"params": params.describe()}


# --- device-local caches ------------------------------------------------------------------------


def _cache_root() -> Path:
    from mentorjournal.paths import locations

    return locations().cache


def drop_device_caches() -> None:
    """A cold start: the whole cache folder goes (every layer's caches, present and future), not a list."""
    import shutil

    shutil.rmtree(_cache_root(), ignore_errors=True)


def device_caches() -> dict[str, int]:
    """The cache files and their sizes, named without the vault id (which names a vault, not a kind of cache)."""
    root = _cache_root()
    found: dict[str, int] = {}
    for path in sorted(root.rglob("*")) if root.exists() else []:
        if path.is_file():
            kind = re.sub(r"[0-9a-f]{16,}", "<vault>", path.relative_to(root).as_posix())
            found[kind] = found.get(kind, 0) + path.stat().st_size
    return found


# --- core --------------------------------------------------------------------------------------


def mode_core(args: argparse.Namespace) -> dict[str, Any]:
    import datetime as dt
    import random

    from benchmarks.data import SEARCH_HIT, SEARCH_MISS, extra_sessions, generate
    from benchmarks.mj_data import settle_disk
    from mentorjournal.journal import Journal, Session
    from mentorjournal.vault import Vault

    vault_dir = Path(args.vault)
    passphrase = Path(args.passphrase_file).read_text().rstrip("\n")
    out: dict[str, Any] = {}

    def unlock_load(cold: bool, first_search: bool) -> dict[str, float]:
        if cold:
            drop_device_caches()  # every device-local cache, whatever the layers keep there
        t0 = time.perf_counter()
        vault = Vault.unlock(vault_dir, passphrase)
        t1 = time.perf_counter()
        report = vault.load()
        t3 = time.perf_counter()
        journal = Journal(vault)
        t4 = time.perf_counter()
        if first_search:
            journal.search(SEARCH_HIT)  # the first search after unlock builds the index (cold: folds every note)
        t5 = time.perf_counter()
        n = len(journal.sessions())
        vault.lock()
        if cold and report.from_cache:
            raise RuntimeError("cold unlock read from the cache")
        if not cold and not report.from_cache:
            raise RuntimeError("warm unlock did not use the cache")
        return {
            "unlock_call_s": t1 - t0,  # header, the (cheap) Argon2, header MAC, writer lock
            "load_s": t3 - t1,
            "journal_s": t4 - t3,
            "overhead_s": t4 - t0,
            "first_search_s": t5 - t4,
            "sessions": n,
            "revisions": report.loaded,
            "from_cache": report.from_cache,
        }

    for label, cold, runs in (("cold", True, args.cold_runs), ("warm", False, args.runs)):
        if not cold:
            # One unlock and search, not timed, so that every cache a layer writes (at unlock, on first use or
            # at lock) is there for the warm runs; then the cold runs' writes are flushed (see settle_disk).
            unlock_load(False, True)
            out["device_caches"] = device_caches()
            out["settle_s"] = settle_disk()
        # The first search is timed in three unlocks of each kind: cold, it folds every note (seconds at 10,000).
        samples = [unlock_load(cold, i < 3) for i in range(runs)]
        searched = [s["first_search_s"] for s in samples][:3]
        out[f"unlock_{label}"] = {
            "overhead": _stats([s["overhead_s"] for s in samples]),
            "load": _stats([s["load_s"] for s in samples]),
            "journal": _stats([s["journal_s"] for s in samples]),
            "unlock_call": _stats([s["unlock_call_s"] for s in samples]),
            "sessions": samples[-1]["sessions"],
            "revisions": samples[-1]["revisions"],
            "from_cache": samples[-1]["from_cache"],
        }
        if searched:
            out[f"unlock_{label}"]["first_search"] = _stats(searched)

    vault = Vault.unlock(vault_dir, passphrase)
    vault.load()
    journal = Journal(vault)
    out["sessions"] = len(journal.sessions())
    out["records"] = sum(journal.stats().values())
    out["rss_after_unlock_mib"] = _peak_rss_mib()

    mentee = journal.find_mentee(args.mentee)
    dataset = generate(0, 1)  # only for the mentee table (no sessions)
    specs = iter(extra_sessions(dataset, args.adds + 5))
    rng = random.Random(7)

    def add() -> Session:
        s = next(specs)
        return journal.save(
            Session(
                mentee_id=mentee.id,
                date=s.date,
                start_time=s.time,
                duration_minutes=s.duration,
                format=s.format,
                title=s.title,
                tags=s.tags,
                notes=s.notes,
                shared_summary=s.shared,
                reflection=s.reflection,
            )
        )

    out["add"], _ = _time(add, args.adds)
    existing = [s.id for s in journal.sessions()]

    def edit() -> Session:
        session = journal.session(rng.choice(existing))
        session.notes += " Added after the meeting: follow up on the rota next time."
        return journal.save(session)

    out["edit"], _ = _time(edit, args.adds)
    out["search_hit"], hits = _time(lambda: journal.search(SEARCH_HIT), args.runs * 4)
    out["search_hit"]["hits"] = len(hits)
    out["search_miss"], misses = _time(lambda: journal.search(SEARCH_MISS), args.runs * 4)
    out["search_miss"]["hits"] = len(misses)
    out["search_prefix"], pre = _time(lambda: journal.search("feedb"), args.runs * 4)
    out["search_prefix"]["hits"] = len(pre)
    out["list_mentee"], listed = _time(lambda: journal.sessions(mentee_id=mentee.id), args.runs * 4)
    out["list_mentee"]["sessions"] = len(listed)
    out["peak_rss_mib"] = _peak_rss_mib()
    vault.lock()

    def check() -> int:
        v = Vault.unlock(vault_dir, passphrase, read_only=True)
        try:
            report = v.check()
        finally:
            v.lock()
        if report.damaged:
            raise RuntimeError(f"check found {len(report.damaged)} damaged files")
        return report.loaded

    out["check"], checked = _time(check, args.check_runs)
    out["check"]["files"] = checked
    out["today"] = dt.date.today().isoformat()
    return out


# --- export ------------------------------------------------------------------------------------


def mode_export(args: argparse.Namespace) -> dict[str, Any]:
    try:
        from mentorjournal.export.exporting import finished_text
        from mentorjournal.export.review import SummaryReview
        from mentorjournal.export.summary import build_summary, known_people
    except ImportError as exc:
        return {"available": False, "why": f"{type(exc).__name__}: {exc}"}
    from mentorjournal.journal import Journal
    from mentorjournal.vault import Vault

    passphrase = Path(args.passphrase_file).read_text().rstrip("\n")
    vault = Vault.unlock(Path(args.vault), passphrase, read_only=True)
    vault.load()
    journal = Journal(vault)
    mentee = journal.find_mentee(args.mentee)
    sessions = len(journal.sessions(mentee_id=mentee.id))

    def export() -> tuple[str, dict[str, int], int]:
        summary = build_summary(journal, mentee, audience="coordinator")
        review = SummaryReview(summary, known_people(journal, mentee))
        review.accept_all()
        text = finished_text(review, "md")
        return text, review.counts(), len(text)

    stats, (text, counts, _held) = _time(export, args.runs)
    vault.lock()
    return {
        "available": True,
        "export": stats,
        "mentee_sessions": sessions,
        "chars": len(text),
        "redactions": counts,
        "peak_rss_mib": _peak_rss_mib(),
    }


# --- tui ---------------------------------------------------------------------------------------


def mode_tui(args: argparse.Namespace) -> dict[str, Any]:
    import asyncio

    try:
        from textual.widgets import Input

        from mentorjournal.tui.app import MentorJournalApp
        from mentorjournal.tui.screens.mentee import MenteeScreen
        from mentorjournal.tui.screens.mentees import MenteesScreen
        from mentorjournal.tui.screens.unlock import UnlockScreen
    except ImportError as exc:
        return {"available": False, "why": f"{type(exc).__name__}: {exc}"}
    from mentorjournal.tui.widgets.record_table import RecordTable

    passphrase = Path(args.passphrase_file).read_text().rstrip("\n")
    out: dict[str, Any] = {"available": True}

    async def wait(pilot: Any, condition: Callable[[], bool], timeout: float = 120.0) -> None:
        deadline = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the app did not reach the expected screen within {timeout:.0f} s")
            await pilot.pause(0.005)
        await pilot.pause()  # let the screen draw

    async def run() -> None:
        app = MentorJournalApp(Path(args.vault), idle_lock_seconds=3600)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait(pilot, lambda: isinstance(app.screen, UnlockScreen))
            out["start_to_unlock_screen_s"] = time.perf_counter() - T_START
            app.screen.query_one("#passphrase", Input).value = passphrase
            t0 = time.perf_counter()
            # Not ``pilot.press``: it waits on the widgets of the screen the key replaces (30 s timeout).
            app.simulate_key("enter")
            await wait(pilot, lambda: isinstance(app.screen, MenteesScreen))
            out["unlock_to_main_view_s"] = time.perf_counter() - t0
            assert app.load_report is not None
            out["unlock_from_cache"] = app.load_report.from_cache
            # The first mentee by name is the one with 500 sessions: open their session list.
            t1 = time.perf_counter()
            app.simulate_key("enter")
            await wait(pilot, lambda: isinstance(app.screen, MenteeScreen))
            out["open_mentee_s"] = time.perf_counter() - t1
            table = app.screen.query_one("#sessions", RecordTable)
            table.focus()
            await pilot.pause()
            samples = []
            for _ in range(args.scrolls):
                t = time.perf_counter()
                await pilot.press("pagedown")
                await pilot.pause()
                samples.append(time.perf_counter() - t)
            out["page_down"] = _stats(samples)
            # The same wait after a key nothing is bound to: what the harness itself costs per key.
            samples = []
            for _ in range(args.scrolls):
                t = time.perf_counter()
                await pilot.press("f20")
                await pilot.pause()
                samples.append(time.perf_counter() - t)
            out["unbound_key"] = _stats(samples)
            out["mentee_rows"] = len(getattr(table, "_rows", []) or [])

    try:
        asyncio.run(run())
    except TimeoutError as exc:  # what was measured before the stall is kept
        out["available"] = False
        out["why"] = str(exc)
    out["peak_rss_mib"] = _peak_rss_mib()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inprocess")
    parser.add_argument("mode", choices=["argon2", "core", "export", "tui", "rekey"])
    parser.add_argument("--vault")
    parser.add_argument("--passphrase-file")
    parser.add_argument("--mentee", help="name of the mentee to list/add to/export")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--check-runs", type=int, default=3)
    parser.add_argument("--adds", type=int, default=20)
    parser.add_argument("--scrolls", type=int, default=20)
    args = parser.parse_args(argv)
    modes = {"argon2": mode_argon2, "core": mode_core, "export": mode_export, "tui": mode_tui, "rekey": mode_rekey}
    result = modes[args.mode](args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
