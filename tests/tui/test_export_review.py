"""The export screen: form, review of every finding, and the one file it writes (Pilot, real vault)."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Select, Static, TextArea
from textual.widgets.text_area import Selection

from mentorjournal.export.exporting import export_log
from mentorjournal.export.findings import Finding
from mentorjournal.journal import ActionItem, Agreement, Goal, Journal, Person, Session
from mentorjournal.tui.app import MentorJournalApp
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.export_text import ShownText, default_output, finding_label, flagged_words
from mentorjournal.tui.screens.export_review import ExportReviewScreen
from mentorjournal.tui.screens.mentees import MenteesScreen

from .helpers import fill_vault, make_app, press, unlock, wait_for

PRIVATE = "considering leaving the company"
SHARED_1 = (
    "Amara ran her first design review. Tom Becker pushed back; Amara will ask Tom for a 1:1. "
    "Reach the guild at guild@example.com or 07911 123456. Met Maria Gonzalez from HR. "
    f"[[private]]She is {PRIVATE}.[[/private]] The zephyr project is on track."
)
SHARED_2 = "Maria Gonzalez agreed the timeline. Markup stays text: [bold]loud[/bold] and \x1b]52;c;SGVsbG8=\x07 end."
KNOWN = ("Amara", "Okafor", "Tom", "Becker", "Bilal", "Hussain")


def _fill(journal: Journal) -> None:
    amara = next(m for m in journal.mentees() if m.name == "Amara Okafor")
    journal.save(Person(name="Tom Becker", relationship="manager", mentee_id=amara.id))
    journal.save(Agreement(mentee_id=amara.id, consent_share_summaries_with_coordinator=True))
    journal.save(Goal(mentee_id=amara.id, title="Present to Bilal's team"))
    for day, text in ((dt.date(2025, 2, 1), SHARED_1), (dt.date(2025, 2, 15), SHARED_2)):
        journal.save(
            Session(
                mentee_id=amara.id,
                date=day,
                duration_minutes=45,
                notes="private notes: sleeping badly",
                shared_summary=text,
            )
        )
    journal.save(ActionItem(mentee_id=amara.id, text="Call tom.becker@example.org"))


@asynccontextmanager
async def export_screen(
    tmp_path: Path, size: tuple[int, int] = (100, 30)
) -> AsyncIterator[tuple[MentorJournalApp, Pilot[Any], ExportReviewScreen]]:
    """The app unlocked on a vault full of names and contacts, with the export screen pushed for Amara."""
    vault_dir = tmp_path / "vault"
    fill_vault(vault_dir, sessions=1, fill=_fill)
    app = make_app(vault_dir)
    async with app.run_test(size=size) as running:
        pilot: Pilot[Any] = running
        await unlock(pilot)
        assert app.journal is not None
        amara = next(m for m in app.journal.mentees() if m.name == "Amara Okafor")
        screen = ExportReviewScreen(app.journal, amara)
        await app.push_screen(screen)
        await pilot.pause()
        yield app, pilot, screen


async def start_review(pilot: Pilot[Any], screen: ExportReviewScreen, output: Path, **fields: str) -> None:
    screen.query_one("#export-path", Input).value = str(output)
    for name, value in fields.items():
        screen.query_one(f"#export-{name}", Input).value = value
    screen.query_one("#export-start", Button).press()
    await wait_for(pilot, lambda: screen.in_review)


def status(screen: ExportReviewScreen) -> str:
    return str(screen.query_one("#export-status", Static).render())


def error(screen: ExportReviewScreen) -> str:
    return str(screen.query_one("#export-error", Static).render())


def highlight(screen: ExportReviewScreen, kind: str, text: str | None = None) -> int:
    """Highlight the first finding of ``kind`` (and ``text``); returns its list position."""
    assert screen.review is not None
    items = [screen.review.items[i] for i in screen._order]
    position = next(
        p for p, item in enumerate(items) if item.finding.kind == kind and (text is None or item.finding.text == text)
    )
    screen.query_one("#export-findings", OptionList).highlighted = position
    return position


async def review_everything(pilot: Pilot[Any], screen: ExportReviewScreen) -> None:
    """Redact every finding through the screen's own action (the keys are exercised elsewhere; this is faster)."""
    assert screen.review is not None
    while not screen.review.complete:
        screen.action_decide(True, True)
    await pilot.pause()


class TestForm:
    async def test_defaults_name_the_pseudonym_and_follow_the_format(self, tmp_path: Path) -> None:
        """The default file is in the home folder, named by pseudonym and date; its extension follows the format."""
        async with export_screen(tmp_path) as (_app, pilot, screen):
            path = screen.query_one("#export-path", Input)
            assert path.value == str(default_output("Mentee A", dt.date(2025, 3, 14), "md"))
            assert Path(path.value).parent == Path.home()
            assert "amara" not in path.value.lower() and "okafor" not in path.value.lower()
            screen.query_one("#export-format", Select).value = "html"
            await pilot.pause()
            assert path.value.endswith("summary-mentee-a-2025-03-14.html")

    def test_default_file_name_never_collides_with_an_earlier_export(self, tmp_path: Path) -> None:
        """An export of the same day (in any format) takes the name: the next suggestion is numbered."""
        day = dt.date(2025, 3, 14)
        first = default_output("Mentee A", day, "md", tmp_path)
        assert first.name == "summary-mentee-a-2025-03-14.md"
        first.write_text("x")
        second = default_output("Mentee A", day, "html", tmp_path)
        assert second.name == "summary-mentee-a-2025-03-14-2.html" and not second.exists()
        second.write_text("x")
        assert default_output("Mentee A", day, "md", tmp_path).name == "summary-mentee-a-2025-03-14-3.md"
        assert default_output("Mentee B", day, "md", tmp_path).name == "summary-mentee-b-2025-03-14.md"

    async def test_bad_date_and_existing_file_are_refused_in_the_form(self, tmp_path: Path) -> None:
        """A wrong date or a path that exists keeps the form open with a clear error."""
        async with export_screen(tmp_path) as (_app, pilot, screen):
            screen.query_one("#export-since", Input).value = "last spring"
            screen.query_one("#export-start", Button).press()
            await pilot.pause()
            assert not screen.in_review
            assert "Since must be a date" in str(screen.query_one("#export-form-error", Static).render())
            taken = tmp_path / "taken.md"
            taken.write_text("mine")
            screen.query_one("#export-since", Input).value = ""
            screen.query_one("#export-path", Input).value = str(taken)
            screen.query_one("#export-start", Button).press()
            await pilot.pause()
            assert not screen.in_review
            assert "already exists" in str(screen.query_one("#export-form-error", Static).render())
            assert taken.read_text() == "mine"


class TestReview:
    async def test_counter_moves_and_export_waits_for_every_finding(self, tmp_path: Path) -> None:
        """Each decision moves the counter; export stays disabled (and refuses) until all are reviewed."""
        out = tmp_path / "out.md"
        async with export_screen(tmp_path) as (app, pilot, screen):
            await start_review(pilot, screen, out)
            review = screen.review
            assert review is not None and review.total >= 8
            assert status(screen).startswith(f"Reviewed 0/{review.total}")
            assert screen.query_one("#export-go", Button).disabled
            screen.query_one("#export-findings", OptionList).focus()
            await pilot.press("a")
            assert status(screen).startswith(f"Reviewed 1/{review.total}")
            await pilot.press("a")
            assert status(screen).startswith(f"Reviewed 2/{review.total}")
            await pilot.press("ctrl+e")
            assert not isinstance(app.screen, ConfirmDialog)
            screen.action_export()
            await pilot.pause()
            assert "still to review" in error(screen)
            assert not isinstance(app.screen, ConfirmDialog)
            await review_everything(pilot, screen)
            assert not screen.query_one("#export-go", Button).disabled
            assert "ready to export" in status(screen)
        assert not out.exists()

    async def test_reject_all_identical(self, tmp_path: Path) -> None:
        """R keeps every finding of the same kind and text, and only those."""
        async with export_screen(tmp_path) as (_app, pilot, screen):
            await start_review(pilot, screen, tmp_path / "out.md")
            assert screen.review is not None
            same = [i for i in screen.review.items if i.finding.text == "Maria Gonzalez"]
            assert len(same) == 2 and all(i.finding.kind == "possible_name" for i in same)
            highlight(screen, "possible_name", "Maria Gonzalez")
            screen.query_one("#export-findings", OptionList).focus()
            await pilot.press("R")
            assert [i.accepted for i in same] == [False, False]
            assert screen.review.reviewed == 2
            assert "Maria Gonzalez" in screen.preview_text().plain

    async def test_each_finding_names_the_exact_words_flagged(self, tmp_path: Path) -> None:
        """The detail line quotes the words of the highlighted finding, whatever their kind."""
        async with export_screen(tmp_path) as (_app, pilot, screen):
            await start_review(pilot, screen, tmp_path / "out.md")
            assert screen.review is not None
            for position in range(len(screen._order)):
                screen.query_one("#export-findings", OptionList).highlighted = position
                await pilot.pause()
                finding = screen.review.items[screen._order[position]].finding
                shown = str(screen.query_one("#export-detail", Static).render())
                assert all(f"“{w}”" in shown for w in flagged_words(finding))

    def test_a_special_category_sentence_names_the_words_that_matched(self) -> None:
        sentence = "She has been off work with depression since May."
        finding = Finding(
            kind="sensitive", start=0, end=len(sentence), text=sentence, replacement="[withheld: health]",
            reason="special category", category="health", triggers=(("health", "depression"), ("health", "off work")),
        )  # fmt: skip
        assert flagged_words(finding) == ["depression", "off work"]
        assert finding_label(finding) == "health"

    async def test_a_known_name_cannot_be_kept(self, tmp_path: Path) -> None:
        """r on a known name is refused with the reason; the finding stays unreviewed."""
        async with export_screen(tmp_path) as (_app, pilot, screen):
            await start_review(pilot, screen, tmp_path / "out.md")
            assert screen.review is not None
            highlight(screen, "name", "Tom Becker")
            await pilot.pause()
            assert "cannot be kept" in str(screen.query_one("#export-detail", Static).render())
            screen.query_one("#export-findings", OptionList).focus()
            await pilot.press("r")
            item = next(i for i in screen.review.items if i.finding.text == "Tom Becker")
            assert item.accepted is None
            assert "cannot be kept" in error(screen)
            await pilot.press("R")
            assert item.accepted is None

    async def test_redact_a_selection(self, tmp_path: Path) -> None:
        """Text selected in the field below the list is redacted with x, as a reviewed finding."""
        async with export_screen(tmp_path) as (_app, pilot, screen):
            await start_review(pilot, screen, tmp_path / "out.md")
            assert screen.review is not None
            total = screen.review.total
            highlight(screen, "email", "guild@example.com")
            await pilot.pause()
            area = screen.query_one("#export-block", TextArea)
            assert "zephyr project" in area.text
            shown = ShownText.of(area.text)
            start = area.text.index("zephyr project")
            # A little space around the selection is trimmed: only the words go.
            area.selection = Selection(shown.location(start - 1), shown.location(start + len("zephyr project") + 1))
            area.focus()
            await pilot.press("x")
            assert screen.review.total == total + 1
            manual = screen.review.items[-1]
            assert manual.finding.kind == "manual" and manual.finding.text == "zephyr project"
            assert manual.accepted is True
            assert "The [redacted] is on track" in screen.preview_text().plain
            # The same span again overlaps: refused, with the reason.
            await pilot.press("x")
            assert screen.review.total == total + 1
            assert "overlaps" in error(screen)

    async def test_vault_text_is_drawn_inert(self, tmp_path: Path) -> None:
        """Markup shows its brackets and an escape sequence shows as a stand-in, in preview, list and field."""
        async with export_screen(tmp_path) as (_app, pilot, screen):
            await start_review(pilot, screen, tmp_path / "out.md")
            preview = screen.preview_text().plain
            assert "[bold]loud[/bold]" in preview
            assert "\x1b" not in preview and "␛]52;c;SGVsbG8=␇" in preview
            highlight(screen, "possible_name", "Maria Gonzalez")
            screen.query_one("#export-findings", OptionList).action_last()
            await pilot.pause()
            assert "\x1b" not in screen.query_one("#export-block", TextArea).text
            lines = [
                str(screen.query_one("#export-findings", OptionList).get_option_at_index(i).prompt) for i in range(3)
            ]
            assert not any("\x1b" in line for line in lines)


class TestExport:
    async def test_export_writes_one_private_file_and_logs_it(self, tmp_path: Path) -> None:
        """All reviewed → confirm → a 0600 file without known names or private passages, one log entry."""
        out = tmp_path / "summary.md"
        async with export_screen(tmp_path) as (app, pilot, screen):
            await start_review(pilot, screen, out)
            await review_everything(pilot, screen)
            await pilot.press("ctrl+e")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            assert not out.exists()
            await press(pilot, "y")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert app.journal is not None
            log = export_log(app.journal)
            assert len(log) == 1
            assert log[0]["destination"] == "file" and log[0]["audience"] == "coordinator"
            assert log[0]["redactions"]["email"] == 2 and log[0]["private_passages_withheld"] == 1
        text = out.read_text()
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert "Mentee A" in text and "[email]" in text and "[phone]" in text
        for word in (*KNOWN, "guild@example.com", "07911", PRIVATE, "sleeping badly", "Maria"):
            assert word not in text
        assert "zephyr project is on track" in text  # a useful report still

    async def test_output_that_appeared_meanwhile_is_refused(self, tmp_path: Path) -> None:
        """A file created at the path after the form: a clear error, nothing written, nothing logged."""
        out = tmp_path / "summary.md"
        async with export_screen(tmp_path) as (app, pilot, screen):
            await start_review(pilot, screen, out)
            await review_everything(pilot, screen)
            out.write_text("someone else's")
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert not isinstance(app.screen, ConfirmDialog)
            assert "already exists" in error(screen)
            assert app.journal is not None and export_log(app.journal) == []
        assert out.read_text() == "someone else's"

    async def test_declining_the_confirmation_writes_nothing(self, tmp_path: Path) -> None:
        out = tmp_path / "summary.md"
        async with export_screen(tmp_path) as (app, pilot, screen):
            await start_review(pilot, screen, out)
            await review_everything(pilot, screen)
            await pilot.press("ctrl+e")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await press(pilot, "n")
            await wait_for(pilot, lambda: app.screen is screen)
            assert app.journal is not None and export_log(app.journal) == []
        assert not out.exists()

    async def test_copy_keys_do_nothing(self, tmp_path: Path) -> None:
        """ctrl+c in the field or on the screen never reaches the clipboard."""
        async with export_screen(tmp_path) as (app, pilot, screen):
            await start_review(pilot, screen, tmp_path / "out.md")
            area = screen.query_one("#export-block", TextArea)
            area.focus()
            area.select_all()
            await pilot.press("ctrl+c")
            screen.query_one("#export-findings", OptionList).focus()
            await pilot.press("ctrl+c")
            assert app.clipboard == ""


class TestTeaching:
    async def test_n_keeps_a_possible_name_and_the_next_export_does_not_ask(self, tmp_path: Path) -> None:
        """n on a possible name keeps every identical word, in the preview and the file; never asked again."""
        out = tmp_path / "summary.md"
        async with export_screen(tmp_path) as (app, pilot, screen):
            await start_review(pilot, screen, out)
            assert screen.review is not None
            same = [i for i in screen.review.items if i.finding.text == "Maria Gonzalez"]
            highlight(screen, "possible_name", "Maria Gonzalez")
            await pilot.pause()
            assert any(b.binding.id == "export.not_a_name" for b in screen.active_bindings.values())
            screen.query_one("#export-findings", OptionList).focus()
            await pilot.press("n")
            assert [i.accepted for i in same] == [False, False]
            assert "Maria Gonzalez" in screen.preview_text().plain
            await review_everything(pilot, screen)
            await pilot.press("ctrl+e")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await press(pilot, "y")
            await wait_for(pilot, lambda: isinstance(app.screen, MenteesScreen))
            assert app.journal is not None
            amara = next(m for m in app.journal.mentees() if m.name == "Amara Okafor")
            again = ExportReviewScreen(app.journal, amara)
            await app.push_screen(again)
            await pilot.pause()
            await start_review(pilot, again, tmp_path / "again.md")
            assert again.review is not None
            assert not any("Maria" in i.finding.text for i in again.review.items)
            assert "Maria Gonzalez" in again.preview_text().plain
        assert "Maria Gonzalez" in out.read_text()

    async def test_p_adds_the_person_and_redacts_the_word(self, tmp_path: Path) -> None:
        """p on a possible name redacts every identical word and adds a Person to the journal."""
        async with export_screen(tmp_path) as (app, pilot, screen):
            await start_review(pilot, screen, tmp_path / "out.md")
            assert screen.review is not None and app.journal is not None
            same = [i for i in screen.review.items if i.finding.text == "Maria Gonzalez"]
            highlight(screen, "possible_name", "Maria Gonzalez")
            await pilot.pause()
            screen.query_one("#export-findings", OptionList).focus()
            await pilot.press("p")
            assert [i.accepted for i in same] == [True, True]
            assert "Maria Gonzalez" not in screen.preview_text().plain
            people = [p for p in app.journal.people() if p.name == "Maria Gonzalez"]
            assert len(people) == 1 and people[0].mentee_id == screen.mentee.id

    async def test_n_and_p_on_another_kind_only_say_what_they_are_for(self, tmp_path: Path) -> None:
        async with export_screen(tmp_path) as (app, pilot, screen):
            await start_review(pilot, screen, tmp_path / "out.md")
            assert screen.review is not None and app.journal is not None
            before = len(list(app.journal.people()))
            highlight(screen, "email", "guild@example.com")
            await pilot.pause()
            assert not any(b.binding.id == "export.add_person" for b in screen.active_bindings.values())
            screen.query_one("#export-findings", OptionList).focus()
            await pilot.press("n", "p")
            assert screen.review.reviewed == 0
            assert len(list(app.journal.people())) == before


class TestSmallTerminal:
    async def test_renders_at_80_by_24(self, tmp_path: Path) -> None:
        """The form and the review fit an 80×24 terminal: list, preview and field all get rows."""
        async with export_screen(tmp_path, size=(80, 24)) as (_app, pilot, screen):
            await start_review(pilot, screen, tmp_path / "out.md")
            await pilot.press("a")
            for selector in ("#export-findings", "#export-preview-box", "#export-block"):
                assert screen.query_one(selector).region.height >= 3, selector


class TestShownText:
    def test_offsets_map_through_stand_ins(self) -> None:
        """A selection in the drawn field maps back to the original text, stand-ins counted whole."""
        original = "a\x85b\x1bc\nd"
        shown = ShownText.of(original)
        assert shown.shown == "a<U+0085>b␛c\nd"
        start = shown.shown.index("<U+0085>") + 3  # halfway through the stand-in
        assert shown.original_span(start, shown.shown.index("b") + 1) == (1, 3)
        assert shown.location(shown.shown.index("d")) == (1, 0)
        assert shown.offset((1, 0)) == shown.shown.index("d")
        assert shown.shown_offset(original.index("c")) == shown.shown.index("c")


async def test_x_on_a_mentee_page_opens_the_review_for_that_mentee(tmp_path: Path) -> None:
    from mentorjournal.tui.screens.mentee import MenteeScreen

    vault_dir = tmp_path / "vault"
    fill_vault(vault_dir)
    app = make_app(vault_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MenteeScreen))
        mentee_id = app.screen.mentee_id  # type: ignore[attr-defined]
        await press(pilot, "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportReviewScreen))
        assert app.screen.mentee.id == mentee_id  # type: ignore[attr-defined]
