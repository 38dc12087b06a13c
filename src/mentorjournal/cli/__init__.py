"""The `mentorjournal` command: the TUI with no subcommand, scripting subcommands otherwise.

Every expected failure is a ``MentorJournalError``: one line on stderr and its own exit status
(docs/usage.md lists them). Unexpected exceptions are reported by type only, never with a
traceback, because a traceback can carry note text in its messages.

Start-up loads only what the command needs (docs/performance.md, "Start-up"). The parser knows every
command by its name and help (``commands_registry.COMMANDS``); the module that builds a command, and
with it the journal, vault or export code its handlers import, is imported only once argparse has
chosen that command. So ``--version`` and ``--help`` import no command module, and ``session add``
imports the session commands, not the export engine. A command module may import what it needs at
its top; a new command is one entry in that table and one ``register`` in its module.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from mentorjournal import __version__
from mentorjournal.errors import MentorJournalError
from mentorjournal.hardening import harden_process

INTERNAL_ERROR_STATUS = 70


def build_parser(*, lazy: bool = False) -> argparse.ArgumentParser:
    """The whole command line; with ``lazy``, each command is built only once chosen (what ``main`` uses)."""
    from mentorjournal.cli import commands_registry

    parser = argparse.ArgumentParser(
        prog="mentorjournal",
        description="Encrypted session notes for mentors. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"mentorjournal {__version__}")
    parser.add_argument(
        "--vault", metavar="PATH", help="vault folder (default: $MENTORJOURNAL_VAULT or the user data dir)"
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="PATH",
        help="read the passphrase from this file ('-' for standard input); its trailing newline is ignored",
    )
    if lazy:
        parser.add_subparsers(dest="command", metavar="COMMAND", action=commands_registry.LazyCommands)
    else:
        commands_registry.register(parser.add_subparsers(dest="command", metavar="COMMAND"), commands_registry.MODULES)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()
    args = build_parser(lazy=True).parse_args(argv)
    from mentorjournal.cli.context import CliContext  # the vault's code: not for --version or --help

    ctx = CliContext.from_args(args)
    try:
        handler = getattr(args, "handler", None)
        if handler is None:
            from mentorjournal.cli.app_commands import run_app

            return run_app(args, ctx)
        status: int = handler(args, ctx)
        return status
    except MentorJournalError as exc:
        ctx.error(str(exc))
        return exc.exit_status
    except KeyboardInterrupt:
        ctx.error("interrupted; nothing was half-written (saves are atomic)")
        return 130
    except BrokenPipeError:
        # `mentorjournal session list | head`: quietly stop, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("MENTORJOURNAL_DEBUG") == "1":
            raise
        ctx.error(
            f"internal error ({exc.__class__.__name__}); nothing was half-written. "
            "Set MENTORJOURNAL_DEBUG=1 to see the traceback (it may show note text)."
        )
        return INTERNAL_ERROR_STATUS
    finally:
        ctx.close()
