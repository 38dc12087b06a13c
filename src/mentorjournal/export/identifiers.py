"""National and official numbers: checked with ``python-stdnum``, or named by the words around them.

Two detectors, both replacing the number whole with ``[id number]`` and leaving the words around it:

- :func:`official_numbers` finds a number with no label, when one of ``python-stdnum``'s validators accepts
  it *and* its shape is unlikely to be chance. With about two hundred validators, any run of 5 to 12 digits
  passes one of them, so a validator's "yes" alone means nothing. A candidate is an identifier when it
  mixes letters and digits (``12345678Z``, ``RSSMRA85T10A562S``, ``6433435F``) and a validator with a real
  check accepts it; or when it is written in exactly the grouping that country writes (``390.533.447-05``,
  ``2 95 10 99 126 111 93``, ``36 574 261 809``) and that country's validator accepts it; or when it is an
  unbroken run of 9 or more digits that a validator accepts which lets fewer than 1 in 30 random numbers of
  that length through (measured; see ``_WEAK_FOR_DIGITS``).
- :func:`labelled_ids` is the context rule: a token shaped like an identifier (letters mixed with digits, or
  five or more digits, separators allowed) right after a word such as passport, employee, case, visa or
  PESEL (``passport no. GB1234567`` -> ``passport no. [id number]``). No checksum is needed there.

Dates, times, versions and ISBNs are protected by the caller; money (``£1,200``), counts (``500 sessions``)
and years never reach here because they are too short, carry a comma, or have no digits run long enough.
Ticket keys (``JIRA-123``, ``PROJ-4521``) are kept: they are the mentee's work, not the mentee.

``stdnum`` is imported on first use only: a journal that never exports never loads its 240 modules.
This module must never log, print or store the text it inspects or the values it finds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType

from .findings import Finding
from .spans import SpanIndex

ID_PLACEHOLDER = "[id number]"
LABELLED_REASON = "identifier after a word such as passport"

# Modules that are not national or official numbers of a person or body (check-digit algorithms, securities,
# products, bank codes handled elsewhere), or that accept any number of their length (postcodes).
_NOT_IDENTIFIERS = frozenset(
    {
        "at.postleitzahl",
        "es.postal_code",
        "nl.postcode",
        "se.postnummer",  # postcodes: see addresses.py
        "de.wkn",
        "gb.sedol",
        "es.cups",
        "es.referenciacatastral",
        "de.leitweg",
        "ch.esr",
        "be.ogm_vcs",
        "gb.nhs",
        "us.ssn",  # patterns.py has its own detectors for these, with their own placeholders
    }
)
# Measured on random digit strings (150 per length, 5 to 18 digits): these let 1 in 30 or more through at
# some length, so a bare digit run they accept is not evidence. They still count for a written grouping.
_WEAK_FOR_DIGITS_TEXT = """
ar.dni at.vnr au.acn au.tfn bg.pnf bg.vat by.unp ca.bn ca.sin ch.esr ch.uid cl.rut co.nit cr.cpf cr.cr cz.dic
cz.rc de.stnr de.vat de.wkn dk.cvr do.cedula do.rnc dz.nif ee.kmkr eg.tn fi.alv fi.associationid fi.veronumero
fi.ytunnus fo.vn fr.siren gb.nhs gb.sedol gb.utr gn.nifp gr.vat gt.nit hr.oib hu.anum id.npwp il.idnr
in_.aadhaar in_.vid is_.vsk jp.cn jp.in_ kr.brn li.peid md.idno me.pib mk.edb mz.nuit nl.bsn no.kontonr no.orgnr
nz.ird pe.cui pk.cnic pl.nip pl.regon pt.cc pt.nif py.ruc ro.cf ro.cui rs.pib ru.inn ru.ogrn se.orgnr si.ddv
si.maticna sk.dph sk.rc sm.coe sn.ninea th.pin th.tin tr.vkn tw.ubn ua.edrpou ua.rntrc us.atin us.ein us.rtn
us.ssn us.tin vn.mst za.tin
"""
_WEAK_FOR_DIGITS = frozenset(_WEAK_FOR_DIGITS_TEXT.split())
# These accept half or more of random numbers of their length: not even a written grouping makes them count.
_ALWAYS_VALID_TEXT = """
ar.dni cr.cpf de.stnr de.wkn dz.nif eg.tn fi.associationid fi.veronumero fo.vn is_.vsk kr.brn li.peid pe.cui
sm.coe us.atin us.ein us.ssn us.tin
"""
_ALWAYS_VALID = frozenset(_ALWAYS_VALID_TEXT.split())
# Letter-and-digit shapes these accept without a real check (measured the same way on mixed shapes).
_WEAK_FOR_MIXED = frozenset({"de.wkn", "nl.identiteitskaartnummer", "tn.mf", "gb.sedol"})


@dataclass(frozen=True)
class _Validator:
    name: str
    is_valid: Callable[[str], bool]
    grouping: tuple[int, ...] | None  # group lengths of the country's own written form, if it has one


def _grouping(text: str) -> tuple[int, ...]:
    return tuple(len(g) for g in re.findall(r"[A-Za-z0-9]+", text))


def _example(module: ModuleType) -> str | None:
    """A valid number from the module's own documentation, to learn how the country writes it."""
    for m in re.finditer(r"validate\('([^']+)'\)\n'", module.__doc__ or ""):
        return m.group(1)
    return None


@functools.cache
def _validators() -> tuple[_Validator, ...]:
    from stdnum.util import get_number_modules

    out: list[_Validator] = []
    modules: list[ModuleType] = list(get_number_modules())  # type: ignore[arg-type]  # stdnum's protocol
    for module in modules:
        name = module.__name__.removeprefix("stdnum.")
        if "." not in name or name in _NOT_IDENTIFIERS or name.startswith(("iso7064.", "eu.")):
            continue  # generic algorithms (luhn, isbn, iban...) and EU-wide codes are not national numbers
        grouping = None
        example = _example(module)
        formatter = getattr(module, "format", None)
        if example and formatter is not None:
            try:
                grouping = _grouping(formatter(module.compact(example)))
            except Exception:  # noqa: BLE001 - a third-party formatter failing only means no grouping
                grouping = None
        out.append(_Validator(name, _safe(module.is_valid), grouping))
    return tuple(out)


def _safe(is_valid: Callable[[str], bool]) -> Callable[[str], bool]:
    def check(number: str) -> bool:
        try:
            return bool(is_valid(number))
        except Exception:  # noqa: BLE001 - some validators raise on odd input (KeyError, ValueError)
            return False

    return check


@functools.lru_cache(maxsize=4096)
def _accepted_by(compact: str, grouping: tuple[int, ...], spaced: bool) -> str | None:
    """The first validator that makes ``compact`` (written in ``grouping``) an identifier, or None.

    Groups joined by spaces could be separate words ("Q1 2015 160"), so they count only in the grouping
    the country writes; dashes, dots and slashes join one number.
    """
    letters = any(c.isalpha() for c in compact)
    for v in _validators():
        if letters and not spaced:
            if v.name in _WEAK_FOR_MIXED:
                continue
        elif len(grouping) > 1:
            if v.grouping != grouping or v.name in _ALWAYS_VALID:
                continue
        elif v.name in _WEAK_FOR_DIGITS:
            continue
        if v.is_valid(compact):
            return v.name
    return None


# --- candidates --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9]+")
_SEPARATORS = frozenset(" ./-")
_TICKET = re.compile(r"[A-Z][A-Z0-9]{1,9}-\d+")  # JIRA-123: a work item, kept
_MAX_TOKENS = 8


def _is_part(token: str) -> bool:
    """A piece of an identifier: has a digit, or is a short run of capitals (``GB``, the ``C`` of an NI)."""
    return any(c.isdigit() for c in token) or (token.isupper() and len(token) <= 4)


# A run of identifier pieces (capitals, or tokens with a digit) joined by single separators, found by one
# regular expression rather than word by word: most of a note has no digit at all.
_PART = r"(?:[A-Za-z0-9]*\d[A-Za-z0-9]*|[A-Z]{1,4}(?![a-z]))"
_CHAIN = re.compile(rf"(?:[A-Z]{{1,4}}[ ./-])*[A-Za-z]*\d[A-Za-z0-9]*(?:[ ./-]{_PART})*")


def _chains(text: str) -> Iterator[list[tuple[int, int]]]:
    """Runs of identifier pieces joined by one separator each: ``390.533.447-05``, ``AB 12 34 56 C``."""
    for m in _CHAIN.finditer(text):
        if _digits(m.group()) >= 4:
            yield [t.span() for t in _TOKEN.finditer(text, m.start(), m.end())]


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def official_numbers(text: str) -> Iterator[Finding]:
    for chain in _chains(text):
        yield from _best_in_chain(text, chain)


def _best_in_chain(text: str, chain: list[tuple[int, int]]) -> Iterator[Finding]:
    """The chain as one identifier, with or without capitals at either end (``CPF``, an NI's ``C``).

    Never a part of a longer run of digit groups: "4111 1111 1111" inside a card number that fails Luhn
    is not an identifier of its own.
    """
    lettered = [not any(c.isdigit() for c in text[s:e]) for s, e in chain]
    first = next(i for i, x in enumerate(lettered) if not x)
    last = len(chain) - next(i for i, x in enumerate(reversed(lettered)) if not x)
    if last - first > _MAX_TOKENS:
        return
    for i in range(first, -1, -1):  # try with the leading capitals first, longest first
        for j in range(len(chain), last - 1, -1):
            start, end = chain[i][0], chain[j - 1][1]
            written = text[start:end]
            if not _is_boundary(text, start, end) or _TICKET.fullmatch(written):
                continue
            compact = re.sub(r"[ ./-]", "", written).upper()
            if not _worth_checking(compact, j - i):
                continue
            name = _accepted_by(compact, _grouping(written), " " in written)
            prefix = text[chain[i][0] : chain[i][1]].upper() if i < first else ""
            if name is not None and prefix and _country(name).split()[0] != prefix:
                continue  # "BSN 111222333": leading capitals are the number's only when they are its country
            if name is not None:
                yield Finding(
                    "id_number",
                    start,
                    end,
                    written,
                    ID_PLACEHOLDER,
                    f"official number ({_country(name)}) with a valid check",
                )
                return


def _is_boundary(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def _worth_checking(compact: str, tokens: int) -> bool:
    digits = _digits(compact)
    if not 6 <= len(compact) <= 20 or digits < 4:
        return False
    if digits < len(compact):
        return len(compact) >= 7  # letters and digits: short codes (H264, ISO9001's kin) stay
    if tokens == 1:
        # An unbroken run: 9 digits or more, and not a round number (1000000000) nor one digit repeated.
        return digits >= 9 and not compact.endswith("00000") and len(set(compact)) > 2
    return True


def _country(name: str) -> str:
    country, _, number = name.partition(".")
    return f"{country.rstrip('_').upper()} {number}"


# --- the context rule ------------------------------------------------------------------------------------

# Words that say "what follows is someone's number". Several languages' common labels.
_LABELS = r"""
passport|passeport|pasaporte|passaporto|reisepass|paszport|paspoort|passaporte|id|i\.d\.|identity|identification
|identity\s+card|id\s+card|national\s+id|employee|staff|payroll|personnel|worker|residence\s+permit
|residence\s+card|work\s+permit|permit|brp|visa|ni|nino|national\s+insurance|tax|tin|utr|account|acct|a/c
|membership|member|licen[cs]e|driving\s+licen[cs]e|driver'?s\s+licen[cs]e|policy|student|pupil|matriculation
|patient|hospital|mrn|medical\s+record|file|case|reference|ref|customer|client|applicant|application|claim
|registration|certificate|badge|uci|gwf|home\s+office|a-number|alien|green\s+card|social\s+security
|social\s+insurance|ssn|sin|insurance|dni|nie|nif|nss|steuer-?id|steuer-?nr|steuernummer
|steueridentifikationsnummer|sozialversicherungsnummer|personalausweis|ausweis|aadhaa?r|pan|pesel|nip|dowód
|bsn|burgerservicenummer|cpf|rg|cnpj|curp|rfc|codice\s+fiscale|tessera\s+sanitaria|nin|bvn|pps|ppsn|ird|tfn
|medicare|nric|hkid|rut|cuil|cuit|personnummer|cpr|nir|insee|s[ée]curit[ée]\s+sociale|num[ée]ro\s+fiscal
|carte\s+vitale|c[ée]dula|dui|epic|voter|imei|tenancy|contract|serial|身份证|居民身份证|护照
|pin|nmc|gmc|hcpc|gphc|cscs|card\s+number|card\s+no|registration\s+number|practitioner
"""
_LABEL_WORDS = sorted("".join(_LABELS.split()).split("|"), key=len, reverse=True)  # "id card" before "id"
_LABEL = re.compile(rf"(?<![\w-])(?:{'|'.join(_LABEL_WORDS)})(?![\w-])", re.IGNORECASE)
# Between the label and the number: "passport number is", "case ref:", "NI no.", "staff ID #".
_BETWEEN = re.compile(
    r"(?:\s*(?:(?:numbers?|nos?|nr|num|n[°º]|ids?|codes?|refs?|reference|details|is|was|are|were|ist|est|es|è"
    r"|jest|é)(?!\w)\.?|[#:=(–—-]))*\s*",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(r"numbers?|nos?\b|nr|num|n[°º]|#|ids?\b|refs?\b|reference", re.IGNORECASE)
# A label right after one of these names a work item, not a person: "ticket id 12345", "test case 4711".
_WORK_NOUNS_TEXT = """
ticket issue bug task story order invoice build job run pull pr commit test use room page session sprint step
item version release table row line column chapter section error port process thread batch request trace span
container instance cluster node pod product sku model part lot flight train bus platform gate seat
"""
_WORK_NOUNS = frozenset(_WORK_NOUNS_TEXT.split())


def labelled_ids(text: str, protected: Sequence[tuple[int, int]] = ()) -> Iterator[Finding]:
    """Right after a label ("passport no. X"), or later in the label's sentence when the token is plainly a
    document number ("Her BRP went into the form by accident (ZU1234567)")."""
    for label in (m for lo, hi in _label_windows(text, protected) for m in _LABEL.finditer(text, lo, hi)):
        if _after_work_noun(text, label.start()):
            continue
        between = _BETWEEN.match(text, label.end())
        start = between.end() if between else label.end()
        span = _identifier_at(text, start, says_number=bool(between and _NUMBER_WORD.search(between.group())))
        if span is None:
            span = _document_number_later(text, start)
        if span is None or any(s <= span[0] and span[1] <= e for s, e in protected):
            continue
        s, e = span
        yield Finding("id_number", s, e, text[s:e], ID_PLACEHOLDER, LABELLED_REASON)


_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n")
_DOCUMENT_NUMBER = re.compile(
    r"(?<![\w/.@£$€¥₹#-])(?:[A-Z]{1,3}\d{5,10}[A-Z]?|\d{5,10}[A-Z]{1,2}|\d{7,12}"
    r"|\d{2,4}(?:[ -]\d{1,8}){1,4}"
    r"|(?=[A-Z\d]{6,14}(?![\w-]))(?=[A-Z\d]*[A-Z])(?:[A-Z]*\d){5}[A-Z\d]*)(?![\w/@%-]|[.,]\d)"
)
_LATER = 100  # characters: "her passport number was in the travel booking she forwarded: A12345678"


def _document_number_later(text: str, start: int) -> tuple[int, int] | None:
    """A plain document number further on in the label's sentence: capitals and 5+ digits, or 7+ digits."""
    end = min(len(text), start + _LATER)
    stop = _SENTENCE_END.search(text, start, end)
    m = _DOCUMENT_NUMBER.search(text, start, stop.start() if stop else end)
    if m is None or (_digits(m.group()) < 7 and not any(c.isalpha() for c in m.group())):
        return None
    counted = re.match(r"\s+[a-z]{3,}s\b", text[m.end() :]) and not any(c.isalpha() for c in m.group())
    if counted or _TICKET.fullmatch(m.group()) or re.match(r"\s*(?:%|percent)", text[m.end() :]):
        return None  # "1250000 applications", "12%": a count
    return m.span()


_CANDIDATE = re.compile(r"[A-Za-z0-9]*\d[A-Za-z0-9]*")


def _label_windows(text: str, protected: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where a label could stand: the stretch before each token that could be an identifier (speed: the
    label expression is long, and most of a note is nowhere near a number that is not a date or time)."""
    windows: list[tuple[int, int]] = []
    inside = SpanIndex(protected).contains
    for m in _CANDIDATE.finditer(text):
        if _digits(m.group()) < 2 or inside(m.start(), m.end()):
            continue
        lo = max(0, m.start() - _LATER - 40)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], m.start())
        else:
            windows.append((lo, m.start()))
    return windows


def _after_work_noun(text: str, start: int) -> bool:
    words = re.findall(r"[A-Za-z]+", text[max(0, start - 24) : start])
    return bool(words) and words[-1].lower() in _WORK_NOUNS


_YEAR = re.compile(r"(?:19|20)\d\d")


def _identifier_at(text: str, start: int, *, says_number: bool) -> tuple[int, int] | None:
    """The identifier-shaped run of tokens starting exactly at ``start``, or None."""
    first = _TOKEN.match(text, start)
    if first is None or (start > 0 and text[start - 1].isalnum()) or not _is_part(first.group()):
        return None
    end = first.end()
    parts = [first.group()]
    while len(parts) < 8:
        nxt = _TOKEN.match(text, end + 1)
        if nxt is None or text[end] not in _SEPARATORS or not _is_part(nxt.group()):
            break
        if text[end] == " " and not any(c.isdigit() for c in nxt.group()) and len(nxt.group()) > 2:
            break  # "GB1234567 BRP": a following word, not a piece
        parts.append(nxt.group())
        end = nxt.end()
    if end < len(text) and (text[end].isalnum() or text[end] in "@_"):
        return None  # part of a longer word, an e-mail address or a handle
    while text[end - 1] in "./-":
        end -= 1
    compact = "".join(parts).upper()
    digits = _digits(compact)
    letters = len(compact) - digits
    if letters and digits >= 2 and len(compact) >= 4:
        return start, end  # letters mixed with digits
    if not letters and (digits >= 5 or (digits == 4 and says_number and not _YEAR.fullmatch(compact))):
        return start, end
    return None
