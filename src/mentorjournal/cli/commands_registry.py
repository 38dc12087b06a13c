"""The list of command groups. Each module adds its subcommands with ``register(subparsers)``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from mentorjournal.cli import vault_commands
from mentorjournal.cli.context import CliContext

Registrar = Callable[[Any], None]

REGISTRARS: list[Registrar] = [vault_commands.register]

try:  # Command groups that arrive with later layers register themselves here when present.
    from mentorjournal.cli import journal_commands

    REGISTRARS.append(journal_commands.register)
except ImportError:  # pragma: no cover - during the build-up only
    pass
try:
    from mentorjournal.cli import export_commands

    REGISTRARS.append(export_commands.register)
except ImportError:  # pragma: no cover
    pass


def run_app(args: argparse.Namespace, ctx: CliContext) -> int:
    """No subcommand: the Textual app (imported here only, so scripting never loads Textual)."""
    from mentorjournal.tui import run_tui

    return run_tui(vault_dir=ctx.vault_dir)
