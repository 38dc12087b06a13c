"""The `mentorjournal` command: the TUI with no subcommand, scripting subcommands otherwise.

Every expected failure is a ``MentorJournalError``: one line on stderr and its own exit status
(docs/usage.md lists them). Unexpected exceptions are reported by type only, never with a
traceback, because a traceback can carry note text in its messages.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from mentorjournal import __version__
from mentorjournal.cli.context import CliContext
from mentorjournal.errors import MentorJournalError
from mentorjournal.hardening import harden_process

INTERNAL_ERROR_STATUS = 70


def build_parser() -> argparse.ArgumentParser:
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in commands_registry.REGISTRARS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = CliContext.from_args(args)
    try:
        handler = getattr(args, "handler", None)
        if handler is None:
            from mentorjournal.cli.commands_registry import run_app

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
