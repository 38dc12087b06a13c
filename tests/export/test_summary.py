"""Summaries: what they hold, what never leaves, the review, the final re-scan, the file and the log."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.errors import ExportRefused, UsageError
from mentorjournal.export.exporting import (
    ToFile,
    ToStream,
    export_log,
    export_summary,
    finish_export,
    finished_text,
    write_private_file,
)
from mentorjournal.export.render import FORMATS, render
from mentorjournal.export.review import SummaryReview
from mentorjournal.export.summary import build_summary, known_people
from mentorjournal.journal import Journal
from mentorjournal.journal.model import (
    ActionItem,
    Agreement,
    ConcernRecord,
    Goal,
    GoalProgress,
    Mentee,
    Person,
    Session,
)
from mentorjournal.vault import Vault

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "export-schema.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 4, 1)
NEVER = [
    "PRIVATE-NOTE-CANARY",
    "REFLECTION-CANARY",
    "CONCERN-CANARY",
    "jose.nunez@example.org",
    "CONTACT-CANARY",
    "TITLE-CANARY",
    "GOAL-DETAIL-CANARY",
    "PROGRESS-COMMENT-CANARY",
    "MARKED-PRIVATE-CANARY",
    "AGREEMENT-CANARY",
]


@pytest.fixture
def journal(vault: Vault) -> Journal:
    j = Journal(vault, today=lambda: TODAY)
    jose = j.save(Mentee(name="José Núñez", aliases=["Joe"], contact="jose.nunez@example.org CONTACT-CANARY"))
    j.save(Mentee(name="Ann Lee"))
    j.save(Person(name="Sarah O'Brien", aliases=["Sarah"], notes="AGREEMENT-CANARY"))
    j.save(
        Agreement(
            mentee_id=jose.id,
            confidentiality="AGREEMENT-CANARY",
            consent_share_summaries_with_coordinator=True,
        )
    )
    goal = j.save(
        Goal(
            mentee_id=jose.id,
            title="Lead the Q3 release with Sarah",
            detail="GOAL-DETAIL-CANARY",
            progress=[GoalProgress(date=dt.date(2026, 3, 1), percent=40, comment="PROGRESS-COMMENT-CANARY")],
        )
    )
    for i, day in enumerate([dt.date(2026, 1, 10), dt.date(2026, 2, 14), dt.date(2026, 3, 20)]):
        s = j.save(
            Session(
                mentee_id=jose.id,
                date=day,
                duration_minutes=45,
                title="TITLE-CANARY",
                notes="PRIVATE-NOTE-CANARY José said he fears failing",
                reflection="REFLECTION-CANARY",
                shared_summary=(
                    f"Session {i}: José's plan for O’Brien's team; Joe will mail sarah@example.com, "
                    "call 020 7946 0958 and read report.md.\n[[private]]MARKED-PRIVATE-CANARY[[/private]]\nAnn agreed."
                ),
                goal_ids=[goal.id],
                next_meeting=day + dt.timedelta(days=30),
            )
        )
        j.save(ActionItem(mentee_id=jose.id, text=f"Joe drafts part {i}", session_id=s.id, due=day))
    j.save(ConcernRecord(mentee_id=jose.id, date=dt.date(2026, 2, 14), words="CONCERN-CANARY"))
    return j


def _review(journal: Journal, audience: str = "coordinator", **period: dt.date) -> SummaryReview:
    mentee = journal.find_mentee("Joe")
    summary = build_summary(journal, mentee, audience=audience, today=TODAY, **period)  # type: ignore[arg-type]
    return SummaryReview(summary, known_people(journal, mentee))


class TestWhatLeaves:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_no_private_field_and_no_known_name_in_any_format(self, journal: Journal, fmt: str) -> None:
        review = _review(journal)
        review.accept_all()
        text = finished_text(review, fmt)  # type: ignore[arg-type]
        for canary in NEVER:
            assert canary not in text
        for name in ["José", "Jose", "Núñez", "Joe", "Sarah", "O’Brien", "O'Brien", "Ann Lee", "Ann agreed"]:
            assert name not in text
        assert "Mentee A" in text and "Person" in text and "report.md" in text
        assert "[email]" in text and "[phone]" in text

    def test_engagement_goals_and_actions(self, journal: Journal) -> None:
        summary = _review(journal).summary
        e = summary.engagement
        assert (e.sessions_held, e.total_minutes) == (3, 135)
        assert (e.first_meeting, e.last_meeting, e.next_meeting) == (
            dt.date(2026, 1, 10),
            dt.date(2026, 3, 20),
            dt.date(2026, 4, 19),
        )
        assert [(g.status, g.percent) for g in summary.goals] == [("open", 40)]
        assert len(summary.actions) == 3 and summary.private_passages_withheld == 3

    def test_period_limits_sessions(self, journal: Journal) -> None:
        summary = _review(journal, since=dt.date(2026, 2, 1), until=dt.date(2026, 2, 28)).summary
        assert summary.engagement.session_dates == [dt.date(2026, 2, 14)]

    def test_coordinator_gets_no_shared_passages_without_consent(self, journal: Journal) -> None:
        mentee = journal.find_mentee("Joe")
        agreement = journal.agreement(mentee.id)
        assert agreement is not None
        agreement.consent_share_summaries_with_coordinator = False
        journal.save(agreement)
        coordinator = _review(journal, "coordinator").summary
        assert coordinator.passages == [] and coordinator.passages_without_consent == 3
        assert len(_review(journal, "mentee").summary.passages) == 3

    def test_json_matches_the_documented_schema(self, journal: Journal) -> None:
        review = _review(journal)
        review.accept_all()
        jsonschema.validate(json.loads(finished_text(review, "json")), SCHEMA)

    def test_html_escapes_content(self, journal: Journal) -> None:
        review = _review(journal)
        review.accept_all()
        summary = review.redacted()
        summary.passages[0].text = "<script>alert(1)</script>"
        assert "<script>" not in render(summary, "html")

    def test_markdown_sections_are_parted_by_one_blank_line(self, journal: Journal) -> None:
        review = _review(journal)
        review.accept_all()
        summary = review.redacted()
        summary.private_passages_withheld = 2  # so the "Notes" section follows the passages
        text = render(summary, "md")
        assert "## Notes" in text and "## From the sessions" in text and "\n\n\n" not in text

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_control_characters_are_written_inert(self, journal: Journal, fmt: str) -> None:
        review = _review(journal)
        review.accept_all()
        summary = review.redacted()
        summary.passages[0].text = "look \x1b]52;c;ZXZpbA==\x07 \x1b[2J here\r\u202eevil"
        text = render(summary, fmt)  # type: ignore[arg-type]
        assert "\x1b" not in text and "\x07" not in text and "\r" not in text and "\u202e" not in text


class TestReview:
    def test_export_waits_until_every_finding_is_reviewed(self, journal: Journal) -> None:
        review = _review(journal)
        assert review.total > 0 and review.reviewed == 0
        with pytest.raises(ExportRefused, match="not reviewed"):
            finished_text(review, "md")
        for item in review.items:
            review.decide(item.index, True)
        assert review.complete
        finished_text(review, "md")

    def test_a_decision_applies_to_all_identical_occurrences(self, journal: Journal) -> None:
        review = _review(journal)
        phones = [i for i in review.items if i.finding.kind == "phone"]
        assert len(phones) == 3
        changed = review.decide(phones[0].index, False, all_identical=True)
        assert {i.index for i in changed} == {i.index for i in phones}

    def test_known_names_cannot_be_kept(self, journal: Journal) -> None:
        review = _review(journal)
        name = next(i for i in review.items if i.finding.kind == "name")
        with pytest.raises(UsageError):
            review.decide(name.index, False)

    def test_a_kept_pattern_is_honoured_by_the_final_check(self, journal: Journal) -> None:
        review = _review(journal)
        review.accept_all()
        phone = next(i for i in review.items if i.finding.kind == "phone")
        review.decide(phone.index, False, all_identical=True)
        assert "020 7946 0958" in finished_text(review, "md")

    def test_manual_selection_is_redacted(self, journal: Journal) -> None:
        review = _review(journal)
        key = "passages.0"
        text = review.blocks[key].text
        start = text.index("report.md")
        review.add_manual(key, start, start + len("report.md"))
        review.accept_all()
        assert "report.md" not in review.redacted().passages[0].text

    def test_final_check_refuses_a_name_that_slipped_through(self, journal: Journal) -> None:
        review = _review(journal)
        review.accept_all()
        with pytest.raises(ExportRefused, match="name"):
            review.final_check("All good, said José Nunez.")


class TestFilesAndLog:
    def test_output_is_private_and_never_silently_overwritten(self, tmp_path: Path) -> None:
        target = tmp_path / "summary.md"
        vault_dir = tmp_path / "vault"
        write_private_file(target, "first", vault_dir=vault_dir)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        with pytest.raises(ExportRefused, match="exists"):
            write_private_file(target, "second", vault_dir=vault_dir)
        assert target.read_text() == "first"
        write_private_file(target, "second", vault_dir=vault_dir, overwrite=True)
        assert target.read_text() == "second"

    def test_the_log_records_counts_never_values(self, journal: Journal) -> None:
        review = _review(journal)
        review.accept_all()
        mentee = journal.find_mentee("Joe")
        shown: list[str] = []
        result = finish_export(journal, mentee, review, "md", ToStream(shown.append))
        assert result.destination == "stdout" and len(shown) == 1
        [entry] = export_log(journal)
        assert entry["destination"] == "stdout" and entry["private_passages_withheld"] == 3
        assert entry["redactions"]["phone"] == 3 and entry["redactions"]["email"] == 3
        dumped = json.dumps(entry)
        for value in ["José", "Joe", "sarah@example.com", "7946", "Sarah"]:
            assert value not in dumped


class TestOnePipeline:
    def test_build_review_render_write_log_in_one_call(self, journal: Journal, tmp_path: Path) -> None:
        target = tmp_path / "out.html"
        mentee = journal.find_mentee("Joe")
        result = export_summary(journal, mentee, audience="coordinator", fmt="html", destination=ToFile(target))
        assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text().startswith("<!DOCTYPE")
        [entry] = export_log(journal)
        assert (entry["format"], entry["destination"], entry["mentee_id"]) == ("html", "file", mentee.id)
        assert entry["redactions"] == result.counts

    def test_a_refused_export_writes_and_logs_nothing(self, journal: Journal, tmp_path: Path) -> None:
        target = tmp_path / "out.md"
        mentee = journal.find_mentee("Joe")
        with pytest.raises(ExportRefused, match="not reviewed"):
            export_summary(
                journal, mentee, audience="coordinator", fmt="md", destination=ToFile(target),
                decide=lambda review: None,  # nothing decided
            )  # fmt: skip
        assert not target.exists() and export_log(journal) == []

    def test_an_unknown_format_is_refused_before_anything_is_built(self, journal: Journal, tmp_path: Path) -> None:
        with pytest.raises(UsageError, match="format must be one of"):
            export_summary(
                journal, journal.find_mentee("Joe"), audience="coordinator", fmt="docx",
                destination=ToFile(tmp_path / "x.docx"),
            )  # fmt: skip
        assert export_log(journal) == []


words = st.sampled_from(["the", "plan", "team", "review", "met", "with", "and", "about", "notes", "on"])
name_forms = st.sampled_from(
    [
        "José Núñez",
        "JOSE NUNEZ",
        "jose",
        "Joe",
        "Joe's",
        "Núñez’s",
        "Sarah",
        "O'Brien",
        "O’BRIEN",
        "Sarah O'Brien",
        "Ann",
    ]
)


class TestProperties:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        parts=st.lists(st.one_of(words, name_forms), min_size=1, max_size=25),
        punct=st.sampled_from([" ", ", ", ". ", "\n", " - "]),
    )
    def test_no_known_name_survives_any_composition(self, journal: Journal, parts: list[str], punct: str) -> None:
        review = _review(journal)
        review.summary.passages[0].text = punct.join(parts)
        review.summary.actions[0].text = " ".join(reversed(parts))
        fresh = SummaryReview(review.summary, review.people)
        fresh.accept_all()
        text = finished_text(fresh, "txt")
        folded = text.casefold()
        for bad in ["josé", "jose", "núñez", "nunez", "joe", "sarah", "o'brien", "o’brien"]:
            assert bad not in folded
        assert " ann " not in f" {folded} ".replace("\n", " ").replace(",", " ").replace(".", " ")


def test_one_format_table_for_the_cli_the_app_and_the_renderer() -> None:
    """The CLI's choices, the app's labels and the renderer all come from export/formats.py."""
    from mentorjournal.cli import export_commands
    from mentorjournal.export import formats, render, summary
    from mentorjournal.tui import export_text

    assert export_commands.FORMAT_NAMES == render.FORMATS == tuple(formats.FORMATS)
    assert export_commands.AUDIENCES is summary.AUDIENCES is formats.AUDIENCES
    assert set(export_text.FORMAT_LABELS) == set(formats.FORMATS)
    for f in formats.FORMATS.values():
        assert callable(getattr(render, f.renderer))
