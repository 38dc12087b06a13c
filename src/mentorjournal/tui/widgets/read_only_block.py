"""A read-only text field whose copy and cut keys are switched off (the export review selects text in it)."""

from __future__ import annotations

from textual.widgets import TextArea


class ReadOnlyBlock(TextArea):
    """One field of the summary, as written, for selecting text to redact. Copying is switched off."""

    def action_copy(self) -> None:
        self.notify("Copying is switched off while exporting.", severity="warning")

    def action_cut(self) -> None:
        self.action_copy()
