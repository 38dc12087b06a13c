"""Near misses of known names: a typo ("Jsoe"), or another spelling of the same name ("Mohamed" for
"Mohammed", "Aleksandr" for "Alexander"), is matched to the known person rather than flagged as unknown.

Two tests, both after folding (accents, case):
- **Typos:** Damerau-Levenshtein distance 1 for words of 4-8 letters, 2 from 9, same first letter, and the word
  is neither English nor a name in its own right ("Josh" is not a typo of "Jose").
- **Transliterations:** equal *loose keys* (ks -> x, ph -> f, kh/gh -> h, ck/q/c -> k, y -> i, doubled letters
  once, and inner vowels o/u and e/a merged) for words of 6 letters or more; for 8 or more, one edit apart
  with the same last letter.
  The final vowel is kept, so "Christina" is not "Christine" and "Daniela" is not "Daniel".
Short words and English words never match: precision matters more than one more catch.
"""

from __future__ import annotations

import re

from . import lexicon
from .words import COMMON_WORDS

_LOOSE_PAIRS = (("ks", "x"), ("ph", "f"), ("kh", "h"), ("gh", "h"), ("ck", "k"), ("q", "k"), ("c", "k"),
                ("y", "i"))  # fmt: skip
_INNER = str.maketrans({"o": "u", "e": "a"})


def loose_key(word: str) -> str:
    w = word.replace("'", "").replace("-", "")
    for a, b in _LOOSE_PAIRS:
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)
    if len(w) > 2:
        w = w[0] + w[1:-1].translate(_INNER) + w[-1]
    w = re.sub(r"(?<=[^aeiou])h", "", w)
    return re.sub(r"(.)\1+", r"\1", w)


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, giving up past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


class NearMisses:
    """The single-word names of a set of people, indexed for near-miss lookups."""

    def __init__(self, keys: dict[str, str]) -> None:
        """``keys``: folded single-word name -> the alias key it stands for (the caller's lookup)."""
        self._by_first: dict[str, list[tuple[str, str, str]]] = {}  # first letter -> (word, target, loose)
        self._by_loose: dict[str, set[str]] = {}
        for word, target in keys.items():
            if len(word) < 4 or not word.isalpha():
                continue
            self._by_first.setdefault(word[0], []).append((word, target, loose_key(word)))
            if len(word) >= 6:
                self._by_loose.setdefault(loose_key(word), set()).add(target)
        self._exact = frozenset(keys)
        self._memo: dict[str, str | None] = {}

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def match(self, word: str) -> str | None:
        """The alias key ``word`` (folded) is a near miss of, or None (remembered: notes repeat their words)."""
        try:
            return self._memo[word]
        except KeyError:
            pass
        found = self._match(word)
        if len(self._memo) < 200_000:
            self._memo[word] = found
        return found

    def _match(self, word: str) -> str | None:
        if len(word) < 4 or word in self._exact or word in COMMON_WORDS:
            return None
        candidates = self._by_first.get(word[0])
        if not candidates:
            return None
        english = lexicon.is_english(word)
        a_name = lexicon.given_names().get(word, 0) >= 2 or lexicon.is_surname(word)
        only_english = english and not a_name
        if len(word) >= 6 and not only_english:
            lk = loose_key(word)
            targets = self._by_loose.get(lk, set())
            if len(targets) == 1:
                return next(iter(targets))
            if len(word) >= 8:
                close = {t for w, t, wl in candidates if len(w) >= 8 and wl[-1] == lk[-1] and distance(lk, wl, 1) <= 1}
                if len(close) == 1:
                    return close.pop()
        if english or a_name:
            return None  # a word or a name in its own right ("Josh", "Hose") is not a typo
        limit = 1 if len(word) <= 8 else 2
        found = {t for w, t, _ in candidates if distance(word, w, limit) <= limit}
        return found.pop() if len(found) == 1 else None
