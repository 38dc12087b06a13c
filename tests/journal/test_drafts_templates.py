"""Drafts and note templates: records the journal keeps for the editor, sealed like every record."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mentorjournal.errors import UsageError
from mentorjournal.journal import Journal, Mentee
from mentorjournal.journal.drafts import Draft, discard_draft, drafts, save_draft
from mentorjournal.journal.templates import BUILT_IN, Template, delete_template, save_template, templates
from mentorjournal.vault import Vault

CANARY = "qx-draft-canary worried about the redundancy list"


def vault_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file())


class TestDrafts:
    def test_saved_listed_revised_and_discarded_never_in_clear(self, vault: Vault, vault_dir: Path) -> None:
        journal = Journal(vault)
        mentee = journal.save(Mentee(name="Amara"))
        draft = save_draft(journal, Draft(mentee.id, None, {"field-notes": CANARY}))
        assert draft.record_id and draft.saved_at is not None
        again = save_draft(journal, dataclasses.replace(draft, fields={"field-notes": CANARY + " more"}))
        assert again.record_id == draft.record_id
        assert [d.fields["field-notes"] for d in drafts(journal)] == [CANARY + " more"]
        assert CANARY.encode() not in vault_bytes(vault_dir)
        assert journal.search("redundancy") == []  # never a journal object: not searched, not listed
        discard_draft(journal, draft.record_id)
        assert drafts(journal) == []

    def test_journal_kinds_cannot_be_kept_as_side_records(self, vault: Vault) -> None:
        with pytest.raises(UsageError):
            Journal(vault).keep_record("session", {"notes": "x"})


class TestTemplates:
    def test_built_ins_edited_hidden_and_own_ones_deleted(self, vault: Vault) -> None:
        journal = Journal(vault)
        assert {t.builtin for t in templates(journal)} == {t.builtin for t in BUILT_IN}
        grow = next(t for t in templates(journal) if t.builtin == "grow")
        edited = save_template(journal, dataclasses.replace(grow, notes="Goal, Reality, Options, Will"))
        offered = templates(journal)
        assert len(offered) == len(BUILT_IN) and edited in offered
        closing = next(t for t in offered if t.builtin == "closing")
        delete_template(journal, closing)
        assert "closing" not in {t.builtin for t in templates(journal)}
        own = save_template(journal, Template("Check-in"))
        assert own in templates(journal)
        delete_template(journal, own)
        assert own.name not in {t.name for t in templates(journal)}
