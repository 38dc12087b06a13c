"""Subject access: the mentee's own details stay, third parties go, and the re-scan refuses what is left."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from mentorjournal.errors import ExportRefused
from mentorjournal.export.subject_access import AccessReview, collect, render_access, third_parties
from mentorjournal.journal import ConcernRecord, Journal, Mentee, Person, Session
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    vault_dir = tmp_path_factory.mktemp("access") / "vault"
    created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False)
    created.vault.load()
    yield Journal(created.vault, today=lambda: TODAY)
    created.vault.lock()


def _review(journal: Journal, mentee: Mentee, exports: list[dict[str, object]] | None = None) -> AccessReview:
    return AccessReview(collect(journal, mentee, exports or []), mentee, third_parties(journal, mentee))


def test_own_details_stay_third_parties_go(journal: Journal) -> None:
    priya = journal.save(Mentee(name="Priya Raman", aliases=["Pri"], contact="priya@example.org"))
    journal.save(Mentee(name="Tomasz Nowak"))
    journal.save(Person(name="Gwen Stacy", mentee_id=priya.id, relationship="manager"))
    journal.save(
        Session(mentee_id=priya.id, date=TODAY, notes="Pri wrote from priya@example.org about Gwen Stacy "
                "(gwen@corp.example) and Tomasz Nowak.", reflection="Priya seems tired.")
    )  # fmt: skip
    journal.save(ConcernRecord(mentee_id=priya.id, date=TODAY, words="Gwen said so", said_by="Gwen Stacy"))
    review = _review(journal, priya)
    review.accept_all()
    redacted = review.redacted()
    review.final_check(redacted)
    text = render_access(redacted, "md")
    for gone in ("Gwen", "Stacy", "gwen@corp.example", "Tomasz", "Nowak"):
        assert gone not in text
    for kept in ("Pri wrote from priya@example.org", "Priya seems tired", "# Everything held about Priya Raman"):
        assert kept in text
    assert redacted["third_parties_removed"]["email"] == 1


def test_the_re_scan_refuses_a_third_party_left_in(journal: Journal) -> None:
    priya = journal.save(Mentee(name="Priya Raman"))
    journal.save(Person(name="Gwen Stacy"))
    journal.save(Session(mentee_id=priya.id, date=TODAY, notes="Met Gwen Stacy."))
    review = _review(journal, priya)
    review.accept_all()
    redacted = review.redacted()
    redacted["sessions"][0]["notes"] = "Met Gwen Stacy."  # as if a redaction had been lost
    with pytest.raises(ExportRefused):
        review.final_check(redacted)
    with pytest.raises(ExportRefused):
        _review(journal, priya).redacted()  # nothing reviewed yet


def test_timestamps_of_the_export_log_are_not_taken_for_phone_numbers(journal: Journal) -> None:
    priya = journal.save(Mentee(name="Priya Raman"))
    exports = [
        {"mentee_id": priya.id, "at": f"2026-03-1{i % 9}T14:47:13.{360070 + i:06d}+00:00", "audience": "mentee"}
        for i in range(40)
    ]
    review = _review(journal, priya, exports)
    review.accept_all()
    redacted = review.redacted()
    review.final_check(redacted)
    assert len(redacted["exports"]) == 40
