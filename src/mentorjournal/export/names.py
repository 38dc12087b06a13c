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
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from mentorjournal.journal.text import APOSTROPHES, FOLD_TABLE, RESIZING, fold, learn

from .evidence import judge, surname_like
from .findings import Finding, KnownPerson
from .near import NearMisses
from .words import COMMON_WORDS, NAME_PARTICLES, NAME_WORDS, TITLES

# The one fold (journal/text.py), defined per character so that a folded match maps back to the original.
_APOSTROPHES = APOSTROPHES
_ASCII_FOLD = str.maketrans({"`": "'"})


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
        learn(text)
        if RESIZING.isdisjoint(text):
            # Every character folds to exactly one (accents, case): offsets carry over unchanged.
            self.folded = text.translate(FOLD_TABLE)
            self._starts = self._ends = None
            return
        pieces = [FOLD_TABLE[ord(c)] for c in text]
        starts: list[int] = []
        ends: list[int] = []
        for i, f in enumerate(pieces):
            if not f:
                # A character that folds to nothing belongs to the one before it: a match ending there must
                # swallow it, or "José" written with a combining accent would leave a stray accent behind.
                if ends:
                    ends[-1] = i + 1
                continue
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


_SEP, _APOS = "SEP", "APOS"  # trie units besides single letters


def _units(folded_name: str) -> list[str]:
    """An alias as regex units: letters, one separator unit per run of spaces/hyphens, optional apostrophes."""
    units: list[str] = []
    for c in folded_name.strip():
        if c.isspace() or c == "-":
            if units and units[-1] != _SEP:
                units.append(_SEP)
        elif c == "'":
            units.append(_APOS)
        else:
            units.append(c)
    return units


_Trie = dict[str, "_Trie"]
_END = ""  # marks a node where an alias ends


def _trie_regex(node: _Trie, *, root: bool = False) -> str:
    """One regex for every alias, shaped like their trie.

    Shared prefixes are matched once, and each position of the text costs one branch on its first letter
    rather than a try of every alias: that is the speed of precompiling all names together. Longer
    continuations are tried first and the engine backtracks, so the longest alias that fits wins.
    """
    branches = []
    for unit, child in sorted(node.items()):
        if unit == _END:
            continue
        if unit == _SEP:
            head = r"[\s\-]+"
        elif unit == _APOS:
            head = "'?"  # "OBrien" is how O'Brien appears in handles and lists
        else:
            head = re.escape(unit)
            if root:
                # The word boundary, checked after the first letter so the engine can skip to candidates.
                # Letters, digits and hyphens continue a word; "_" does not, so Markdown "_Jane_" matches.
                head += rf"(?<![^\W_]{head})(?<!-{head})"
        branches.append(head + _trie_regex(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node and not root else body


@dataclass(frozen=True)
class _Alias:
    label: str
    reason: str
    capital_only: bool  # a name that is also an everyday word ("Will", "Hope") must be written capitalised
    keep: bool = False  # recognised, left as written (the mentee's own name in their own summary)
    derived: bool = False  # one word of a longer name, not an alias given explicitly


class NameMatcher:
    """Every name and alias of a set of people, compiled once into a single regex.

    The single words of a multi-word name ("José" and "Núñez" of "José Núñez") are matched too, as the
    journal's aliases are: a first name alone still names the person. Particles ("de", "Ní") and titles
    are not. A word that is part of two people's names is replaced by the neutral "[person]" rather than
    attributed to one of them; an alias given explicitly always wins over a derived part.
    """

    def __init__(self, people: Sequence[KnownPerson]) -> None:
        self._aliases: dict[str, _Alias] = {}
        trie: _Trie = {}

        def add(folded: str, alias: _Alias) -> None:
            self._aliases[_key(folded)] = alias
            node = trie
            for unit in _units(folded):
                node = node.setdefault(unit, {})
            node[_END] = {}

        derived: dict[str, tuple[str, list[str]]] = {}  # key -> (folded part, labels of people it names)
        kept: set[str] = set()
        for person in people:
            for n, name in enumerate(person.names):
                folded = fold(name).strip()
                key = _key(folded)
                if len(key.replace(" ", "")) < 2 or not key[0].isalnum():
                    continue  # one letter would hit every initial and article
                if key in self._aliases:
                    continue  # the first person given keeps a shared alias (callers list the mentee first)
                reason = f"name of {person.label}" if n == 0 else f"alias {name!r} of {person.label}"
                add(folded, _Alias(person.label, reason, _everyday(key), person.keep))
                for part in folded.split() if " " in key else ():
                    part_key = _key(part)
                    if len(part_key) < 2 or not part_key[0].isalnum() or part_key in _NOT_A_NAME_PART:
                        continue
                    labels = derived.setdefault(part_key, (part, []))[1]
                    if person.label not in labels:
                        labels.append(person.label)
                    if person.keep:
                        kept.add(person.label)
        for key, (part, labels) in derived.items():
            if key in self._aliases:
                continue
            if len(labels) == 1:
                reason = f"part of the name of {labels[0]}"
                add(part, _Alias(labels[0], reason, _everyday(key), labels[0] in kept, derived=True))
            else:
                reason = "part of the names of " + " and ".join(labels)
                add(part, _Alias("[person]", reason, _everyday(key), derived=True))
        # "the Webbs' house": a plural possessive adds "s'" to the name; the "s" is matched, then dropped.
        plural = r"(?P<plural>s(?='))?"
        pattern = "(?P<name>" + _trie_regex(trie, root=True) + ")" + plural + r"(?![^\W_]|-)"
        self._regex = re.compile(pattern) if trie else None
        self._near = NearMisses({k: k for k in self._aliases if " " not in k})

    def find(self, folded: FoldedText) -> Iterator[Finding]:
        if self._regex is None:
            return
        spans: list[tuple[int, int]] = []
        for f in self._find_exact(folded):
            spans.append((f.start, f.end))
            yield f
        if self._near:
            yield from self._find_near(folded, spans)

    def _find_near(self, folded: FoldedText, taken: list[tuple[int, int]]) -> Iterator[Finding]:
        """Typos and other spellings of single-word names ("Jsoe", "Mohamed"): the person's label, not a flag."""
        text = folded.original
        covered = bytearray(len(text) + 1)
        for s, e in taken:
            covered[s:e] = b"\1" * (e - s)
        for m in _NEAR_WORD.finditer(folded.folded):
            target = self._near.match(m.group().replace("'", ""))
            if target is None:
                continue
            start, end = folded.span(m.start(), m.end())
            alias = self._aliases[target]
            if covered.find(1, start, end) != -1 or (alias.capital_only and not text[start].isupper()):
                continue
            label = text[start:end] if alias.keep else alias.label
            kind = "own_name" if alias.keep else "name"
            yield Finding(kind, start, end, text[start:end], label, f"a near miss of a name of {alias.label}")

    def _find_exact(self, folded: FoldedText) -> Iterator[Finding]:
        assert self._regex is not None
        text = folded.original
        for m in self._regex.finditer(folded.folded):
            alias = self._aliases.get(_key(m.group("name")))
            if alias is None:
                continue
            start, end = folded.span(m.start(), m.end())
            if alias.capital_only and not text[start].isupper():
                continue
            replacement = alias.label
            if m.group("plural") is not None:  # "Webbs'" -> "Person 1's": the apostrophe goes too
                if end < len(text) and text[end] in _APOSTROPHES:
                    end += 1
                replacement += "'s"
            elif _bare_possessive(text, end, m.group()):
                # "James' notes" -> "Person 1's notes": the apostrophe goes with the name it belonged to.
                end += 1
                replacement += "'s"
            else:
                end = _with_initial(text, end)  # "Chen W." -> "Mentee C", not "Mentee C W."
            if alias.keep:
                yield Finding("own_name", start, end, text[start:end], text[start:end], alias.reason)
                continue
            yield Finding("name", start, end, text[start:end], replacement, alias.reason)


_INITIAL = re.compile(r" (?!I\b)([A-Z])(\.?)(?![^\W_])")


def _with_initial(text: str, end: int) -> int:
    """Where a name ends once a following surname initial ("W" of "Chen W.") is taken with it.

    The initial's full stop goes too when the sentence goes on ("Chen W. said" -> "Mentee C said"); where a
    new sentence or line follows, it stays as the sentence's own full stop ("met Chen W." -> "met Mentee C.").
    """
    m = _INITIAL.match(text, end)
    if m is None:
        return end
    if not m.group(2):
        # Without a full stop only before punctuation: "Chen A good day" is a name and an article.
        following = text[m.end() : m.end() + 1]
        if following in ("'", "’"):  # "Chen W's plan", but not "O'Brien"
            return m.end() if re.match(r"['’]s(?![^\W_])", text[m.end() : m.end() + 3]) else end
        return m.end() if following in ("", ",", ";", ":", ")", "]", '"', "”") else end
    after = text[m.end() :]
    if after.startswith(("'", "’", '"', "”", ")", "]", ",", ";", ":")) or re.match(r"[ \t]+[a-z0-9]", after):
        return m.end()
    return m.end() - 1  # a new sentence, a line break or the end: the full stop is the sentence's


# A word of four letters or more, apostrophes inside, not joined to letters, digits or hyphens on either side.
_NEAR_WORD = re.compile(r"(?<![\w\-'])[^\W\d_]{2,}(?:'[^\W\d_]+)*[^\W\d_](?![\w\-])(?<=\w{4})")


def _everyday(key: str) -> bool:
    """A one-word name that is also an everyday word ("Will", "Hope", "Brown") must be capitalised to count."""
    return " " not in key and (key in COMMON_WORDS or key in NAME_WORDS)


_NOT_A_NAME_PART = NAME_PARTICLES | TITLES


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


def _upper_class() -> str:
    """A regex class of capital and title-case letters in the scripts that write names with capitals.

    The stdlib ``re`` has no \\p{Lu}; matching only capitalised words skips the lower-case majority early.
    """
    blocks = [(0x41, 0x2000), (0x2C00, 0x2E00), (0xA640, 0xA800), (0xFF21, 0xFF3B), (0x1E00, 0x2000)]
    chars = sorted({chr(c) for lo, hi in blocks for c in range(lo, hi) if chr(c).isupper() or chr(c).istitle()})
    return "[" + "".join(re.escape(c) for c in chars) + "]"


_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LETTERS = rf"[^\W\d_][{_MARKS}]*"
_UPPER = _upper_class()
_WORD = re.compile(rf"{_UPPER}(?<![\w@/\\.#].)[{_MARKS}]*(?:{_LETTERS})*(?:['’\-](?:{_LETTERS})+)*")
_OPENERS = " \t\r\n>#*+•-–—\"'“‘([_|"  # Markdown and punctuation that may sit between a sentence and its word


def _at_sentence_start(text: str, start: int) -> bool:
    """True if the word at ``start`` opens a sentence, a line, a list item or a heading."""
    lo = max(0, start - 40)
    before = text[lo:start]
    kept = before.rstrip(_OPENERS)
    if "\n" in before[len(kept) :] or (not kept and lo == 0):
        return True
    if not kept:
        return False
    # "1. Jane" and "2) Jane" are list items; "." also ends a sentence.
    return kept[-1] in ".!?:;…" or (kept[-1] == ")" and kept[:-1][-1:].isdigit())


# No "-er": it would turn Turner, Baker and Walker into "turn", "bake" and "walk".
_INFLECTIONS = (
    "s",
    "es",
    "ed",
    "d",
    "ing",
    "ly",
    "ies",
    "ied",
    "ment",
    "ments",
    "ness",
    "ful",
    "al",
    "ation",
    "ations",
    "ion",
    "ions",
)


def _is_common(word: str, *, inflected: bool) -> bool:
    if word in COMMON_WORDS:
        return True
    if not inflected or not word.endswith(_INFLECTIONS):
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


# (start, end, reason, replacement) of one flagged word, before neighbours are joined
_Token = tuple[int, int, str, str]


def possible_names(
    text: str, matcher: NameMatcher, allow: Collection[str], occupied: Sequence[tuple[int, int]] = ()
) -> Iterator[Finding]:
    """Capitalised words that may be names the journal does not know: flagged for the mentor, never certain.

    Words inside ``occupied`` spans (already certain findings) are skipped before neighbours are joined, so
    "Pat O'Brien" with O'Brien known still flags "Pat".
    """
    tokens: list[_Token] = []
    covered = bytearray(len(text) + 1)  # 1 where a certain finding already is: a C-speed overlap test
    for s, e in occupied:
        covered[s:e] = b"\1" * (e - s)
    prev_common = (-9, -9)  # span of the previous capitalised common word, for Title Case headings
    for m in _WORD.finditer(text):
        start, end = m.span()
        word = m.group()
        if word.endswith(("'s", "’s")):
            word, end = word[:-2], end - 2
        if len(word) < 2 or word.isupper() or (len(word) > 2 and word.endswith("s") and word[:-1].isupper()):
            continue  # initials, acronyms and their plurals ("RCDs")
        if covered.find(1, start, end) != -1:
            continue
        if end < len(text) - 1 and text[end] in "./@" and text[end + 1].isalnum():
            continue  # Node.js, Report.pdf, handles and paths
        folded = fold(word)
        if folded in allow:
            continue
        if folded in COMMON_WORDS and folded not in NAME_WORDS:
            if folded not in TITLES:
                prev_common = (start, end)
            continue  # the common case, decided without looking at the sentence around it
        at_start = _at_sentence_start(text, start)
        # Inflected forms count as common only where sentence case or Title Case explains the capital:
        # "Discussed ..." and "Public Speaking", but not "Met Wells" (a sentence's first word starts no title).
        title_case = (
            start - prev_common[1] in (1, 2)
            and text[prev_common[1] : start].strip() == ""
            and not _at_sentence_start(text, prev_common[0])
        )
        parts = [p for p in folded.replace("'", "").split("-") if p]
        inflected = at_start or title_case
        if folded not in NAME_WORDS and parts and all(_is_common(p, inflected=inflected) for p in parts):
            if folded not in TITLES:
                prev_common = (start, end)
            continue
        if _in_url(text, start):
            continue  # a path or host of a link ("docs.Example.org/Guide"): the URL rule decides links
        beside_name = (start >= 2 and text[start - 1] == " " and covered[start - 2] == 1) or (
            end + 1 < len(text) and text[end] == " " and covered[end + 1] == 1
        )
        verdict = judge(
            text, start, end, folded, at_start=at_start, title_case=title_case, beside_name=beside_name,
            phrase=_phrase(text, start, end),
        )  # fmt: skip
        beside_flag = bool(tokens) and tokens[-1][1] == start - 1 and text[start - 1] == " "
        if verdict is None and beside_flag and surname_like(folded):
            # "Bethany Clarke", "Jordan Mills": after a flagged given name, a surname goes with it.
            tokens.append((start, end, "a surname beside a flagged name", "[name?]"))
            continue
        if verdict is None:
            prev_common = (start, end)  # an English word, place or product: it may continue a Title Case run
            continue
        tokens.append((start, end, verdict.reason, "[name?]"))
    # Terse notes in lower case: a word after a title is a name whatever its case ("mrs o'hara", "mr devlin").
    for m in _LOWER_AFTER_TITLE.finditer(text):
        start, end = m.span("name")
        if m.group("name").endswith(("'s", "’s")):
            end -= 2
        word = fold(text[start:end])
        if word in COMMON_WORDS or word in allow or covered.find(1, start, end) != -1:
            continue
        tokens.append((start, end, "a word after a title such as 'Mr' or 'Dr'", "[name?]"))
    tokens.sort()
    yield from _merge(text, tokens, allow)


_LOWER_AFTER_TITLE = re.compile(
    r"(?<![\w])(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+(?P<name>[a-z][a-z'’]*[a-z](?:-[a-z]+)*(?:['’]s)?)(?![\w-])",
    re.IGNORECASE,
)


_PARTICLES_ALT = "|".join(sorted(NAME_PARTICLES))
_CAPITALISED_BEFORE = re.compile(rf"(?:{_UPPER}[^\s.,;:!?()\[\]\"“”]*|{_PARTICLES_ALT}) $")
_CAPITALISED_AFTER = re.compile(rf" (?:{_UPPER}[^\s.,;:!?()\[\]\"“”]*|(?:{_PARTICLES_ALT})(?= {_UPPER}))")


def _phrase(text: str, start: int, end: int) -> tuple[int, int]:
    """The run of capitalised words (and name particles) holding ``text[start:end]``: "in Da Nang"."""
    lo = start
    for _ in range(4):
        m = _CAPITALISED_BEFORE.search(text, max(0, lo - 30), lo)
        if m is None or (m.start() > 0 and not text[m.start() - 1].isspace()):
            break
        before = fold(text[m.start() : lo - 1])
        if before in TITLES or (before in COMMON_WORDS and before not in NAME_PARTICLES):
            break  # "Dr" and "The" are no part of the phrase: their own rules read them
        lo = m.start()
    hi = end
    for _ in range(4):
        m = _CAPITALISED_AFTER.match(text, hi)
        if m is None:
            break
        hi = m.end()
    return lo, hi


_URL_TOKEN = re.compile(r"(?:[a-z][\w+.-]*://|www\.|[\w-]+(?:\.[\w-]+)+/)", re.IGNORECASE)


def _in_url(text: str, start: int) -> bool:
    """True if the word at ``start`` sits inside a link-shaped token (a scheme, www., or host/path)."""
    lo = start
    while lo > 0 and not text[lo - 1].isspace() and text[lo - 1] not in "([<\"'":
        lo -= 1
    if lo == start:
        return False
    hi = start
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return _URL_TOKEN.match(text, lo, hi) is not None


def _merge(text: str, tokens: list[_Token], allow: Collection[str]) -> Iterator[Finding]:
    """Consecutive flagged words ("Maria Gonzalez", "Maria de la Cruz") become one finding."""
    i = 0
    while i < len(tokens):
        j = i
        while j + 1 < len(tokens):
            gap = text[tokens[j][1] : tokens[j + 1][0]]
            words = gap.split()
            adjacent = gap == " "
            joined_by_particles = (
                gap.startswith(" ")
                and gap.endswith(" ")
                and "\n" not in gap
                and bool(words)
                and all(w in NAME_PARTICLES for w in words)
            )
            if adjacent or joined_by_particles:
                j += 1
            else:
                break
        start, end = tokens[i][0], tokens[j][1]
        if fold(text[start:end]) not in allow:
            if i == j:
                reason, replacement = tokens[i][2], tokens[i][3]
            else:
                reason, replacement = "capitalised words together; " + tokens[i][2], "[name?]"
            yield Finding("possible_name", start, end, text[start:end], replacement, reason, needs_review=True)
        i = j + 1
