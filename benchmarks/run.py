"""MentorJournal's benchmark, side by side with jrnl 4.6 on the same notes, in one run.

    make bench                                   # or: .venv/bin/python benchmarks/run.py
    make bench ARGS="--with-100k"                # adds the 100,000-session vault (MentorJournal only)
    make bench ARGS="--update-doc"               # also writes the tables into docs/performance.md

What it does, in order (everything it writes goes under benchmarks/out/, which git ignores):
1. Installs jrnl 4.6 into a throwaway venv (benchmarks/out/jrnl-venv), encryption on, its password in a
   plaintext keyring inside a throwaway HOME: no prompt.
2. Generates seeded vaults (10, 100, 1,000, 10,000 and, with --with-100k, 100,000 sessions) and the same
   notes as encrypted jrnl journals, once per (seed, size): later runs reuse them (benchmarks/out/data/).
3. Measures start-up: `--version` of both tools in turn (the pair-by-pair ratio).
4. Measures on working copies, size by size: in-process figures (unlock cold, with the copy's whole cache
   folder deleted, and warm, after an unlock and a search; the first search after each; add, edit,
   search, list, the redacted summary, check, the TUI headless); whole processes for both tools (wall
   time and the peak memory of each command's processes together); size on disk. Medians of several
   runs. At 10,000 sessions, `session add` and `search` on the 10- and the 10,000-session copies in turn
   (what a big vault adds to a one-off command). Argon2 on its own, and two commands with its real cost.
5. Prints the tables with jrnl beside MentorJournal, the ratio, and growth from size to size, and every
   target of issue 16 (and of the earlier round) marked met or not met, with the figure and the margin.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python benchmarks/run.py` puts benchmarks/ first, not the repo
    sys.path.insert(0, str(REPO))

from benchmarks import report  # noqa: E402
from benchmarks.data import GENERATOR_VERSION, SEARCH_HIT, SEARCH_MISS, extra_sessions, generate  # noqa: E402
from benchmarks.jrnl_bench import JRNL_VERSION, Jrnl  # noqa: E402
from benchmarks.mj_data import (  # noqa: E402
    PASSPHRASE,
    copy_vault,
    dataset_dir,
    ensure_vault,
    read_manifest,
    settle_disk,
)
from benchmarks.procs import CommandFailed, ProcRun, capture, du_bytes, paired, repeat, run_once  # noqa: E402

OUT = REPO / "benchmarks" / "out"
# Sizes below this are measured as whole processes and in-process only: they have no 500-session mentee
# for the export and the TUI's list. The 10-session vault is the yardstick of "the cost does not grow".
SMALL_SIZE_BELOW = 1000


_T0 = time.perf_counter()


def log(text: str) -> None:
    """Progress on stderr, each line with the time since the run started."""
    print(f"[{time.perf_counter() - _T0:4.0f} s] {text}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024} MiB"
    except OSError:
        pass
    disk = ""
    with contextlib.suppress(CommandFailed, OSError):
        disk = capture(["df", "-hT", str(OUT)]).splitlines()[-1]
    return {
        "reclaim": proactive_reclaim(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "disk": " ".join(disk.split()),
        "loadavg_start": os.getloadavg(),
    }


def proactive_reclaim() -> str:
    """Whether the kernel pages out memory left idle (DAMON's ``pageout`` scheme), and after how long.

    Such a machine drops a file from its page cache a minute or so after it was last read, so a "warm"
    cache file may be read from the disk again; the report says so beside the figures."""
    root = Path("/sys/kernel/mm/damon/admin/kdamonds")
    found = []
    for kdamond in sorted(root.glob("[0-9]*")) if root.exists() else []:
        with contextlib.suppress(OSError, ValueError):
            if (kdamond / "state").read_text().strip() != "on":
                continue
            for context in sorted((kdamond / "contexts").glob("[0-9]*")):
                aggr_us = int((context / "monitoring_attrs/intervals/aggr_us").read_text())
                for scheme in sorted((context / "schemes").glob("[0-9]*")):
                    if (scheme / "action").read_text().strip() != "pageout":
                        continue
                    age = int((scheme / "access_pattern/age/min").read_text())
                    quota = int((scheme / "quotas/bytes").read_text())
                    found.append(f"pageout of memory idle {age * aggr_us / 1e6:.0f} s, up to {quota >> 20} MiB/s")
    return "; ".join(found)


# --- MentorJournal as whole processes --------------------------------------------------------


class MjCli:
    """`mentorjournal` commands on one working vault, with their own cache and config folders."""

    def __init__(self, vault: Path, work: Path, passphrase_file: Path) -> None:
        self.vault = vault
        self.work = work
        self.passphrase_file = passphrase_file
        exe = Path(sys.executable).parent / "mentorjournal"
        self.base = [str(exe)] if exe.exists() else [sys.executable, "-m", "mentorjournal"]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "XDG_CACHE_HOME": str(self.work / "cache"),
                "XDG_CONFIG_HOME": str(self.work / "config"),
                "XDG_DATA_HOME": str(self.work / "data"),
                "MENTORJOURNAL_VAULT": str(self.vault),
            }
        )
        return env

    def argv(self, *args: str) -> list[str]:
        return [*self.base, "--vault", str(self.vault), "--passphrase-file", str(self.passphrase_file), *args]

    def run(self, *args: str, stdin: Path | None = None) -> ProcRun:
        return run_once(self.argv(*args), env=self.env(), stdin_path=stdin, cwd=REPO)

    def drop_device_caches(self) -> None:
        """The whole cache folder of this copy: every device-local cache any layer keeps, not a list of them."""
        shutil.rmtree(self.work / "cache", ignore_errors=True)

    def warm_up(self) -> None:
        """An unlock and a search, so that every cache written at unlock, on first use or at lock is there."""
        self.run("session", "list", "--limit", "1")
        self.run("search", SEARCH_HIT)
        settle_disk()  # the caches just written, and the cold runs' before them


def child_json(args: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run ``python -m benchmarks.inprocess ...`` and parse its last line."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.inprocess", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"available": False, "why": f"did not finish within {timeout:.0f} s"}
    if done.returncode != 0 or not done.stdout.strip():
        tail = (done.stderr or "").strip().splitlines()[-3:]
        return {"available": False, "why": f"exited {done.returncode}: {' | '.join(tail)}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result.setdefault("available", True)
    return result


def export_available() -> bool:
    try:
        import mentorjournal.export.exporting
        import mentorjournal.export.summary  # noqa: F401
    except ImportError:
        return False
    return True


def add_note(cli: MjCli, spec: Any, mentee: Any, path: Path) -> ProcRun:
    """`session add` of one generated note, read from standard input."""
    path.write_text(spec.note_file(mentee))
    return cli.run("session", "add", "--file", "-", stdin=path)


def measure_mj_cli(
    cli: MjCli, size: int, manifest: dict[str, Any], runs: int, notes_dir: Path
) -> dict[str, dict[str, Any]]:
    """Whole `mentorjournal` processes, warm caches unless said (cheap Argon2: see the Argon2 row)."""
    big = manifest["vault"]["big_mentee_name"]
    out: dict[str, dict[str, Any]] = {}
    ds = generate(0, 1)
    mentees = {m.index: m for m in ds.mentees}
    notes_dir.mkdir(parents=True, exist_ok=True)

    # The first unlock of this copy on this "device" has no cache: the cost after a fresh sync or copy.
    def cold(i: int) -> ProcRun:
        cli.drop_device_caches()
        return cli.run("search", SEARCH_HIT)

    out["search_cold_cache"] = repeat(cold, max(1, runs // 2)).as_dict()
    cli.warm_up()

    adds = list(extra_sessions(ds, runs, seed=size))
    out["add"] = repeat(
        lambda i: add_note(cli, adds[i], mentees[adds[i].mentee], notes_dir / f"add-{i}.md"), runs
    ).as_dict()
    ids = manifest["vault"]["session_ids_sample"]

    def edit(i: int) -> ProcRun:
        note = notes_dir / f"edit-{i}.md"
        note.write_text(f"---\ntitle: Edited after the meeting {i}\n---\n# Notes\n{adds[i].notes}\n")
        return cli.run("session", "edit", ids[i % len(ids)], "--file", "-", stdin=note)

    out["edit"] = repeat(edit, runs).as_dict()
    out["search_hit"] = repeat(lambda i: cli.run("search", SEARCH_HIT), runs).as_dict()
    out["search_miss"] = repeat(lambda i: cli.run("search", SEARCH_MISS), runs).as_dict()
    out["list_mentee"] = repeat(lambda i: cli.run("session", "list", "--mentee", big), runs).as_dict()
    if export_available() and size >= SMALL_SIZE_BELOW:  # a small vault has no 500-session mentee
        exports = cli.work / "exports"
        shutil.rmtree(exports, ignore_errors=True)
        exports.mkdir(parents=True)
        out["export"] = repeat(
            lambda i: cli.run("export", "--mentee", big, "--output", str(exports / f"summary-{i}.md")), runs
        ).as_dict()
    out["check"] = repeat(lambda i: cli.run("check"), max(1, runs // 2 + 1)).as_dict()
    out["version"] = repeat(lambda i: run_once([*cli.base, "--version"], env=cli.env()), runs).as_dict()
    return out


def measure_startup(jrnl: Jrnl | None, runs: int) -> dict[str, Any]:
    """`--version` of both tools in turn (MJ jrnl MJ jrnl ...): start-up alone, compared in the same minute."""
    mj = MjCli(OUT / "no-vault", OUT / "work" / "startup", OUT / "passphrase.txt")
    env = mj.env()
    out: dict[str, Any] = {"runs": runs}
    if jrnl is not None:
        out["version"] = paired(
            lambda i: run_once([*mj.base, "--version"], env=env),
            lambda i: run_once([str(jrnl.exe), "--version"], env=jrnl.env()),
            runs,
        )
    else:
        out["version"] = {"first": repeat(lambda i: run_once([*mj.base, "--version"], env=env), runs).as_dict()}
    out["help"] = repeat(lambda i: run_once([*mj.base, "--help"], env=env), runs).as_dict()
    return out


def measure_growth(small: MjCli, big: MjCli, runs: int, notes_dir: Path) -> dict[str, Any]:
    """`session add` and `search` on the small vault and the big one in turn: what the big vault adds."""
    ds = generate(0, 1)
    mentees = {m.index: m for m in ds.mentees}
    notes_dir.mkdir(parents=True, exist_ok=True)
    adds = list(extra_sessions(ds, 2 * runs, seed=99))
    return {
        "add": paired(
            lambda i: add_note(small, adds[2 * i], mentees[adds[2 * i].mentee], notes_dir / f"small-{i}.md"),
            lambda i: add_note(big, adds[2 * i + 1], mentees[adds[2 * i + 1].mentee], notes_dir / f"big-{i}.md"),
            runs,
        ),
        "search_hit": paired(lambda i: small.run("search", SEARCH_HIT), lambda i: big.run("search", SEARCH_HIT), runs),
        "search_miss": paired(
            lambda i: small.run("search", SEARCH_MISS), lambda i: big.run("search", SEARCH_MISS), runs
        ),
    }


def cache_bytes(folder: Path) -> int:
    """Every file of a copy's cache folder: the device-local caches of every layer."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def count_mj_hits(cli: MjCli, word: str) -> int:
    text = capture(cli.argv("search", word, "--limit", "100000"), env=cli.env())
    return sum(1 for line in text.splitlines() if line.strip())


# --- jrnl --------------------------------------------------------------------------------------


def ensure_journal(jrnl: Jrnl, seed: int, size: int) -> Path:
    folder = dataset_dir(OUT, seed, size)
    journal = folder / "jrnl" / "journal.txt"
    manifest = read_manifest(folder)
    if manifest is not None and manifest.get("jrnl") and journal.exists():
        return journal
    log(f"  writing the same {size:,} notes as an encrypted jrnl journal ...")
    method = jrnl.build_journal(generate(size, seed), journal)
    manifest = read_manifest(folder) or {"generator": GENERATOR_VERSION, "seed": seed, "size": size}
    manifest["jrnl"] = {"encryption": method, "bytes": journal.stat().st_size}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return journal


def measure_jrnl(jrnl: Jrnl, journal_src: Path, work: Path, size: int, runs: int) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    journal = work / "journal.txt"
    shutil.copy2(journal_src, journal)
    config = jrnl.write_config(journal, work / "jrnl.yaml")
    env = jrnl.env()
    entries = jrnl.count_entries(config)
    if entries != size:
        raise RuntimeError(f"jrnl reads {entries} entries, expected {size}")
    ds = generate(0, 1)
    big = ds.big_mentee
    adds = list(extra_sessions(ds, runs, seed=size))

    def run(*args: str) -> ProcRun:
        return run_once(jrnl.command(config, *args), env=env)

    out: dict[str, Any] = {"entries": entries}
    hits = capture(jrnl.command(config, "-contains", SEARCH_HIT, "--short"), env=env)
    out["search_hit_count"] = sum(1 for line in hits.splitlines() if line.startswith(("19", "20")))
    out["add"] = repeat(lambda i: run(adds[i].jrnl_text(big)), runs).as_dict()
    out["edit"] = repeat(lambda i: run("-n", "1", "--edit"), runs).as_dict()
    out["search_hit"] = repeat(lambda i: run("-contains", SEARCH_HIT), runs).as_dict()
    out["search_miss"] = repeat(lambda i: run("-contains", SEARCH_MISS), runs).as_dict()
    out["list_mentee"] = repeat(lambda i: run(f"@{big.tag}", "--short"), runs).as_dict()
    out["export"] = repeat(lambda i: run("--export", "md"), runs).as_dict()
    out["version"] = repeat(lambda i: run_once([str(jrnl.exe), "--version"], env=env), runs).as_dict()
    out["journal_bytes"] = du_bytes(journal_src)[1]
    return out


# --- the run -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--with-100k", action="store_true", help="also the 100,000-session vault (MentorJournal)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="runs per whole-process figure (default 5)")
    parser.add_argument("--jrnl-runs", type=int, default=3, help="runs per jrnl figure (default 3)")
    parser.add_argument("--skip-jrnl", action="store_true", help="MentorJournal only (no jrnl column)")
    parser.add_argument("--skip-tui", action="store_true")
    parser.add_argument("--sizes", default="10,1000,10000", help="sizes compared with jrnl (default 10,1000,10000)")
    parser.add_argument("--update-doc", action="store_true", help="write the tables into docs/performance.md")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.with_100k and 100_000 not in sizes:
        sizes.append(100_000)
    flat_sizes = sorted({100, *sizes})
    jrnl_sizes = [s for s in sizes if s <= 10_000] if not args.skip_jrnl else []
    results: dict[str, Any] = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "seed": args.seed,
        "sizes": sizes,
        "flat_sizes": flat_sizes,
        "jrnl_sizes": jrnl_sizes,
        "runs": args.runs,
        "jrnl_runs": args.jrnl_runs,
        "by_size": {},
    }
    passphrase_file = OUT / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE)
    os.chmod(passphrase_file, 0o600)

    jrnl = Jrnl(OUT)
    if jrnl_sizes:
        log("jrnl: setting up")
        results["jrnl_version"] = jrnl.install(log)
        if results["jrnl_version"] != JRNL_VERSION:
            raise RuntimeError("wrong jrnl version")

    # Argon2 on its own, with the parameters `init` would choose on this machine.
    log("Argon2: calibrating and timing")
    results["argon2"] = child_json(["argon2", "--runs", "5"], dict(os.environ), timeout=300)
    log("start-up: --version of both tools in turn")
    results["startup"] = measure_startup(jrnl if jrnl_sizes else None, max(10, 2 * args.runs))
    clis: dict[int, MjCli] = {}  # the working copies kept for the growth pairs

    for size in flat_sizes:
        t0 = time.perf_counter()
        log(f"\n== {size:,} sessions ==")
        entry: dict[str, Any] = results["by_size"].setdefault(str(size), {})
        entry["loadavg"] = os.getloadavg()
        src, manifest = ensure_vault(OUT, args.seed, size, log)
        work = OUT / "work" / f"n{size}"
        shutil.rmtree(work, ignore_errors=True)
        vault = copy_vault(src, work / "vault")
        big = manifest["vault"]["big_mentee_name"]
        env = dict(os.environ)
        env.update({"XDG_CACHE_HOME": str(work / "cache"), "XDG_CONFIG_HOME": str(work / "config")})
        allocated, apparent, files = du_bytes(src)
        entry["disk"] = {"vault_allocated": allocated, "vault_apparent": apparent, "vault_files": files}

        common = ["--vault", str(vault), "--passphrase-file", str(passphrase_file), "--mentee", big]
        heavy = size >= 100_000
        log("  in-process: unlock, add, edit, search, list, check")
        entry["core"] = child_json(
            [
                "core",
                *common,
                "--runs",
                "3" if heavy else "7",
                "--cold-runs",
                "1" if heavy else "3",
                "--check-runs",
                "1" if heavy else "3",
                "--adds",
                "20",
            ],
            env,
            timeout=3600,
        )
        entry["disk"]["unlock_cache"] = cache_bytes(work / "cache")
        small = size < SMALL_SIZE_BELOW
        if size in sizes:
            if not small:
                log("  in-process: redacted summary")
                entry["export"] = child_json(["export", *common, "--runs", "5"], env, timeout=1800)
            if not args.skip_tui and not small:
                log("  in-process: the TUI, headless")
                entry["tui"] = child_json(["tui", *common, "--scrolls", "20"], env, timeout=900)
            log("  whole processes: mentorjournal")
            cli = MjCli(vault, work, passphrase_file)
            # Fewer runs where one MentorJournal command takes seconds, to stay within ten minutes.
            runs = args.runs if size < 10_000 else max(3, args.runs - 2) if size == 10_000 else 3
            entry["mj_cli"] = measure_mj_cli(cli, size, manifest, runs, work / "notes")
            entry["mj_hits"] = {"hit": count_mj_hits(cli, SEARCH_HIT)}
            clis[size] = cli
            # Issue 16: a one-off command at 10,000 sessions against the same at 10, in turn.
            yardstick, growth_size = min(clis), max(s for s in sizes if s <= 10_000)
            if size == growth_size and yardstick < SMALL_SIZE_BELOW <= growth_size:
                log(f"  whole processes: add and search on {yardstick} and {size:,} sessions in turn")
                results["growth"] = {
                    "small": yardstick,
                    "big": size,
                    **measure_growth(clis[yardstick], cli, args.runs, work / "growth-notes"),
                }
            if size in jrnl_sizes:
                journal = ensure_journal(jrnl, args.seed, size)
                log("  whole processes: jrnl")
                entry["jrnl"] = measure_jrnl(jrnl, journal, work / "jrnl", size, args.jrnl_runs)
        entry["seconds"] = time.perf_counter() - t0
        log(f"  ({entry['seconds']:.0f} s)")
        if not small:  # working copies are large (the small one is kept for the growth pairs)
            shutil.rmtree(work / "vault", ignore_errors=True)

    # What a user feels: the largest default size with the Argon2 cost `init` would choose.
    real_size = max(s for s in sizes if s <= 10_000) if any(s <= 10_000 for s in sizes) else None
    if real_size is not None:
        log(f"\n== {real_size:,} sessions, normal-cost Argon2 (as a user has it) ==")
        src, manifest = ensure_vault(OUT, args.seed, real_size, log)
        work = OUT / "work" / f"real{real_size}"
        shutil.rmtree(work, ignore_errors=True)
        vault = copy_vault(src, work / "vault")
        env = dict(os.environ)
        env.update({"XDG_CACHE_HOME": str(work / "cache"), "XDG_CONFIG_HOME": str(work / "config")})
        rekey = child_json(["rekey", "--vault", str(vault), "--passphrase-file", str(passphrase_file)], env, 600)
        cli = MjCli(vault, work, passphrase_file)
        cli.warm_up()
        runs = 3
        ds = generate(0, 1)
        adds = list(extra_sessions(ds, runs, seed=7))
        notes = work / "notes"
        notes.mkdir(parents=True, exist_ok=True)

        def add(i: int) -> ProcRun:
            note = notes / f"add-{i}.md"
            note.write_text(adds[i].note_file(ds.big_mentee))
            return cli.run("session", "add", "--file", "-", stdin=note)

        results["real_cost"] = {
            "size": real_size,
            "kdf": rekey.get("params"),
            "add": repeat(add, runs).as_dict(),
            "search_hit": repeat(lambda i: cli.run("search", SEARCH_HIT), runs).as_dict(),
        }
        shutil.rmtree(work, ignore_errors=True)

    results["machine"]["loadavg_end"] = os.getloadavg()
    results["seconds"] = time.perf_counter() - started
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (OUT / f"results-{stamp}.json").write_text(json.dumps(results, indent=2))
    (OUT / "results-latest.json").write_text(json.dumps(results, indent=2))
    text = report.render(results)
    (OUT / "report-latest.md").write_text(text)
    print(text)
    if args.update_doc:
        report.update_doc(REPO / "docs" / "performance.md", text)
        log("docs/performance.md updated")
    log(f"\nwhole run: {results['seconds']:.0f} s; results in {OUT / f'results-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
