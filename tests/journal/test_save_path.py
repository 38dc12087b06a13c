"""One save path for a session: the note's action grammar, defaults, normalising and range checks, and
the next-meeting rule that the home screen, `due` and the export share."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorjournal.errors import InvalidInput
from mentorjournal.export.summary import build_summary
from mentorjournal.journal import ActionItem, Agreement, Journal, Mentee, Session
from mentorjournal.journal.noteformat import Note, NoteAction, parse_actions, render_actions
from mentorjournal.journal.notes import new_session_note, plan_note, save_note
from mentorjournal.journal.rules import DEFAULT_SESSION_MINUTES, MAX_MINUTES
from tests.journal.conftest import TODAY

D = dt.date


class TestActionGrammar:
    """The app's action box reads the note format's checklist lines, and nothing else."""

    def test_every_part_of_an_action_line(self) -> None:
        text = "- [ ] mentor: send the CV (due 2026-04-01)\n\n- [x] mentee: read the book (done 2026-03-02)\n"
        first, second = parse_actions(text)
        assert (first.owner, first.text, first.status, first.due) == ("mentor", "send the CV", "open", D(2026, 4, 1))
        assert (second.owner, second.status, second.done_on) == ("mentee", "done", D(2026, 3, 2))

    def test_render_and_parse_agree(self) -> None:
        actions = [
            NoteAction(text="ask (again)", owner="other", status="dropped", due=D(2026, 5, 1)),
            NoteAction(text="plain", owner="mentee", status="open"),
        ]
        again = parse_actions(render_actions(actions))
        assert [(a.text, a.owner, a.status, a.due) for a in again] == [
            (a.text, a.owner, a.status, a.due) for a in actions
        ]

    @pytest.mark.parametrize(
        ("text", "line"),
        [
            ("me: send the CV | 2026-04-01", 1),  # the editor's old grammar is not a second one
            ("- [ ] ok\n- [ ] mentor: x (due 2026-02-30)", 2),
            ("- [ ] ok\n\n- [ ] mentee:   ", 3),
        ],
    )
    def test_a_bad_line_is_named(self, text: str, line: int) -> None:
        with pytest.raises(InvalidInput, match=rf"^line {line}: "):
            parse_actions(text)


class TestDefaultsAndChecks:
    def test_a_new_session_has_the_default_length(self, journal: Journal) -> None:
        ann = journal.save(Mentee(name="Ann"))
        note = new_session_note(journal, ann.id)
        assert (note.date, note.duration_minutes) == (TODAY, DEFAULT_SESSION_MINUTES)
        saved = save_note(journal, note)
        assert saved.duration_minutes == DEFAULT_SESSION_MINUTES  # what the field showed is what is kept

    def test_the_agreed_length_and_format_win(self, journal: Journal) -> None:
        ann = journal.save(Mentee(name="Ann"))
        journal.save(Agreement(mentee_id=ann.id, session_minutes=45, format="video"))
        note = new_session_note(journal, ann.id)
        assert (note.duration_minutes, note.format) == (45, "video")

    @pytest.mark.parametrize("minutes", [-1, MAX_MINUTES + 1, 10_000])
    def test_minutes_out_of_range_are_refused_everywhere(self, journal: Journal, minutes: int) -> None:
        ann = journal.save(Mentee(name="Ann"))
        with pytest.raises(InvalidInput, match="minutes"):
            journal.save(Session(mentee_id=ann.id, date=TODAY, duration_minutes=minutes))
        with pytest.raises(InvalidInput, match="minutes"):
            journal.save(Agreement(mentee_id=ann.id, session_minutes=minutes))
        with pytest.raises(InvalidInput, match="line 3: duration"):
            plan_note(journal, _note(f"---\nmentee: Ann\nduration: {minutes}\n---\n"), default_date=TODAY)
        assert journal.sessions() == []

    @pytest.mark.parametrize("minutes", [0, 1, MAX_MINUTES])
    def test_minutes_in_range_are_kept(self, journal: Journal, minutes: int) -> None:
        ann = journal.save(Mentee(name="Ann"))
        assert journal.save(Session(mentee_id=ann.id, date=TODAY, duration_minutes=minutes)).duration_minutes == minutes

    def test_text_is_normalised_and_tags_kept_once(self, journal: Journal) -> None:
        journal.save(Mentee(name="Ann"))
        note = Note(mentee="Ann", title="  two\nlines ", tags=["Career", " career", "CAREER", "Café", "cafe", ""])
        note.notes = "\n\n  body\r\nmore\n\n"
        saved = save_note(journal, note, default_date=TODAY)
        assert saved.title == "two lines"
        assert saved.tags == ["Career", "Café"]
        assert saved.notes == "  body\nmore"

    def test_actions_are_numbered_in_checklist_order(self, journal: Journal) -> None:
        journal.save(Mentee(name="Ann"))
        note = Note(mentee="Ann", actions=parse_actions("- [ ] mentor: one\n- [ ] two\n- [ ] other: three"))
        saved = save_note(journal, note, default_date=TODAY)
        actions = journal.session_actions(saved.id)
        assert [(a.position, a.text, a.owner) for a in actions] == [
            (0, "one", "mentor"),
            (1, "two", "mentee"),
            (2, "three", "other"),
        ]


def _note(text: str) -> Note:
    from mentorjournal.journal.noteformat import parse

    return parse(text)


class TestNextMeetingIsOneRule:
    """The home screen (overview), `due` and the export's next meeting come from one rule."""

    def _three_views(self, journal: Journal, mentee: Mentee) -> tuple[dt.date | None, ...]:
        home = journal.overview()[mentee.id].next_meeting
        report = journal.due(horizon_days=3650)
        due = [m.on for m in report.next_meetings + report.missed_meetings if m.mentee.id == mentee.id]
        export = build_summary(journal, mentee, audience="coordinator", today=TODAY).engagement.next_meeting
        return home, (due[0] if due else None), export

    def test_the_latest_session_decides(self, journal: Journal) -> None:
        ann = journal.save(Mentee(name="Ann"))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1), next_meeting=D(2026, 6, 1)))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 3, 1), next_meeting=D(2026, 4, 1)))
        assert self._three_views(journal, ann) == (D(2026, 4, 1),) * 3

    def test_a_latest_session_planning_nothing_means_no_next_meeting(self, journal: Journal) -> None:
        ann = journal.save(Mentee(name="Ann"))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 1, 1), next_meeting=D(2026, 6, 1)))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 3, 1)))
        assert self._three_views(journal, ann) == (None, None, None)

    def test_on_the_same_day_the_later_start_decides(self, journal: Journal) -> None:
        ann = journal.save(Mentee(name="Ann"))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 3, 1), start_time=dt.time(15), next_meeting=D(2026, 5, 1)))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 3, 1), start_time=dt.time(9), next_meeting=D(2026, 4, 1)))
        assert self._three_views(journal, ann) == (D(2026, 5, 1),) * 3

    @pytest.mark.parametrize("status", ["paused", "ended"])
    def test_no_next_meeting_unless_active(self, journal: Journal, status: str) -> None:
        ann = journal.save(Mentee(name="Ann", status=status))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 3, 1), next_meeting=D(2026, 4, 1)))
        assert self._three_views(journal, ann) == (None, None, None)

    def test_a_missed_meeting_is_shown_as_missed_and_not_exported_as_next(self, journal: Journal) -> None:
        ann = journal.save(Mentee(name="Ann"))
        journal.save(Session(mentee_id=ann.id, date=D(2026, 2, 1), next_meeting=D(2026, 3, 1)))
        home, due, export = self._three_views(journal, ann)
        assert home == due == D(2026, 3, 1) and export is None
        assert [m.on for m in journal.due().missed_meetings] == [D(2026, 3, 1)]


def test_export_log_goes_through_the_journal(journal: Journal) -> None:
    ann = journal.save(Mentee(name="Ann"))
    journal.record_export({"at": "2026-03-01T10:00:00+00:00", "mentee_id": ann.id})
    journal.record_export({"at": "2026-03-02T10:00:00+00:00", "mentee_id": ann.id})
    assert [e["at"][:10] for e in journal.export_log()] == ["2026-03-02", "2026-03-01"]
    assert journal.actions() == [] and isinstance(journal.mentees()[0], Mentee)
    assert ActionItem.KIND not in journal.stats()
