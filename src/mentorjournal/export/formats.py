"""The export formats, in one table that the CLI, the app and the renderer all read.

A new format is one entry here (its name, file extension, the label the app shows) naming its
renderer: a function of ``export/render.py`` from a redacted ``Summary`` to text. Reading the table
loads nothing else, so the CLI builds its ``--help`` from it without importing the redaction engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mentorjournal.errors import UsageError

Format = str  # a name in FORMATS


@dataclass(frozen=True)
class ExportFormat:
    name: str  # what --format takes
    extension: str  # of the file written, without the dot
    label: str  # what the app's format list shows
    renderer: str  # the function of export/render.py that writes it


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("md", "md", "Markdown (.md)", "to_markdown"),
        ExportFormat("html", "html", "HTML page (.html)", "to_html"),
        ExportFormat("txt", "txt", "Plain text (.txt)", "to_text"),
        ExportFormat("json", "json", "JSON (.json)", "to_json_text"),
    )
}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)
DEFAULT_FORMAT = "md"
# Who a summary can be for (``export.summary`` builds one for each; the front ends offer these).
Audience = Literal["coordinator", "mentee"]
AUDIENCES: tuple[Audience, ...] = ("coordinator", "mentee")


def export_format(name: str) -> ExportFormat:
    """The format called ``name``; ``UsageError`` for an unknown one."""
    found = FORMATS.get(name)
    if found is None:
        raise UsageError(f"format must be one of: {', '.join(FORMAT_NAMES)}")
    return found
