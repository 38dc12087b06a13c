"""jrnl 4.6, the tool mentors would use instead, set up and measured on the same notes.

jrnl goes into its own throwaway virtual environment (``benchmarks/out/jrnl-venv``), with encryption
on. Its password comes from the keyring, without a prompt: ``keyrings.alt``'s plaintext keyring in a
throwaway HOME under ``benchmarks/out/jrnl-home`` (benchmark data only). The encrypted journal is
written with jrnl's own encryption class from that environment, so the file is exactly what jrnl
writes; jrnl then reads it back as a check before anything is timed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.data import Dataset
from benchmarks.procs import capture

JRNL_VERSION = "4.6"
PASSWORD = "benchmark password: not a secret"
KEYRING_BACKEND = "keyrings.alt.file.PlaintextKeyring"
TIMEFORMAT = "%F %r"

# Runs inside jrnl's venv: reads the journal text on stdin, writes it encrypted with jrnl's own class.
_ENCRYPT = """
import sys
from jrnl.encryption import determine_encryption_method_for_writing
method = determine_encryption_method_for_writing(True)
enc = method("default", {"encrypt": True})
enc.password = sys.argv[2]
data = enc.encrypt(sys.stdin.read())
with open(sys.argv[1], "wb") as f:
    f.write(data)
print(type(enc).__name__)
"""

# Used as jrnl's $EDITOR for `--edit`: appends one sentence to the last entry's text.
_EDITOR = """
import sys
with open(sys.argv[1], "a", encoding="utf-8") as f:
    f.write("\\nAdded after the meeting: follow up on the rota next time.\\n")
"""


class Jrnl:
    """Paths and environment of the throwaway jrnl installation."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.venv = out / "jrnl-venv"
        self.home = out / "jrnl-home"
        self.python = self.venv / "bin" / "python"
        self.exe = self.venv / "bin" / "jrnl"
        self.editor_script = self.home / "append_editor.py"

    def env(self) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CACHE_HOME": str(self.home / "cache"),
            "PYTHON_KEYRING_BACKEND": KEYRING_BACKEND,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "NO_COLOR": "1",
            "EDITOR": f"{self.python} {self.editor_script}",
            "VISUAL": f"{self.python} {self.editor_script}",
        }
        if "TMPDIR" in os.environ:
            env["TMPDIR"] = os.environ["TMPDIR"]
        return env

    def version(self) -> str | None:
        if not self.exe.exists():
            return None
        try:
            text = capture([str(self.exe), "--version"], env=self.env())
        except Exception:
            return None
        first = text.strip().splitlines()[0] if text.strip() else ""
        return first.removeprefix("jrnl ").removeprefix("v").strip() or None

    def install(self, log: Any = print) -> str:
        """Create the venv and install jrnl and keyrings.alt into it (once)."""
        for sub in ("config", "data", "cache"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        self.editor_script.write_text(_EDITOR)
        found = self.version()
        if found == JRNL_VERSION:
            self._store_password()
            return found
        log(f"  installing jrnl=={JRNL_VERSION} into {self.venv} ...")
        if self.venv.exists():
            shutil.rmtree(self.venv)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(self.venv)], check=True)
        subprocess.run(
            [str(self.python), "-m", "pip", "install", "--quiet", f"jrnl=={JRNL_VERSION}", "keyrings.alt"],
            check=True,
        )
        found = self.version()
        if found != JRNL_VERSION:
            raise RuntimeError(f"jrnl --version says {found!r}, expected {JRNL_VERSION}")
        self._store_password()
        return found

    def _store_password(self) -> None:
        code = "import keyring, sys; keyring.set_password('jrnl', 'default', sys.argv[1])"
        subprocess.run([str(self.python), "-c", code, PASSWORD], env=self.env(), check=True)

    def write_config(self, journal_file: Path, config_file: Path) -> Path:
        """A jrnl config for one journal, encryption on. YAML: jrnl takes a JSON config for jrnl 1.x's."""
        editor = json.dumps(f"{self.python} {self.editor_script}")
        config_file.write_text(
            "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
            "default_hour: 9\ndefault_minute: 0\n"
            f"editor: {editor}\n"
            "encrypt: true\nhighlight: false\nindent_character: '|'\n"
            f"journals:\n  default:\n    journal: {json.dumps(str(journal_file))}\n    encrypt: true\n"
            "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
            f"timeformat: '{TIMEFORMAT}'\nversion: '{JRNL_VERSION}'\n"
        )
        return config_file

    def command(self, config_file: Path, *args: str) -> list[str]:
        return [str(self.exe), "--config-file", str(config_file), *args]

    def build_journal(self, dataset: Dataset, journal_file: Path) -> str:
        """Write the dataset as one encrypted jrnl journal; returns the encryption class jrnl used."""
        entries = []
        for s in dataset.sessions:
            when = dt_format(s.date, s.time)
            mentee = dataset.mentees[s.mentee]
            text = s.jrnl_text(mentee)
            title, _, body = text.partition("\n")
            entries.append(f"[{when}] {title}\n{body.rstrip()}\n")
        plain = "\n".join(entries)
        journal_file.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [str(self.python), "-c", _ENCRYPT, str(journal_file), PASSWORD],
            input=plain,
            text=True,
            capture_output=True,
            env=self.env(),
            check=True,
        )
        return done.stdout.strip()

    def count_entries(self, config_file: Path) -> int:
        """jrnl's own count of the entries it can read (a check that the journal decrypts and parses)."""
        out = capture(self.command(config_file, "--short", "-n", "100000000"), env=self.env())
        return sum(1 for line in out.splitlines() if line.startswith("20"))


def dt_format(day: Any, time: Any) -> str:
    import datetime as dt

    return dt.datetime.combine(day, time).strftime(TIMEFORMAT)
