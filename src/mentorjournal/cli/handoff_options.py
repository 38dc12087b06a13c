"""Where an export goes: standard output, a private file, or an age file sealed in memory.

Shared by every command that writes a document (``export``, ``log``): the same options, the same
refusals, the same one place that writes. A sealed export never exists as plaintext on disk; it replaces
the plaintext confirmation, since only its recipients can open it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentorjournal.cli.context import CliContext
from mentorjournal.errors import UsageError

if TYPE_CHECKING:
    from mentorjournal.export.exporting import Destination
    from mentorjournal.export.handoff import Sealing

PLAINTEXT_PROMPT = "Type 'plaintext' to write it anyway: "


def add_output_options(p: Any, *, confirm_help: str) -> None:
    p.add_argument("--output", metavar="PATH", help="write here (created 0600) instead of standard output")
    p.add_argument("--force", action="store_true", help="replace --output if it exists")
    p.add_argument("--confirm-plaintext", action="store_true", help=confirm_help)
    p.add_argument(
        "--encrypt-to",
        action="append",
        default=[],
        metavar="RECIPIENT",
        help="seal the file with age for this recipient (age1… or an ssh-ed25519/ssh-rsa public key); repeatable",
    )
    p.add_argument(
        "--recipients-file",
        action="append",
        default=[],
        metavar="PATH",
        help="seal for every recipient listed in this file, one a line (as `age -R`); repeatable",
    )
    p.add_argument(
        "--encrypt-passphrase",
        action="store_true",
        help="seal the file with age and a new passphrase (asked twice; never the vault's own)",
    )
    p.add_argument(
        "--encrypt-passphrase-file",
        metavar="PATH",
        help="as --encrypt-passphrase, reading that passphrase from this file ('-': standard input)",
    )


def sealing_from_args(args: argparse.Namespace, ctx: CliContext) -> Sealing | None:
    """The age sealing the options ask for, or None for plaintext. Call after the vault is open."""
    by_key = bool(args.encrypt_to or args.recipients_file)
    by_passphrase = bool(args.encrypt_passphrase or args.encrypt_passphrase_file)
    if not by_key and not by_passphrase:
        return None
    from mentorjournal.export.handoff import parse_recipient, read_recipients_file, refuse_vault_passphrase, sealing_for

    if by_key and by_passphrase:
        raise UsageError("age seals a file to recipients or with a passphrase, not both")
    if not args.output:
        raise UsageError("an encrypted export is a file: give --output PATH (e.g. summary.md.age)")
    if by_key:
        recipients = [parse_recipient(r) for r in args.encrypt_to]
        for path in args.recipients_file:
            recipients += read_recipients_file(path)
        return sealing_for(recipients)
    secret = ctx.new_secret(args.encrypt_passphrase_file, "passphrase for the file")
    refuse_vault_passphrase(ctx.vault_dir, secret)
    return sealing_for(passphrase=secret)


def confirm_plaintext(args: argparse.Namespace, ctx: CliContext, warning: str, option: str) -> None:
    """The plaintext confirmation: a typed word on a terminal, or ``--confirm-plaintext`` in a script."""
    ctx.info(warning)
    if args.confirm_plaintext:
        return
    if not sys.stdin.isatty():
        raise UsageError(f"{option} needs --confirm-plaintext (or --encrypt-to) without a terminal to confirm on")
    answer = input(PLAINTEXT_PROMPT)
    if answer.strip().lower() != "plaintext":
        raise UsageError("not confirmed; nothing was written")


def destination(ctx: CliContext, args: argparse.Namespace, sealing: Sealing | None) -> Destination:
    """Where the export pipeline writes: the ``--output`` file (sealed or not), or standard output."""
    from mentorjournal.export.exporting import ToFile, ToStream

    if args.force and not args.output:
        raise UsageError("--force only makes sense with --output")
    if args.output:
        return ToFile(Path(args.output), overwrite=args.force, sealing=sealing)
    return ToStream(ctx.print_document)  # exact into a file or pipe, inert on a terminal


def report_written(ctx: CliContext, args: argparse.Namespace, where: str) -> None:
    if where == "age-file":
        ctx.info(f"Wrote {args.output} (sealed with age; mode 0600).")
    elif where == "file":
        ctx.info(f"Wrote {args.output} (mode 0600).")
