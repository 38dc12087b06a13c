"""Is a capitalised word a person's name? Decided from evidence, never from a list's silence.

Four kinds of evidence about the word itself (see ``lexicon``): English vocabulary, given names and surnames
of many cultures, places, and technology (product names and shapes such as CamelCase or digits). Then the
words around it: a title before it ("Dr"), a verb of people ("met", "told", "asked"), a relation ("her
manager"), a speech verb after it ("said"), "X from Finance", "X and I"; or, against a name, a place or a
tool around it ("in", "using", "the X dashboard", "X station"), a month's company ("in May", "May 2026"),
and a verb's reading at a sentence start ("Will you", "Hope this helps").

A word that is both a name and something else (Grace, Jordan, Victoria) is decided by that context; when the
context says nothing it is flagged for the mentor, never silently kept or removed.

This module never logs, prints or stores the words it judges.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import lexicon
from .words import COMMON_WORDS, MONTHS_AND_DAYS, NAME_WORDS, PRODUCTS, TITLES


@dataclass(frozen=True)
class Verdict:
    flag: bool
    reason: str  # why, in words a mentor reads: "a given name, after 'met'"


# --- context -----------------------------------------------------------------------------------------------

_TITLE_BEFORE = re.compile(
    r"\b(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|auntie|aunty|uncle|sister|brother|madam|"
    r"imam|rabbi|pastor|father|fr|rev)\.?\s+$",
    re.IGNORECASE,
)
_PEOPLE_VERB_BEFORE = re.compile(
    r"\b(?:met|meet|meets|meeting|told|tell|tells|asked|ask|asks|thanked|thank|emailed|email|called|call|phoned|"
    r"texted|messaged|pinged|introduced|invited|hired|interviewed|mentored|mentoring|coached|contacted|"
    r"congratulated|cc|cc'd|spoke\s+to|spoke\s+with|speak\s+to|speak\s+with|talked\s+to|talked\s+with|"
    r"talk\s+to|talk\s+with|reached\s+out\s+to|shadowed|shadowing|paired\s+with|according\s+to|replied\s+to|"
    r"named|called|nicknamed|known\s+as|dear|hi|hello|thanks|cheers)\s+$",
    re.IGNORECASE,
)
_RELATION_BEFORE = re.compile(
    r"\b(?:manager|boss|colleague|coworker|co-worker|teammate|mentor|mentee|friend|partner|wife|husband|"
    r"sister|brother|mother|father|mum|mom|dad|son|daughter|cousin|aunt|uncle|niece|nephew|grandmother|"
    r"grandfather|team\s+lead|tech\s+lead|director|supervisor|tutor|teacher|coach|peer|recruiter|landlord|landlady|neighbour|"
    r"neighbor|classmate|flatmate|roommate|housemate|buddy|sponsor|counsellor|counselor|therapist|doctor|"
    r"gp|lecturer|advisor|adviser|ceo|cto|cfo|founder|client|customer|candidate|intern|hr)\s*,?\s+$",
    re.IGNORECASE,
)
_WEAK_BEFORE = re.compile(r"\b(?:with|and|by|from|for|to|of|cc|between|both)\s+$", re.IGNORECASE)
_SPEECH_AFTER = re.compile(
    r"^(?:'s\s+|’s\s+)?\s*(?:said|says|asked|asks|told|tells|thinks|thought|mentioned|mentions|suggested|"
    r"suggests|agreed|agrees|wants|wanted|feels|felt|replied|explained|emailed|called|phoned|texted|came|"
    r"comes|joined|joins|arrived|presented|presents|helped|helps|offered|offers|recommended|recommends|"
    r"introduced|shared|spoke|speaks|talked|met|noted|notes|promised|invited|hired|laughed|smiled|admitted|"
    r"argued|complained|worried|believes|believed|reckons|reported|reports|sent|wrote|writes|"
    r"has\s+been|is\s+(?:her|his|their|my|our)|and\s+(?:I|me|my)|"
    r"from\s+(?:the\s+)?[A-Z]\w+)\b"
)
_HUMAN_POSSESSIVE_AFTER = re.compile(
    r"^(?:'s|’s|')\s+(?:manager|boss|team|colleague|mentor|wife|husband|partner|family|mother|father|mum|dad|"
    r"son|daughter|friend|sister|brother|birthday|wedding|leave|promotion|cv|resume|feedback|advice|"
    r"idea|view|opinion|house|home|desk|role|job|interview|offer|talk|email|message|parents|kids|children)\b",
    re.IGNORECASE,
)
# Before a place: a word that can be a place after these is read as one ("in Florence", "flew to Jordan").
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|through|across|around|inside|within|outside|towards|visit|visited|visiting|"
    r"(?:moved|move|moving|travel|travelled|traveled|flew|fly|back|trip|migrate|migrated|relocated|relocate|"
    r"train|bus|tube|flight|flights|drive|ride|commute|commuting|route|journey|line|ferry|holiday|"
    r"holidays)\s+(?:to|from|via|in)|based\s+in|lives\s+in|live\s+in|living\s+in|born\s+in|grew\s+up\s+in)"
    r"\s+$",
    re.IGNORECASE,
)
# Before a tool or a title: an English word, a product or a word in no list after these is read as one.
_THING_BEFORE = re.compile(
    r"\b(?:via|using|use|uses|used|into|onto|on|switch\s+to|switched\s+to|upgrade\s+to|"
    r"read|reading|reread|finished|book|novel|titled|install|installed|deploy|deployed|configure|"
    r"configured|learn|learned|learnt|learning|try|tried|trying|adopt|adopted|set\s+up)\s+$",
    re.IGNORECASE,
)
_THING_AFTER = re.compile(
    r"^\s+(?:station|street|st|road|rd|avenue|ave|lane|square|airport|university|college|school|hospital|"
    r"city|county|office|offices|park|bridge|campus|library|museum|centre|center|hall|"
    r"cluster|queue|queues|dashboard|dashboards|pipeline|pipelines|workflow|workflows|server|servers|"
    r"service|services|api|apis|sdk|docs|documentation|instance|instances|config|configuration|"
    r"integration|plugin|plugins|job|jobs|topic|topics|broker|brokers|alert|alerts|metrics|logs|logging|"
    r"database|db|app|apps|release|version|board|ticket|tickets|project|platform|framework|library|"
    r"module|package|repo|repository|stack|deployment|console|certification|course|exam|conference|"
    r"meetup|summit|book|chapter|edition|workspace|channel|account|license|licence|subscription|api|"
    r"cli|ui|tool|tools|task|tasks|worker|workers|consumer|consumers|producer|cron|scheduler|monitoring|"
    r"exporter|agent|agents|tutorial|guide|talk|podcast|newsletter|article|blog|line|trip|island|islands|bay|"
    r"beach|valley|hills|heights|district|province|region|state|court|magistrates|tribunal|clinic|"
    r"ward|branch|site|mall|market|airport|terminal|harbour|port|river|mountains?|institute|foundation|society|"
    r"association|council|trust|agency|ministry|department|committee|network|federation|academy|"
    r"clipper|saw|drill|retailer|supplier|store|shop)\b",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"(?:\b(?:in|since|until|till|by|before|after|from|during|last|next|this|early|mid|late|end\s+of|"
    r"start\s+of|beginning\s+of|of|on|through|to)|\d)\s*-?\s*$",
    re.IGNORECASE,
)
_MONTH_AFTER = re.compile(r"^\s*(?:\d|-|–|,\s*\d|\s+(?:and|to|or)\s+[A-Z][a-z]+\b)")
_OBJECT_AFTER = re.compile(
    r"^\s+(?:you|i|we|they|he|she|it|this|that|these|those|the|a|an|your|our|my|their|his|her|its|me|us|"
    r"them|him|all|everyone|each|some|any)\b"
)
_LOWER_WORD_AFTER = re.compile(r"^\s+([a-z]+)\b")
_MODALS = frozenset({"will", "may", "can", "must", "shall", "might", "should", "would", "could"})
_SPEECH_WORDS = frozenset(
    [
        "said",
        "says",
        "asked",
        "told",
        "thinks",
        "mentioned",
        "suggested",
        "agreed",
        "wants",
        "feels",
        "felt",
        "replied",
        "explained",
        "came",
        "joined",
        "arrived",
        "presented",
        "helped",
        "offered",
        "recommended",
        "introduced",
        "shared",
        "spoke",
        "talked",
        "met",
        "noted",
    ]
)


def _context(text: str, start: int, end: int, phrase: tuple[int, int]) -> tuple[int, str]:
    """(+2 strong name, +1 weak name, 0 nothing, -1 a place or thing if the word can be one, -2 a place or a
    thing whatever the word) and the words that decided it.

    ``phrase`` is the run of capitalised words holding this one ("in Da Nang", "Wood Green Crown Court"): the
    words around the run speak for each word of it, the words right beside the word speak for it alone.
    """
    near_before = text[max(0, start - 40) : start]
    far_before = text[max(0, phrase[0] - 40) : phrase[0]]
    near_after = text[end : end + 60]
    far_after = text[phrase[1] : phrase[1] + 60]
    if _TITLE_BEFORE.search(near_before):
        return 2, "after a title"
    for regex, what in (
        (_PEOPLE_VERB_BEFORE, "after a verb of people"),
        (_RELATION_BEFORE, "after a relation such as 'manager'"),
    ):
        if regex.search(near_before) or regex.search(far_before):
            return 2, what
    if any(r.match(a) for r in (_THING_AFTER, _ADDRESS_AFTER) for a in (near_after, far_after)):
        return -2, "before a word such as 'station', 'line' or 'dashboard'"
    saint_phrase = (phrase[0] < start and _SAINT_BEFORE.match(text[phrase[0] : start] + " ") is not None) or (
        phrase[1] > end and _SAINT_BEFORE.match(text[start:end] + " ") is not None
    )
    person_from = _FROM_AFTER_NAME.search(far_before)
    if person_from and not _english(person_from.group("who").lower()):
        return -2, "after 'X from', as in 'Fatima from Finance'"
    if _SAINT_BEFORE.search(near_before) or _ADDRESS_BEFORE.search(far_before) or saint_phrase:
        return -2, "in a place name or an address"
    if _SPEECH_AFTER.match(far_after):
        return 2, "before a verb of people such as 'said'"
    if _HUMAN_POSSESSIVE_AFTER.match(near_after):
        return 2, "a possessive such as 'X's manager'"
    if re.match(r"^\s+\d{1,4}\b(?![/.:-]\d)", near_after):
        return -1, "before a number, as in 'Ward 12'"
    possessive = re.match(r"^(?:'s|’s)", near_after) is not None
    if _DETERMINER_BEFORE.search(far_before) and not possessive:
        return -2, "after 'the', 'a' or 'our'"
    if _PLACE_BEFORE.search(far_before) and not possessive:
        return -1, "after a word such as 'in', 'at' or 'moved to'"
    if _THING_BEFORE.search(far_before) and not possessive:
        return -3, "after a word such as 'using', 'via' or 'read'"
    if _WEAK_BEFORE.search(far_before) or _WEAK_AFTER.match(far_after):
        return 1, "after 'with', 'and', 'by' or 'from'"
    return 0, ""


# "Dr Achterberg from Eindhoven", "Fatima from Finance": what follows a person and "from" is where they are.
_FROM_AFTER_NAME = re.compile(r"\b(?P<who>[A-Z][\w'’-]+)\s+from\s+$")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|our|their|its|this|that|these|those|your|every|each)\s+$", re.I)
_SAINT_BEFORE = re.compile(
    r"(?:^|\b)(?:St|Ste|Saint|San|Santa|Santo|São|Sao|Mount|Mt|Lake|Port|Fort|Cape|Glen|Upper|Lower|Greater)\.?\s+$"
)
_ADDRESS_BEFORE = re.compile(
    r"(?:\b(?:road|street|avenue|lane|close|way|drive|court|place|crescent|terrace|square|rd|st|ave|strasse|"
    r"straße|rue|calle|via|ulica|ul)\.?,\s+|\b\d{2}-?\d{3}\s+|\b\d{4,6}\s+)$",
    re.IGNORECASE,
)
# A city before a region code or a postcode: "Fitzroy VIC 3065", "Baltimore, MD 21201", "Lagos 101241".
_ADDRESS_AFTER = re.compile(r"^,?\s+(?:[A-Z]{2,3}\s+)?\d{3,6}\b|^,\s+[A-Z]{2}\b")
_WEAK_AFTER = re.compile(r"^\s+(?:will|would|could|should|can|might|may)\s+[a-z]")
_FROM_PLACE_BEFORE = re.compile(r"\b(?:from|to|in|at|near|of|around|across)\s+$", re.IGNORECASE)


# --- the word itself ------------------------------------------------------------------------------------

_CAMEL = re.compile(r"^[A-Z]?[a-z]+[A-Z]")
_CAMEL_NAME_PREFIXES = ("mc", "mac", "de", "da", "di", "du", "la", "le", "van", "von", "fitz", "st", "o")


def tech_shape(word: str) -> bool:
    """CamelCase or mixed case (GitHub, RabbitMQ, MLflow, RiO) or letters with digits (S3, Ec2): how products
    are spelt, not people. Names with an inner capital after a prefix (McDonald, DeShawn, LaToya) are names."""
    if any(c.isdigit() for c in word):
        return True
    for part in re.split(r"[-'’]", word):
        if sum(c.isupper() for c in part) < 2 or part.isupper():
            continue
        m = _CAMEL.match(part)
        if m is None or part[: m.end() - 1].lower() not in _CAMEL_NAME_PREFIXES:
            return True
    return False


def judge(
    text: str,
    start: int,
    end: int,
    folded: str,
    *,
    at_start: bool,
    title_case: bool,
    beside_name: bool = False,
    phrase: tuple[int, int] | None = None,
) -> Verdict | None:
    """A verdict on the capitalised word ``text[start:end]`` (``folded`` its folded form), or None to keep it.

    Called only for words the curated vocabulary does not already explain.
    """
    word = text[start:end]
    given, surname, english, place, product = _word_evidence(word, folded)
    name_word = folded in NAME_WORDS
    can_be_a_thing = english or place or product
    score, why = _context(text, start, end, phrase or (start, end))
    if beside_name and score < 2 and not (english and not given and not surname):
        score, why = 2, "beside a known name"
    if score == 2:
        return Verdict(True, f"{_kind(given, surname)}, {why}")
    if score == -2 or (score == -1 and (english or place or not given)):
        return None  # "Euston station", "the Govan drop-in", "in Florence", "at Wolseley"
    if score == -3 and (product or not given or (english and not given)):
        return None  # "using Airflow", "read Sapiens"; but "via Terry" is a person
    if tech_shape(word):
        return None  # mixed case or digits (RiO, MLflow, EC2): how products are spelt, not people
    if product and not given:
        return None  # a tool or a product: kept unless a person's context says otherwise
    if folded in MONTHS_AND_DAYS:
        return None  # "for June", "May 2026": months are names only where a person's context says so
    if at_start and (english or name_word) and _verb_reading(text, end, folded):
        return None  # "Will you...", "Hope this helps", "May need more time"
    if place and _FROM_PLACE_BEFORE.search(text[max(0, start - 20) : start]):
        return None  # "a family from Jordan", "different from France"
    if (given or surname or name_word) and can_be_a_thing:
        if not given:
            return None  # a surname that is also a word or a place ("Banks", "Imperial"), with no person near
        return Verdict(
            True, f"{_kind(given, surname)} and also an English word or a place; the context does not decide"
        )
    if given or surname:
        return Verdict(True, _kind(given, surname) if not why else f"{_kind(given, surname)}, {why}")
    if can_be_a_thing:
        return None
    return Verdict(True, "capitalised, and in no English vocabulary, place list or product list")


@functools.lru_cache(maxsize=65536)
def _word_evidence(word: str, folded: str) -> tuple[bool, bool, bool, bool, bool]:
    """(given name, surname, English, place, product) for one word: the same word is judged again and again."""
    parts = [p for p in folded.replace("'", "").split("-") if p]
    given = max((lexicon.given_names().get(p, 0) for p in parts), default=0) >= 2
    surname = any(lexicon.is_surname(p) for p in parts)
    english = bool(parts) and all(_english(p) for p in parts)
    return given, surname, english, lexicon.is_place(folded), folded in PRODUCTS or tech_shape(word)


_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def _english(part: str) -> bool:
    """English by the vocabulary, an inflection of it ("Competencies"), or two English words ("Storybook")."""
    if lexicon.is_english(part) or part in COMMON_WORDS or part in MONTHS_AND_DAYS:
        return True
    for suffix, repl in _SUFFIXES:
        if part.endswith(suffix) and len(part) - len(suffix) >= 3 and lexicon.is_english(part[: -len(suffix)] + repl):
            return True
    return any(lexicon.zipf(part[:i]) >= 3.5 and lexicon.zipf(part[i:]) >= 3.5 for i in range(3, len(part) - 2))


def _kind(given: bool, surname: bool) -> str:
    if given and surname:
        return "a given name and a surname"
    if given:
        return "a given name"
    if surname:
        return "a surname"
    return "a capitalised word"


def _verb_reading(text: str, end: int, folded: str) -> bool:
    after = text[end : end + 30]
    if _OBJECT_AFTER.match(after):
        return True
    if folded in _MODALS:
        m = _LOWER_WORD_AFTER.match(after)
        return m is not None and m.group(1) not in _SPEECH_WORDS
    return False


__all__ = ["TITLES", "Verdict", "judge", "tech_shape"]


_KNOWN_PLACE_BEFORE = re.compile(
    r"\b(?:(?:train|flight|flights|fly|flew|trip|moved|move|travel|travelled|traveled|holiday|ferry|drive)\s+to|"
    r"based\s+in|lives\s+in|living\s+in|born\s+in|grew\s+up\s+in)\s+$",
    re.IGNORECASE,
)
_KNOWN_PLACE_AFTER = re.compile(r"^\s+(?:line|station|airport|street|road|square|bridge|island|mall)\b(?!\s+manager)")


def reads_as_a_place(text: str, start: int, end: int) -> bool:
    """A known person's one-word name that is also a place or a word, where only a place fits: "the Victoria
    line", "train to Florence". Deliberately narrow: a known name that leaves is the worst failure."""
    word = text[start:end]
    folded = word.lower()
    if not word[:1].isupper() or not (lexicon.is_place(folded) or lexicon.is_english(folded)):
        return False
    before = text[max(0, start - 30) : start]
    after = text[end : end + 30]
    if re.match(r"^(?:'s|’s)", after):
        return False
    return _KNOWN_PLACE_BEFORE.search(before) is not None or (
        re.search(r"\bthe\s+$", before, re.IGNORECASE) is not None and _KNOWN_PLACE_AFTER.match(after) is not None
    )


def surname_like(folded: str) -> bool:
    """A surname in the list, or a word in no English vocabulary (most surnames of most cultures)."""
    parts = [p for p in folded.replace("'", "").split("-") if p]
    return bool(parts) and all(lexicon.is_surname(p) or not _english(p) for p in parts)
