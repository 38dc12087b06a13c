"""Text folding shared by search, name matching and the importer.

``fold`` makes comparisons case- and accent-insensitive: NFKD, drop combining marks, casefold
(so "José Núñez", "JOSE NUNEZ" and "jose nunez" are equal, and "ß" matches "ss").
"""

from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` (for comparing, never for showing)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", stripped.casefold())


def words(text: str) -> list[str]:
    """The folded words of ``text``: runs of letters and digits ("O'Brien's" gives o, brien, s)."""
    return _WORD_RE.findall(fold(text))


def folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold`` applied character by character, with each folded character's offset in ``text``.

    Used to find a folded term in the original text (snippets). Folding one character can give
    zero, one or several characters; each maps back to the character it came from.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = fold(ch) if not ch.isascii() else ch.lower()
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets
