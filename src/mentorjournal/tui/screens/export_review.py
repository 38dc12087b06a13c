"""Export a redacted progress summary: a small form, then the review of every finding, then the file.

The screen drives the export's one pipeline (``export.exporting``) as ``mentorjournal export`` does:
it builds the summary and its findings, and once the mentor has decided each finding (instead of
everything being redacted) ``finish_export`` renders, re-scans, writes and logs.

What it must never do: write anything except the confirmed output file and the vault's export log
record; copy anything to the clipboard (both copy keys are switched off here); draw vault text as
markup or escapes (everything goes through ``inert``/``visible``); or let a known name be kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection

from mentorjournal.errors import ExportNotLogged, ExportRefused, MentorJournalError, UsageError
from mentorjournal.export.exporting import ToFile, begin_export, finish_export, finished_text
from mentorjournal.export.formats import AUDIENCES, Audience, Format
from mentorjournal.export.formats import FORMAT_NAMES as FORMATS
from mentorjournal.export.handoff import AGE_SUFFIX, Sealing, sealing_from_text
from mentorjournal.export.review import UNREJECTABLE, ReviewItem, SummaryReview
from mentorjournal.journal import Journal, Mentee
from mentorjournal.tui.commands import PaletteCommand
from mentorjournal.tui.dialogs.confirm import ConfirmDialog
from mentorjournal.tui.export_teach import TEACH_BINDINGS, teach, teach_enabled
from mentorjournal.tui.export_text import (
    AUDIENCE_LABELS,
    FORMAT_LABELS,
    STYLE_FLAGGED,
    STYLE_REDACTED,
    ShownText,
    default_output,
    finding_label,
    finding_line,
    flagged_words,
    join,
    output_path,
    preview,
    sentence,
)
from mentorjournal.tui.forms import parse_date
from mentorjournal.tui.screens.base import JournalScreen
from mentorjournal.tui.widgets.footer import KeyFooter
from mentorjournal.tui.widgets.read_only_block import ReadOnlyBlock
from mentorjournal.tui.widgets.safe_text import inert, visible
from mentorjournal.tui.widgets.text_field import TextField


class ExportReviewScreen(JournalScreen):
    """Form → review → confirm → write. Pushed from a mentee's page with the journal and that mentee."""

    ALLOW_SELECT = False  # no screen-wide text selection, hence nothing for ctrl+c to copy
    AUTO_FOCUS = "#export-audience"

    DEFAULT_CSS = """
    ExportReviewScreen #export-form { height: 1fr; padding: 0 1; }
    ExportReviewScreen .export-row { height: 3; }
    ExportReviewScreen .export-row Label { width: 10; padding: 1 1 0 0; }
    ExportReviewScreen .export-row Input, ExportReviewScreen .export-row Select { width: 1fr; }
    ExportReviewScreen #export-start { margin: 0 0 0 10; }
    ExportReviewScreen #export-form-hint { margin: 0 0 1 10; height: auto; }
    ExportReviewScreen #export-review { height: 1fr; }
    ExportReviewScreen #export-status-row { height: 1; background: $boost; }
    ExportReviewScreen #export-status { width: 1fr; height: 1; padding: 0 1; }
    ExportReviewScreen #export-go { min-width: 10; }
    ExportReviewScreen #export-panes { height: 1fr; }
    ExportReviewScreen #export-preview-box { width: 1fr; border: round $primary 50%; padding: 0 1; }
    ExportReviewScreen #export-side { width: 1fr; max-width: 56; }
    ExportReviewScreen #export-findings {
        height: 1fr; min-height: 4; border: round $primary 50%; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ExportReviewScreen #export-findings:focus { border: round $accent; }
    ExportReviewScreen #export-detail { height: auto; max-height: 4; padding: 0 1; }
    ExportReviewScreen #export-block-label { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    ExportReviewScreen #export-block { height: 7; min-height: 3; }
    ExportReviewScreen .export-error { height: auto; padding: 0 1; color: $error; text-style: bold; display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+e",
            "export",
            "Export",
            tooltip="Write the summary (every finding must be reviewed; asks before writing).",
            priority=True,  # the field's TextArea binds ctrl+e to "end of line"
            id="export.write",
        ),
        Binding("a", "decide(True, False)", "Redact", tooltip="Redact the highlighted finding.", id="export.accept"),
        Binding(
            "r", "decide(False, False)", "Keep", tooltip="Keep the highlighted finding as written.", id="export.reject"
        ),
        Binding(
            "A",
            "decide(True, True)",
            "Redact all",
            tooltip="Redact every finding of the same kind and text.",
            id="export.accept_all",
        ),
        Binding(
            "R",
            "decide(False, True)",
            "Keep all",
            tooltip="Keep every finding of the same kind and text as written.",
            id="export.reject_all",
        ),
        Binding(
            "x",
            "redact_selection",
            "Redact sel.",
            tooltip="Redact the text selected in the field shown below the findings.",
            id="export.manual",
        ),
        Binding(
            "left_square_bracket",
            "other_block(-1)",
            "Prev field",
            show=False,
            tooltip="Show the previous field of the summary for selecting text.",
            id="export.prev_block",
        ),
        Binding(
            "right_square_bracket",
            "other_block(1)",
            "Next field",
            show=False,
            tooltip="Show the next field of the summary for selecting text.",
            id="export.next_block",
        ),
        *TEACH_BINDINGS,
    ]
    PALETTE_COMMANDS: ClassVar[tuple[PaletteCommand, ...]] = (
        PaletteCommand("Export the summary", "Write the reviewed summary to its file (asks first)", "export"),
        PaletteCommand("Redact the selection", "Redact the text selected in the field being shown", "redact_selection"),
    )

    def __init__(self, journal: Journal, mentee: Mentee) -> None:
        super().__init__()
        self._journal = journal
        self.mentee = mentee
        self.review: SummaryReview | None = None
        self.settings: tuple[Audience, dt.date | None, dt.date | None] | None = None
        self.fmt: Format = "md"
        self.output: Path | None = None
        self.sealing: Sealing | None = None  # age recipients, when the file is to be sealed
        self._order: list[int] = []  # list position -> review item index (findings by field, then place)
        self._block_key: str | None = None
        self._block_shown = ShownText.of("")
        self._preview_plain = ""  # the preview as drawn, and where the current finding starts in it
        self._current_at = 0

    @property
    def journal(self) -> Journal:
        return self._journal

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        pseudonym = self.mentee.pseudonym or "Mentee"
        today = self._journal.today()
        with ContentSwitcher(initial="export-form", id="export-phases"):
            with VerticalScroll(id="export-form"):
                title = Text("Export a redacted progress summary of ", style="bold", end="")
                title.append_text(inert(pseudonym, "bold"))
                yield Static(title, classes="banner")
                with Horizontal(classes="export-row"):
                    yield Label("For")
                    yield Select(
                        [(AUDIENCE_LABELS[a], a) for a in AUDIENCES],
                        value="coordinator",
                        allow_blank=False,
                        id="export-audience",
                        tooltip="Who the summary is for. The coordinator gets shared summaries only with consent.",
                    )
                with Horizontal(classes="export-row"):
                    yield Label("Since")
                    yield TextField(placeholder="YYYY-MM-DD (optional)", id="export-since")
                with Horizontal(classes="export-row"):
                    yield Label("Until")
                    yield TextField(placeholder="YYYY-MM-DD (optional)", id="export-until")
                with Horizontal(classes="export-row"):
                    yield Label("Format")
                    yield Select(
                        [(FORMAT_LABELS[f], f) for f in FORMATS], value="md", allow_blank=False, id="export-format"
                    )
                with Horizontal(classes="export-row"):
                    yield Label("Save to")
                    yield TextField(str(default_output(pseudonym, today, "md")), id="export-path")
                with Horizontal(classes="export-row"):
                    yield Label("Encrypt to")
                    yield TextField(
                        placeholder="age1… or ssh-ed25519 … key(s), comma-separated (empty: not encrypted)",
                        id="export-encrypt",
                        tooltip="Seal the file with age for its reader: no plaintext copy is ever written.",
                    )
                yield Static(
                    "Next: review every finding. Nothing is written until you export and confirm.",
                    id="export-form-hint",
                    classes="hint",
                    markup=False,
                )
                yield Button("Review findings", id="export-start", variant="primary")
                yield Static("", id="export-form-error", classes="export-error", markup=False)
            with Vertical(id="export-review"):
                with Horizontal(id="export-status-row"):
                    yield Static("", id="export-status", markup=False)
                    yield Button("Export", id="export-go", variant="success", compact=True, disabled=True)
                with Horizontal(id="export-panes"):
                    with VerticalScroll(id="export-preview-box") as preview_box:
                        preview_box.border_title = "Preview"
                        yield Static("", id="export-preview")
                    with Vertical(id="export-side"):
                        findings = OptionList(id="export-findings")
                        findings.border_title = "Findings: a redact · r keep · A/R all same"
                        yield findings
                        yield Static("", id="export-detail")
                        yield Static("", id="export-block-label")
                        yield ReadOnlyBlock("", read_only=True, show_cursor=True, soft_wrap=True, id="export-block")
                yield Static("", id="export-error", classes="export-error", markup=False)
        yield KeyFooter(compact=False)

    # --- the form ------------------------------------------------------------------------------

    @property
    def in_review(self) -> bool:
        return self.query_one(ContentSwitcher).current == "export-review"

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        # Follow the chosen format in the file name, if the name still ends with a format's extension.
        path = self.query_one("#export-path", Input)
        stem, dot, suffix = path.value.rpartition(".")
        if dot and suffix in FORMATS and isinstance(event.value, str):
            path.value = f"{stem}.{event.value}"

    @on(Button.Pressed, "#export-start")
    @on(Input.Submitted, "#export-form Input")
    def _start_review(self) -> None:
        error = self.query_one("#export-form-error", Static)
        try:
            self._read_form()
        except MentorJournalError as exc:
            error.update(sentence(exc))
            error.display = True
            return
        error.update("")
        error.display = False
        self._show_review()

    def _read_form(self) -> None:
        chosen_audience = self.query_one("#export-audience", Select).value
        chosen_format = self.query_one("#export-format", Select).value
        audience = next((a for a in AUDIENCES if a == chosen_audience), None)
        fmt = next((f for f in FORMATS if f == chosen_format), None)
        if audience is None or fmt is None:
            raise UsageError("choose who the summary is for and its format")
        since = parse_date(self.query_one("#export-since", Input).value, "since")
        until = parse_date(self.query_one("#export-until", Input).value, "until")
        self.sealing = sealing_from_text(self.query_one("#export-encrypt", Input).value)
        path_text = self.query_one("#export-path", Input).value.strip()
        if self.sealing is not None and path_text and not path_text.endswith(AGE_SUFFIX):
            path_text += AGE_SUFFIX  # a sealed file says what it is
        output = output_path(path_text)
        settings = (audience, since, until)
        if self.review is None or settings != self.settings:
            had_decisions = self.review is not None and self.review.reviewed > 0
            self.review = begin_export(self._journal, self.mentee, audience=audience, since=since, until=until)
            self.settings = settings
            self._block_key = None
            if had_decisions:
                self.notify("Who or which period changed: the findings are new, review them again.")
        self.fmt = fmt
        self.output = output

    # --- the review ----------------------------------------------------------------------------

    def _show_review(self) -> None:
        self.query_one(ContentSwitcher).current = "export-review"
        review = self._review
        blocks = list(review.blocks)
        self._order = sorted(
            range(review.total),
            key=lambda i: (blocks.index(review.items[i].block), review.items[i].finding.start),
        )
        self._refresh_review()
        findings = self.query_one("#export-findings", OptionList)
        if self._order:
            findings.highlighted = self._first_open_position() or 0
            findings.focus()
        else:
            self.query_one("#export-block", TextArea).focus()
        self._show_block(self._block_key or (blocks[0] if blocks else None))
        self.refresh_bindings()

    @property
    def _review(self) -> SummaryReview:
        assert self.review is not None
        return self.review

    def _current_item(self) -> ReviewItem | None:
        position = self.query_one("#export-findings", OptionList).highlighted
        if position is None or not 0 <= position < len(self._order):
            return None
        return self._review.items[self._order[position]]

    def _refresh_review(self) -> None:
        """Counter, findings list, detail and preview, from the review's decisions."""
        review = self._review
        findings = self.query_one("#export-findings", OptionList)
        keep = findings.highlighted
        findings.set_options([Option(self._finding_line(review.items[i])) for i in self._order])
        if self._order:
            findings.highlighted = min(keep or 0, len(self._order) - 1)
        self._refresh_status()
        self._refresh_detail()
        self._refresh_preview()

    def _refresh_status(self) -> None:
        review = self._review
        audience, since, until = self.settings or ("coordinator", None, None)
        period = f"{since.isoformat() if since else 'start'}..{until.isoformat() if until else 'now'}"
        left = review.total - review.reviewed
        state = "ready to export (ctrl+e)" if review.complete else f"{left} to review"
        self.query_one("#export-status", Static).update(
            f"Reviewed {review.reviewed}/{review.total} · {state} · {audience} · {period} · {self.fmt}"
        )
        go = self.query_one("#export-go", Button)
        if go.disabled == review.complete:  # only when it changes: the footer redraws all its keys
            go.disabled = not review.complete
            self.refresh_bindings()

    def _finding_line(self, item: ReviewItem) -> Text:
        return finding_line(self._review, item)

    def _refresh_detail(self) -> None:
        item = self._current_item()
        detail = self.query_one("#export-detail", Static)
        if item is None:
            detail.update(
                Text("Nothing was found to review. Select text below and press x to redact more.", style="italic")
            )
            return
        finding = item.finding
        shown = Text(end="")
        shown.append(f"{self._review.blocks[item.block].label}: {finding_label(finding)} ", style="bold")
        # The exact words flagged: for a special-category sentence, the words that matched in it.
        shown.append_text(inert(", ".join(f"“{w}”" for w in flagged_words(finding)), STYLE_FLAGGED, one_line=True))
        shown.append(" — ")
        shown.append_text(inert(finding.reason, one_line=True))
        if item.remembered:
            shown.append(" (your decision at an earlier export of this passage)", style="italic")
        shown.append("\n")
        replacement = inert(finding.replacement, STYLE_REDACTED)
        if finding.kind in UNREJECTABLE:
            shown.append_text(
                join("A known name is always replaced (by ", replacement, "); it cannot be kept. Press a.")
            )
        elif item.accepted is True:
            shown.append_text(join("Redacted: becomes ", replacement, ". Press r to keep it as written."))
        elif item.accepted is False:
            shown.append("Kept as written. Press a to redact it.")
        elif finding.needs_review:
            shown.append_text(
                join("Unknown to the journal: a redacts it (", replacement, "), r keeps it; n not a name, p a person.")
            )
        else:
            shown.append_text(join("Not reviewed: a redacts it (", replacement, "), r keeps it as written."))
        detail.update(shown)

    def _refresh_preview(self) -> None:
        self.query_one("#export-preview", Static).update(self.preview_text())

    def preview_text(self) -> Text:
        """The preview as drawn now (the current finding reversed); remembers where that finding is."""
        shown = preview(self._review, self._current_item())
        self._preview_plain, self._current_at = shown.text.plain, shown.current_at
        return shown.text

    # --- the field shown for selecting -----------------------------------------------------------

    def _show_block(self, key: str | None, select: tuple[int, int] | None = None) -> None:
        area = self.query_one("#export-block", TextArea)
        label = self.query_one("#export-block-label", Static)
        if key is None:
            self._block_key = None
            area.load_text("")
            label.update("No text to review: this summary holds only dates and counts.")
            return
        keys = list(self._review.blocks)
        if key != self._block_key:
            self._block_key = key
            self._block_shown = ShownText.of(self._review.blocks[key].text)
            area.load_text(self._block_shown.shown)
        label.update(
            f"{self._review.blocks[key].label} ({keys.index(key) + 1}/{len(keys)}): select, x redacts; [ ] other fields"
        )
        if select is not None:
            shown = self._block_shown
            start = shown.location(shown.shown_offset(select[0]))
            end = shown.location(shown.shown_offset(select[1]))
            area.selection = Selection(start, end)
            area.scroll_cursor_visible()

    @on(OptionList.OptionHighlighted, "#export-findings")
    def _highlighted(self) -> None:
        item = self._current_item()
        if item is None:
            return
        self._refresh_detail()
        self._refresh_preview()
        self._show_block(item.block, (item.finding.start, item.finding.end))
        self._scroll_preview_to(item)
        self.refresh_bindings()  # n and p show only on a possible name

    def _scroll_preview_to(self, item: ReviewItem) -> None:
        """Bring the current finding into view: count the preview's lines up to it, wrapped at its width."""
        box = self.query_one("#export-preview-box", VerticalScroll)
        width = max(10, box.scrollable_content_region.width)
        before = self._preview_plain[: self._current_at]
        rows = sum(max(1, -(-len(line) // width)) for line in before.split("\n")) - 1
        box.scroll_to(y=max(0, rows - 2), animate=False)

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"decide", "redact_selection", "other_block", "export"}:
            if not self.is_mounted or not self.in_review or self.review is None:
                return False
            if action == "export" and not self.review.complete:
                return None  # shown, greyed out, until every finding is reviewed
        if action == "teach":
            in_review = self.is_mounted and self.in_review and self.review is not None
            return in_review and teach_enabled(parameters[0] if parameters else None, self._current_item())
        return True

    def action_back(self) -> None:
        if self.in_review:
            self.query_one(ContentSwitcher).current = "export-form"
            self.query_one("#export-start", Button).focus()
            self.refresh_bindings()
            return
        self.dismiss()

    def action_decide(self, accept: bool, all_identical: bool) -> None:
        item = self._current_item()
        if item is None:
            return
        try:
            changed = self._review.decide(item.index, accept, all_identical=all_identical)
        except UsageError as exc:
            self._error(sentence(exc))
            return
        if all_identical and len(changed) > 1:
            verb = "redacted" if accept else "kept as written"
            self.notify(f"{len(changed)} identical findings {verb}.")
        self._decided(changed)

    def action_teach(self, how: str) -> None:
        try:
            changed, message = teach(how, self._journal, self.mentee, self._review, self._current_item())
        except MentorJournalError as exc:
            self._error(sentence(exc))
            return
        if changed:
            self._decided(changed)
        self.notify(message, markup=False)

    def _decided(self, changed: list[ReviewItem]) -> None:
        """Redraw the findings ``changed`` and move to the next open one."""
        self._error("")
        findings = self.query_one("#export-findings", OptionList)
        position = findings.highlighted or 0
        for i in changed:
            findings.replace_option_prompt_at_index(self._order.index(i.index), self._finding_line(i))
        self._refresh_status()
        following = self._first_open_position(after=position)
        if following is not None and following != position:
            findings.highlighted = following  # the highlight handler refreshes detail and preview
        else:
            self._refresh_detail()
            self._refresh_preview()
            self.refresh_bindings()

    def _first_open_position(self, after: int = -1) -> int | None:
        """The next list position not reviewed yet, after ``after`` and then from the top."""
        items = self._review.items
        positions = list(range(after + 1, len(self._order))) + list(range(0, after + 1))
        return next((p for p in positions if items[self._order[p]].accepted is None), None)

    def action_redact_selection(self) -> None:
        area = self.query_one("#export-block", TextArea)
        key = self._block_key
        start_loc, end_loc = sorted(area.selection)
        start, end = self._block_shown.offset(start_loc), self._block_shown.offset(end_loc)
        if key is None or start == end:
            self._error("Select text in the field below the findings first (shift+arrows or the mouse), then x.")
            return
        start, end = self._block_shown.original_span(start, end)
        text = self._review.blocks[key].text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            self._error("Only spaces are selected: there is nothing to redact.")
            return
        try:
            item = self._review.add_manual(key, start, end)
        except UsageError as exc:
            self._error(sentence(exc))
            return
        self._error("")
        blocks = list(self._review.blocks)
        self._order.append(item.index)
        self._order.sort(key=lambda i: (blocks.index(self._review.items[i].block), self._review.items[i].finding.start))
        self._refresh_review()
        self.query_one("#export-findings", OptionList).highlighted = self._order.index(item.index)
        self.notify("The selection will be redacted as [redacted].", markup=False)

    def action_other_block(self, step: int) -> None:
        keys = list(self._review.blocks)
        if not keys:
            return
        at = keys.index(self._block_key) if self._block_key in keys else 0
        self._show_block(keys[(at + step) % len(keys)])

    def action_copy_text(self) -> None:
        self.notify("Copying is switched off while exporting.", severity="warning")

    @on(Button.Pressed, "#export-go")
    def _export_pressed(self) -> None:
        self.action_export()

    def action_export(self) -> None:

        review, output, fmt = self._review, self.output, self.fmt
        if not review.complete:
            self._error(f"{review.total - review.reviewed} finding(s) still to review before exporting.")
            return
        assert output is not None and self.settings is not None
        try:
            finished_text(review, fmt)  # refused now (a known name left) rather than after confirming
            if output.exists():
                raise ExportRefused(f"{visible(str(output))} already exists; nothing was written")
        except MentorJournalError as exc:
            self._refused(exc)
            return
        self._error("")

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(output)

        question = (
            f"Write the redacted summary ({fmt}) to this file?\n\n{visible(str(output))}\n\n"
            + (f"It is sealed with age ({self.sealing.describe()}): only its recipients can open it."
               if self.sealing is not None
               else "It is not encrypted: keep it where only its reader can open it.")
        )  # fmt: skip
        self.app.push_screen(ConfirmDialog(question, yes="Write the file", no="Not now"), answered)

    def _write(self, output: Path) -> None:
        try:
            finish_export(self._journal, self.mentee, self._review, self.fmt, ToFile(output, sealing=self.sealing))
        except ExportNotLogged as exc:
            self.app.notify(
                f"Wrote {visible(str(output))}, but the export could not be logged: {sentence(exc)}",
                severity="warning",
                markup=False,
            )
        except MentorJournalError as exc:
            self._refused(exc)
            return
        else:
            self.app.notify(
                f"Wrote {visible(str(output))} (mode 0600). The export is recorded in the vault.",
                title="Summary exported",
                markup=False,
            )
        self.dismiss()

    def _refused(self, exc: MentorJournalError) -> None:
        message = sentence(exc)
        self._error(message)
        self.notify(message, severity="error", title="Not exported", markup=False)

    def _error(self, message: str) -> None:
        shown = self.query_one("#export-error", Static)
        shown.update(message)
        shown.display = bool(message)  # no blank row while there is nothing to say
