"""The review remembered: decisions re-applied while a passage is unchanged, asked again once it changes,
"not a name" never asked again, and all of it encrypted in the vault (a canary scan of the vault folder)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mentorjournal.errors import UsageError
from mentorjournal.export.exporting import finished_text
from mentorjournal.export.labels import known_people
from mentorjournal.export.review import SummaryReview
from mentorjournal.export.review_memory import add_person, load_memory, save_memory
from mentorjournal.export.summary import build_summary
from mentorjournal.journal import Journal
from mentorjournal.journal.model import Agreement, Mentee, Session
from mentorjournal.vault import Vault

TODAY = dt.date(2026, 4, 1)
CANARY_WORD = "Zxqvbrandt"  # a word no list knows: flagged as a possible name
PASSAGE = f"Met Priya about the plan. {CANARY_WORD} covered the rota. Call 020 7946 0958 later."


@pytest.fixture
def journal(vault: Vault) -> Journal:
    j = Journal(vault, today=lambda: TODAY)
    m = j.save(Mentee(name="José Núñez", aliases=["Joe"]))
    j.save(Agreement(mentee_id=m.id, consent_share_summaries_with_coordinator=True))
    j.save(Session(mentee_id=m.id, date=dt.date(2026, 3, 1), shared_summary=PASSAGE))
    j.save(Session(mentee_id=m.id, date=dt.date(2026, 3, 8), shared_summary="Asked Oluwaseun for feedback."))
    return j


def _review(journal: Journal) -> SummaryReview:
    mentee = journal.find_mentee("Joe")
    summary = build_summary(journal, mentee, audience="coordinator")
    return SummaryReview(summary, known_people(journal, mentee), memory=load_memory(journal))


def _index(review: SummaryReview, words: str) -> int:
    return next(i.index for i in review.items if i.finding.text == words)


def _decide_and_remember(journal: Journal) -> SummaryReview:
    review = _review(journal)
    review.not_a_name(_index(review, CANARY_WORD))
    review.decide(_index(review, "020 7946 0958"), False)  # the mentor keeps a number they know is public
    review.decide(_index(review, "Priya"), True)
    block = next(b for b in review.blocks.values() if "rota" in b.text)
    start = block.text.index("the rota")
    review.add_manual(block.key, start, start + len("the rota"))
    memory = review.remember(TODAY)
    assert memory is not None and save_memory(journal, memory)
    return review


def test_decisions_are_reapplied_and_only_new_findings_are_asked(journal: Journal) -> None:
    first = _decide_and_remember(journal)
    assert len(first.pending) == 1  # Oluwaseun, not decided
    again = _review(journal)
    assert CANARY_WORD not in [i.finding.text for i in again.items]  # "not a name": never asked again
    phone = again.items[_index(again, "020 7946 0958")]
    priya = again.items[_index(again, "Priya")]
    assert (phone.accepted, phone.remembered) == (False, True)
    assert (priya.accepted, priya.remembered) == (True, True)
    assert any(i.finding.kind == "manual" and i.remembered for i in again.items)
    assert [i.finding.text for i in again.pending] == ["Oluwaseun"]
    again.accept_pending()
    text = finished_text(again, "md")
    assert "020 7946 0958" in text and CANARY_WORD in text and "the rota" not in text
    assert "Priya" not in text and "Oluwaseun" not in text


def test_not_a_name_holds_in_every_passage(journal: Journal) -> None:
    _decide_and_remember(journal)
    mentee = journal.find_mentee("Joe")
    journal.save(Session(mentee_id=mentee.id, date=dt.date(2026, 3, 15), shared_summary=f"{CANARY_WORD} again."))
    review = _review(journal)
    assert CANARY_WORD not in [i.finding.text for i in review.items]


def test_a_changed_passage_is_asked_about_again(journal: Journal) -> None:
    _decide_and_remember(journal)
    mentee = journal.find_mentee("Joe")
    session = next(s for s in journal.sessions(mentee_id=mentee.id) if "rota" in s.shared_summary)
    session.shared_summary = PASSAGE + " Priya agreed."
    journal.save(session)
    review = _review(journal)
    phone = review.items[_index(review, "020 7946 0958")]
    assert phone.accepted is None and not phone.remembered
    assert not any(i.finding.kind == "manual" for i in review.items)


def test_a_known_name_cannot_be_remembered_as_kept(journal: Journal) -> None:
    mentee = journal.find_mentee("Joe")
    journal.save(Session(mentee_id=mentee.id, date=dt.date(2026, 3, 20), shared_summary="Joe did well."))
    memory = load_memory(journal)
    memory.remember_passage("Joe did well.", [("name", 0, 3, False)], TODAY)
    review = SummaryReview(build_summary(journal, mentee, audience="coordinator"),
                           known_people(journal, mentee), memory=memory)  # fmt: skip
    joe = next(i for i in review.items if i.finding.kind == "name")
    assert joe.accepted is None


def test_a_name_is_offered_as_a_person(journal: Journal) -> None:
    review = _review(journal)
    words = review.is_a_name(_index(review, "Oluwaseun"))
    assert words == "Oluwaseun"
    add_person(journal, words)
    again = _review(journal)
    found = [i.finding for i in again.items if i.finding.text == "Oluwaseun"]
    assert found and found[0].kind == "name" and found[0].replacement.startswith("Person ")
    with pytest.raises(UsageError):
        again.not_a_name(next(i.index for i in again.items if i.finding.kind == "name"))


def test_each_finding_shows_words_why_and_category(journal: Journal) -> None:
    review = _review(journal)
    view = review.view(_index(review, "Priya"))
    assert view.words == "Priya" and view.category == "possible name" and "given name" in view.why
    assert view.replacement.startswith("[unnamed person ")
    assert review.view(_index(review, "020 7946 0958")).category == "phone"


def test_memory_is_stored_encrypted(journal: Journal, vault_dir: Path) -> None:
    _decide_and_remember(journal)
    needles = [CANARY_WORD.encode(), CANARY_WORD.lower().encode(), b"the rota", b"Priya", b"020 7946 0958"]
    for path in vault_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(n in data for n in needles), path.name


def test_a_read_only_vault_is_not_written(journal: Journal, vault: Vault) -> None:
    memory = load_memory(journal)
    vault.read_only = True
    try:
        assert save_memory(journal, memory) is False
    finally:
        vault.read_only = False


def test_the_pipeline_remembers_the_mentors_review_and_the_cli_honours_it(journal: Journal) -> None:
    from mentorjournal.export.exporting import ToStream, export_summary

    mentee = journal.find_mentee("Joe")
    written: list[str] = []

    def mentor(review: SummaryReview) -> None:  # the review screen: keeps the number, redacts the rest
        review.decide(_index(review, "020 7946 0958"), False)
        review.accept_pending()

    export_summary(journal, mentee, audience="coordinator", fmt="md", destination=ToStream(written.append),
                   decide=mentor)  # fmt: skip
    export_summary(journal, mentee, audience="coordinator", fmt="md", destination=ToStream(written.append))
    assert "020 7946 0958" in written[0] and "020 7946 0958" in written[1]  # the CLI kept what the mentor kept


def test_a_non_interactive_export_stores_no_decisions(journal: Journal) -> None:
    from mentorjournal.export.exporting import ToStream, export_summary
    from mentorjournal.export.review_memory import MEMORY_KIND

    mentee = journal.find_mentee("Joe")
    export_summary(journal, mentee, audience="coordinator", fmt="md", destination=ToStream(lambda _t: None))
    kinds = {journal.vault.graph.current(rid).kind for rid in journal.vault.graph.record_ids()}  # type: ignore[union-attr]
    assert MEMORY_KIND not in kinds


def test_a_sensitive_finding_shows_its_trigger_words_and_category(journal: Journal) -> None:
    mentee = journal.find_mentee("Joe")
    journal.save(Session(mentee_id=mentee.id, date=dt.date(2026, 3, 22), shared_summary="She is pregnant and tired."))
    review = _review(journal)
    (item,) = [i for i in review.items if i.finding.categories]
    view = review.view(item.index)
    assert "pregnan" in view.words and "pregnancy" in view.category and view.why
