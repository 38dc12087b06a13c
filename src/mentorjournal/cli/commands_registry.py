"""The list of command groups. Each module adds its subcommands with ``register(subparsers)``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from mentorjournal.cli import export_commands, journal_commands, vault_commands
from mentorjournal.cli.context import CliContext

Registrar = Callable[[Any], None]

REGISTRARS: list[Registrar] = [
    vault_commands.register,
    journal_commands.register,
    export_commands.register,
    __import__("mentorjournal.cli.sync_commands", fromlist=["register"]).register,  # last: yields `conflicts`
]


def run_app(args: argparse.Namespace, ctx: CliContext) -> int:
    """No subcommand: the Textual app (imported here only, so scripting never loads Textual)."""
    from mentorjournal.tui import run_tui

    return run_tui(vault_dir=ctx.vault_dir)
