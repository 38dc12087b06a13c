"""What the export layer keeps about a mentee that erasure must also forget: remembered review decisions.

The review memory (``review_memory``) stores the mentor's decisions per passage under a keyed hash of the
passage's text, not under the mentee's id, so the journal's erasure cannot tell which entries are theirs.
``erasure_scrubbers`` works out the keys of every passage a review of this mentee could have seen (goal
titles, action texts and shared summaries, as a summary holds them, in every revision of their current
records) and gives the
erasure a scrubber that leaves those entries out. Call it before the mentee is erased: it reads their notes.
"""

from __future__ import annotations

from typing import Any

from mentorjournal.export import records
from mentorjournal.export.redaction import withhold_private
from mentorjournal.export.review import blocks_of
from mentorjournal.export.review_memory import MEMORY_KIND
from mentorjournal.export.summary import AUDIENCES, build_summary
from mentorjournal.journal import ActionItem, Goal, Journal, Mentee, Session
from mentorjournal.journal.erasure import Scrubber


def passage_texts(journal: Journal, mentee: Mentee) -> set[str]:
    """Every text a review of ``mentee``'s summaries could have remembered a decision for."""
    texts: set[str] = set()
    for audience in AUDIENCES:
        texts.update(block.text for block in blocks_of(build_summary(journal, mentee, audience=audience)))
    current: list[Any] = [
        *journal.goals(mentee.id),
        *journal.actions(mentee.id),
        *journal.sessions(mentee_id=mentee.id),
    ]
    for record in current:
        for entry in journal.history(record.id):  # every revision: a decision may be for an older text
            obj = entry.obj
            for value in (
                getattr(obj, "title", None) if isinstance(obj, Goal) else None,
                getattr(obj, "text", None) if isinstance(obj, ActionItem) else None,
                getattr(obj, "shared_summary", None) if isinstance(obj, Session) else None,
            ):
                if isinstance(value, str) and value.strip():
                    texts.add(value)
                    texts.add(withhold_private(value)[0].strip())
    return texts


def erasure_scrubbers(journal: Journal, mentee: Mentee) -> dict[str, Scrubber]:
    keys = {records.keyed_hash(journal, "review-passage", text) for text in passage_texts(journal, mentee)}

    def forget_passages(body: dict[str, Any], _erased: frozenset[str]) -> dict[str, Any]:
        passages = body.get("passages")
        if not isinstance(passages, dict):
            return body
        return {**body, "passages": {k: v for k, v in passages.items() if k not in keys}}

    return {MEMORY_KIND: forget_passages}
