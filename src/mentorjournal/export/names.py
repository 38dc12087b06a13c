"""Finding people's names: the ones the journal knows, and capitalised words that might be others.

Known names are matched on a *folded* copy of the text (accents stripped, case folded, typographic
apostrophes and hyphens made plain) through one precompiled alternation per set of people, and every match
is mapped back to offsets in the original text. Folding can change length ('ß' -> 'ss', combining marks
vanish), so :class:`FoldedText` keeps an offset map rather than assuming a 1:1 correspondence.

This module must never log, print or store the names it is given or the words it finds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from .findings import Finding, KnownPerson
from .words import COMMON_WORDS, MONTHS_AND_DAYS, NAME_PARTICLES, NAME_WORDS, TITLES

# Letters NFKD does not decompose but that people type both ways ("Søren" / "Soren").
_SPECIAL = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ß": "ss"}
_APOSTROPHES = "'’‘ʼ′`´"
_HYPHENS = "‐‑‒"  # U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash
_ASCII_FOLD = str.maketrans({"`": "'"})


@functools.lru_cache(maxsize=4096)
def fold_char(c: str) -> str:
    """Fold one character for matching: may return "" (combining marks, zero-width) or several characters."""
    low = c.lower()
    if low in _SPECIAL:
        return _SPECIAL[low]
    if c in _APOSTROPHES:
        return "'"
    if c in _HYPHENS:
        return "-"
    if unicodedata.category(c) == "Cf":
        return ""  # zero-width joiners, soft hyphens: invisible, and must not split a name
    out: list[str] = []
    for d in unicodedata.normalize("NFKD", c).casefold():
        # casefold can itself produce decomposable text ("İ" -> "i̇"), so strip marks after it as well.
        out.extend(ch for ch in unicodedata.normalize("NFKD", d) if not unicodedata.combining(ch))
    return "".join(_SPECIAL.get(ch, ch) for ch in out)


def fold(text: str) -> str:
    return FoldedText(text).folded


class FoldedText:
    """A folded copy of ``text`` and a map from folded offsets back to original ones."""

    __slots__ = ("_ends", "_starts", "folded", "original")

    def __init__(self, text: str) -> None:
        self.original = text
        if text.isascii():
            # The common case: lower() on ASCII keeps every offset.
            self.folded = text.lower().translate(_ASCII_FOLD)
            self._starts: list[int] | None = None
            self._ends: list[int] | None = None
            return
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for i, c in enumerate(text):
            f = fold_char(c) if not c.isascii() else c.lower()
            if not f:
                # A character that folds to nothing belongs to the one before it: a match ending there must
                # swallow it, or "José" written with a combining accent would leave a stray accent behind.
                if ends:
                    ends[-1] = i + 1
                continue
            pieces.append(f)
            starts.extend([i] * len(f))
            ends.extend([i + 1] * len(f))
        self.folded = "".join(pieces)
        self._starts, self._ends = starts, ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets for folded ``[start, end)``, widened to whole original characters."""
        if self._starts is None or self._ends is None:
            return start, end
        return self._starts[start], self._ends[end - 1]


# --- known names ----------------------------------------------------------------------------------------

_KEY_SEPARATORS = re.compile(r"[\s\-]+")


def _key(folded_name: str) -> str:
    return _KEY_SEPARATORS.sub(" ", folded_name.replace("'", "")).strip()


def _alias_pattern(folded_name: str) -> str:
    parts = []
    for token in _KEY_SEPARATORS.split(folded_name.strip()):
        # An apostrophe inside a name is optional: "OBrien" is how O'Brien appears in handles and lists.
        parts.append("'?".join(re.escape(piece) for piece in token.split("'")))
    # Between parts of a multi-word or hyphenated name, any run of spaces, line breaks or hyphens.
    return r"[\s\-]+".join(parts)


@dataclass(frozen=True)
class _Alias:
    label: str
    reason: str
    capital_only: bool  # a name that is also an everyday word ("Will", "Hope") must be written capitalised


class NameMatcher:
    """Every name and alias of a set of people, compiled once into a single alternation."""

    def __init__(self, people: Sequence[KnownPerson]) -> None:
        self._aliases: dict[str, _Alias] = {}
        self.parts: dict[str, str] = {}  # folded single words of multi-word names -> label, for flagging
        patterns: dict[str, str] = {}
        for person in people:
            for n, name in enumerate(person.names):
                folded = fold(name).strip()
                key = _key(folded)
                if len(key.replace(" ", "")) < 2 or not re.search(r"\w", key):
                    continue  # one letter would hit every initial and article
                if key in self._aliases:
                    continue  # the first person given keeps a shared alias (callers list the mentee first)
                single = " " not in key
                reason = f"name of {person.label}" if n == 0 else f"alias {name!r} of {person.label}"
                self._aliases[key] = _Alias(person.label, reason,
                                            single and (key in COMMON_WORDS or key in NAME_WORDS))
                patterns[key] = _alias_pattern(folded)
                if not single:
                    for part in key.split():
                        self.parts.setdefault(part, person.label)
        # Longest first: the regex engine takes the first alternative that fits, so "jose nunez" must be
        # tried before "jose".
        ordered = sorted(patterns, key=lambda k: (-len(k), k))
        self._regex = (
            # Letters, digits and hyphens continue a word; "_" does not, so Markdown "_Jane_" still matches.
            re.compile(r"(?<![^\W_])(?<!-)(?:" + "|".join(patterns[k] for k in ordered) + r")(?![^\W_]|-)")
            if ordered else None
        )

    def find(self, folded: FoldedText) -> Iterator[Finding]:
        if self._regex is None:
            return
        text = folded.original
        for m in self._regex.finditer(folded.folded):
            alias = self._aliases.get(_key(m.group()))
            if alias is None:
                continue
            start, end = folded.span(m.start(), m.end())
            if alias.capital_only and not text[start].isupper():
                continue
            replacement = alias.label
            if _bare_possessive(text, end, m.group()):
                # "James' notes" -> "Person 1's notes": the apostrophe goes with the name it belonged to.
                end += 1
                replacement += "'s"
            yield Finding("name", start, end, text[start:end], replacement, alias.reason)


def _bare_possessive(text: str, end: int, folded_match: str) -> bool:
    return (
        folded_match.endswith("s")
        and end < len(text)
        and text[end] in _APOSTROPHES
        and re.match(r"[ \t]+[a-z]", text[end + 1 : end + 4]) is not None
    )


@functools.lru_cache(maxsize=16)
def name_matcher(people: tuple[KnownPerson, ...]) -> NameMatcher:
    """Cached, so scanning hundreds of summaries for the same people compiles the alternation once."""
    return NameMatcher(people)


# --- possible names -------------------------------------------------------------------------------------

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LETTERS = rf"[^\W\d_][{_MARKS}]*"
_WORD = re.compile(rf"(?<![\w@/\\.#])(?:{_LETTERS})+(?:['’\-](?:{_LETTERS})+)*")
_SENTENCE_START = re.compile(r"(?:\A|[.!?:;…]|\n)[\s>#*+•\-–—\"'“‘(\[_\d.)|]*\Z")
# No "-er": it would turn Turner, Baker and Walker into "turn", "bake" and "walk".
_INFLECTIONS = ("s", "es", "ed", "d", "ing", "ly", "ies", "ied", "ment", "ments", "ness", "ful", "al",
                "ation", "ations", "ion", "ions")


def _is_common(word: str, *, inflected: bool) -> bool:
    if word in COMMON_WORDS:
        return True
    if not inflected:
        return False
    for suffix in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            candidates = {c for c in (stem, stem + "e") if len(c) >= 3}
            if suffix in ("ies", "ied"):
                candidates.add(stem + "y")
            if len(stem) > 3 and stem[-1] == stem[-2]:
                candidates.add(stem[:-1])  # planned -> plan
            if candidates & COMMON_WORDS:
                return True
    return False


@dataclass
class _Token:
    start: int
    end: int
    flag: bool
    reason: str
    replacement: str


def possible_names(
    text: str, matcher: NameMatcher, allow: Collection[str], occupied: Sequence[tuple[int, int]] = ()
) -> Iterator[Finding]:
    """Capitalised words that may be names the journal does not know: flagged for the mentor, never certain.

    Words inside ``occupied`` spans (already certain findings) are skipped before neighbours are joined, so
    "Pat O'Brien" with O'Brien known still flags "Pat".
    """
    tokens: list[_Token] = []
    prev_title_case_end = -2  # end of the previous capitalised common word, for Title Case headings
    for m in _WORD.finditer(text):
        start, end = m.span()
        word = m.group()
        if word.endswith(("'s", "’s")):
            word, end = word[:-2], end - 2
        if any(start < e and s < end for s, e in occupied):
            continue
        first = word[0]
        if not first.isupper() or len(word) < 2 or word.upper() == word:
            continue  # lower case, initials, acronyms
        if end < len(text) - 1 and text[end] in "./@" and text[end + 1].isalnum():
            continue  # Node.js, Report.pdf, handles and paths
        folded = fold(word)
        if folded in allow:
            continue
        at_start = _SENTENCE_START.search(text, max(0, start - 40), start) is not None
        # Inflected forms count as common only where sentence case or Title Case explains the capital:
        # "Discussed ..." and "Public Speaking", but not "Met Wells" (a sentence's first word starts no title).
        title_case = start - prev_title_case_end in (1, 2) and text[prev_title_case_end:start].strip() == ""
        parts = [p for p in folded.replace("'", "").split("-") if p]
        label = matcher.parts.get(folded)
        inflected = (at_start or title_case) and label is None
        common = bool(parts) and all(_is_common(p, inflected=inflected) for p in parts)
        if common:
            if folded not in TITLES and not at_start:
                prev_title_case_end = end
            if folded in NAME_WORDS and folded not in MONTHS_AND_DAYS and not at_start and not title_case:
                tokens.append(_Token(start, end, True, "capitalised mid-sentence, and also a given name",
                                     "[name?]"))
            continue
        if label is not None:
            tokens.append(_Token(start, end, True, f"part of the name of {label}", label))
        else:
            tokens.append(_Token(start, end, True, "capitalised word not in the journal", "[name?]"))
    yield from _merge(text, tokens, allow)


def _merge(text: str, tokens: list[_Token], allow: Collection[str]) -> Iterator[Finding]:
    """Consecutive flagged words ("Maria Gonzalez", "Maria de la Cruz") become one finding."""
    i = 0
    while i < len(tokens):
        j = i
        while j + 1 < len(tokens):
            gap = text[tokens[j].end : tokens[j + 1].start]
            words = gap.split()
            adjacent = gap == " "
            joined_by_particles = (
                gap.startswith(" ") and gap.endswith(" ") and "\n" not in gap
                and bool(words) and all(w in NAME_PARTICLES for w in words)
            )
            if adjacent or joined_by_particles:
                j += 1
            else:
                break
        start, end = tokens[i].start, tokens[j].end
        if fold(text[start:end]) not in allow:
            if i == j:
                reason, replacement = tokens[i].reason, tokens[i].replacement
            else:
                reason, replacement = "capitalised words not in the journal", "[name?]"
            yield Finding("possible_name", start, end, text[start:end], replacement, reason,
                          needs_review=True)
        i = j + 1
