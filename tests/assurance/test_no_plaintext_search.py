"""No plaintext leaves through the search index: its build, searches, saves, lock and the next unlock.

The search index is an SQLite database held in memory and sealed whole into a device-local cache. SQLite
could spill to temporary files (sorts, VACUUM's copy, statement journals) in SQLITE_TMPDIR, TMPDIR or
the working directory; those files are deleted as soon as they are opened, so a folder scan alone would
never see them. So the workload runs in a child process under ``strace`` (when the machine has it),
which records every file opened for writing: none may be outside the vault and the cache folder. Then
every folder is scanned for the canaries in every encoding, and the sealed index must not hold them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.assurance.canaries import isolated_env, scan

CANARIES = ["canarysearchtitle", "canarysearchnotes", "canarysearchsaved", "canarysearchedited"]

WORKLOAD = r"""
import datetime as dt
import sys
from pathlib import Path

from mentorjournal.journal import Journal, Mentee, Session
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from mentorjournal.vault.vault import unlock_cache_dir

path = Path(sys.argv[1])
vault = Vault.create(path, "pw", kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False).vault
vault.load()
journal = Journal(vault)
mentee = journal.save(Mentee(name="Ann"))
day = dt.date(2020, 1, 1)
ids = []
for i in range(400):
    notes = f"canarysearchnotes filler{i} " * 30
    when = day + dt.timedelta(days=i)
    s = journal.save(Session(mentee_id=mentee.id, date=when, title=f"canarysearchtitle {i}", notes=notes))
    ids.append(s.id)
assert len(journal.search("canarysearchnotes", limit=1000)) == 400  # built, optimized, sealed
assert len(journal.search("canarysearchn", mentee_id=mentee.id, limit=1000)) == 400  # a prefix, a filter
saved = journal.save(Session(mentee_id=mentee.id, date=day, notes="canarysearchsaved"))
assert [h.obj.id for h in journal.search("canarysearchsaved")] == [saved.id]
vault.lock()
vault = Vault.unlock(path, "pw")
vault.load()
journal = Journal(vault)
assert [h.obj.id for h in journal.search("canarysearchsaved")] == [saved.id]  # read back, caught up
for record_id in ids[:80]:  # enough to have the sealed index rewritten at the next first search
    s = journal.session(record_id)
    s.notes = "canarysearchedited"
    journal.save(s)
journal.delete(ids[100])
vault.lock()
vault = Vault.unlock(path, "pw")
vault.load()
journal = Journal(vault)
assert len(journal.search("canarysearchedited", limit=1000)) == 80
assert len(journal.search("canarysearchnotes", limit=1000)) == 319
vault.lock()
assert (unlock_cache_dir() / f"{vault.vault_id}.search-index.mjc").is_file()

# An index larger than SQLite's page cache, so that a VACUUM or a big sort would spill to a temporary
# file unless the connection keeps temporary data in memory.
from mentorjournal.journal.search import SearchIndex

big = SearchIndex()
words = lambda i: " ".join(f"canarysearchnotes w{i}x{j}" for j in range(150))
big.put_new((f"{i:032x}", f"{i + 1:032x}", "", {"notes": words(i)}) for i in range(4000))
big.optimize()
assert len(big.search("canarysearchnotes", limit=5000)) == 4000
assert len(big.to_bytes()) > 4_000_000
# The sealed cache's layout: the database without its blocks (an attached in-memory database), then
# the blocks; read back into a new in-memory database.
pieces = list(big._store.to_chunks())
assert sum(map(len, pieces)) > 4_000_000
again = SearchIndex.from_chunks(iter(pieces), lambda d: {}, lambda d, r: None)
assert again is not None and len(again.search("canarysearchnotes", limit=5000)) == 4000
print("workload done")
"""


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Path]:
    folders = {name: tmp_path / name for name in ("home", "tmp", "sqlite-tmp", "work")}
    for folder in folders.values():
        folder.mkdir()
    folders["vault"] = tmp_path / "vault"
    return folders


def _env(world: dict[str, Path]) -> dict[str, str]:
    return isolated_env(world["home"], world["tmp"], SQLITE_TMPDIR=str(world["sqlite-tmp"]))


_OPENED_FOR_WRITING = re.compile(r'open(?:at)?\((?:AT_FDCWD, )?"([^"]+)", ([A-Z_|]+)')


def _written_paths(trace: Path) -> set[Path]:
    """Every path the traced processes opened to create or write (the trace's own lines)."""
    out = set()
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        found = _OPENED_FOR_WRITING.search(line)
        if found and re.search(r"O_WRONLY|O_RDWR|O_CREAT", found.group(2)) and "ENOENT" not in line:
            out.add(Path(found.group(1)))
    return out


def _run(world: dict[str, Path], args: list[str], trace: Path | None) -> str:
    cmd = [sys.executable, *args]
    if trace is not None:
        cmd = ["strace", "-f", "-qq", "-e", "trace=open,openat,creat", "-o", str(trace), *cmd]
    proc = subprocess.run(cmd, env=_env(world), cwd=world["work"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _strace_works(tmp_path: Path) -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(
        ["strace", "-qq", "-e", "trace=openat", "-o", str(tmp_path / "probe.trace"), "true"], check=False
    )
    return probe.returncode == 0


def test_index_build_search_save_lock_and_unlock_leave_no_plaintext(world: dict[str, Path], tmp_path: Path) -> None:
    traced = _strace_works(tmp_path)
    trace = tmp_path / "workload.trace" if traced else None
    assert "workload done" in _run(world, ["-c", WORKLOAD, str(world["vault"])], trace)
    cli_trace = tmp_path / "cli.trace" if traced else None
    cli = ["-m", "mentorjournal", "--vault", str(world["vault"]), "--passphrase-file", str(world["work"] / "pw")]
    (world["work"] / "pw").write_text("pw\n", encoding="utf-8")
    (world["work"] / "pw").chmod(0o600)
    assert "canarysearchsaved" in _run(world, [*cli, "search", "canarysearchsaved"], cli_trace)
    (world["work"] / "pw").unlink()

    cache_dir = world["home"] / ".cache"
    sealed = list(cache_dir.rglob("*.search-index.mjc"))
    assert len(sealed) == 1 and sealed[0].stat().st_size > 10_000
    assert scan(sealed, CANARIES) == []
    roots = [world["vault"], world["home"], world["tmp"], world["sqlite-tmp"], world["work"]]
    assert scan(roots, CANARIES) == []
    assert list(world["tmp"].iterdir()) == [] and list(world["sqlite-tmp"].iterdir()) == []

    if traced:
        assert trace is not None and cli_trace is not None
        allowed = (world["vault"], cache_dir, world["home"] / ".config", world["home"] / ".local")
        written = _written_paths(trace) | _written_paths(cli_trace)
        mine = {p for p in written if p.is_relative_to(world["vault"].parent)}
        assert any(p.is_relative_to(cache_dir) for p in mine)  # the trace sees the cache being written
        stray = sorted(p for p in mine if not any(p.is_relative_to(a) for a in allowed))
        assert stray == [], stray
        outside = sorted(p for p in written - mine if not str(p).startswith(("/dev/", "/proc/")))
        assert outside == [], outside


def test_the_index_connection_keeps_temporary_data_in_memory() -> None:
    from mentorjournal.journal.search import SearchIndex

    index = SearchIndex()
    index.put("a", {"notes": "words"})
    db = index._store._db
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert [row[2] for row in db.execute("PRAGMA database_list")] == [""]  # no file behind it
    again = SearchIndex.from_bytes(index.to_bytes(), lambda d: {}, lambda d, r: None)
    assert again is not None
    db = again._store._db
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2
    # A deserialized database lives in SQLite's "memdb" VFS, which names it "x"; no file is opened.
    assert [row[2] for row in db.execute("PRAGMA database_list")] == ["x"]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "memory"
    pieces = list(again.to_chunks())  # through an attached in-memory database, detached again
    assert [row[1] for row in db.execute("PRAGMA database_list")] == ["main"]
    chunked = SearchIndex.from_chunks(iter(pieces), lambda d: {}, lambda d, r: None)
    assert chunked is not None and chunked.search("words")
    db = chunked._store._db
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert [row[2] for row in db.execute("PRAGMA database_list")] == ["x"]
