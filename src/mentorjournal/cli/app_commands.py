"""The app itself: no subcommand opens it, and `demo` opens it on a throwaway vault.

Textual is imported inside the handlers only, so that scripting never loads it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mentorjournal.cli.context import CliContext


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="open the app on a throwaway vault of fictional mentees (removed on exit)")
    p.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from mentorjournal.tui.demo import run_demo as demo

    return demo()


def run_app(args: argparse.Namespace, ctx: CliContext) -> int:
    """No subcommand: the Textual app."""
    from mentorjournal.tui import run_tui

    return run_tui(vault_dir=ctx.vault_dir)
