"""Dates of birth: a date near born, birthday, date of birth, DOB or age. Only the date goes.

"born on 3 March 1990" becomes "born on [date of birth]". Any other date (a session, a deadline) is kept:
dates are the backbone of a progress summary. A date counts when it follows one of the words within a
short stretch of the same sentence, or ends right before it ("3 March 1990 (DOB)"). After "age" or
"aged" the date must be at least five years back, so "aged 34 as of 1 May 2026" keeps its date.

This module must never log, print or store the text it inspects or the values it finds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .findings import Finding

DOB_PLACEHOLDER = "[date of birth]"

_MONTH_NAMES = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
januar jänner februar märz maerz april mai juni juli august oktober dezember
gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
januari februari maart mei augustus
stycznia lutego marca kwietnia maja czerwca lipca sierpnia września wrzesnia października pazdziernika
listopada grudnia
janeiro fevereiro março marco maio junho julho setembro outubro novembro dezembro
"""
_MONTH = "(?:" + "|".join(sorted(set(_MONTH_NAMES.split()), key=len, reverse=True)) + r")(?:\.(?=\s*\d))?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|\.|º|°)?"
_YEAR4 = r"(?:1[89]\d\d|20\d\d)"
_DATE = re.compile(
    rf"(?<![\w/.-])(?:"
    rf"{_DAY}(?:\s+(?:of|de|di|del))?\s+{_MONTH}(?:,?\s+(?:de\s+)?{_YEAR4})?"  # 3 March 1990, 3rd of March
    rf"|{_MONTH}\s+{_DAY},?(?:\s+{_YEAR4})?"  # March 3rd, 1990
    rf"|{_YEAR4}[-/.](?:0?[1-9]|1[0-2])[-/.](?:[12]\d|3[01]|0?[1-9])"  # 1990-03-03
    rf"|(?:[12]\d|3[01]|0?[1-9])[-/.](?:[12]\d|3[01]|0?[1-9])[-/.](?:{_YEAR4}|\d\d)"  # 03/03/1990, 3.3.90
    rf"|{_YEAR4}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"  # 1990年3月3日
    rf"|{_MONTH}\s+{_YEAR4}"  # March 1990
    rf")(?![\w/-]|\.\d)",
    re.IGNORECASE,
)
_BORN_YEAR = re.compile(rf"(?<!\w)(?:in\s+)?({_YEAR4})(?![\w/.-]|\.\d)", re.IGNORECASE)

_KEYWORDS = re.compile(
    r"(?<!\w)(?:"
    r"date\s+of\s+birth|birth\s*date|birthdate|birthday|b'?day|born|d\.?o\.?b\.?"
    r"|geboren|geburtsdatum|geburtstag|née?|date\s+de\s+naissance|anniversaire|nacid[oa]|fecha\s+de\s+nacimiento"
    r"|cumpleaños|nat[oa](?=\s+(?:il|a|nel)\b)|data\s+di\s+nascita|compleanno|geboortedatum|verjaardag|urodzon[ya]|data\s+urodzenia"
    r"|urodziny|nascid[oa]|data\s+de\s+nascimento|aniversário|出生日期|出生|生日"
    r")(?!\w)"
    r"|(?<!\w)(?:aged?)(?!\w)",
    re.IGNORECASE,
)
_AFTER = 40  # characters after the keyword in which the date may start
_FAR = 90  # ... or, for a date at least ten years back, anywhere this far on in the sentence
_BEFORE = 16  # characters between a date and a keyword that follows it ("3 March 1990 (DOB)")
_LEADS_TO_KEYWORD = re.compile(r"[\s(,:–-]*(?:is\s+(?:her|his|their|my)\s+|her\s+|his\s+)?", re.IGNORECASE)
# Between a keyword and its date: a few words, no comma ("born in Lagos on 3 March 1990", not
# "DOB unknown, reviewed 1 May 2026").
_LEADS_TO_DATE = re.compile(r"[\s:=(\-–]*(?:\w+[\s:=(\-–]+){0,4}")
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")


def dates_of_birth(text: str, today: dt.date | None = None) -> Iterator[Finding]:
    if not _KEYWORDS.search(text):
        return
    year_now = (today or dt.date.today()).year
    seen: set[tuple[int, int]] = set()
    for kw in _KEYWORDS.finditer(text):
        is_age = kw.group().lower().startswith("age")
        born = kw.group().lower() in ("born", "née", "né", "geboren")
        span = _date_after(text, kw.end(), born=born, year_now=year_now)
        if span is None:
            span = _date_before(text, kw.start())
        if span is None or span in seen:
            continue
        if is_age and not _long_ago(text[span[0] : span[1]], year_now):
            continue
        seen.add(span)
        s, e = span
        yield Finding("date_of_birth", s, e, text[s:e], DOB_PLACEHOLDER, "date near born, birthday or DOB")


def _date_after(text: str, start: int, *, born: bool, year_now: int) -> tuple[int, int] | None:
    end = min(len(text), start + _AFTER)
    stop = _SENTENCE_END.search(text, start, end)
    if stop:
        end = stop.start()
    m = _DATE.search(text, start, end)
    if m and _LEADS_TO_DATE.fullmatch(text[start : m.start()]):
        return m.span()
    # Further on in the sentence ("her date of birth on the form was wrong; it is 14/02/1992"): only a
    # date at least ten years back, so "born in Lagos; the course starts 3 March 2026" keeps its date.
    far_end = min(len(text), start + _FAR)
    stop = re.search(r"[.!?](?:\s|$)|\n", text[start:far_end])
    for far in _DATE.finditer(text, start, start + stop.start() if stop else far_end):
        if _long_ago(far.group(), year_now, years=10, need_year=True):
            return far.span()
    if born:  # "born in 1990", "born 1990": a birth year alone is the part of a birth date that identifies
        y = _BORN_YEAR.match(text, start + len(text[start:end]) - len(text[start:end].lstrip()))
        if y:
            return y.span(1)
    return None


def _date_before(text: str, keyword_start: int) -> tuple[int, int] | None:
    lo = max(0, keyword_start - _BEFORE - 30)
    best = None
    for m in _DATE.finditer(text, lo, keyword_start):
        between = text[m.end() : keyword_start]
        if len(between) <= _BEFORE and _LEADS_TO_KEYWORD.fullmatch(between):
            best = m.span()
    return best


def _long_ago(date_text: str, year_now: int, *, years: int = 5, need_year: bool = False) -> bool:
    found = re.findall(r"(?<!\d)(\d{4})(?!\d)", date_text)
    if not found:
        return not need_year  # no year at all: "aged 12, birthday 3 March" is still the birth date
    return int(found[-1]) <= year_now - years
