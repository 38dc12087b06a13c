"""Timing whole processes: wall time and peak memory of one command, medians of several runs.

Each child is waited for with ``os.wait4``, which returns that child's own resource usage: unlike
``RUSAGE_CHILDREN``, whose ``ru_maxrss`` is a high-water mark over every child ever waited for. Its
``ru_maxrss`` is the largest *single* process, though: a command that reads files in worker processes
holds the memory of all of them at once. So the resident memory of the child and all its descendants
is also sampled together from /proc every 20 ms (Linux; pages shared between processes, such as the
interpreter's own, count once per process), and the peak reported is the larger of the two.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ProcRun:
    seconds: float
    max_rss_mib: float  # the largest single process (wait4)
    status: int
    tree_mib: float = 0.0  # the largest sampled sum over the process and its descendants

    @property
    def peak_mib(self) -> float:
        return max(self.max_rss_mib, self.tree_mib)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def tree_rss_bytes(pid: int) -> int:
    """Resident bytes of ``pid`` and of every process below it, now (0 where /proc cannot say)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * _PAGE
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


class TreeSampler(threading.Thread):
    """Samples ``tree_rss_bytes(pid)`` until stopped; ``peak`` is the largest sample."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            self.done.wait(self.every)


class CommandFailed(RuntimeError):
    pass


def run_once(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    stdin_path: Path | None = None,
    cwd: Path | None = None,
    check: bool = True,
) -> ProcRun:
    """Run ``argv`` with stdout discarded and stderr kept (to explain a failure)."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115 - closed below
    err_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-stderr-{os.getpid()}"
    try:
        with open(err_path, "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                list(argv), stdin=stdin, stdout=subprocess.DEVNULL, stderr=err, env=dict(env) if env else None, cwd=cwd
            )
            sampler = TreeSampler(proc.pid)
            sampler.start()
            _pid, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            sampler.done.set()
            sampler.join()
            proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
    code = proc.returncode
    if check and code != 0:
        detail = err_path.read_text(errors="replace")[-2000:]
        raise CommandFailed(f"{' '.join(argv[:6])}... exited {code}:\n{detail}")
    err_path.unlink(missing_ok=True)
    # Linux reports ru_maxrss in KiB.
    return ProcRun(seconds, usage.ru_maxrss / 1024, code, sampler.peak / 2**20)


def capture(argv: Sequence[str], *, env: Mapping[str, str] | None = None, stdin_text: str | None = None) -> str:
    """Run once and return stdout (sanity checks, not timing)."""
    out = subprocess.run(
        list(argv), input=stdin_text, capture_output=True, text=True, env=dict(env) if env else None, check=False
    )
    if out.returncode != 0:
        raise CommandFailed(f"{' '.join(argv[:6])}... exited {out.returncode}:\n{out.stderr[-2000:]}")
    return out.stdout


@dataclass(frozen=True)
class Summary:
    median_s: float
    min_s: float
    max_s: float
    runs: int
    max_rss_mib: float  # the largest single process over the runs (wait4)
    tree_mib: float  # the largest sampled sum over the process tree, over the runs

    def as_dict(self) -> dict[str, float]:
        return {
            "median_s": self.median_s,
            "min_s": self.min_s,
            "max_s": self.max_s,
            "runs": self.runs,
            "max_rss_mib": self.max_rss_mib,
            "tree_mib": self.tree_mib,
            "peak_mib": max(self.max_rss_mib, self.tree_mib),  # what the tables report
        }


def summarise(results: Sequence[ProcRun]) -> Summary:
    times = [r.seconds for r in results]
    return Summary(
        statistics.median(times),
        min(times),
        max(times),
        len(times),
        max(r.max_rss_mib for r in results),
        max(r.tree_mib for r in results),
    )


def repeat(make_run: Callable[[int], ProcRun], runs: int) -> Summary:
    return summarise([make_run(i) for i in range(runs)])


def paired(first: Callable[[int], ProcRun], second: Callable[[int], ProcRun], runs: int) -> dict[str, Any]:
    """``first`` and ``second`` in turn (1 2 1 2 ...), so a machine that speeds up or slows down during the
    call moves both alike: their medians, and the medians of the pair-by-pair ratio and difference."""
    ones: list[ProcRun] = []
    twos: list[ProcRun] = []
    for i in range(runs):
        ones.append(first(i))
        twos.append(second(i))
    return {
        "first": summarise(ones).as_dict(),
        "second": summarise(twos).as_dict(),
        "ratio_median": statistics.median(b.seconds / a.seconds for a, b in zip(ones, twos, strict=True)),
        "difference_median_s": statistics.median(b.seconds - a.seconds for a, b in zip(ones, twos, strict=True)),
    }


def du_bytes(path: Path) -> tuple[int, int, int]:
    """(bytes allocated on disk, apparent bytes, files) under ``path`` (a file or a folder)."""
    if path.is_file():
        st = path.stat()
        return st.st_blocks * 512, st.st_size, 1
    allocated = apparent = files = 0
    for root, _dirs, names in os.walk(path):
        for name in names:
            st = os.lstat(os.path.join(root, name))
            allocated += st.st_blocks * 512
            apparent += st.st_size
            files += 1
    return allocated, apparent, files
