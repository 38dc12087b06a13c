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
