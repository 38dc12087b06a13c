"""The list of command groups. Each module adds its subcommands with ``register(subparsers)``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from mentorjournal.cli import (
    actions,
    agreement,
    due,
    export_commands,
    goals,
    importing,
    lifecycle_commands,
    mentees,
    people,
    search,
    sessions,
    sync_commands,
    vault_commands,
)
from mentorjournal.cli.context import CliContext

Registrar = Callable[[Any], None]


def register_app_commands(sub: Any) -> None:
    p = sub.add_parser("demo", help="open the app on a throwaway vault of fictional mentees (removed on exit)")
    p.set_defaults(handler=run_demo)


REGISTRARS: list[Registrar] = [
    register_app_commands,
    vault_commands.register,
    mentees.register,
    sessions.register,
    goals.register,
    actions.register,
    agreement.register,
    people.register,
    search.register,
    due.register,
    importing.register,
    export_commands.register,
    lifecycle_commands.register,  # after mentees: it adds `mentee erase` to that group
    sync_commands.register,  # last: its vault-level `conflicts` steps aside if the journal has one
]


def run_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from mentorjournal.tui.demo import run_demo as demo

    return demo()


def run_app(args: argparse.Namespace, ctx: CliContext) -> int:
    """No subcommand: the Textual app (imported here only, so scripting never loads Textual)."""
    from mentorjournal.tui import run_tui

    return run_tui(vault_dir=ctx.vault_dir)
