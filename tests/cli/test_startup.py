"""Start-up loads only what the command needs: the lazy command line is the eager one, command by command.

``main`` parses against ``commands_registry.COMMANDS`` (names and help only) and imports a command's
modules once argparse has chosen it; ``build_parser()`` registers every module up front. These tests
hold the two to the same help, usage, defaults and handlers, and check what a start imports.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from mentorjournal.cli import build_parser, commands_registry

# What a bare start must not load: any command module, the vault, the journal, the export engine.
HEAVY = ("mentorjournal.cli.context", "mentorjournal.vault", "mentorjournal.journal", "mentorjournal.export")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _describe(parser: argparse.ArgumentParser) -> list[tuple[str, str, object]]:
    """Every parser under ``parser``: its prog, its whole help text and its handler."""
    out = [(parser.prog, parser.format_help(), parser.get_default("handler"))]
    for child in _subcommands(parser).values():
        out += _describe(child)
    return out


def _lazily_chosen(name: str) -> argparse.ArgumentParser:
    """The parser the lazy command line uses for ``name``, once argparse has chosen it."""
    parser = build_parser(lazy=True)
    with pytest.raises(SystemExit):
        parser.parse_args([name, "--help"])  # choosing it builds it; its own --help then exits
    return _subcommands(parser)[name]


class TestTheLazyCommandLineIsTheEagerOne:
    def test_the_top_level_help_and_commands_are_the_same(self) -> None:
        eager, lazy = build_parser(), build_parser(lazy=True)
        assert lazy.format_help() == eager.format_help()
        assert list(_subcommands(lazy)) == list(_subcommands(eager)) == list(commands_registry.COMMANDS)

    @pytest.mark.parametrize("name", list(commands_registry.COMMANDS))
    def test_each_command_is_built_as_the_eager_parser_builds_it(
        self, name: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        eager = _subcommands(build_parser())[name]
        assert _describe(_lazily_chosen(name)) == _describe(eager)
        capsys.readouterr()

    def test_every_module_builds_a_listed_command(self) -> None:
        listed = {m for command in commands_registry.COMMANDS.values() for m in command.modules}
        assert listed == set(commands_registry.MODULES)

    def test_a_parsed_command_line_is_the_same(self) -> None:
        argv = ["--vault", "/v", "session", "list", "--mentee", "Ada", "--limit", "3", "--json"]
        lazy = vars(build_parser(lazy=True).parse_args(argv))
        assert lazy == vars(build_parser().parse_args(argv))
        assert lazy["handler"].__name__ == "cmd_session_list"

    def test_an_unknown_command_lists_every_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as lazy_exit:
            build_parser(lazy=True).parse_args(["sesion"])
        lazy_err = capsys.readouterr().err
        with pytest.raises(SystemExit):
            build_parser().parse_args(["sesion"])
        assert lazy_exit.value.code == 2
        assert lazy_err == capsys.readouterr().err
        assert "remove-header-copies" in lazy_err


def _imported_after(*argv: str) -> set[str]:
    """The modules a fresh interpreter holds after ``mentorjournal ARGV`` has parsed its command line."""
    code = (
        "import sys\n"
        "from mentorjournal.cli import build_parser\n"
        f"try:\n    build_parser(lazy=True).parse_args({list(argv)!r})\n"
        "except SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def _command_modules(loaded: set[str]) -> set[str]:
    return {m.split(".")[2] for m in loaded if m.count(".") == 2 and m.startswith("mentorjournal.cli.")} & set(
        commands_registry.MODULES
    )


class TestWhatAStartImports:
    @pytest.mark.parametrize("argv", [["--version"], ["--help"], ["sesion"]])
    def test_version_help_and_a_typo_load_no_command_nor_vault_journal_export_code(self, argv: list[str]) -> None:
        loaded = _imported_after(*argv)
        heavy = sorted(m for m in loaded if m.startswith(HEAVY) or m in ("cryptography", "argon2", "textual"))
        assert _command_modules(loaded) == set()
        assert heavy == []

    @pytest.mark.parametrize("command", ["session", "search", "log"])
    def test_a_command_loads_its_own_modules_and_no_other_command_module(self, command: str) -> None:
        loaded = _imported_after(command, "--help")
        assert _command_modules(loaded) == set(commands_registry.COMMANDS[command].modules)
        assert "mentorjournal.export.redaction" not in loaded
        assert "textual" not in loaded

    def test_the_version_runs_as_a_whole_command(self) -> None:
        out = subprocess.run(
            [sys.executable, "-m", "mentorjournal", "--version"], capture_output=True, text=True, check=True
        )
        assert out.stdout.startswith("mentorjournal ")
