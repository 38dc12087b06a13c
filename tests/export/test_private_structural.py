"""Private is structural: no ``[[private]]`` passage reaches any format, whichever field it was written in.

The property test writes records of every kind with marked passages (nested, unclosed, odd spacing and
case) in every text field, then exports them for both audiences in every format, whatever the review
decides, and looks for the marked words. The unit tests pin the mechanism: every string of a summary is
``Shareable``, and ``Shareable`` is made only by ``exportable``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.errors import UsageError
from mentorjournal.export.exportable import ExportFields, Shareable, exportable, text_fields
from mentorjournal.export.exporting import finished_text
from mentorjournal.export.render import FORMATS
from mentorjournal.export.review import SummaryReview, blocks_of, set_block
from mentorjournal.export.summary import AUDIENCES, Summary, build_summary, known_people
from mentorjournal.journal import Journal
from mentorjournal.journal.model import ActionItem, Agreement, Goal, GoalProgress, Mentee, Person, Session
from mentorjournal.journal.private import MARKER_RE, unclosed_lines, unclosed_warnings, withhold
from mentorjournal.vault import Vault

TODAY = dt.date(2026, 6, 1)
_serial = itertools.count()

OPENERS = ["[[private]]", "[[ Private ]]", "[[PRIVATE]]", "[[  private]]", "[[private ]]", "[[Private]]"]
CLOSERS = ["[[/private]]", "[[/ private ]]", "[[ /PRIVATE ]]", "[[/Private]]", "[[/private  ]]"]
PLAIN = st.sampled_from(["we agreed", "next step", "the plan", "good progress", "on track", "\n", "- ", " "])


@dataclass
class Marked:
    """A text with marked passages, and the secret words that must never leave."""

    text: str
    secrets: list[str] = field(default_factory=list)


@st.composite
def marked_text(draw: st.DrawFn, *, one_line: bool = False) -> Marked:
    parts: list[str] = []
    secrets: list[str] = []

    def secret() -> str:
        word = f"zqsecret{next(_serial)}x"
        secrets.append(word)
        return word

    for _ in range(draw(st.integers(1, 3))):
        parts.append(draw(PLAIN))
        parts.append(" " + draw(st.sampled_from(OPENERS)) + (" " if draw(st.booleans()) else ""))
        parts.append(secret())
        if draw(st.booleans()):  # a nested passage, inside the first
            parts.append(draw(st.sampled_from(OPENERS)) + secret() + draw(st.sampled_from(CLOSERS)))
            parts.append(secret())
        if draw(st.booleans()):
            parts.append("\n" + secret())
        parts.append(draw(st.sampled_from(CLOSERS)))
        parts.append(draw(PLAIN))
    if draw(st.booleans()):  # an opener never closed: everything after it is withheld
        parts.append(" " + draw(st.sampled_from(OPENERS)) + secret() + " more " + secret())
    text = "".join(parts)
    if one_line:
        text = text.replace("\n", " ")
    return Marked(text, secrets)


def _every_text_field(draw: st.DrawFn, secrets: list[str], one_line: bool = False) -> str:
    m = draw(marked_text(one_line=one_line))
    secrets += m.secrets
    return m.text


@st.composite
def records(draw: st.DrawFn) -> tuple[list[object], list[str]]:
    """A mentee with sessions, goals, actions, an agreement and a person: a marked passage in every text."""
    secrets: list[str] = []

    def t(one_line: bool = False) -> str:
        return _every_text_field(draw, secrets, one_line)

    n = next(_serial)
    mentee = Mentee(name=f"Quentin Mentee{n}", contact=t(), organisation=t(), role=t(), programme=t())
    agreement = Agreement(
        goals=t(),
        cadence=t(),
        format=t(),
        confidentiality=t(),
        confidentiality_limits=t(),
        consent_share_summaries_with_coordinator=draw(st.booleans()),
        coordinator=t(),
        consent_notes=t(),
    )
    progress = [GoalProgress(date=TODAY - dt.timedelta(days=9), percent=50, comment=t())]
    goal = Goal(title=t(True), detail=t(), measure=t(), progress=progress)
    sessions = [
        Session(
            date=TODAY - dt.timedelta(days=10 * (i + 1)),
            duration_minutes=30,
            title=t(True),
            notes=t(),
            shared_summary=t(),
            reflection=t(),
            tags=[t(True)],
            format=t(True),
        )
        for i in range(draw(st.integers(1, 2)))
    ]
    actions = [
        ActionItem(
            text=t(True),
            owner=draw(st.sampled_from(["mentor", "mentee", "other"])),
            status=draw(st.sampled_from(["open", "done", "dropped"])),
        )
        for _ in range(draw(st.integers(1, 3)))
    ]
    person = Person(name=f"Ottilie Person{n}", relationship=t(), notes=t())
    return [mentee, agreement, goal, *sessions, *actions, person], secrets


def _save(journal: Journal, objs: list[object]) -> Mentee:
    mentee = journal.save(objs[0])  # type: ignore[type-var]
    session_ids: list[str] = []
    for obj in objs[1:]:
        if isinstance(obj, (Agreement, Goal, Session, ActionItem)):
            obj.mentee_id = mentee.id
        if isinstance(obj, ActionItem) and session_ids:
            obj.session_id = session_ids[-1]
        if isinstance(obj, Person):
            obj.mentee_id = mentee.id
        saved = journal.save(obj)  # type: ignore[type-var]
        if isinstance(saved, Session):
            session_ids.append(saved.id)
    return mentee


def _every_output(journal: Journal, mentee: Mentee) -> list[str]:
    """Both audiences, every format, with everything redacted and with everything rejectable kept."""
    out: list[str] = []
    for audience in AUDIENCES:
        summary = build_summary(journal, mentee, audience=audience, today=TODAY)
        people = known_people(journal, mentee)
        for keep in (False, True):
            review = SummaryReview(summary, people)
            for item in review.items:
                try:
                    review.decide(item.index, accept=not keep)
                except UsageError:
                    review.decide(item.index, accept=True)  # known names cannot be kept
            out += [finished_text(review, fmt) for fmt in FORMATS]
        # What the review screen shows: blocks and a preview, before any decision.
        out += [b.text for b in blocks_of(SummaryReview(summary, people).summary)]
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])  # fmt: skip
@given(data=records())
def test_no_marked_text_reaches_any_format_for_any_audience(vault: Vault, data: tuple[list[object], list[str]]) -> None:
    objs, secrets = data
    journal = Journal(vault, today=lambda: TODAY)
    mentee = _save(journal, objs)
    for text in _every_output(journal, mentee):
        for secret in secrets:
            assert secret not in text
        assert MARKER_RE.search(text) is None


@given(st.lists(st.sampled_from([*OPENERS, *CLOSERS, "a", "b ", "\n", "[[", "]]", "pri", "vate", "/"]), max_size=30))
def test_withholding_leaves_no_marker_whatever_the_markers_spell(pieces: list[str]) -> None:
    # Removing a passage may join the text around it into a new marker: none may survive.
    result = withhold("".join(pieces))
    assert MARKER_RE.search(result.text) is None
    assert exportable("".join(pieces)).text == result.text


class TestTheGate:
    def test_the_failing_case_a_private_passage_in_an_action_item(self, vault: Vault) -> None:
        journal = Journal(vault, today=lambda: TODAY)
        mentee = journal.save(Mentee(name="Ada Quist"))
        text = "Call HR [[private]]about the zqsecret debt[[/private]] soon"
        journal.save(ActionItem(mentee_id=mentee.id, text=text))
        review = SummaryReview(build_summary(journal, mentee, audience="mentee", today=TODAY),
                               known_people(journal, mentee))  # fmt: skip
        review.accept_all()
        for fmt in FORMATS:
            text = finished_text(review, fmt)
            assert "zqsecret" not in text and "[[" not in text and "Call HR" in text and "soon" in text
        assert review.summary.private_passages_withheld == 1

    def test_every_string_of_a_summary_came_through_the_gate(self, vault: Vault) -> None:
        journal = Journal(vault, today=lambda: TODAY)
        mentee = journal.save(Mentee(name="Ada Quist"))
        journal.save(Goal(mentee_id=mentee.id, title="Lead [[private]]x[[/private]] reviews"))
        journal.save(ActionItem(mentee_id=mentee.id, text="Book a slot"))
        s = journal.save(Session(mentee_id=mentee.id, date=TODAY, shared_summary="Went well."))
        journal.save(ActionItem(mentee_id=mentee.id, text="Ship it", session_id=s.id, status="done"))
        summary = build_summary(journal, mentee, audience="mentee", today=TODAY)
        found = text_fields(summary)
        assert {w.split(".")[0] for w, _ in found} >= {"pseudonym", "goals", "actions", "passages"}
        for where, value in found:
            assert isinstance(value, Shareable), where

    def test_every_field_of_every_summary_dataclass_is_guarded(self) -> None:
        # Walk the dataclasses themselves, so a field added later is checked without editing this test.
        from mentorjournal.export import summary as module

        classes = [
            c
            for c in vars(module).values()
            if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == module.__name__
        ]
        assert {c.__name__ for c in classes} >= {"Summary", "GoalLine", "ActionLine", "SharedPassage", "Engagement"}
        for cls in classes:
            assert issubclass(cls, ExportFields), cls.__name__

    def test_assigning_any_string_later_still_goes_through_the_gate(self, vault: Vault) -> None:
        journal = Journal(vault, today=lambda: TODAY)
        mentee = journal.save(Mentee(name="Ada Quist"))
        journal.save(ActionItem(mentee_id=mentee.id, text="Book a slot"))
        summary = build_summary(journal, mentee, audience="mentee", today=TODAY)
        summary.actions[0].text = "keep [[ PRIVATE ]]zqsecret"
        summary.pseudonym = "Mentee A [[private]]zqsecret[[/private]]"
        summary.shared_categories = ["health [[private]]zqsecret"]
        set_block(summary, "actions.0", summary.actions[0].text + " and [[private]]zqsecret2[[/private]]")
        for where, value in text_fields(summary):
            assert isinstance(value, Shareable) and "zqsecret" not in value, where

    def test_a_dataclass_added_later_is_guarded_by_inheriting(self) -> None:
        @dataclass
        class AgreementLine(ExportFields):
            terms: str
            notes: list[str]

        line = AgreementLine("ok [[private]]zqsecret[[/private]]", ["a [[private]]zqsecret"])
        assert line.terms == "ok" and line.notes == ["a"]
        assert all(isinstance(v, Shareable) for _, v in text_fields(line))

    def test_a_shareable_is_made_only_by_the_gate(self) -> None:
        with pytest.raises(TypeError):
            Shareable("anything")
        made = exportable("a [[private]]b[[/private]] c")
        assert (made.text, made.withheld_count, made.unclosed) == ("a c", 1, False)
        assert exportable("a [[ private ]] b").unclosed
        assert exportable(made.text).text is made.text

    def test_summary_type_is_unchanged_for_readers(self) -> None:
        # Shareable is a str: renderers, json and the review screen read it as one.
        import json

        text = exportable("plain").text
        assert json.dumps({"t": text}) == '{"t": "plain"}' and text + "!" == "plain!" and isinstance(text, str)
        assert Summary.__mro__[1] is ExportFields


@pytest.mark.parametrize(
    ("written", "left"),
    [
        ("Prepare the promotion case [[private]]before her visa renewal[[/private]]", "Prepare the promotion case"),
        ("send it to Priya [[private]]and not to her manager[[/private]] today", "send it to Priya today"),
        ("the plan [[private]]x[[/private]], then the review", "the plan, then the review"),
        ("open [[private]]to the end", "open"),
        ("kept [[private]]a[[/private]]b", "kept b"),
    ],
)
def test_a_withheld_passage_leaves_no_doubled_or_dangling_space(written: str, left: str) -> None:
    assert withhold(written).text == left


class TestTheSaveWarns:
    def test_unclosed_lines_names_the_outermost_opener(self) -> None:
        assert unclosed_lines("a\n[[private]] b\n[[private]]c[[/private]]") == [2]
        assert unclosed_lines("a [[private]]b[[/private]]") == []
        assert unclosed_lines("[[/private]] stray") == []

    def test_warnings_name_record_field_and_line_never_the_text(self) -> None:
        session = Session(date=TODAY, title="zqsecret [[ Private ]]", shared_summary="ok\n\n[[private]]zqsecret",
                          notes="[[private]] notes are never exported", reflection="[[private]]")  # fmt: skip
        lines = unclosed_warnings(session)
        assert len(lines) == 2 and all("zqsecret" not in line for line in lines)
        assert "line 1 of the session's title" in lines[0] and "line 3 of the session's shared summary" in lines[1]
        action = unclosed_warnings(ActionItem(text="x [[private]] y", position=1))
        assert action and "action 2's text" in action[0]
        assert unclosed_warnings(Agreement(goals="[[private]]a[[/private]]")) == []
        assert "goals" in unclosed_warnings(Agreement(goals="[[private]]a"))[0]
