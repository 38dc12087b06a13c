"""Reading command-line values: dates, times, counts, note text; and the subcommand builders.

Every value error is a ``UsageError`` (exit status 2) that names the option, never the text given.
Dates are read by the journal's one date reader (``journal.dates``), with today / yesterday /
tomorrow allowed on the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentorjournal import limits
from mentorjournal.cli.context import CliContext
from mentorjournal.errors import InvalidInput, UsageError
from mentorjournal.journal import dates

if TYPE_CHECKING:
    from mentorjournal.journal import Journal

Handler = Callable[[argparse.Namespace, CliContext], int]


def parse_date_arg(value: str, option: str = "date", *, today: dt.date | None = None) -> dt.date:
    """YYYY-MM-DD, or today / yesterday / tomorrow."""
    try:
        return dates.parse_date(value, option, today=today or dt.date.today())
    except InvalidInput:
        raise UsageError(f"{option} must be a date as YYYY-MM-DD (or today, yesterday, tomorrow)") from None


def date_or_none(value: str | None, option: str, journal: Journal | None = None) -> dt.date | None:
    if value is None:
        return None
    return parse_date_arg(value, option, today=journal.today() if journal else None)


def time_arg(value: str | None, option: str = "--time") -> dt.time | None:
    if value is None:
        return None
    try:
        return dates.parse_time(value, option)
    except InvalidInput as exc:
        raise UsageError(str(exc)) from None


def nonnegative(value: int | None, option: str) -> int | None:
    if value is not None and value < 0:
        raise UsageError(f"{option} cannot be negative")
    return value


def read_stdin_note(ctx: CliContext) -> str | None:
    """The note body from standard input when it is not a terminal (``echo ... | session add``)."""
    stdin = sys.stdin
    if ctx.passphrase_file == "-":  # noqa: S105 - the stdin marker, not a password
        return None  # standard input carried the passphrase
    try:
        if stdin is None or stdin.isatty():
            return None
        buffer = getattr(stdin, "buffer", None)
        if buffer is not None:
            raw = limits.read_stream(buffer, "standard input", limits.NOTE_FILE_MAX)
            text = limits.decode_text(raw, "standard input")
        else:  # a text stream without bytes underneath (tests, embedding): the same cap, in characters
            text = stdin.read(limits.NOTE_FILE_MAX + 1)
            if len(text) > limits.NOTE_FILE_MAX:
                raise limits.too_large("standard input", limits.NOTE_FILE_MAX)
    except (OSError, ValueError):
        return None
    return text if text.strip() else None


def read_note_file(path: str) -> str:
    """A note file, at most ``limits.NOTE_FILE_MAX`` bytes of UTF-8."""
    return limits.decode_text(limits.read_capped(Path(path), limits.NOTE_FILE_MAX), path)


# --- building subcommands ------------------------------------------------------------------------


def group(sub: Any, name: str, help_text: str) -> Any:
    """A command group (``mentee``, ``session``...) whose actions are added with ``command``."""
    parser = sub.add_parser(name, help=help_text)
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)


def command(sub: Any, name: str, handler: Handler, help_text: str, *, json: bool = False) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    if json:
        p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=handler)
    return p
