"""Hostile input files: mutated note files and jrnl exports fed to the parsers and the import planner.

Only the project's own errors may come out (one clear message, never a traceback), and nothing is
stored unless everything parsed. Examples grow in the long mode (MENTORJOURNAL_LONG=1).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.errors import MentorJournalError
from mentorjournal.journal import Journal
from mentorjournal.journal.importer import plan_import, plan_jrnl
from mentorjournal.journal.model import Mentee
from mentorjournal.journal.noteformat import parse
from mentorjournal.vault import Vault

EXAMPLES = 2000 if os.environ.get("MENTORJOURNAL_LONG") == "1" else 200
FIXTURE = Path(__file__).parents[1] / "journal" / "fixtures" / "jrnl-4.6-export.json"

NOTE = """---
mentee: José Núñez
date: 2026-03-02
duration: 60
title: Quarterly goals
tags: [career, feedback]
---
# Notes
Private notes in Markdown (never exported).
# Shared summary
Written to be shared; may hold [[private]]passages withheld[[/private]].
# Actions
- [ ] mentee: draft the project charter (due 2026-03-20)
- [x] mentor: send the reading list
# Reflection
The mentor's own thoughts.
"""


def text_mutations(text: str) -> st.SearchStrategy[str]:
    n = len(text)
    replace = st.tuples(st.integers(0, n - 1), st.text(max_size=3)).map(
        lambda t: text[: t[0]] + t[1] + text[t[0] + 1 :]
    )
    cut = st.integers(0, n).map(lambda i: text[:i])
    dup = st.tuples(st.integers(0, n), st.integers(0, n)).map(lambda t: text[: t[0]] + text[t[1] :] + text[t[0] :])
    lines = st.permutations(text.splitlines(keepends=True)).map("".join)
    return st.one_of(replace, cut, dup, lines, st.text(max_size=200))


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    folder = tmp_path_factory.mktemp("hostile") / "vault"
    from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY

    vault = Vault.create(folder, "hostile", kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False).vault
    j = Journal(vault, today=lambda: dt.date(2026, 3, 2))
    j.save(Mentee(name="José Núñez"))
    return j


class TestNoteFiles:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def test_the_note_parser_raises_only_our_errors(self, data: st.DataObject) -> None:
        with contextlib.suppress(MentorJournalError):
            parse(data.draw(text_mutations(NOTE)))


class TestJrnlExports:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def test_mutated_exports_raise_only_our_errors_and_store_nothing(
        self, journal: Journal, data: st.DataObject
    ) -> None:
        raw = FIXTURE.read_text(encoding="utf-8")
        mutated = data.draw(text_mutations(raw))
        before = len(journal.vault.graph)
        try:
            document = json.loads(mutated)
        except ValueError:
            return  # not JSON at all: the importer's own reader reports that (tested below)
        with contextlib.suppress(MentorJournalError):
            plan_jrnl(journal, document, shown="export.json", tag_map={}, create_mentees=True)
        assert len(journal.vault.graph) == before  # planning never writes

    def test_a_file_that_is_not_json_is_one_clear_error(self, journal: Journal, tmp_path: Path) -> None:
        bad = tmp_path / "export.json"
        bad.write_text('{"entries": [ {"date": "2026', encoding="utf-8")
        with pytest.raises(MentorJournalError, match=r"export\.json"):
            plan_import(journal, bad)
