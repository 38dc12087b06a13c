"""What every command needs: where the vault is, how to get the passphrase, how to speak.

Passphrases come from ``--passphrase-file`` (scripts, tests) or a no-echo prompt on the terminal;
never from an argument or an environment variable, which other processes can read.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from mentorjournal import limits
from mentorjournal.errors import UsageError, VaultInUse
from mentorjournal.inert import inert_for_terminal, inert_json, inert_name
from mentorjournal.paths import resolve_vault_dir
from mentorjournal.vault import Vault
from mentorjournal.vault.kdf import CHEAP_WARNING as VAULT_CHEAP_WARNING
from mentorjournal.vault.keys import strip_one_newline

if TYPE_CHECKING:
    from mentorjournal.journal import Journal

CHEAP_WARNING = f"warning: {VAULT_CHEAP_WARNING}"  # the one wording (vault/kdf.py), as a CLI warning

# A write refused because the app (or another command) holds the vault: say what to do instead.
IN_USE = (
    "the vault is open in MentorJournal (the app, or another command): make this change in the app, "
    "or quit it (ctrl+q) and run the command again. Read commands (list, show, search, due, check, "
    "export-log) work while it is open"
)


def check_secret_file(path: str, what: str, warn: Callable[[str], None]) -> None:
    """Secret files must be private, as ssh requires of keys: writable by others is refused (someone could
    put their own passphrase there, e.g. for ``passwd --new-passphrase-file``), readable by others warned."""
    shown = inert_name(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise UsageError(f"cannot read {what} file {shown}: {exc.__class__.__name__}") from None
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise UsageError(f"the {what} file {shown} is not a file")
    if stat.S_ISREG(mode) and mode & 0o022:
        raise UsageError(
            f"the {what} file {shown} can be changed by others (mode {stat.S_IMODE(mode):04o}); refusing it. "
            f"Make it private: chmod 600 {shown}"
        )
    if stat.S_ISREG(mode) and mode & 0o044:
        warn(
            f"warning: the {what} file {shown} can be read by others (mode {stat.S_IMODE(mode):04o}); "
            f"make it private: chmod 600 {shown}"
        )


def read_secret_file(
    path: str, what: str, *, stdin: TextIO | None = None, warn: Callable[[str], None] | None = None
) -> str:
    """Read a secret from a file or '-' (stdin), at most ``limits.SECRET_FILE_MAX`` bytes; one trailing
    newline is dropped. A file others can write is refused, one they can read warned about."""
    if path == "-":
        try:
            text = (stdin or sys.stdin).read(limits.SECRET_FILE_MAX + 1)
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the {what} from standard input: {exc.__class__.__name__}") from None
        if len(text) > limits.SECRET_FILE_MAX:
            raise limits.too_large(f"the {what} on standard input", limits.SECRET_FILE_MAX)
    else:
        check_secret_file(path, what, warn or (lambda _message: None))
        raw = limits.read_capped(Path(path), limits.SECRET_FILE_MAX, shown=f"the {what} file {path}")
        text = limits.decode_text(raw, f"the {what} file {path}")
    value = strip_one_newline(text)
    if not value:
        raise UsageError(f"the {what} file {inert_name(path)} is empty")
    return value


@dataclass
class CliContext:
    vault_dir: Path
    passphrase_file: str | None = None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _opened: list[Vault] = field(default_factory=list)
    _stdin_used: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CliContext:
        return cls(vault_dir=resolve_vault_dir(args.vault), passphrase_file=args.passphrase_file)

    # --- speaking ------------------------------------------------------------------------------

    def print(self, text: str = "") -> None:
        # Lists, messages, names: vault text and file names must not act as escape sequences (OSC 52
        # clipboard writes, title changes, cursor tricks) on a terminal, nor later from a log or a pipe.
        print(inert_for_terminal(text), file=self.out)

    def print_document(self, text: str) -> None:
        """A document the mentor redirects to a file (``session show > s.md``, an export to stdout): exact
        into a file or a pipe, so it reads back unchanged; inert on a terminal."""
        self.out.write(inert_for_terminal(text) if self.out.isatty() else text)
        self.out.flush()

    def print_json(self, value: Any) -> None:
        # json escapes C0 controls but not DEL, C1 or bidi controls: those are escaped too, losslessly.
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        print(inert_json(text), file=self.out)

    def info(self, text: str) -> None:
        # Standard error carries messages, never content to round-trip: always inert, on a terminal or
        # in a log file, so a file name holding escapes (a planted header copy) cannot act on either.
        print(inert_for_terminal(text), file=self.err)

    def warn_unclosed_private(self, *objects: object) -> None:
        """After a save: each field whose ``[[private]]`` is never closed, by field and line, never its text."""
        from mentorjournal.journal.private import unclosed_warnings

        for obj in objects:
            for line in unclosed_warnings(obj):
                self.info(line)

    def error(self, text: str) -> None:
        print(f"mentorjournal: error: {inert_name(text)}", file=self.err)

    def progress(self, label: str, done: int, total: int) -> None:
        """Progress on stderr, only on a terminal (scripts and CI see nothing)."""
        if self.err.isatty() and total:
            end = "\n" if done >= total else ""
            print(f"\r{label}: {done}/{total}", end=end, file=self.err, flush=True)

    # --- secrets -------------------------------------------------------------------------------

    def secret(self, file_option: str | None, prompt: str, what: str = "passphrase") -> str:
        if file_option is not None:
            if file_option == "-":
                if self._stdin_used:
                    raise UsageError("standard input can give only one secret")
                self._stdin_used = True
            return read_secret_file(file_option, what, warn=self.info)
        if not sys.stdin.isatty():
            raise UsageError(f"no terminal to ask for the {what}; give it with a --...-file option")
        value = getpass.getpass(prompt)
        if not value:
            raise UsageError(f"an empty {what} is refused")
        return value

    def passphrase(self, prompt: str = "Passphrase: ") -> str:
        return self.secret(self.passphrase_file, prompt)

    def new_secret(self, file_option: str | None, what: str = "passphrase") -> str:
        """A new passphrase: from a file, or asked twice on the terminal."""
        if file_option is not None:
            return self.secret(file_option, "", what)
        first = self.secret(None, f"New {what}: ", what)
        if self.secret(None, f"Repeat the new {what}: ", what) != first:
            raise UsageError(f"the two {what}s differ; nothing was changed")
        return first

    # --- opening -------------------------------------------------------------------------------

    def open_vault(self, *, read_only: bool = False) -> Vault:
        Vault.read_header(self.vault_dir)  # a missing/foreign vault is reported before asking anything
        try:
            vault = Vault.unlock(self.vault_dir, self.passphrase(), read_only=read_only)
        except VaultInUse:
            raise VaultInUse(IN_USE) from None
        self._opened.append(vault)
        if vault.is_cheap:
            self.info(CHEAP_WARNING)
        if vault.header_conflict is not None:
            self.info(f"note: {vault.header_conflict} (see `mentorjournal sync-status`)")
        return vault

    def open_journal(self, *, read_only: bool = False, kinds: Iterable[str] | None = None) -> Journal:
        """The journal, every record loaded; or, with ``kinds``, those kinds only when the unlock cache
        allows it (a one-off write that reads no more: ``Journal.need`` loads the rest if asked)."""
        from mentorjournal.journal import Journal

        vault = self.open_vault(read_only=read_only)
        report = vault.load(lambda d, t: self.progress("Unlocking", d, t), kinds=kinds)
        for damaged in report.damaged:
            self.info(f"warning: damaged record {damaged.path.name}: {damaged.reason} (run `mentorjournal check`)")
        if report.unexpected:
            self.info(
                f"warning: {len(report.unexpected)} file(s) or folder(s) in the vault are not of its layout; "
                "records may be missing or older than they should be (run `mentorjournal check`)"
            )
        return Journal(vault)

    def close(self) -> None:
        for vault in self._opened:
            vault.lock()
        self._opened.clear()
