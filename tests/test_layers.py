"""Architecture and process-level guarantees: layering, no Textual below the UI, hardening."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    ["mentorjournal.vault", "mentorjournal.journal", "mentorjournal.export", "mentorjournal.cli"],
)
def test_core_never_imports_textual(module: str) -> None:
    code = (
        f"import sys, {module}; assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_vault_knows_nothing_of_the_layers_above() -> None:
    code = (
        "import sys, mentorjournal.vault; "
        "bad = [m for m in sys.modules if m.startswith(('mentorjournal.journal', 'mentorjournal.export', "
        "'mentorjournal.tui', 'mentorjournal.cli'))]; assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_hardening_turns_off_core_dumps_and_sets_a_private_umask() -> None:
    code = """
import os, resource, sys
from mentorjournal.hardening import harden_process, is_dumpable
assert harden_process() == [], harden_process()
assert resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)
assert os.umask(0o077) == 0o077
if sys.platform.startswith("linux"):
    assert is_dumpable() is False
"""
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_import_contracts_hold() -> None:
    """The layers, Textual kept out of the core, and no import circle in any package (pyproject's
    [tool.importlinter]; `make lint` runs the same check)."""
    from pathlib import Path

    lint = Path(sys.executable).with_name("lint-imports")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([str(lint)], capture_output=True, text=True, cwd=root, check=False)
    assert out.returncode == 0, out.stdout[-3000:]
    assert out.stdout.count(" KEPT") == 3


def test_the_cli_starts_without_the_export_engine() -> None:
    """`mentorjournal --help` reads the export format table only: no redaction engine, no phonenumbers."""
    code = (
        "import sys, mentorjournal.cli as c; c.build_parser(); "
        "bad = [m for m in ('phonenumbers', 'mentorjournal.export.redaction', 'textual') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_export_reaches_the_vault_only_through_the_journal() -> None:
    """The export log, person labels and review memory are stored through the journal's API, never by
    reaching into ``journal.vault`` (its records, graph or keys) from export/."""
    import re
    from pathlib import Path

    export = Path(__file__).resolve().parent.parent / "src" / "mentorjournal" / "export"
    reaching = re.compile(r"\bjournal\.vault\b|\.graph\.|\bvault\.put\(")
    offenders = [p.name for p in sorted(export.glob("*.py")) if reaching.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
