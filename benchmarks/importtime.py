"""What a start of `mentorjournal` loads: ``python -X importtime`` of a few commands, as a table.

    .venv/bin/python -m benchmarks.importtime                 # --version, --help, and one-off commands
    .venv/bin/python -m benchmarks.importtime --runs 7 --top 12
    .venv/bin/python -m benchmarks.importtime --src /tmp/old/src   # the same, for another source tree

Each command runs ``--runs`` times in a fresh interpreter with ``-X importtime``; every module's own
("self") import time is summed by what it belongs to (a top-level package, or a layer of
MentorJournal: ``mentorjournal.vault``, ``mentorjournal.journal``...), and the medians over the runs are
printed, largest first, with why a command needs them. The commands that open a vault run on a copy
of the 10-session benchmark vault (benchmarks/out/data, generated if missing) in a temporary folder,
with its own cache and config folders; wall time is measured without ``-X importtime``, which slows
imports down. Nothing here is written into the docs automatically: docs/performance.md ("Start-up")
quotes a run.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python benchmarks/importtime.py` puts benchmarks/ first, not the repo
    sys.path.insert(0, str(REPO))

from benchmarks.mj_data import PASSPHRASE, copy_vault, ensure_vault  # noqa: E402

OUT = REPO / "benchmarks" / "out"
LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")

# Why a command loads each part (what it is for); the interpreter's own start-up is one row.
WHY = {
    "(interpreter)": "Python's own start: `site`, encodings, the standard library's basics",
    "argparse": "the command line",
    "mentorjournal": "the package itself, its errors and process hardening (core dumps off)",
    "mentorjournal.cli": "the command line: the table of commands; the chosen command's module",
    "mentorjournal.vault": "opening the vault: header, keys, record files, device-local caches",
    "mentorjournal.journal": "the mentoring records: model, codec, index, search",
    "mentorjournal.export": "redaction and summaries",
    "mentorjournal.tui": "the app",
    "cryptography": "AES-GCM and HKDF: every record and cache is sealed with them",
    "argon2": "Argon2id: the passphrase's key",
    "_cffi_backend": "cryptography's and argon2's C bindings",
    "platformdirs": "where the vault, config and caches live",
    "ctypes": "process hardening (prctl: not dumpable, not ptrace-able)",
    "json": "records and caches are JSON inside their encryption",
    "dataclasses": "the journal's record types",
    "typing": "type hints used at run time (NamedTuple, Protocol)",
}
INTERPRETER = {
    "encodings",
    "site",
    "codecs",
    "io",
    "abc",
    "os",
    "stat",
    "posixpath",
    "genericpath",
    "_collections_abc",
    "_sitebuiltins",
    "_distutils_hack",
    "sitecustomize",
    "zipimport",
    "_frozen_importlib_external",
    "_io",
    "marshal",
    "posix",
    "time",
    "_codecs",
    "_thread",
    "_warnings",
    "_weakref",
    "_abc",
    "_signal",
    "runpy",
    "importlib",
    "pkgutil",
    "__future__",
}


def owner(module: str) -> str:
    """What a module is counted under: a layer of MentorJournal, the interpreter, or its top-level package."""
    parts = module.split(".")
    if parts[0] == "mentorjournal":
        return (
            ".".join(parts[:2])
            if len(parts) > 1 and parts[1] in {"cli", "vault", "journal", "export", "tui"}
            else parts[0]
        )
    if parts[0] in INTERPRETER or parts[0].startswith("__editable__"):
        return "(interpreter)"
    return parts[0]


def parse(stderr: str) -> dict[str, tuple[int, int]]:
    """{owner: (self microseconds summed, modules)} from one ``-X importtime`` report."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in stderr.splitlines():
        m = LINE.match(line)
        if m:
            row = totals[owner(m.group(4))]
            row[0] += int(m.group(1))
            row[1] += 1
    return {k: (v[0], v[1]) for k, v in totals.items()}


class Runner:
    def __init__(self, src: Path | None, work: Path) -> None:
        self.env = dict(os.environ)
        self.env.pop("PYTHONPATH", None)
        if src is not None:
            self.env["PYTHONPATH"] = str(src)
        for name in ("CACHE", "CONFIG", "DATA", "STATE"):
            self.env[f"XDG_{name}_HOME"] = str(work / name.lower())
        vault_src, _manifest = ensure_vault(OUT, 1, 10, log=lambda text: print(text, file=sys.stderr))
        self.vault = copy_vault(vault_src, work / "vault")
        self.passphrase = work / "passphrase.txt"
        self.passphrase.write_text(PASSPHRASE)
        os.chmod(self.passphrase, 0o600)

    def argv(self, args: list[str], *, importtime: bool) -> list[str]:
        flags = ["-X", "importtime"] if importtime else []
        opts = (
            [] if args[0].startswith("--") else ["--vault", str(self.vault), "--passphrase-file", str(self.passphrase)]
        )
        return [sys.executable, *flags, "-m", "mentorjournal", *opts, *args]

    def run(self, args: list[str], *, importtime: bool) -> tuple[float, str]:
        start = time.perf_counter()
        done = subprocess.run(self.argv(args, importtime=importtime), env=self.env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"mentorjournal {' '.join(args)} exited {done.returncode}: {done.stderr[-500:]}")
        return seconds, done.stderr


def profile(runner: Runner, args: list[str], runs: int) -> dict[str, object]:
    runner.run(args, importtime=False)  # the caches of this copy, and the file cache, warm
    reports = [parse(runner.run(args, importtime=True)[1]) for _ in range(runs)]
    walls = [runner.run(args, importtime=False)[0] for _ in range(runs)]
    owners = {k for r in reports for k in r}
    by_owner = {
        k: (statistics.median(r.get(k, (0, 0))[0] for r in reports) / 1000, max(r.get(k, (0, 0))[1] for r in reports))
        for k in owners
    }
    return {
        "wall_s": statistics.median(walls),
        "imports_ms": statistics.median(sum(v[0] for v in r.values()) / 1000 for r in reports),
        "modules": statistics.median(sum(v[1] for v in r.values()) for r in reports),
        "by_owner": by_owner,
    }


def table(name: str, result: dict[str, object], top: int) -> str:
    by_owner: dict[str, tuple[float, int]] = result["by_owner"]  # type: ignore[assignment]
    ranked = sorted(by_owner.items(), key=lambda kv: -kv[1][0])
    shown, rest = ranked[:top], ranked[top:]
    lines = [
        f"`mentorjournal {name}`: {result['wall_s'] * 1000:.0f} ms wall (median, without -X importtime); "
        f"imports {result['imports_ms']:.0f} ms, {result['modules']:.0f} modules",
        "",
        "| What loads | Import ms (self, summed) | Modules | Why |",
        "|---|---|---|---|",
    ]
    for owner_name, (ms, count) in shown:
        lines.append(f"| `{owner_name}` | {ms:.1f} | {count} | {WHY.get(owner_name, '')} |")
    if rest:
        ms = sum(v[0] for _k, v in rest)
        count = sum(v[1] for _k, v in rest)
        lines.append(f"| {len(rest)} others | {ms:.1f} | {count} | |")
    return "\n".join(lines)


COMMANDS = {
    "--version": ["--version"],
    "--help": ["--help"],
    "session list --limit 5": ["session", "list", "--limit", "5"],
    "search sabbatical": ["search", "sabbatical"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.importtime", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (medians; default 5)")
    parser.add_argument("--top", type=int, default=10, help="rows per table (default 10)")
    parser.add_argument("--src", type=Path, help="measure this source tree instead (PYTHONPATH)")
    parser.add_argument("--only", choices=list(COMMANDS), action="append", help="only these commands")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mj-importtime-") as tmp:
        runner = Runner(args.src, Path(tmp))
        for name in args.only or COMMANDS:
            print(table(name, profile(runner, COMMANDS[name], args.runs), args.top))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
