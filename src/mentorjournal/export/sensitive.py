"""Special-category information: sentences about health, faith, immigration status and the like.

GDPR article 9 names the categories of personal data that need more than ordinary care (health, racial or
ethnic origin, religious beliefs, political opinions, trade-union membership, sex life and sexual
orientation...); article 10 adds criminal convictions and offences, and a mentee's immigration status
does them as much harm. A coordinator's summary has no need of any of them.

Detection is at sentence level: a sentence that holds a trigger from a category's lexicon is one
finding, shown to the mentor with its category and the exact words that triggered it. Lexicons are
curated terms and patterns (stems, multiword phrases, conditions and classes of medicine, faiths and
observances, party names with a political context...), each written with the context that tells it
apart from everyday usage: "a health check of the cluster", "union of two sets", "a conservative
estimate", "a pregnant pause", "sick of meetings" and "the food court" trigger nothing. A word that is
only sometimes sensitive is matched in the phrases where it is, not on its own.

What happens to a finding is the review's business (``review.SummaryReview``): withheld by default from
coordinator summaries, kept by default in the mentee's own. Headless; logs nothing; ``Finding.text`` and
the trigger words stay in memory for the mentor's eyes only.
"""

# ruff: noqa: E501  (the lexicons below are data: one pattern per line reads better than a wrapped one)
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

from mentorjournal.errors import UsageError
from mentorjournal.export.findings import Finding
from mentorjournal.export.sensitive_lexicon import LEXICON, NEVER_ANY

KIND = "sensitive"


@dataclass(frozen=True)
class Category:
    name: str  # as the CLI and the agreement spell it: "mental-health"
    about: str  # for the neutral line: "(a sentence about mental health was withheld)"
    covers: str  # for the docs and the review screen


CATEGORIES: dict[str, Category] = {
    c.name: c
    for c in (
        Category("health", "health", "illness, diagnoses, conditions, injuries, treatment, appointments"),
        Category("medication", "medication", "medicines, prescriptions, named drugs and classes of drugs"),
        Category("sick-leave", "sick leave", "sick leave, being signed off, fit notes, phased returns"),
        Category("mental-health", "mental health", "depression, anxiety, therapy, burnout, crises"),
        Category("pregnancy", "pregnancy", "pregnancy, maternity and paternity leave, IVF, fertility"),
        Category(
            "disability",
            "disability or neurodivergence",
            "disability, adjustments, ADHD, autism, dyslexia, sight and hearing",
        ),
        Category("religion", "religion", "faith, observance, fasting, prayer, places of worship, holy days"),
        Category("ethnicity", "ethnicity", "racial or ethnic origin, racism, heritage, caste"),
        Category("sexuality", "sexual orientation", "sexual orientation, coming out, same-sex partners"),
        Category("gender-identity", "gender identity", "being trans or non-binary, transition, pronouns"),
        Category("union", "trade-union membership", "trade unions, union reps, strikes, industrial action"),
        Category("politics", "political opinions", "parties, votes, political views and activism"),
        Category("immigration", "immigration status", "visas, permits, asylum, right to work, sponsorship"),
        Category("criminal", "criminal matters", "arrests, convictions, cautions, DBS, courts, prison"),
    )
}


def parse_categories(names: Iterable[str], *, option: str = "") -> frozenset[str]:
    """Category names as a person types them ("Mental_Health", "sick leave"); one clear error otherwise."""
    out = set()
    for name in names:
        key = re.sub(r"[\s_-]+", "-", name.strip().casefold())
        if key not in CATEGORIES:
            where = f"{option}: " if option else ""
            raise UsageError(f"{where}unknown special category {name!r}; one of: {', '.join(CATEGORIES)}")
        out.add(key)
    return frozenset(out)


def neutral_line(categories: Iterable[str], sentences: int = 1) -> str:
    """What stands where withheld sentences were: "(a sentence about health was withheld)"."""
    abouts = list(dict.fromkeys(CATEGORIES[c].about for c in categories if c in CATEGORIES)) or ["a special category"]
    about = abouts[0] if len(abouts) == 1 else ", ".join(abouts[:-1]) + " and " + abouts[-1]
    if sentences == 1:
        return f"(a sentence about {about} was withheld)"
    return f"({sentences} sentences about {about} were withheld)"


# --- sentences -------------------------------------------------------------------------------------

# Words whose full stop does not end a sentence (compared lower-case, without the stop).
_ABBREVIATED = """e.g i.e etc vs v cf al approx appt apr aug dec dept dr esp est feb fig jan jr jul jun mar min mr mrs
    ms mt no nos nov oct p.m a.m pp prof re ref rev sat sen sep sept sgt sr st sun tel tue thu wed fri mon u.k u.s
    incl inc ltd co corp govt hr hrs wk wks yr yrs ave rd av b.a m.a ph.d phd msc bsc"""
ABBREVIATIONS = frozenset(_ABBREVIATED.split())
_BULLET = re.compile(r"[ \t]*(?:[-*+•–]|\d{1,3}[.)]|[a-zA-Z][.)](?=\s)|#{1,6}|>)[ \t]+")
_END = re.compile(r"""[.!?…]+['"’”)\]]*(?=\s)""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` is, as (start, end) offsets, trimmed of spaces and list markers.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quote or bracket) before a space,
    unless the word before the stop is an abbreviation ("e.g.", "Dr.", "approx.") or an initial, or the
    next word starts lower-case after a stop that does not close a whole word or number (terse notes do
    start sentences lower-case: "went well. talked about the move" is two). A line break ends a sentence too, unless it only wraps a sentence
    (the line has no closing stop and the next line starts lower-case). Bullets, numbered items,
    headings and quotes start a new one. Decimal numbers, versions and domains hold no space after
    their stops, so they never split.
    """
    spans: list[tuple[int, int]] = []
    lines = text.split("\n")
    position = 0
    pending: tuple[int, int] | None = None  # a sentence wrapped onto the next line
    for i, line in enumerate(lines):
        start_of_line = position
        position += len(line) + 1
        bullet = _BULLET.match(line)
        body_start = start_of_line + (bullet.end() if bullet else len(line) - len(line.lstrip()))
        if pending is not None:
            if bullet is None and line.strip() and line.lstrip()[0].islower():
                body_start = pending[0]  # the wrapped sentence goes on
            else:
                spans.append(pending)
            pending = None
        pieces = _split_line(text, body_start, start_of_line + len(line))
        if not pieces:
            continue
        last = pieces.pop()
        spans += pieces
        ends_open = not _END.search(text[last[0] : last[1]] + " ") and i + 1 < len(lines)
        if ends_open:
            pending = last
        else:
            spans.append(last)
    if pending is not None:
        spans.append(pending)
    return [s for s in spans if s[1] > s[0]]


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    sentence_start = start
    for m in _END.finditer(text, start, end):
        after = m.end()
        following = text[after:end].lstrip()
        if not following:
            continue
        single_stop = m.group()[0] == "." and len(m.group().rstrip("'\"’”)]")) == 1
        word = _WORD_BEFORE.search(text, sentence_start, m.start())
        before = word.group(1).lower() if word else ""
        if single_stop and (before in ABBREVIATIONS or (len(before) == 1 and before.isalpha())):
            continue
        # Terse notes start sentences lower-case ("went well. talked about x"): after a stop that
        # closes a whole word or number, a lower-case word still starts a new sentence.
        closes_a_word = single_stop and ((before.isalpha() and len(before) >= 3) or before.isdigit())
        if following[0].islower() and not closes_a_word:
            continue
        out.append(_trim(text, sentence_start, after))
        sentence_start = after
    out.append(_trim(text, sentence_start, end))
    return [s for s in out if s[1] > s[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class Trigger:
    category: str
    start: int
    end: int
    words: str  # the exact words, for the mentor's eyes only


_SPACE_OR_CLASS = re.compile(r"\[(?:\\.|[^\]])*\]|\\.| [?*+]?")


def _any_space(pattern: str) -> str:
    """A space in a lexicon pattern stands for any run of spaces or line breaks (outside a [class]);
    an optional one (`` ?``, `` *``) for none or any."""

    def one(m: re.Match[str]) -> str:
        token = m.group()
        if token[0] != " ":
            return token
        return r"\s+" if token in (" ", " +") else r"\s*"

    return _SPACE_OR_CLASS.sub(one, pattern)


# Speed: a summary of 500 sessions is scanned in well under a second. Each lexicon pattern is tried only
# where a word of the text begins with one of the literal beginnings every match of that pattern has
# ("diagnos", "her", "’s"...), worked out once from the parsed pattern; the few patterns without one
# are tried everywhere. The result is the same as trying every pattern everywhere.
_PREFIX_CHARS = 8
_TOKEN = re.compile(r"['’]?\w+")
# Words so common that a pattern beginning with one is looked up by the word after it as well.
_COMMON_WORDS = """a an the is am are was were be been being her his their my your she he they i we you of in on to for
    with at and has had have as 's ’s 're ’re 'm ’m"""
_COMMON = frozenset(_COMMON_WORDS.split())


def _beginnings(items: list[tuple[Any, Any]], i: int = 0) -> tuple[set[str], bool]:
    """The literal beginnings (lower-case) every match of ``items[i:]`` (a parsed sequence) starts with,
    and whether they are whole (the sequence is literal, so what follows may extend them). An empty
    string among them means a match may begin with anything."""
    if i == len(items):
        return {""}, True
    op, av = items[i]
    if op is _c.LITERAL:
        rest, whole = _beginnings(items, i + 1)
        return {chr(av).lower() + r for r in rest}, whole
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _beginnings(items, i + 1)  # consumes nothing
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, _high, sub = av
        if list(sub) == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE)])]:  # a space between words
            rest, whole = _beginnings(items, i + 1)
            return {" " + r for r in rest} | (rest if low == 0 else set()), whole
        inner, _ = _beginnings(list(sub))
        if low == 0:
            skipped, _ = _beginnings(items, i + 1)
            return inner | skipped, False
        return inner, False
    if op is _c.SUBPATTERN:
        options = [_beginnings(list(av[-1]))]
    elif op is _c.BRANCH:
        options = [_beginnings(list(branch)) for branch in av[1]]
    elif op is _c.IN and all(o is _c.LITERAL for o, _ in av):
        options = [({chr(v).lower()}, True) for _, v in av]
    else:
        return {""}, False
    out: set[str] = set()
    whole = True
    for found, complete in options:
        if complete and len(found) * len(out or {""}) < 256:
            rest, rest_whole = _beginnings(items, i + 1)
            out |= {f + r for f in found for r in rest}
            whole = whole and rest_whole
        else:
            out |= found
            whole = False
    return out, whole


def _term_beginnings(pattern: str) -> frozenset[str] | None:
    """Beginnings for one lexicon pattern, or None when a match may begin anywhere."""
    found, _ = _beginnings(list(_p.parse(pattern, re.IGNORECASE)))
    keys = set()
    for f in found:
        words = _TOKEN.findall(f) or [""]  # split as the text's words are
        if words[0] in _COMMON and len(words) > 1:
            keys.add(f"{words[0]} {words[1][:_PREFIX_CHARS]}")  # "is disabl": the word after a common one
        else:
            keys.add(words[0][:_PREFIX_CHARS])
    return None if not keys or "" in keys else frozenset(keys)


@dataclass(frozen=True)
class _Lexicons:
    names: tuple[str, ...]  # category of each term
    terms: tuple[re.Pattern[str], ...]
    by_beginning: dict[str, tuple[int, ...]]  # a word's beginning -> the terms to try there
    anywhere: re.Pattern[str]  # the few terms a match of which may begin anyhow, in one pattern
    anywhere_names: tuple[str, ...]  # their categories, by group
    unless: dict[str, re.Pattern[str]]
    cache: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict, compare=False)


@lru_cache(maxsize=1)
def _compiled() -> _Lexicons:
    names: list[str] = []
    compiled: list[re.Pattern[str]] = []
    index: defaultdict[str, list[int]] = defaultdict(list)
    anywhere: list[str] = []
    anywhere_names: list[str] = []
    unless = {}
    for name, (terms, own) in LEXICON.items():
        unless[name] = re.compile(r"(?<!\w)(?:" + _any_space("|".join([*own, *NEVER_ANY])) + r")(?!\w)", re.IGNORECASE)
        for term in terms:
            body = _any_space(term)
            beginnings = _term_beginnings(body)
            if beginnings is None:
                anywhere.append(f"(?<!\\w)({body})(?!\\w)")
                anywhere_names.append(name)
                continue
            for b in beginnings:
                index[b].append(len(compiled))
            names.append(name)
            compiled.append(re.compile(r"(?:" + body + r")(?!\w)", re.IGNORECASE))
    return _Lexicons(
        tuple(names),
        tuple(compiled),
        {k: tuple(v) for k, v in index.items()},
        re.compile("|".join(anywhere) or r"(?!)", re.IGNORECASE),
        tuple(anywhere_names),
        unless,
    )


def _candidates(lex: _Lexicons, word: str, following: str) -> tuple[int, ...]:
    """The terms worth trying at a word (lower-case), given the word after it."""
    key = (word, following if word in _COMMON else "")
    found = lex.cache.get(key)
    if found is None:
        tried: set[int] = set()
        for k in range(1, min(len(word), _PREFIX_CHARS) + 1):
            tried.update(lex.by_beginning.get(word[:k], ()))
        if word in _COMMON:
            for k in range(1, min(len(following), _PREFIX_CHARS) + 1):
                tried.update(lex.by_beginning.get(f"{word} {following[:k]}", ()))
        found = tuple(sorted(tried))
        if len(lex.cache) < 50_000:
            lex.cache[key] = found
    return found


def triggers(text: str) -> list[Trigger]:
    """Every trigger in ``text``, by category, minus those inside a phrase that is not about a person."""
    lex = _compiled()
    hits: dict[tuple[str, int, int], str] = {}
    tokens = [(m.start(), m.group().lower()) for m in _TOKEN.finditer(text)]
    for n, (start, word) in enumerate(tokens):
        following = tokens[n + 1][1] if n + 1 < len(tokens) else ""
        for i in _candidates(lex, word, following):
            found = lex.terms[i].match(text, start)
            if found and found.end() > start:
                hits[(lex.names[i], start, found.end())] = found.group()
    for m in lex.anywhere.finditer(text):
        group = next(g for g in range(1, len(lex.anywhere_names) + 1) if m.group(g) is not None)
        hits[(lex.anywhere_names[group - 1], m.start(), m.end())] = m.group()
    out: list[Trigger] = []
    for (name, start, end), words in hits.items():
        if any(n == name and s <= start and end <= e and (s, e) != (start, end) for n, s, e in hits):
            continue  # inside a longer trigger of the same category
        window = lex.unless[name].finditer(text, max(0, start - 80), min(len(text), end + 80))
        if any(u.start() < end and start < u.end() for u in window):
            continue
        out.append(Trigger(name, start, end, words))
    return sorted(out, key=lambda t: (t.start, t.end, t.category))


def find_sensitive(text: str) -> list[Finding]:
    """One finding per sentence of ``text`` that holds a trigger: kind "sensitive", needing review.

    The finding covers the whole sentence; its ``category`` is that of the first trigger, its
    ``triggers`` every (category, words) pair, and its replacement the neutral line for them all.
    """
    hits = triggers(text)
    if not hits:
        return []
    out: list[Finding] = []
    for start, end in sentence_spans(text):
        inside = [t for t in hits if start <= t.start and t.end <= end]
        if not inside:
            continue
        categories = list(dict.fromkeys(t.category for t in inside))
        reason = "; ".join(
            f"{CATEGORIES[c].about}: " + ", ".join(f"“{t.words}”" for t in inside if t.category == c)
            for c in categories
        )
        out.append(
            Finding(
                KIND,
                start,
                end,
                text[start:end],
                neutral_line(categories),
                reason,
                needs_review=True,
                category=categories[0],
                triggers=tuple((t.category, t.words) for t in inside),
            )
        )
    return out
