"""The app's one-line text field: Textual's ``Input`` that keeps its text when focused.

Textual selects a field's whole text when it gets focus, so the next key replaced it: tabbing into a
filled title or tags field and typing lost what was there. Here focus only places the cursor at the end.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class TextField(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
