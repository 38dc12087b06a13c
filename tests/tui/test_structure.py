"""The app's package keeps one direction of imports: app.py imports screens, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import mentorjournal.tui

TUI = Path(mentorjournal.tui.__file__).parent
ENTRY_POINTS = {"__init__.py", "demo.py"}  # they start the app, so they import it (inside a function)
MAX_LINES = 600


def runtime_imports(path: Path) -> set[str]:
    """Modules ``path`` imports when it runs: everything except imports under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def tui_modules() -> dict[str, Path]:
    out = {}
    for path in TUI.rglob("*.py"):
        parts = path.relative_to(TUI).with_suffix("").parts
        name = ".".join(("mentorjournal", "tui", *parts)).removesuffix(".__init__")
        out[name] = path
    return out


class TestAcyclic:
    def test_no_screen_imports_the_app_at_run_time(self) -> None:
        """Screens, dialogs and widgets reach the app through ``access.journal_app`` (a cast), not an import."""
        offenders = [
            name
            for name, path in tui_modules().items()
            if path.name not in ENTRY_POINTS and "mentorjournal.tui.app" in runtime_imports(path)
        ]
        assert offenders == []

    def test_no_import_circle_in_the_app(self) -> None:
        """A depth-first walk of the package's run-time imports finds no cycle."""
        modules = tui_modules()
        graph = {name: {m for m in runtime_imports(path) if m in modules} for name, path in modules.items()}
        state: dict[str, int] = {}
        cycle: list[str] = []

        def visit(name: str, trail: list[str]) -> bool:
            state[name] = 1
            for child in sorted(graph[name]):
                if state.get(child) == 1:
                    cycle.extend([*trail, name, child])
                    return True
                if child not in state and visit(child, [*trail, name]):
                    return True
            state[name] = 2
            return False

        for name in sorted(graph):
            if name not in state and visit(name, []):
                break
        assert cycle == []

    def test_no_module_over_600_lines(self) -> None:
        long = {
            p.name: n for p in TUI.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        }
        assert long == {}
