"""Labels that read well: stable across mentees and exports, stored in the vault, and clean output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.export.exporting import finished_text
from mentorjournal.export.labels import balanced, known_people, mentee_heading, tidy
from mentorjournal.export.redaction import KnownPerson, apply, scan
from mentorjournal.export.review import SummaryReview
from mentorjournal.export.summary import build_summary
from mentorjournal.journal import Journal
from mentorjournal.journal.model import ActionItem, Agreement, Mentee, Person, Session
from mentorjournal.vault import Vault

TODAY = dt.date(2026, 4, 1)


@pytest.fixture
def journal(vault: Vault) -> Journal:
    j = Journal(vault, today=lambda: TODAY)
    for name, alias in (("José Núñez", "Joe"), ("Amara Okafor", "Ami"), ("Li Na", "Nana")):
        m = j.save(Mentee(name=name, aliases=[alias]))
        j.save(Agreement(mentee_id=m.id, consent_share_summaries_with_coordinator=True))
    j.save(Person(name="Sarah O'Brien", aliases=["Sarah"]))
    j.save(Person(name="Bartholomew Quince"))
    return j


def _label_of(people: list[KnownPerson], name: str) -> str:
    return next(p.label for p in people if name in p.names)


def test_same_colleague_same_label_in_every_mentees_summary(journal: Journal) -> None:
    by_mentee = [known_people(journal, m) for m in journal.mentees()]
    sarah = {_label_of(people, "Sarah O'Brien") for people in by_mentee}
    assert len(sarah) == 1
    # another mentee is a person too, with the same label in every other mentee's summary
    amara = {_label_of(people, "Amara Okafor") for people in by_mentee if people[0].names[0] != "Amara Okafor"}
    assert len(amara) == 1 and amara.pop().startswith("Person ")


def test_labels_survive_new_people_and_are_never_reused(journal: Journal) -> None:
    mentee = journal.find_mentee("Joe")
    before = {p.names[0]: p.label for p in known_people(journal, mentee)}
    # a new person whose name sorts first must not shift anyone's label
    aaron = journal.save(Person(name="Aaron Abbott"))
    after = {p.names[0]: p.label for p in known_people(journal, mentee)}
    assert all(after[name] == label for name, label in before.items())
    assert after["Aaron Abbott"] not in before.values()
    # a deleted person's label is not given to the next one
    journal.delete(aaron.id)
    journal.save(Person(name="Zed Zimmer"))
    again = {p.names[0]: p.label for p in known_people(journal, mentee)}
    assert again["Zed Zimmer"] not in after.values()


def test_labels_are_stored_in_the_vault(journal: Journal, vault: Vault) -> None:
    mentee = journal.find_mentee("Joe")
    first = known_people(journal, mentee)
    reopened = Journal(vault, today=lambda: TODAY)
    reopened.reload(use_snapshot=False)
    assert known_people(reopened, mentee) == first


def test_same_label_in_two_summaries(journal: Journal) -> None:
    texts = []
    for who in ("Joe", "Ami"):
        mentee = journal.find_mentee(who)
        journal.save(Session(mentee_id=mentee.id, date=dt.date(2026, 3, 1), shared_summary="Sarah helped a lot."))
        review = SummaryReview(build_summary(journal, mentee, audience="coordinator"), known_people(journal, mentee))
        review.accept_all()
        texts.append(finished_text(review, "md"))
    label = _label_of(known_people(journal, journal.find_mentee("Joe")), "Sarah O'Brien")
    assert all(f"{label} helped a lot." in t for t in texts)


def test_unknown_names_get_consistent_labels_within_an_export(journal: Journal) -> None:
    mentee = journal.find_mentee("Joe")
    journal.save(
        Session(
            mentee_id=mentee.id,
            date=dt.date(2026, 3, 1),
            shared_summary="Met Maria Gonzalez. Maria said the plan works. Her manager Oluwaseun agreed with Maria.",
        )
    )
    review = SummaryReview(build_summary(journal, mentee, audience="coordinator"), known_people(journal, mentee))
    review.accept_all()
    text = finished_text(review, "md")
    assert "[name?]" not in text
    assert text.count("[unnamed person 1]") == 3 and text.count("[unnamed person 2]") == 1


def test_a_lone_first_name_shares_the_label_of_its_full_name_written_later(journal: Journal) -> None:
    # Actions come before the shared summaries in a summary: the lone name is met before the full one.
    mentee = journal.find_mentee("Joe")
    journal.save(
        Session(
            mentee_id=mentee.id,
            date=dt.date(2026, 3, 1),
            shared_summary="He met Priya Natarajan from the SRE guild, who offered to pair.",
        )
    )
    journal.save(ActionItem(mentee_id=mentee.id, text="send the draft RFC to Priya", owner="mentee"))
    review = SummaryReview(build_summary(journal, mentee, audience="coordinator"), known_people(journal, mentee))
    review.accept_all()
    text = finished_text(review, "md")
    assert "Priya" not in text and "Natarajan" not in text
    assert text.count("[unnamed person 1]") == 2 and "[unnamed person 2]" not in text


def test_mentee_summary_addresses_the_mentee_by_name(journal: Journal) -> None:
    mentee = journal.find_mentee("Joe")
    journal.save(Session(mentee_id=mentee.id, date=dt.date(2026, 3, 1), shared_summary="Joe and Sarah planned it."))
    summary = build_summary(journal, mentee, audience="mentee")
    summary.pseudonym = mentee_heading(mentee, audience="mentee")
    review = SummaryReview(summary, known_people(journal, mentee, mentee_name="name"))
    review.accept_all()
    text = finished_text(review, "md")
    assert "José Núñez" in text and "Joe and Person" in text and "Sarah" not in text
    assert mentee_heading(mentee, audience="coordinator") == mentee.pseudonym


# --- clean output --------------------------------------------------------------------------------------

CLEAN_PEOPLE = [
    KnownPerson("Mentee B", ("José Núñez", "Joe")),
    KnownPerson("Mentee C", ("Chen Wei",)),
    KnownPerson("Person 1", ("Sarah O'Brien", "Sarah")),
]


def redact(text: str) -> str:
    review_labels = [p.label for p in CLEAN_PEOPLE]
    return tidy(apply(text, scan(text, CLEAN_PEOPLE)), review_labels)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("José (Joe) came.", "Mentee B came."),
        ("José Núñez [Joe] came.", "Mentee B came."),
        ("José/Joe came.", "Mentee B came."),
        ("Joe, aka José, came.", "Mentee B, came."),
        ("Met Chen W. yesterday.", "Met Mentee C yesterday."),
        ("Met Chen W.", "Met Mentee C."),
        ("Chen W. said hi.", "Mentee C said hi."),
        ("(Chen W.) agreed.", "(Mentee C) agreed."),
        ("José's plan (with Sarah) worked.", "Mentee B's plan (with Person 1) worked."),
        ("Joe (José's mentor is Sarah) agreed.", "Mentee B (Mentee B's mentor is Person 1) agreed."),
    ],
)
def test_clean_output(text: str, expected: str) -> None:
    assert redact(text) == expected


NAME_FORMS = ["José", "Joe", "José Núñez", "Chen Wei", "Chen W.", "Chen", "Sarah", "Sarah O'Brien", "Núñez"]
FILLER = ["we met", "the plan", "said", "and", "then", "agreed", "with"]


@st.composite
def bracketed(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(NAME_FORMS))
        shape = draw(st.sampled_from(["{}", "({})", "[{}]", "{} ({})", "({}'s)", '"{}"', "{},", "({}).", "{}/{}"]))
        words = draw(st.lists(st.sampled_from(FILLER), max_size=3))
        parts.append(shape.format(name, draw(st.sampled_from(NAME_FORMS))) + " " + " ".join(words))
    return " ".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bracketed())
def test_redaction_keeps_brackets_balanced_and_leaves_no_fragment(text: str) -> None:
    out = redact(text)
    assert balanced(out)
    for fragment in ("José", "Joe", "Núñez", "Chen", "Wei", "Sarah", "O'Brien", " W.", " W "):
        assert fragment not in out
    for label in ("Mentee B", "Mentee C", "Person 1"):
        assert f"{label} ({label})" not in out


def test_two_devices_numbering_offline_never_give_one_label_to_two_people(journal: Journal, vault: Vault) -> None:
    from mentorjournal.export import labels, records

    rid = records.record_id(journal, "person-labels")
    people = journal.people()
    # Two devices each gave "Person 1" to a different person, without seeing each other: two heads.
    vault.put(labels.LABELS_KIND, {"schema": 1, "labels": {people[0].id: 1}, "next": 2}, record_id=rid, parents=())
    vault.put(labels.LABELS_KIND, {"schema": 1, "labels": {people[1].id: 1}, "next": 2}, record_id=rid, parents=())
    assert len(vault.graph.heads(rid)) == 2
    merged = labels.stable_labels(journal, [(p.id, p.name) for p in people])
    assert len(set(merged.values())) == len(merged)  # no label names two people
    assert len(vault.graph.heads(rid)) == 1  # the conflict is resolved by writing the merged numbering
    assert labels.stable_labels(journal, [(p.id, p.name) for p in people]) == merged


def test_labels_record_is_encrypted(journal: Journal, vault_dir: Path) -> None:
    mentee = journal.find_mentee("Joe")
    known_people(journal, mentee)
    for path in vault_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"Person 1" not in data and b"Sarah" not in data
