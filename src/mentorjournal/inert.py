"""Making vault text inert outside the vault: control characters shown, never acted on.

A note may hold terminal escape sequences (``ESC ] 52`` writes the clipboard, ``ESC [ 2 J`` clears the
screen), carriage returns that overwrite a line, or bidi overrides that reorder it. Printed to a terminal
or written into an export someone will ``cat``, they must appear as text. Newline and tab are kept.
"""

from __future__ import annotations

# The characters vault text may not carry to a screen or an export as themselves: C0 (but tab and newline),
# DEL, C1, and the format characters that reorder or hide text. The CLI shows them as ``\x1b``-style
# escapes (below); the app as control pictures (tui/widgets/safe_text.py). One set for both.
UNSAFE_CODEPOINTS = frozenset(
    [
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)
_CONTROL = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in UNSAFE_CODEPOINTS}
# Lone surrogates (undecodable bytes in an argument or a file name) cannot even be printed: shown as escapes.
_CONTROL.update({c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)})
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (*UNSAFE_CODEPOINTS, *range(0xD800, 0xE000))}


def inert_for_terminal(text: str) -> str:
    """Replace C0/C1 controls (but newline and tab) and bidi controls by visible escapes like ``\\x1b``."""
    return text.translate(_CONTROL)


_LINE_CONTROL = {**_CONTROL, 0x09: "\\t", 0x0A: "\\n", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def inert_json(text: str) -> str:
    """JSON text with every unsafe character inside its strings written as a ``\\uXXXX`` escape.

    Lossless (a JSON reader gets the very same strings back) and inert on any channel: ``json.dumps``
    escapes C0 controls but, with ``ensure_ascii=False``, leaves DEL, C1 and bidi controls raw.
    """
    return text.translate(_JSON_ESCAPES)


def inert_name(text: str) -> str:
    """A file name or one-line message made inert: every control shown, newline and tab included.

    A name cannot then forge a second line of output, move the cursor, set the window title or write the
    clipboard, on whatever channel it is printed (stdout, stderr, the app, a log).
    """
    return text.translate(_LINE_CONTROL)
