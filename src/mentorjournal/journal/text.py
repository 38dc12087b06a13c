"""Text folding: the one ``fold`` of the whole application (search, sorting, mentee look-up, redaction).

``fold`` makes comparisons case-, accent-, apostrophe- and hyphen-insensitive, one character at a time
(``fold_char``): NFKD, drop combining marks, casefold, plus the letters people type both ways that NFKD
leaves alone ("Søren" / "Soren", "Łukasz" / "Lukasz", "ß" / "ss"); typographic apostrophes become "'",
typographic hyphens "-", and invisible format characters vanish. So "José Núñez", "JOSE NUNEZ" and
"jose nunez" are equal. Because it is defined per character, the redaction can map a folded match back
to the original text (``export.names.FoldedText``). For comparing, never for showing.
"""

from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"[^\W_]+")

# Letters NFKD does not decompose but that people type both ways ("Søren" / "Soren").
SPECIAL_LETTERS = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ß": "ss"}
APOSTROPHES = "'’‘ʼ′`´"
HYPHENS = "‐‑‒"  # U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash

# Folds of every non-ASCII character met so far, for str.translate (C speed on long notes); and the
# characters whose fold is not exactly one character (the offsets of a folded copy shift at those).
FOLD_TABLE: dict[int, str] = {}
_SEEN: set[str] = set()
RESIZING: set[str] = set()


def fold_char(c: str) -> str:
    """Fold one character: may return "" (combining marks, zero-width) or several characters."""
    if c.isascii():
        return "'" if c == "`" else c.lower()
    low = c.lower()
    if low in SPECIAL_LETTERS:
        return SPECIAL_LETTERS[low]
    if c in APOSTROPHES:
        return "'"
    if c in HYPHENS:
        return "-"
    if unicodedata.category(c) == "Cf":
        return ""  # zero-width joiners, soft hyphens: invisible, and must not split a name
    out: list[str] = []
    for d in unicodedata.normalize("NFKD", c).casefold():
        # casefold can itself produce decomposable text ("İ" -> "i̇"), so strip marks after it as well.
        out.extend(ch for ch in unicodedata.normalize("NFKD", d) if not unicodedata.combining(ch))
    return "".join(SPECIAL_LETTERS.get(ch, ch) for ch in out)


def learn(text: str) -> None:
    """Put the folds of ``text``'s characters not met before into ``FOLD_TABLE`` (and ``RESIZING``)."""
    unseen = set(text).difference(_SEEN)
    for c in unseen:
        f = fold_char(c)
        FOLD_TABLE[ord(c)] = f
        if len(f) != 1:
            RESIZING.add(c)
    _SEEN.update(unseen)


def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive form of ``text``: ``fold_char`` of each character."""
    if text.isascii():
        low = text.lower()  # the common case: two C calls (a dict translate costs several times more)
        return low.replace("`", "'") if "`" in low else low
    learn(text)
    return text.translate(FOLD_TABLE)


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
    folded = fold(text)
    if text.isascii() or RESIZING.isdisjoint(text):
        return folded, list(range(len(text)))  # one character for one: offsets carry over
    offsets: list[int] = []
    for i, ch in enumerate(text):
        offsets.extend([i] * len(fold_char(ch) if ch.isascii() else FOLD_TABLE[ord(ch)]))
    return folded, offsets
