"""Vault text made safe to draw: never markup, never a terminal escape.

Everything a mentor wrote (and everything a synced file could carry) reaches the screen through
``inert``: it returns a ``rich.text.Text`` (which Textual draws as-is, without parsing markup) in
which every C0/C1 control character except newline and tab, and every bidirectional override, is
replaced by a visible stand-in. So ``[bold]x[/bold]`` shows its brackets and ``\\x1b]52;...``
shows as ``␛]52;...`` instead of writing to the clipboard through the terminal.

This module must never pass vault text to ``Text.from_markup``, ``Content.from_markup`` or a
widget with ``markup=True``.
"""

from __future__ import annotations

import re

from rich.text import Text

from mentorjournal.inert import UNSAFE_CODEPOINTS

# C0 (except \t and \n), DEL, C1, and the Unicode format characters that reorder or hide text.
_UNSAFE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(UNSAFE_CODEPOINTS)) + "]")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ␀ ... ␟, ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with every unsafe character replaced by a visible stand-in (for Input/TextArea values)."""
    return _UNSAFE_RE.sub(_stand_in, text)


def has_unsafe(text: str) -> bool:
    """True when ``visible(text)`` would change something."""
    return _UNSAFE_RE.search(text) is not None


def inert(text: str | None, style: str = "", *, one_line: bool = False) -> Text:
    """A ``Text`` that draws exactly the characters of ``text`` (markup and escapes made visible).

    ``one_line`` folds newlines and tabs to spaces (table cells, list prompts).
    """
    shown = visible(text or "")
    if one_line:
        shown = " ".join(shown.split())
    return Text(shown, style=style, no_wrap=one_line, end="")


def join(*parts: Text | str, sep: str = "") -> Text:
    """Concatenate ``Text`` parts; plain ``str`` parts are app-authored labels, also added as plain text."""
    out = Text(end="")
    for i, part in enumerate(parts):
        if i and sep:
            out.append(sep)
        out.append(part if isinstance(part, Text) else Text(part))
    return out
