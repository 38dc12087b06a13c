"""No plaintext leaves: a whole workflow through the real CLI, then every folder scanned for canaries.

Each field gets its own canary. Afterwards the vault, HOME (which holds every XDG/platformdirs folder in
these tests), the temp folder the processes used and the export are scanned in UTF-8, UTF-16 and base64.
Only canaries the summary was allowed to hold may appear, and only in the export file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.assurance.canaries import encodings, isolated_env, scan

PASSPHRASE = "assurance passphrase"

# Allowed in a redacted coordinator summary (with consent recorded): goal titles, action texts, shared text.
MAY_BE_EXPORTED = {"canarygoaltitle", "canaryactiontext", "canarysharedtext"}
NEVER_EXPORTED = {
    "Canarymenteename",
    "Canaryalias",
    "canarycontact",
    "canaryorganisation",
    "canaryrole",
    "canaryprogramme",
    "canarynotes",
    "canaryreflection",
    "canarytitle",
    "canarytag",
    "canaryprivatepassage",
    "canarygoaldetail",
    "canaryprogresscomment",
    "canaryconcernwords",
    "canaryconcernresponse",
    "Canarypersonname",
    "canarypersonnotes",
    "canaryagreementterms",
    "canaryeditednotes",
}

NOTE = """---
mentee: Canarymenteename Smith
date: 2026-03-02
duration: 60
title: canarytitle meeting
tags: [canarytag]
---
# Notes
canarynotes: the mentee spoke about Canarypersonname.
# Shared summary
We worked on canarysharedtext with Canaryalias.
[[private]]canaryprivatepassage[[/private]]
# Actions
- [ ] mentee: canaryactiontext (due 2026-03-20)
# Reflection
canaryreflection
"""


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Path]:
    home = tmp_path / "home"
    tmp = tmp_path / "tmp"
    for folder in (home, tmp):
        folder.mkdir()
    return {"home": home, "tmp": tmp, "vault": tmp_path / "vault", "work": tmp_path / "work"}


def _env(world: dict[str, Path]) -> dict[str, str]:
    return isolated_env(world["home"], world["tmp"])


class TestNoPlaintextLeaves:
    def test_cli_workflow_leaves_no_canary_outside_the_vault_ciphertext(self, world: dict[str, Path]) -> None:
        work = world["work"]
        work.mkdir()
        pw = work / "pw"
        pw.write_text(PASSPHRASE + "\n", encoding="utf-8")
        new_pw = work / "pw2"
        new_pw.write_text("a new assurance passphrase\n", encoding="utf-8")
        note = work / "note.md"
        note.write_text(NOTE, encoding="utf-8")
        env = _env(world)
        current_pw = [pw]

        def mj(*args: str, stdin: str | None = None) -> str:
            cmd = [sys.executable, "-m", "mentorjournal", "--vault", str(world["vault"])]
            cmd += ["--passphrase-file", str(current_pw[0]), *args]
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, input=stdin, check=False, cwd=work)
            assert proc.returncode == 0, (args, proc.stderr)
            return proc.stdout

        mj("init", "--insecure-test-kdf", "--no-recovery-key")
        mj(
            "mentee", "add", "Canarymenteename Smith", "--alias", "Canaryalias",
            "--contact", "canarycontact@example.com", "--organisation", "canaryorganisation",
            "--role", "canaryrole", "--programme", "canaryprogramme",
        )  # fmt: skip
        mj("person", "add", "Canarypersonname", "--notes", "canarypersonnotes")
        mj("agreement", "edit", "Canaryalias", "--confidentiality", "canaryagreementterms")
        mj("agreement", "edit", "Canaryalias", "--consent-coordinator", "yes")
        mj("goal", "add", "--mentee", "Canaryalias", "--detail", "canarygoaldetail", "canarygoaltitle")
        words = ["--words", "canaryconcernwords", "--response", "canaryconcernresponse"]
        mj("concern", "add", "--mentee", "Canaryalias", *words)
        out = mj("session", "add", "--file", str(note), "--json")
        session_id = json.loads(out)["id"]
        goal_id = json.loads(mj("goal", "list", "--json"))[0]["id"]
        mj("goal", "progress", goal_id, "--percent", "50", "--comment", "canaryprogresscomment")
        edited = work / "edited.md"
        edited.write_text(NOTE.replace("canarynotes:", "canaryeditednotes canarynotes:"), encoding="utf-8")
        note.unlink()
        mj("session", "edit", session_id, "--file", str(edited))
        edited.unlink()  # the mentor's own plaintext input files are theirs, not ours: remove before the scan
        assert "canarynotes" in mj("search", "canarynotes")
        mj("check")
        mj("passwd", "--new-passphrase-file", str(new_pw))
        current_pw[0] = new_pw
        export = work / "summary.md"
        mj("export", "--mentee", "Canaryalias", "--output", str(export))
        mj("export", "--mentee", "Canaryalias", "--format", "json", "--output", str(work / "summary.json"))
        pw.unlink()
        new_pw.unlink()

        exported = export.read_text(encoding="utf-8")
        assert "canarygoaltitle" in exported and "canaryactiontext" in exported and "canarysharedtext" in exported

        roots = [world["vault"], world["home"], world["tmp"], work]
        hits = scan(roots, sorted(NEVER_EXPORTED | MAY_BE_EXPORTED))
        outside_exports = [h for h in hits if h.path.name not in {"summary.md", "summary.json"}]
        assert outside_exports == [], outside_exports
        assert not [h for h in hits if h.canary in NEVER_EXPORTED], hits
        # The scan itself can see: the same canary planted in a file is found in every encoding.
        probe = world["tmp"] / "probe.bin"
        probe.write_bytes(b"x" + encodings("canarynotes")[3] + b"y")
        assert scan([probe], ["canarynotes"])


def test_the_scanner_finds_base64_at_every_alignment() -> None:
    import base64

    forms = encodings("canarynotes")
    for before in range(6):
        for after in range(4):
            data = base64.b64encode(b"Q" * before + b"canarynotes" + b"Z" * after)
            assert any(form in data for form in forms)
