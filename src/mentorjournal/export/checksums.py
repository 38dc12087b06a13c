"""Numbers that carry a checksum: payment cards (Luhn), IBANs (mod 97), NHS numbers (mod 11), US SSNs.

A number that fails its checksum is just a number, which keeps these detectors precise. Each yields a
``Finding`` whose span covers the whole number, separators included. Never logs what it inspects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding, from_match

# Unbroken, or in groups (4-4-4-4, 4-6-5, 4-4-4-4-3) with one kind of separator, so two numbers side by
# side ("943 476 5919 078-05-1120") are not read as one card.
_CARD = re.compile(r"\d(?<![^\W_]\d)(?<!-\d)(?:\d{12,18}|\d{3}([ -])\d{3,6}(?:\1\d{3,6}){1,3})(?![^\W_]|-)")
_NHS = re.compile(r"\d(?<![^\W_]\d)(?<!-\d)\d{2}([ -]?)\d{3}\1\d{4}(?![^\W_]|-)")
_SSN = re.compile(r"\d(?<![^\W_]\d)(?<!-\d)\d{2}([ -])\d{2}\1\d{4}(?![^\W_]|-)")
_IBAN_START = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]\d{2}(?= ?[A-Z0-9])")
# Lengths by country for the common ones; others are tried at every length the text allows.
_IBAN_LENGTHS = {
    "AD": 24,
    "AT": 20,
    "BE": 16,
    "BG": 22,
    "CH": 21,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "EE": 20,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "GR": 27,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IS": 26,
    "IT": 27,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MT": 31,
    "NL": 18,
    "NO": 15,
    "PL": 28,
    "PT": 25,
    "RO": 24,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "TR": 26,
}


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def nhs_valid(digits: str) -> bool:
    if len(set(digits)) == 1:
        return False  # 000 000 0000 passes mod 11 but is a placeholder, not a number
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def cards(text: str) -> Iterator[Finding]:
    for m in _CARD.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group())]
        # Try the whole run, then shorter runs of whole groups: "4111 1111 1111 1111 12" still holds a card.
        best: tuple[int, int] | None = None
        for i in range(len(groups)):
            for j in range(len(groups), i, -1):
                s, e = groups[i][0], groups[j - 1][1]
                digits = re.sub(r"\D", "", text[s:e])
                longer = best is None or e - s > best[1] - best[0]
                if longer and 13 <= len(digits) <= 19 and luhn_valid(digits):
                    best = (s, e)
        if best is not None:
            s, e = best
            yield Finding("card", s, e, text[s:e], "[card]", "Luhn-valid card number")


def ibans(text: str) -> Iterator[Finding]:
    for m in _IBAN_START.finditer(text):
        # Walk forward over letters and digits, allowing single spaces between groups.
        ends: list[int] = []  # ends[k] = offset just after the (k+1)-th character of the IBAN
        chars: list[str] = []
        i = m.start()
        while i < len(text) and len(chars) < 34:
            c = text[i]
            if c.isascii() and c.isalnum() and (c.isdigit() or c.isupper()):
                chars.append(c)
                ends.append(i + 1)
                i += 1
            elif c == " " and i + 1 < len(text) and text[i + 1].isascii() and text[i + 1].isalnum():
                i += 1
            else:
                break
        expected = _IBAN_LENGTHS.get(m.group()[:2])
        lengths = [expected] if expected else list(range(len(chars), 14, -1))
        for length in lengths:
            if length > len(chars):
                continue
            end = ends[length - 1]
            if end < len(text) and text[end].isalnum():
                continue  # the IBAN must end where a word ends
            if iban_valid("".join(chars[:length])):
                yield Finding("iban", m.start(), end, text[m.start() : end], "[iban]", "IBAN with a valid checksum")
                break


def nhs_numbers(text: str) -> Iterator[Finding]:
    for m in _NHS.finditer(text):
        if nhs_valid(re.sub(r"\D", "", m.group())):
            yield from_match("nhs_number", m, "[nhs number]", "NHS number with a valid mod-11 check digit")


def ssns(text: str) -> Iterator[Finding]:
    for m in _SSN.finditer(text):
        area, group, serial = m.group()[:3], m.group()[4:6], m.group()[7:]
        if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
            continue
        yield from_match("ssn", m, "[ssn]", "US social security number")
