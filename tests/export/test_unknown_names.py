"""Unknown names from evidence: precision on words that only look like names, recall on names of many cultures.

Each row is a kind of text, not a sentence tuned to pass: technologies, places, stations, book titles, months,
verbs at a sentence start; and names marked by context (titles, verbs of people, relations, possessives).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from mentorjournal.export.redaction import KnownPerson, scan

PEOPLE = (KnownPerson("Mentee A", ("José Núñez", "Joe")), KnownPerson("Person 1", ("Chen Wei",)))


def flagged(text: str) -> list[str]:
    return [f.text for f in scan(text, PEOPLE) if f.kind == "possible_name"]


# Nothing here is a person: the engine must not flag any of it.
NOT_NAMES = [
    # queues, workflow engines, monitoring and data products, by list, shape or context
    "We moved the jobs from RabbitMQ to Kafka.",
    "She set up Temporal workflows and an Airflow DAG.",
    "The Grafana dashboard and Prometheus alerts page via PagerDuty.",
    "Using Datadog and Sentry for monitoring.",
    "The Jenkins pipeline failed twice.",
    "Celery workers were stuck.",
    "She learned Zorbly last month.",  # an unknown product after a verb of learning
    "The Frobnitz dashboard was red.",  # an unknown product before a tool word
    "Migrated to PostgreSQL 16 on EC2.",
    # places and stations
    "She relocated from Lagos to Manchester.",
    "He commutes via Euston station.",
    "We flew to Jordan in May.",
    "We visited Paris and Nairobi.",
    "I took the train to Victoria.",
    "The Mumbai office is hiring.",
    "Moved to Kraków last year.",
    # books and titles
    "She is reading Atomic Habits.",
    "The Pragmatic Programmer is a good book.",
    # months, seasons and half-years
    "Mid-year review is in June.",
    "Next review in May 2026.",
    "We meet again on 3 May.",
    "Since April things improved.",
    # verbs and words at a sentence start
    "Will you send the deck?",
    "Will review the CV tomorrow.",
    "Hope this helps.",
    "May need more time.",
    "Bill the client monthly.",
    "Mark the tickets done.",
    # a documentation link with no personal path
    "Docs at docs.example.org/Guide/Getting-Started were useful.",
    # places in phrases, addresses and with saints; wards and rooms; acronyms' plurals; mixed-case products
    "The Govan drop-in ran well.",
    "She lives at 27 Clarence Road, Edgbaston.",
    "Offer from St Andrews for September!",
    "Her family in São Paulo asked for documents.",
    "Lead the safety huddle on Ward 12.",
    "He found two faulty RCDs.",
    "Update the RiO care plan template.",
    "Drift alerts fire correctly in MLflow.",
    "Read Team Topologies next.",
    "Competencies: 12 of 20.",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_not_a_name(text: str) -> None:
    assert flagged(text) == []


# (text, the name that must be flagged): names of many cultures, marked by context or by a name list.
NAMES = [
    ("Met Priya about the offer.", "Priya"),
    ("Her manager Oluwaseun agreed.", "Oluwaseun"),
    ("Told Mr Okonkwo about it.", "Okonkwo"),
    ("Ngozi said the plan is fine.", "Ngozi"),
    ("Aleksandra's feedback was kind.", "Aleksandra"),
    ("Tomasz joined the team.", "Tomasz"),
    ("Discussed the roadmap with Siobhan.", "Siobhan"),
    ("Spoke to Dr Nakamura.", "Nakamura"),
    ("Fatima from Finance asked about the budget.", "Fatima"),
    ("Kwame and I agreed on the plan.", "Kwame"),
    ("Asked Mohammed for a review.", "Mohammed"),
    ("Her colleague Xiaoling helped.", "Xiaoling"),
    ("Met Wojciech at the meetup.", "Wojciech"),
    ("Thanked Aoife for the intro.", "Aoife"),
    ("Called Guadalupe yesterday.", "Guadalupe"),
    ("Dr Adeyemi-Okafor reviewed it.", "Adeyemi-Okafor"),
    # words that are also names, decided by context
    ("Jordan said the offer is fine.", "Jordan"),
    ("Victoria from Finance asked.", "Victoria"),
    ("Grace and I agreed.", "Grace"),
    ("Met Will for coffee.", "Will"),
    ("Her manager Rose approved it.", "Rose"),
    ("Asked May about the rota.", "May"),
    # lower-case terse notes: a word after a title is a name
    ("ring mrs o'hara's son about the key safe", "o'hara"),
    ("talked about a client (mr devlin, lives nearby)", "devlin"),
    # a given name after "via" is a person; a surname goes with a flagged given name
    ("Ask the clerks, via Terry, for more dates.", "Terry"),
    ("The claimant, Bethany Clarke, alleges bias.", "Bethany Clarke"),
    ("A new volunteer, Jordan Mills, will shadow.", "Jordan Mills"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_a_name(text: str, name: str) -> None:
    assert name in flagged(text)


AMBIGUOUS_WITHOUT_CONTEXT = ["Sydney is lovely in spring, Sydney thinks.", "Grace was there."]


@pytest.mark.parametrize("text", AMBIGUOUS_WITHOUT_CONTEXT)
def test_both_a_name_and_a_word_is_flagged_when_context_is_silent(text: str) -> None:
    found = [f for f in scan(text, PEOPLE) if f.kind == "possible_name"]
    assert found and all(f.needs_review for f in found)


def test_reason_says_why() -> None:
    (f,) = [f for f in scan("Met Priya today.", PEOPLE) if f.kind == "possible_name"]
    assert "given name" in f.reason and "verb of people" in f.reason


def test_vocabularies_load_lazily() -> None:
    """Importing the engine (as opening the journal or the app does) reads no word list."""
    code = (
        "import sys, mentorjournal.export.redaction, mentorjournal.export.review\n"
        "from mentorjournal.export import lexicon\n"
        "assert not lexicon.loaded()\n"
        "assert 'wordfreq' not in sys.modules and 'pycountry' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_place_after_a_person_and_from_is_kept() -> None:
    assert flagged("Dr Achterberg from Eindhoven wants to collaborate.") == ["Achterberg"]
    assert flagged("Apart from Priya, everyone came.") == ["Priya"]


NEAR = (
    KnownPerson("Mentee A", ("José Núñez", "Joe")),
    KnownPerson("Person 1", ("Mohammed Al-Farsi",)),
    KnownPerson("Person 2", ("Alexander Petrov",)),
    KnownPerson("Person 3", ("Christine Dubois",)),
    KnownPerson("Person 4", ("Martin Kowalski",)),
    KnownPerson("Person 5", ("Günther Strauß",)),
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Jsoe said hi.", "Mentee A"),  # a transposition
        ("jsoe said hi.", "Mentee A"),  # lower case too
        ("Mohamed agreed.", "Person 1"),  # transliterations
        ("Muhammad agreed.", "Person 1"),
        ("Aleksandr called.", "Person 2"),
        ("Kowalsky came.", "Person 4"),  # a typo of a surname
        ("Petrof said so.", "Person 2"),
    ],
)
def test_near_misses_are_the_known_person(text: str, label: str) -> None:
    (f,) = [f for f in scan(text, NEAR) if f.kind in ("name", "possible_name")]
    assert (f.kind, f.replacement) == ("name", label) and "near miss" in f.reason


@pytest.mark.parametrize(
    "text",
    [
        "Josh came.",  # a name in its own right, not a typo of Jose
        "Christina came.",  # another name: the last letter differs
        "Morton came.",  # inner vowels differ beyond a transliteration
        "Straße ist lang.",  # an ordinary word two edits from Strauß
        "The hose leaked.",  # English
    ],
)
def test_near_misses_keep_precision(text: str) -> None:
    assert [f.kind for f in scan(text, NEAR) if f.kind == "name"] == []
