"""Text folding shared by search, name matching and the importer.

``fold`` makes comparisons case- and accent-insensitive: NFKD, drop combining marks, casefold
(so "José Núñez", "JOSE NUNEZ" and "jose nunez" are equal, and "ß" matches "ss").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD_RE = re.compile(r"[^\W_]+")


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=8192)
def _without_marks(run: str) -> str:
    return "".join(ch for ch in run if not unicodedata.combining(ch))


def _strip_marks(match: re.Match[str]) -> str:
    return _without_marks(match.group())


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` (for comparing, never for showing)."""
    if text.isascii():
        return text.lower()  # the common case, and casefold() of ASCII is lower()
    # Only the non-ASCII runs can hold combining marks; ASCII stays on the fast C path.
    stripped = _NON_ASCII_RUN.sub(_strip_marks, unicodedata.normalize("NFKD", text)).casefold()
    return stripped if stripped.isascii() else unicodedata.normalize("NFKC", stripped)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold(ch)


# ASCII punctuation and controls to spaces: once folded text is ASCII, str.split finds the words fast.
_ASCII_SEPARATORS = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})


def words(text: str) -> list[str]:
    """The folded words of ``text``: runs of letters and digits ("O'Brien's" gives o, brien, s)."""
    folded = fold(text)
    if folded.isascii():
        return folded.translate(_ASCII_SEPARATORS).split()
    return _WORD_RE.findall(folded)


def folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold`` applied character by character, with each folded character's offset in ``text``.

    Used to find a folded term in the original text (snippets). Folding one character can give
    zero, one or several characters; each maps back to the character it came from.
    """
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded = fold(text)
    if len(folded) == len(text):
        # Nearly always one character for one ("é" -> "e"): close enough to place a snippet.
        return folded, list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = ch.lower() if ch.isascii() else _fold_char(ch)
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets
