"""The table of commands: each top-level command's name, its one-line help, and the modules that build it.

A command module adds its subcommands with ``register(subparsers)`` and imports what its handlers
need (the journal, the vault, the export engine) at its top. So that ``--version``, ``--help`` and a
typo cost none of that, the command line is parsed against this table first: ``LazyCommands`` lists
every command with its help, and imports and registers the modules of the one command argparse
selects, when it selects it. ``build_parser`` (tests, documentation) registers every module up front.

The help texts here repeat the ones the modules register; a test compares the lazy parser with the
eager one, command by command, so the two cannot drift apart.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import Any, NamedTuple

# Every command module, in registration order: the order `--help` lists their commands in.
MODULES = (
    "app_commands",
    "vault_commands",
    "mentees",
    "sessions",
    "goals",
    "actions",
    "agreement",
    "people",
    "search",
    "due",
    "importing",
    "export_commands",
    "lifecycle_commands",  # after mentees: it adds `mentee erase` to that group
    "sync_commands",  # last: its vault-level `conflicts` steps aside if the journal has one
)


class Command(NamedTuple):  # not a dataclass: `dataclasses` alone would double the cost of --version
    help: str
    modules: tuple[str, ...]  # registered in this order to build the command (one, or a group and its extension)


# The commands in `--help` order. `mentee` and `log` need both modules: `log`'s module also adds
# `mentee erase`, to a mentee group that must exist by then.
COMMANDS: dict[str, Command] = {
    "demo": Command("open the app on a throwaway vault of fictional mentees (removed on exit)", ("app_commands",)),
    "init": Command("create a new vault", ("vault_commands",)),
    "passwd": Command("change the passphrase (rewrites only the header)", ("vault_commands",)),
    "recover": Command("set a new passphrase using the recovery key", ("vault_commands",)),
    "check": Command("authenticate and decrypt every file; name any damaged one", ("vault_commands",)),
    "locate": Command("print the vault, config and state folders", ("vault_commands",)),
    "mentee": Command("add, list, show, edit and archive mentees", ("mentees", "lifecycle_commands")),
    "session": Command("record, list, show, edit and delete sessions", ("sessions",)),
    "goal": Command("add, list, edit goals and record progress", ("goals",)),
    "action": Command("add, list and complete action items", ("actions",)),
    "agreement": Command("show and edit a mentee's agreement", ("agreement",)),
    "person": Command("third parties named in notes (redaction uses them)", ("people",)),
    "concern": Command("concern records (never exported)", ("people",)),
    "search": Command("search everything you wrote (case- and accent-insensitive)", ("search",)),
    "due": Command("overdue and upcoming actions, meetings and goals", ("due",)),
    "import": Command("import a folder of notes, a note file, or a jrnl JSON export", ("importing",)),
    "export": Command("write a redacted progress summary of one mentee", ("export_commands",)),
    "export-log": Command("list the exports recorded in the vault (counts only, never values)", ("export_commands",)),
    "log": Command(
        "the hours log for a programme: a row per session (date, mentee, minutes, format, programme)",
        ("mentees", "lifecycle_commands"),
    ),
    "backup": Command("write the whole vault, still encrypted, to one file", ("sync_commands",)),
    "restore": Command("restore a backup into the --vault folder (new or empty), then check it", ("sync_commands",)),
    "sync-status": Command("what a sync engine left in the vault folder, and what to do about it", ("sync_commands",)),
    "remove-header-copies": Command(
        "remove a sync engine's copies of the vault header, once every machine uses one passphrase",
        ("sync_commands",),
    ),
    "conflicts": Command("records edited on two machines (several current versions)", ("sync_commands",)),
}


def register(sub: Any, modules: Sequence[str]) -> None:
    """Import each command module (of this package) and let it add its subcommands to ``sub``."""
    for name in modules:
        importlib.import_module(f"{__package__}.{name}").register(sub)


class LazyCommands(argparse._SubParsersAction):  # type: ignore[type-arg]  # argparse has no public hook for this
    """The top-level subcommands: every name and help of ``COMMANDS``, each built only once chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, command in COMMANDS.items():
            self.add_parser(name, help=command.help)  # a stand-in: no arguments until chosen

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        name = values[0]  # argparse has already checked it is one of ours
        # The real command, built by its modules on a parser of the same name, so usage lines read the same.
        scratch = argparse.ArgumentParser(prog=parser.prog)
        sub = scratch.add_subparsers()
        register(sub, COMMANDS[name].modules)
        self._name_parser_map[name] = sub.choices[name]
        super().__call__(parser, namespace, values, option_string)
