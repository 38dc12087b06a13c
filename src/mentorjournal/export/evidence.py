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
    r"grandfather|lead|director|supervisor|tutor|teacher|coach|peer|recruiter|landlord|landlady|neighbour|"
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
    r"argued|complained|worried|believes|believed|reckons|reported|reports|sent|wrote|writes|will\s+\w+|"
    r"would|could|should|has\s+been|is\s+(?:her|his|their|my|our)|and\s+(?:I|me|my)|"
    r"from\s+(?:the\s+)?[A-Z]\w+)\b"
)
_HUMAN_POSSESSIVE_AFTER = re.compile(
    r"^(?:'s|’s|')\s+(?:manager|boss|team|colleague|mentor|wife|husband|partner|family|mother|father|mum|dad|"
    r"son|daughter|friend|sister|brother|birthday|wedding|leave|promotion|cv|resume|feedback|advice|"
    r"idea|view|opinion|house|home|desk|role|job|interview|offer|talk|email|message|parents|kids|children)\b",
    re.IGNORECASE,
)
_THING_BEFORE = re.compile(
    r"\b(?:in|at|near|via|using|use|uses|used|into|onto|on|the|a|an|our|their|its|this|that|these|"
    r"through|across|around|inside|within|outside|towards|visit|visited|visiting|moved\s+to|move\s+to|"
    r"moving\s+to|travel\s+to|travelled\s+to|traveled\s+to|flew\s+to|back\s+to|trip\s+to|based\s+in|"
    r"lives\s+in|live\s+in|living\s+in|migrate\s+to|migrated\s+to|switch\s+to|switched\s+to|upgrade\s+to|"
    r"read|reading|reread|finished|book|novel|titled|install|installed|deploy|deployed|configure|"
    r"configured|learn|learned|learnt|learning|try|tried|trying|adopt|adopted|set\s+up|"
    r"(?:train|bus|tube|flight|flights|trip|drive|ride|commute|commuting|route|journey)\s+(?:to|from|via))\s+$",
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
    r"exporter|agent|agents|tutorial|guide|talk|podcast|newsletter|article|blog)\b",
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


def _context(text: str, start: int, end: int) -> tuple[int, str]:
    """(+2 strong name, +1 weak name, 0 nothing, -2 a place or a thing) and the words that decided it."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 60]
    for regex, what in (
        (_TITLE_BEFORE, "after a title"),
        (_PEOPLE_VERB_BEFORE, "after a verb of people"),
        (_RELATION_BEFORE, "after a relation such as 'manager'"),
    ):
        if regex.search(before):
            return 2, what
    if _SPEECH_AFTER.match(after):
        return 2, "before a verb of people such as 'said'"
    if _HUMAN_POSSESSIVE_AFTER.match(after):
        return 2, "a possessive such as 'X's manager'"
    if _THING_AFTER.match(after):
        return -2, "before a word such as 'station' or 'dashboard'"
    if _THING_BEFORE.search(before) and not re.match(r"^(?:'s|’s)", after):
        return -2, "after a word such as 'in', 'using' or 'the'"
    if _WEAK_BEFORE.search(before):
        return 1, "after 'with', 'and', 'by' or 'from'"
    return 0, ""


# --- the word itself ------------------------------------------------------------------------------------

_CAMEL = re.compile(r"^[A-Z]?[a-z]{2,}[A-Z]")
_CAMEL_NAME_PREFIXES = ("mc", "mac", "de", "da", "di", "du", "la", "le", "van", "von", "fitz", "st", "o")


def tech_shape(word: str) -> bool:
    """CamelCase (GitHub, RabbitMQ) or letters with digits (S3, Ec2): how products are spelt, not people."""
    if any(c.isdigit() for c in word):
        return True
    m = _CAMEL.match(word)
    return m is not None and word[: m.end() - 1].lower() not in _CAMEL_NAME_PREFIXES


def judge(
    text: str, start: int, end: int, folded: str, *, at_start: bool, title_case: bool, beside_name: bool = False
) -> Verdict | None:
    """A verdict on the capitalised word ``text[start:end]`` (``folded`` its folded form), or None to keep it.

    Called only for words the curated vocabulary does not already explain.
    """
    word = text[start:end]
    parts = [p for p in folded.replace("'", "").split("-") if p]
    given = max((lexicon.given_names().get(p, 0) for p in parts), default=0) >= 2
    surname = any(lexicon.is_surname(p) for p in parts)
    english = bool(parts) and all(lexicon.is_english(p) or p in COMMON_WORDS or p in MONTHS_AND_DAYS for p in parts)
    place = lexicon.is_place(folded)
    product = folded in PRODUCTS or tech_shape(word)
    name_word = folded in NAME_WORDS
    score, why = _context(text, start, end)
    if beside_name and score < 2:
        score, why = 2, "beside a known name"
    if score == 2:
        return Verdict(True, f"{_kind(given, surname)}, {why}")
    if product and not given:
        return None  # a tool or a product: kept unless a person's context says otherwise
    if score < 0:
        return None
    if folded in MONTHS_AND_DAYS:
        before = text[max(0, start - 20) : start]
        if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(text[end : end + 30]) or score <= 0:
            return None  # "in May", "May 2026": months are names only where a person's context says so
    if at_start and (english or name_word) and _verb_reading(text, end, folded):
        return None  # "Will you...", "Hope this helps", "May need more time"
    if (given or surname or name_word) and (english or place or product):
        if not given and (at_start or title_case) and score <= 0:
            return None  # a surname that is also a word ("Banks", "Fields") opening a sentence or a title
        if not given and place and score <= 1:
            return None  # "London": a place first, a surname only in rare company
        return Verdict(
            True, f"{_kind(given, surname)} and also an English word or a place; the context does not decide"
        )
    if given or surname:
        return Verdict(True, _kind(given, surname) if not why else f"{_kind(given, surname)}, {why}")
    if english or place:
        return None
    return Verdict(True, "capitalised, and in no English vocabulary, place list or product list")


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
