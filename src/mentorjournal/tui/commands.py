"""The command palette's only provider: this app's commands, and nothing Textual adds by itself.

Textual's default provider lists system commands, among them "Screenshot", which writes the screen
(decrypted notes included) to an SVG file in plaintext. The app sets ``COMMANDS = {JournalCommands}``
and returns nothing from ``get_system_commands``, so the palette offers exactly what is listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    action: str  # an action of the app, or of the screen when listed in its ``PALETTE_COMMANDS``
    needs_journal: bool = True


APP_COMMANDS: tuple[PaletteCommand, ...] = (
    PaletteCommand("Mentees", "Go back to the list of mentees", "go_home"),
    PaletteCommand("Find", "Search all notes, mentees, goals and actions", "search"),
    PaletteCommand("Due", "Overdue and upcoming actions, meetings and goals", "due"),
    PaletteCommand("Hours log", "Sessions and hours per mentee and month, for the programme", "hours_log"),
    PaletteCommand("New mentee", "Add someone you mentor", "new_mentee"),
    PaletteCommand("Conflicts", "Notes edited on two machines: compare and keep or merge", "conflicts"),
    PaletteCommand("Damaged records", "Files in the vault that could not be read", "damaged"),
    PaletteCommand("People", "Everyone named in your notes: add, edit, aliases, relationship", "people"),
    PaletteCommand("Drafts", "Unsaved notes kept as encrypted drafts", "drafts"),
    PaletteCommand("Templates", "Edit the templates a new note can start from", "templates"),
    PaletteCommand(
        "Change passphrase", "Set a new passphrase (only the vault header is rewritten)", "change_passphrase"
    ),
    PaletteCommand("Refresh", "Read notes that arrived from another device", "pick_up_arrivals"),
    PaletteCommand("Lock", "Lock the vault now", "lock"),
    PaletteCommand("Help", "Every key of MentorJournal", "help", needs_journal=False),
    PaletteCommand("Quit", "Lock the vault and leave", "quit", needs_journal=False),
)


def palette_commands(app: App[Any], screen: Screen[Any]) -> list[tuple[PaletteCommand, DOMNode]]:
    """What the palette offers on ``screen``, each with the object its action runs on.

    The screen's own commands come first (run on that screen), then the app's (run on the app).
    """
    unlocked = getattr(app, "journal", None) is not None
    own: tuple[PaletteCommand, ...] = getattr(screen, "PALETTE_COMMANDS", ())
    listed: list[tuple[PaletteCommand, DOMNode]] = [(c, screen) for c in own] + [(c, app) for c in APP_COMMANDS]
    return [(c, target) for c, target in listed if unlocked or not c.needs_journal]


class JournalCommands(Provider):
    """Offers ``palette_commands`` for the screen the palette was opened from."""

    def _commands(self) -> list[tuple[PaletteCommand, DOMNode]]:
        return palette_commands(self.app, self.screen)

    def _runner(self, command: PaletteCommand, target: DOMNode) -> partial[Any]:
        return partial(self.app.run_action, command.action, target)

    async def discover(self) -> Hits:
        for command, target in self._commands():
            yield DiscoveryHit(command.title, self._runner(command, target), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, target in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), self._runner(command, target), help=command.help)
