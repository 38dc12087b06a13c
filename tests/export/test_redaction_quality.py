"""The redaction quality corpus, scored: hard guarantees at 100%, every other category held to a floor.

The floors are what the engine achieved when they were last raised (a regression guard, not a target):
raise them when the engine gets better, never lower them to make a change pass. The targets of issue 12
and Presidio's figures are in docs/redaction.md ("Measured"); `make redaction-bench` prints both.
"""

from __future__ import annotations

import pytest
from benchmarks.redaction_quality import Scores, judge, score_mentorjournal, surviving_tokens

from tests.export.corpus import (
    ID_KINDS,
    SENSITIVE_CATEGORIES,
    CorpusError,
    Field,
    all_labels,
    load,
    parse_labels,
    unlabelled_names,
)

# Measured at the end of the session that built the corpus (main at its last merge), less one or two
# cases' worth: unknown names 100%, identifiers 99.4%, special-category sentences 100%, useful text 97.1%.
FLOORS = {
    "unknown_name": 0.98,
    "identifier": 0.98,
    "sensitive": 0.98,
    "keep": 0.96,
}


@pytest.fixture(scope="module")
def scores() -> Scores:
    # Speed is measured by `make redaction-bench` and benchmarks/, never by a timed test.
    return score_mentorjournal()


def test_the_corpus_is_big_and_varied_enough() -> None:
    cases = load()
    labels = list(all_labels(cases))
    assert sum(c.notes for c in cases) >= 40
    assert len(labels) >= 400
    categories = {lab.category for lab in labels}
    assert categories == {"name", "unknown_name", "identifier", "private", "sensitive", "keep"}
    assert {lab.sub for lab in labels if lab.category == "sensitive"} == set(SENSITIVE_CATEGORIES)
    assert len({lab.sub for lab in labels if lab.category == "identifier"}) >= len(ID_KINDS) - 4
    with_private = {f.kind for c in cases for f in c.fields if any(lab.category == "private" for lab in f.labels)}
    assert with_private == {"goal", "action", "summary"}


def test_every_known_name_in_the_corpus_is_labelled() -> None:
    unlabelled = {c.path.name: unlabelled_names(c) for c in load()}
    assert {name: words for name, words in unlabelled.items() if words} == {}


def test_every_known_name_is_replaced(scores: Scores) -> None:
    missed = [v.label.sub for v in scores.of("name") if not v.ok]
    assert scores.rate("name") == 1.0, f"{len(missed)} known name(s) reached the summary"


def test_every_private_passage_is_withheld(scores: Scores) -> None:
    assert scores.rate("private") == 1.0


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_no_category_falls_below_its_floor(scores: Scores, category: str) -> None:
    rate = scores.rate(category)
    assert rate is not None and rate >= FLOORS[category]


# --- the scorer itself: it must be able to fail --------------------------------------------------------------


def _field(raw: str) -> Field:
    text, labels = parse_labels(raw)
    return Field("summary", text, labels)


def test_labels_render_to_plain_text_with_their_spans() -> None:
    f = _field("Met {{name:Ada}} about {{keep:Kafka}}. {{sensitive:health|{{name:Ada}} has flu.}}")
    assert f.text == "Met Ada about Kafka. Ada has flu."
    assert [(lab.category, f.text[lab.start : lab.end], lab.inside) for lab in f.labels] == [
        ("name", "Ada", ""), ("keep", "Kafka", ""), ("sensitive", "Ada has flu.", ""), ("name", "Ada", "sensitive"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "raw",
    ["{{name:Ada", "{{colour:red}}", "{{id:shoe|12}}", "{{sensitive|x}}", "{{keep:{{name:Ada}}}}", "{{keep: }}"],
)
def test_malformed_labels_are_refused(raw: str) -> None:
    with pytest.raises(CorpusError):
        parse_labels(raw)


def test_a_leaked_name_a_lost_keep_and_a_kept_sentence_are_all_counted() -> None:
    f = _field("{{name:Ada}} uses {{keep:Kafka}}. {{sensitive:health|She has flu this week.}} {{id:phone|07700 900}}")
    leaky = "Ada uses [name?]. She has flu this week. 07700 [phone]"
    verdicts = {v.label.category: v.ok for v in judge(f, leaky, set())}
    assert verdicts == {"name": False, "keep": False, "sensitive": False, "identifier": False}
    good = {v.label.category: v.ok for v in judge(f, "Mentee A uses Kafka. [phone]", set())}
    assert good == {"name": True, "keep": True, "sensitive": True, "identifier": True}


def test_a_private_passage_leaks_if_any_word_survives() -> None:
    f = _field("Fine. {{private|[[private]]thinking of leaving[[/private]]}} Next time.")
    assert [v.ok for v in judge(f, "Fine. Next time.", set())] == [True]
    assert [v.ok for v in judge(f, "Fine. leaving Next time.", set())] == [False]


def test_alignment_follows_replacements_and_deletions() -> None:
    spans, kept = surviving_tokens("Met Ada in Leeds today", "Met Mentee A in Leeds")
    words = ["Met", "Ada", "in", "Leeds", "today"]
    assert [w for i, w in enumerate(words) if i in kept] == ["Met", "in", "Leeds"]
    assert len(spans) == 5


def test_a_placeholder_s_words_are_not_taken_for_the_original_s() -> None:
    f = _field("Born {{id:dob|3rd of June 1990}}. {{sensitive:health|She has a cold this week.}} Fine.")
    out = "Born [date of birth]. (a sentence about health was withheld) Fine."
    assert [v.ok for v in judge(f, out, set())] == [True, True]
