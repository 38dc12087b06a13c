"""Special-category information: detection by sentence, the review's defaults per audience, the log."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

import pytest

from mentorjournal.errors import UsageError
from mentorjournal.export.exporting import ToStream, export_log, export_summary, finished_text
from mentorjournal.export.render import FORMATS
from mentorjournal.export.review import SummaryReview
from mentorjournal.export.sensitive import (
    CATEGORIES,
    find_sensitive,
    neutral_line,
    parse_categories,
    sentence_spans,
    triggers,
)
from mentorjournal.export.summary import build_summary, known_people
from mentorjournal.journal import Journal
from mentorjournal.journal.model import ActionItem, Agreement, Goal, Mentee, Session
from mentorjournal.vault import Vault

TODAY = dt.date(2026, 6, 1)

# (category, sentence): one or more per category, in the phrasings mentors use.
SENSITIVE = [
    ("health", "She was diagnosed with diabetes last year."),
    ("health", "He had knee surgery in April and is still on crutches."),
    ("health", "Ana's health has been poor since the winter."),
    ("health", "She's been unwell and missed the offsite."),
    ("health", "He had a hospital appointment on Tuesday."),
    ("health", "Her migraines are worse under bright lights."),
    ("health", "She has sickle cell and the cold makes it worse."),
    ("health", "He's been having chemo since the spring."),
    ("medication", "She is on sertraline and the dose was raised."),
    ("medication", "He takes beta blockers before big presentations."),
    ("medication", "The new medication makes her tired in the mornings."),
    ("sick-leave", "She's been off sick for two weeks."),
    ("sick-leave", "He was signed off work with stress until June."),
    ("sick-leave", "We planned a phased return after her sick leave."),
    ("mental-health", "She's seeing a therapist about burnout."),
    ("mental-health", "His depression has been lifting since spring."),
    ("mental-health", "She had a panic attack before the all-hands."),
    ("mental-health", "She's been going to therapy since the divorce."),
    ("pregnancy", "She told me she is pregnant and due in May."),
    ("pregnancy", "He goes on paternity leave in March."),
    ("pregnancy", "The IVF appointments clash with the sprint reviews."),
    ("pregnancy", "She had an abortion last year and is still processing it."),
    ("disability", "He has ADHD and finds long meetings hard."),
    ("disability", "Her dyslexia makes long documents slow to review."),
    ("disability", "She asked HR for reasonable adjustments to her desk."),
    ("disability", "He is autistic and prefers written agendas."),
    ("religion", "He is fasting for Ramadan so we moved the call to the morning."),
    ("religion", "She leaves early on Fridays for Shabbat."),
    ("religion", "He needs a quiet room for prayer at lunchtime."),
    ("religion", "She is a practising Catholic and goes to Mass on Sundays."),
    ("ethnicity", "As a Black woman in tech she faces microaggressions."),
    ("ethnicity", "He talked about racism in his last team."),
    ("ethnicity", "She is proud of her Punjabi heritage."),
    ("sexuality", "She mentioned her girlfriend will join the team dinner."),
    ("sexuality", "He came out to his team last month."),
    ("sexuality", "She leads the LGBTQ+ staff network."),
    ("gender-identity", "They use they/them pronouns."),
    ("gender-identity", "She is a trans woman and worried about the new dress code."),
    ("gender-identity", "He is non-binary and asked to be introduced without titles."),
    ("union", "She is a member of Unison and a union rep."),
    ("union", "He joined the picket line on Tuesday."),
    ("union", "The strike action means the lab is closed."),
    ("politics", "He votes Labour and canvassed for the Greens."),
    ("politics", "She stood for election to the council."),
    ("politics", "His political views caused friction at lunch."),
    ("immigration", "Her visa expires in March and the BRP renewal is pending."),
    ("immigration", "He needs visa sponsorship to change jobs."),
    ("immigration", "She is waiting for a Home Office decision on her asylum claim."),
    ("immigration", "He has indefinite leave to remain now."),
    ("criminal", "He was arrested in 2019 and has a spent conviction."),
    ("criminal", "Her DBS check came back with a caution."),
    ("criminal", "He has a court hearing next week."),
    ("criminal", "His brother is in prison."),
    ("criminal", "He was cautioned by police as a teenager."),
]

# Everyday text that shares words with the lexicons: none of it is about a person's special category.
EVERYDAY = [
    "We ran a health check of the cluster.",
    "The pipeline is healthy again after the fix.",
    "The team's health survey scores went up.",
    "A union of two sets is a set.",
    "The team party is on Friday.",
    "That's a conservative estimate.",
    "There was a pregnant pause before the answer.",
    "She's sick of meetings.",
    "We had lunch at the food court.",
    "We paid with Visa and Mastercard.",
    "The Visa card integration ships next sprint.",
    "She has faith in the team.",
    "He disabled the feature flag.",
    "We hit a race condition in the scheduler.",
    "Labour costs are rising in the region.",
    "The budget was signed off by finance.",
    "She needs more executive sponsorship for the promotion.",
    "Her transition to management went well.",
    "We should strike a balance between speed and care.",
    "The database migration to Postgres is done.",
    "The ball is in their court now.",
    "She passed her probation period.",
    "Let's discuss the root-cause diagnosis of the outage.",
    "We added AWS X-Ray tracing.",
    "She is presenting at the March all-hands.",
    "He is a consultant at Deloitte.",
    "The product demonstration went well.",
    "Our GRC team reviews the controls.",
    "Office politics are tiring.",
    "That approach isn't kosher.",
    "They checked the metrics religiously.",
    "She is very observant of details.",
    "The project's origins are in 2019.",
    "Give her access to work email.",
    "The company's health is strong.",
    "Health and safety training is on Monday.",
    "The new framework is a black box.",
    "She wants to run the design review on her own.",
    "He will court the new client next week.",
    "The sprint was a bit of a marathon.",
    "We added dependency injection to the service.",
    "He is charged with leading the migration.",
    "The release came out on Tuesday.",
    "Pull the branch from origin main.",
    "The API returns a 503 when the node is unhealthy.",
    "She did well on the runs, 42 calls a week.",
    "We went back to the drawing board after the review.",
    "The stock take found the goods in the wrong bay.",
]


class TestDetection:
    @pytest.mark.parametrize(("category", "sentence"), SENSITIVE)
    def test_each_category_is_found_with_its_words(self, category: str, sentence: str) -> None:
        found = find_sensitive(sentence)
        assert len(found) == 1, sentence
        f = found[0]
        assert category in f.categories, (sentence, f.categories)
        assert (f.kind, f.start, f.end, f.text, f.needs_review) == ("sensitive", 0, len(sentence), sentence, True)
        assert f.triggers and all(words in sentence for _, words in f.triggers)
        assert "about" in f.replacement and f.text not in repr(f)

    @pytest.mark.parametrize("sentence", EVERYDAY)
    def test_everyday_words_trigger_nothing(self, sentence: str) -> None:
        assert [(t.category, t.words) for t in triggers(sentence)] == []

    def test_every_category_has_a_case_above(self) -> None:
        assert {c for c, _ in SENSITIVE} == set(CATEGORIES)

    def test_only_the_sentence_goes_not_its_neighbours(self) -> None:
        text = "We reviewed the roadmap. She is fasting for Ramadan, so mornings work best. Next: the demo."
        (f,) = find_sensitive(text)
        assert f.text == "She is fasting for Ramadan, so mornings work best."
        assert f.category == "religion" and [w for _, w in f.triggers] == ["fasting", "Ramadan"]

    def test_a_sentence_of_several_categories(self) -> None:
        (f,) = find_sensitive("Her visa depends on her health: the IVF clinic letter is needed.")
        assert f.categories == ("immigration", "health", "pregnancy")
        assert f.replacement == "(a sentence about immigration status, health and pregnancy was withheld)"

    def test_case_and_spacing_do_not_hide_a_trigger(self) -> None:
        assert find_sensitive("SHE IS PREGNANT.") and find_sensitive("off   sick since monday")
        assert find_sensitive("she's unwell") and find_sensitive("Starting maternity\nleave in May.")


class TestSentences:
    def test_abbreviations_decimals_and_initials_do_not_split(self) -> None:
        text = "We met on Tue. at 10 a.m. to talk e.g. about v2.5 and Dr. J. Smith's plan. Next one."
        assert [text[a:b] for a, b in sentence_spans(text)] == [text[:-10], "Next one."]

    def test_bullets_headings_and_blank_lines_start_sentences(self) -> None:
        text = "## Plan\n- first point\n* second point\n1. third one\n\nA paragraph! And? yes."
        got = [text[a:b] for a, b in sentence_spans(text)]
        assert got == ["Plan", "first point", "second point", "third one", "A paragraph!", "And? yes."]

    def test_a_wrapped_line_is_one_sentence_and_a_new_line_is_another(self) -> None:
        text = "She said the move went\nwell overall.\nHe is off sick\nWe agreed a plan"
        got = [text[a:b] for a, b in sentence_spans(text)]
        assert got == ["She said the move went\nwell overall.", "He is off sick", "We agreed a plan"]

    def test_terse_lower_case_notes_split_too(self) -> None:
        text = "did well on the runs, 42 calls a week. asthma bad again, new inhaler. starts 1 may. ok. fine"
        got = [text[a:b] for a, b in sentence_spans(text)]
        assert got == ["did well on the runs, 42 calls a week.", "asthma bad again, new inhaler.", "starts 1 may.",
                       "ok. fine"]  # fmt: skip
        (f,) = find_sensitive(text)
        assert f.text == "asthma bad again, new inhaler."

    def test_quotes_and_brackets_close_with_the_sentence(self) -> None:
        text = 'She said "I am fine." (It was late.) Then we stopped.'
        expected = ['She said "I am fine."', "(It was late.)", "Then we stopped."]
        assert [text[a:b] for a, b in sentence_spans(text)] == expected


class TestCategories:
    def test_names_are_forgiving_and_validated(self) -> None:
        assert parse_categories(["Mental_Health", "sick leave", "health"]) == {"mental-health", "sick-leave", "health"}
        with pytest.raises(UsageError, match="one of: health"):
            parse_categories(["healthy"])

    def test_neutral_lines(self) -> None:
        assert neutral_line(["health"]) == "(a sentence about health was withheld)"
        assert neutral_line(["religion", "ethnicity"], 2) == "(2 sentences about religion and ethnicity were withheld)"


# --- in a summary ------------------------------------------------------------------------------------


@pytest.fixture
def journal(vault: Vault) -> Journal:
    j = Journal(vault, today=lambda: TODAY)
    ada = j.save(Mentee(name="Ada Quist"))
    j.save(Agreement(mentee_id=ada.id, consent_share_summaries_with_coordinator=True))
    j.save(Goal(mentee_id=ada.id, title="Manage her ADHD at work"))
    j.save(ActionItem(mentee_id=ada.id, text="Book the GP appointment"))
    j.save(
        Session(
            mentee_id=ada.id,
            date=dt.date(2026, 5, 1),
            duration_minutes=60,
            shared_summary=(
                "We prepared the design review. Ada is fasting for Ramadan, so we meet in the mornings. "
                "She is also pregnant. Next time: the promotion case."
            ),
        )
    )
    return j


def _review(journal: Journal, audience: str, **kw: object) -> SummaryReview:
    ada = journal.find_mentee("Ada")
    summary = build_summary(journal, ada, audience=audience, today=TODAY)  # type: ignore[arg-type]
    return SummaryReview(summary, known_people(journal, ada), **kw)  # type: ignore[arg-type]


class TestInTheReview:
    def test_each_sentence_is_an_item_with_its_category(self, journal: Journal) -> None:
        review = _review(journal, "coordinator")
        items = [i for i in review.items if i.finding.kind == "sensitive"]
        assert sorted(i.finding.category for i in items) == ["disability", "health", "pregnancy", "religion"]
        assert all(i.accepted is None and i.default for i in items)
        assert review.total == len(review.items) and not review.complete

    def test_coordinator_default_withholds_with_a_neutral_line(self, journal: Journal) -> None:
        review = _review(journal, "coordinator")
        review.apply_defaults()
        out = review.redacted()
        assert out.goals[0].title == "(a sentence about disability or neurodivergence was withheld)"
        assert out.actions[0].text == "(a sentence about health was withheld)"
        assert out.passages[0].text == (
            "We prepared the design review. (2 sentences about religion and pregnancy were withheld) "
            "Next time: the promotion case."
        )
        text = finished_text(review, "md")
        for word in ("Ramadan", "pregnant", "ADHD", "GP"):
            assert word not in text

    def test_mentee_default_keeps_but_still_asks(self, journal: Journal) -> None:
        review = _review(journal, "mentee")
        sensitive = [i for i in review.items if i.finding.kind == "sensitive"]
        assert len(sensitive) == 4 and not any(i.default for i in sensitive) and not review.complete
        review.apply_defaults()
        assert "Ramadan" in finished_text(review, "md")

    def test_the_mentor_decides_each_sentence(self, journal: Journal) -> None:
        review = _review(journal, "coordinator")
        for item in review.items:
            keep = item.finding.kind == "sensitive" and item.finding.category == "religion"
            review.decide(item.index, accept=not keep)
        out = review.redacted().passages[0].text
        assert "fasting for Ramadan" in out and "pregnant" not in out
        assert "(a sentence about pregnancy was withheld)" in out
        assert review.sensitive_counts() == {
            "kept": {"religion": 1}, "withheld": {"disability": 1, "health": 1, "pregnancy": 1},
        }  # fmt: skip

    def test_keep_sensitive_and_the_agreement_keep_their_categories(self, journal: Journal) -> None:
        review = _review(journal, "coordinator", keep_sensitive=["religion"])
        review.apply_defaults()
        text = finished_text(review, "md")
        assert "Ramadan" in text and "pregnant" not in text
        ada = journal.find_mentee("Ada")
        agreement = journal.agreement(ada.id)
        assert agreement is not None
        agreement.consent_share_categories_with_coordinator = ["pregnancy", "a-category-from-the-future"]
        journal.save(agreement)
        review = _review(journal, "coordinator", keep_sensitive=["religion"])
        review.apply_defaults()
        text = finished_text(review, "md")
        assert "Ramadan" in text and "pregnant" in text and "ADHD" not in text

    def test_a_kept_sentence_is_not_refused_by_the_final_rescan(self, journal: Journal) -> None:
        review = _review(journal, "coordinator")
        for item in review.items:
            review.decide(item.index, accept=item.finding.kind != "sensitive")
        for fmt in FORMATS:
            assert "Ramadan" in finished_text(review, fmt)  # type: ignore[arg-type]

    def test_names_inside_a_withheld_sentence_go_with_it_and_outside_it_as_usual(self, journal: Journal) -> None:
        review = _review(journal, "coordinator")
        review.apply_defaults()
        names = [i for i in review.items if i.finding.kind == "name"]
        assert names  # "Ada" inside the Ramadan sentence
        text = finished_text(review, "txt")
        assert "Ada" not in text and "Quist" not in text

    def test_a_selection_inside_a_sentence_can_be_redacted(self, journal: Journal) -> None:
        review = _review(journal, "coordinator")
        block = review.blocks["passages.0"].text
        start = block.index("mornings")
        item = review.add_manual("passages.0", start, start + len("mornings"))
        for other in review.items:
            if other.finding.kind == "sensitive":
                review.decide(other.index, accept=False)
            elif other.accepted is None:
                review.decide(other.index, accept=True)
        assert item.accepted and "[redacted]" in review.redacted().passages[0].text

    def test_the_log_counts_by_category_never_the_text(self, journal: Journal) -> None:
        written: list[str] = []
        ada = journal.find_mentee("Ada")
        result = export_summary(journal, ada, audience="coordinator", fmt="md", destination=ToStream(written.append))
        assert "Ramadan" not in written[0] and result.sensitive["withheld"]["religion"] == 1
        (entry,) = export_log(journal)
        assert entry["sensitive"]["withheld"] == {"disability": 1, "health": 1, "pregnancy": 1, "religion": 1}
        assert "sensitive" not in entry["redactions"]
        dumped = json.dumps(entry)
        for word in ("Ramadan", "pregnant", "ADHD", "fasting"):
            assert word not in dumped


@functools.cache
def _reference() -> list[tuple[str, re.Pattern[str], list[re.Pattern[str]]]]:
    """Each category's patterns, to try at every word: the slow way the shortcut must agree with."""
    from mentorjournal.export import sensitive as engine

    out = []
    for name, (terms, _) in engine.LEXICON.items():
        rx = re.compile(r"(?:(?<!\w)|(?=['’]))(?:" + engine._any_space("|".join(terms)) + r")(?!\w)", re.I)
        singles = [re.compile(r"(?:" + engine._any_space(t) + r")(?!\w)", re.I) for t in terms]
        out.append((name, rx, singles))
    return out


class TestTheShortcutChangesNothing:
    """Patterns are tried only where a word begins as their matches must: prove it finds what trying
    every pattern at every word would."""

    @staticmethod
    def _everywhere(text: str) -> set[tuple[str, int, int]]:
        starts = [i for i in range(len(text)) if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
                  or text[i] in "'’"]  # fmt: skip
        out = set()
        for name, rx, singles in _reference():
            for start in starts:
                if rx.match(text, start):  # some term matches here: find every one that does
                    for one in singles:
                        m = one.match(text, start)
                        if m and m.end() > start:
                            out.add((name, start, m.end()))
        return out

    def test_on_every_example_sentence(self) -> None:
        from mentorjournal.export import sensitive as engine

        texts = [s for _, s in SENSITIVE] + EVERYDAY + ["Ana's health is poor; she's Roma.\nHe is Korean-American."]
        lex = engine._compiled()
        for text in texts:
            expected = self._everywhere(text)
            found: set[tuple[str, int, int]] = set()
            tokens = [(m.start(), m.group().lower()) for m in engine._TOKEN.finditer(text)]
            for n, (start, word) in enumerate(tokens):
                following = tokens[n + 1][1] if n + 1 < len(tokens) else ""
                for i in engine._candidates(lex, word, following):
                    m = lex.terms[i].match(text, start)
                    if m and m.end() > start:
                        found.add((lex.names[i], start, m.end()))
            for m in lex.anywhere.finditer(text):
                group = next(g for g in range(1, len(lex.anywhere_names) + 1) if m.group(g) is not None)
                found.add((lex.anywhere_names[group - 1], m.start(), m.end()))
            assert found == expected, text
