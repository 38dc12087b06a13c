"""Detectors for personal data that has a shape: e-mail, phone, URL, IP, card, IBAN, UK identifiers, SSN.

Each detector takes text and yields ``Finding`` objects whose spans cover the whole item (brackets,
``mailto:``, credentials, separators included), so no fragment is left after replacement. Checksums
(Luhn, mod 97, mod 11) and validators (``ipaddress``, ``phonenumbers``) keep precision up: a number that
fails its checksum is just a number. Spans that look like data but are dates, times, versions or ISBNs are
reported by :func:`protected_spans` so the caller can drop findings inside them.

This module must never log, print or store the text it inspects or the values it finds.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Sequence

import phonenumbers

from . import addresses, birthdates, contacts, identifiers
from .checksums import cards, ibans, nhs_numbers, ssns
from .findings import Finding, from_match
from .spans import SpanIndex

Detector = Callable[[str], Iterator[Finding]]

# Lookarounds say [^\W_] (a letter or digit) rather than \w: Markdown's "_emphasis_" must not hide a value.
#
# Speed: Python's re tries a pattern at every offset, and a pattern that *opens* with a lookbehind pays
# for it everywhere. So patterns open with a character class ("\d(?<![^\W_]\d)" rather than
# "(?<![^\W_])\d"), and the rarer detectors are gated on a cheap test of the whole text first.

# --- e-mail -------------------------------------------------------------------------------------------

_LOCAL = r"[^\W_](?:[\w.!#$%&'*+/=?^`{|}~-]*[\w+%-])?"
_DOMAIN = r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}"
_EMAIL = re.compile(
    rf"<(?:mailto:)?{_LOCAL}@{_DOMAIN}>"  # angle brackets go with the address: "Jane <[email]>" reads oddly
    rf"|(?<![^\W_]|[.+%-])(?:mailto:)?{_LOCAL}@{_DOMAIN}(?![^\W_]|-|\.[^\W_])",
    re.IGNORECASE,
)
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_AT = rf"\s*{_OPEN}\s*at\s*{_CLOSE}\s*"
_DOT = rf"(?:\s*{_OPEN}\s*dot\s*{_CLOSE}\s*|\.)"
_OBFUSCATED_EMAIL = re.compile(rf"(?<![^\W_]|[.+-])[^\W_][\w.+-]*{_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.IGNORECASE)


_OBFUSCATION_GATE = re.compile(rf"{_OPEN}\s*at\s*{_CLOSE}", re.IGNORECASE)


def _tokens_containing(text: str, positions: Iterator[int]) -> list[tuple[int, int]]:
    """The whitespace-delimited stretches of ``text`` holding each position, once each.

    An address or a bare domain cannot contain a space, so its pattern need only run there, not over the
    whole text (lookarounds still see the characters either side).
    """
    spans: list[tuple[int, int]] = []
    for p in positions:
        if spans and spans[-1][0] <= p < spans[-1][1]:
            continue
        start, end = p, p
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        spans.append((start, end))
    return spans


def _at_signs(text: str) -> Iterator[int]:
    i = text.find("@")
    while i != -1:
        yield i
        i = text.find("@", i + 1)


def emails(text: str) -> Iterator[Finding]:
    for start, end in _tokens_containing(text, _at_signs(text)):
        for m in _EMAIL.finditer(text, start, end):
            yield _finding("email", m, "[email]", "e-mail address")
    if not _OBFUSCATION_GATE.search(text):
        return
    for m in _OBFUSCATED_EMAIL.finditer(text):
        yield _finding("email", m, "[email]", "e-mail address written with [at]/[dot]")


# --- URLs -----------------------------------------------------------------------------------------------

_URL_BODY = r"[^\s<>\"`]+"
_TLDS = r"(?:com|org|net|io|edu|gov|dev|app|me|info|uk|co)"
# (gate, pattern): the pattern only runs on a text where the cheap gate is found.
_URLS = (
    ("://", re.compile(rf"(?<![^\W_])(?:https?|ftps?|sftp|ssh|git|file|wss?)://{_URL_BODY}", re.IGNORECASE)),
    ("www", re.compile(rf"(?<![^\W_]|[.@/-])www\d?\.[^\W_][\w-]*\.{_URL_BODY}", re.IGNORECASE)),
    # Bare domains only with a common TLD in lower case, so ASP.NET, Node.js and setup.py stay.
    (
        ".",
        re.compile(
            rf"[a-z0-9](?<![^\W_][a-z0-9])(?<![.@/-][a-z0-9])(?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
            rf"\.{_TLDS}(?::\d{{1,5}})?(?:/[^\s<>\"`]*)?(?![\w@-])"
        ),
    ),
    # user:password@host without a scheme: the password is the worst part to leave behind.
    (
        "@",
        re.compile(
            rf"[^\W_](?<![^\W_/][^\W_])[\w.+-]*:[^\s@/:]+@{_DOMAIN}(?::\d{{1,5}})?(?:/[^\s<>\"`]*)?",
            re.IGNORECASE,
        ),
    ),
)
_BARE_DOMAIN_GATE = re.compile(rf"\.{_TLDS}\b")
_TRAILING = ".,;:!?'\"’”*_"


def _trim_url(text: str, start: int, end: int) -> int:
    """Give back trailing punctuation and an unbalanced closing bracket (Markdown links, prose)."""
    while end > start:
        last = text[end - 1]
        unbalanced = last in ")]}" and (text.count("([{"[")]}".index(last)], start, end) < text.count(last, start, end))
        if last not in _TRAILING and not unbalanced:
            break
        end -= 1
    return end


def urls(text: str) -> Iterator[Finding]:
    lowered = text.lower()
    for gate, pattern in _URLS:
        if gate not in lowered:
            continue
        if gate == ".":
            where = _tokens_containing(text, (m.start() for m in _BARE_DOMAIN_GATE.finditer(text)))
        elif gate == "@":
            where = _tokens_containing(text, _at_signs(text))
        else:
            where = [(0, len(text))]
        for m in (m for start, end in where for m in pattern.finditer(text, start, end)):
            end = _trim_url(text, m.start(), m.end())
            if end - m.start() >= 4 and not _public_page(text[m.start() : end]):
                yield Finding("url", m.start(), end, text[m.start() : end], "[url]", "web address")


# Sites whose pages are people: profiles, chats, meetings, shared files, short links that hide anything.
_PERSONAL_HOSTS = (
    "linkedin.com", "github.com", "gitlab.com", "bitbucket.org", "twitter.com", "x.com", "facebook.com", "fb.com",
    "instagram.com", "tiktok.com", "t.me", "wa.me", "calendly.com", "zoom.us", "meet.google.com", "teams.microsoft.com",
    "drive.google.com", "docs.google.com", "dropbox.com", "onedrive.live.com", "1drv.ms", "sharepoint.com",
    "medium.com", "youtube.com", "youtu.be", "bit.ly", "tinyurl.com", "weibo.com", "vk.com", "reddit.com",
    "about.me", "linktr.ee", "keybase.io", "mastodon.social", "bsky.app", "threads.net", "snapchat.com",
    "pinterest.com", "wechat.com", "qq.com", "skype.com", "discord.gg", "discord.com", "slack.com", "notion.so",
)  # fmt: skip
# A page named by one of these words is a site's own page, not someone's ("kafka.apache.org/documentation/").
_PAGE_WORDS_TEXT = """
docs doc documentation guide guides guidance manual reference api learn tutorial tutorials handbook wiki help
support faq about blog news publications resources standards policy policies en stable latest index download
downloads install getting-started quickstart overview
"""
_PAGE_WORDS = frozenset(_PAGE_WORDS_TEXT.split())


def _public_page(url: str) -> bool:
    """A web page that names nobody: an http(s) page of an organisation's site with no personal part.

    Kept, because a documentation link is useful text ("https://airflow.apache.org/docs/…/best-practices.html").
    Removed: other schemes, credentials, query strings, profile, chat and file-sharing sites, ``~user`` and
    ``@user`` paths, a page named by a single word that is not a site's own (``example.com/jane``), and a
    bare site (``janesmith.com``) unless it is a subdomain of an organisation's (``docs.readthedocs.io``).
    """
    from urllib.parse import urlsplit  # the URL parser only runs on the few URLs found

    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or "@" in parts.netloc or parts.query or not host:
        return False
    if any(host == h or host.endswith("." + h) for h in _PERSONAL_HOSTS):
        return False
    segments = [p for p in parts.path.split("/") if p]
    if any(c in parts.path for c in "~@") or any(
        p.lower() in ("in", "u", "user", "users", "profile", "profiles", "people", "members", "author", "me")
        for p in segments
    ):
        return False
    labels = host.removeprefix("www.").split(".")
    if not segments:
        return len(labels) >= 3 and not host.startswith("www.")
    if len(segments) == 1:
        page = segments[0].lower().rsplit(".", 1)[0]
        # A site's own page, or a title in words ("qualifying-and-education"), not a name ("jane-smith").
        return page in _PAGE_WORDS or bool(_FUNCTION_WORDS & set(re.split(r"[-_]", page)))
    return True


_FUNCTION_WORDS_TEXT = "for and of the to in with on how what why when a an your our by from"
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())


# --- IP addresses ---------------------------------------------------------------------------------------

_IPV4 = re.compile(r"\d(?<![^\W_]\d)(?<!\.\d)\d{0,2}\.(?:\d{1,3}\.){2}\d{1,3}(?:/\d{1,2})?(?![^\W_]|\.\d)")
_IPV6 = re.compile(r"(?<![^\W_]|[:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?:%\w+)?(?![^\W_]|:)")


def ips(text: str) -> Iterator[Finding]:
    for m in _IPV4.finditer(text):
        try:
            ipaddress.IPv4Address(m.group().split("/")[0])  # rejects 256+ and leading zeros
        except ValueError:
            continue
        yield _finding("ip", m, "[ip]", "IPv4 address")
    if "::" not in text and text.count(":") < 7:
        return  # an IPv6 address has "::" or all eight groups
    for m in _IPV6.finditer(text):
        candidate = m.group()
        if not any(c.isdigit() for c in candidate):
            continue  # "::" and "a::b" are C++ and Rust far more often than addresses
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        yield _finding("ip", m, "[ip]", "IPv6 address")


# --- UK identifiers -------------------------------------------------------------------------------------

_POSTCODE = re.compile(
    r"[A-PR-UWYZ](?<![A-Za-z0-9][A-Z])"
    r"(?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?|(?<=G)IR)"
    r"[ \u00a0]?[0-9][ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)
# First letter never D F I Q U V; second never D F I O Q U V; suffix A-D.
_NI = re.compile(r"[A-CEGHJ-PR-TW-Z](?<![A-Za-z0-9][A-Z])[A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])")
_NI_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


# A social-media or chat handle ("@marcuswebb", "@jo_smith"): personal data whoever it names, and one a
# known-name match misses (the words run together). An "@" after a letter or digit is an e-mail address's.
# CSS at-rules are not handles: the HTML export's own stylesheet has "@media", and the final re-scan reads it.
_CSS_AT_RULES = "media|import|font-face|page|keyframes|supports|charset|namespace"
_HANDLE = re.compile(
    rf"(?<![\w.@/+-])@(?!(?:{_CSS_AT_RULES})(?![\w-]))[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?![\w@-])"
)


def handles(text: str) -> Iterator[Finding]:
    for m in _HANDLE.finditer(text):
        yield _finding("handle", m, "[handle]", "@handle")


def postcodes(text: str) -> Iterator[Finding]:
    for m in _POSTCODE.finditer(text):
        yield _finding("postcode", m, "[postcode]", "UK postcode")


def ni_numbers(text: str) -> Iterator[Finding]:
    for m in _NI.finditer(text):
        if m.group()[:2] not in _NI_NEVER:
            yield _finding("ni_number", m, "[ni number]", "UK National Insurance number")


# --- phone numbers --------------------------------------------------------------------------------------

# Cheap pre-filter: the phonenumbers matcher is slow on whole texts, so it only sees runs of digits and
# phone punctuation, with a little context around them (it uses that context to skip times and dates).
# A window never ends on the hour of a time ("07911 123456 10:30" stops before "10").
_PHONE_WINDOW = re.compile(r"[+(\d](?<![^\W_+][+(\d])(?<!\d[,.]\d)[\d \t\u00a0().\-/]{5,}\d\)?(?![\d:])")
PHONE_REGIONS = ("GB", "US", "IE", "DE", "FR", "IN", "AU")
_CONTEXT = 12
_MAX_PHONE_DIGITS = 17  # E.164 allows 15, plus a trunk prefix or "00"
_MAX_PHONE_GROUPS = 6  # "+44 (0)20 7946 0018" is five
_MAX_SPLIT_TOKENS = 12  # a longer run of numbers is a table, not phone numbers side by side


def _opens_number(token: str) -> bool:
    digits = token.lstrip("+(")
    return token[0] in "+(" or digits.startswith("0") or (len(digits) == 3 and digits.isdigit())


def _digit_count(text: str, start: int, end: int) -> int:
    return sum(c.isdigit() for c in text[start:end])


def _landline_without_trunk(pm: phonenumbers.PhoneNumberMatch, region: str) -> bool:
    """A landline of a country that dials its trunk "0" at home, written with neither that "0" nor a
    country code ("Room 498 10000 sessions": valid in Germany). People write their own landline with the
    "0" ("0498 10000", "020 7946 0018"), so two such numbers side by side are counts, not a phone number.
    Mobiles stay: Indian mobiles are written without the "0" ("98765 43210")."""
    first = next((c for c in pm.raw_string if c.isdigit() or c == "+"), "")  # past "(" or a link's "["
    if first in ("+", "0"):
        return False
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.national_prefix != "0":
        return False
    return phonenumbers.number_type(pm.number) == phonenumbers.PhoneNumberType.FIXED_LINE


def _match_phones(text: str, start: int, end: int, regions: tuple[str, ...] = PHONE_REGIONS) -> list[tuple[int, int]]:
    # Context, but no neighbouring digits: those would merge back into one over-long candidate.
    lo, hi = start, end
    while lo > max(0, start - _CONTEXT) and not text[lo - 1].isdigit():
        lo -= 1
    while hi < min(len(text), end + _CONTEXT) and not text[hi].isdigit():
        hi += 1
    chunk = text[lo:hi]
    international = text[start:end].startswith(("+", "00"))
    wanted = _digit_count(text, start, end)
    found: list[tuple[int, int]] = []
    for region in regions[:1] if international else regions:
        for pm in phonenumbers.PhoneNumberMatcher(chunk, region, leniency=phonenumbers.Leniency.VALID):
            if _landline_without_trunk(pm, region):
                continue
            span = (lo + pm.start, lo + pm.end)
            if span[0] < end and span[1] > start and span not in found:
                found.append(span)
        if sum(_digit_count(text, s, e) for s, e in found) >= wanted:
            break
    return found


def phones(text: str, protected: Sequence[tuple[int, int]] = ()) -> Iterator[Finding]:
    inside = SpanIndex(protected).contains
    for w in _PHONE_WINDOW.finditer(text):
        start, end = w.span()
        while text[start] in "+(" and not text[start + 1].isdigit() and text[start : start + 2] != "+(":
            start += 1  # "((415) 555-2671)": the window opens at the bracket next to the digits
        if _digit_count(text, start, end) < 7:
            continue
        if inside(start, end):
            continue  # a date, time or ISBN: the slowest detector need not look
        found = _match_phones(text, start, end)
        tokens = [(start + t.start(), start + t.end()) for t in re.finditer(r"\S+", text[start:end])]
        missed = sum(_digit_count(text, s, e) for s, e in found) < _digit_count(text, start, end)
        if 1 < len(tokens) <= _MAX_SPLIT_TOKENS and missed:
            # The matcher takes a long run ("020 7946 0018 07911 123456") as one candidate and gives up:
            # retry from each token that can open a number ("+44", "(020", "07911", "415") with the
            # longest run of following tokens that could be one number. Not from "12" or "70": a row of
            # scores is not a phone number.
            for i, (ts, te) in enumerate(tokens):
                if any(s <= ts < e for s, e in found) or not _opens_number(text[ts:te]):
                    continue
                for j in range(min(len(tokens), i + _MAX_PHONE_GROUPS) - 1, i - 1, -1):
                    n = _digit_count(text, ts, tokens[j][1])
                    if n > _MAX_PHONE_DIGITS or n < 7:
                        continue
                    # Only the main regions here: tried on every slice, the others accept too much.
                    sub = _match_phones(text, ts, tokens[j][1], PHONE_REGIONS[:2])
                    if sub:
                        found += [span for span in sub if span not in found]
                        break
        for s, e in found:
            # Too short without a "+": "130000 visitors" is a number only in Australia, "Room 168 1000 users"
            # only without its area code. Such numbers go after "call", "mobile"... (contacts.py).
            if _digit_count(text, s, e) >= (7 if text[s] == "+" else 8):
                yield Finding("phone", s, e, text[s:e], "[phone]", "phone number")


# --- things that look like data but are not -------------------------------------------------------------

_DATES_AND_TIMES = re.compile(
    r"\d(?<!\w\d)(?:"
    r"\d{3}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"  # ISO dates and date-times
    r"|(?:(?<=[0-2])\d|(?<=3)[01])?([/.-])(?:[0-2]?\d|3[01])\1(?:\d{4}|\d{2})"  # 02/03/2026, 2.3.26, not 77-41-2299
    r"|\d?:\d{2}(?::\d{2})?(?:\s*[-–]\s*\d{1,2}:\d{2}(?::\d{2})?)?"  # times and time ranges
    r")(?!\w)"
)
_VERSIONS = re.compile(
    r"[vV](?<![\w.][vV])\d+(?:\.\d+)+\b"  # v2.3.4
    # version 1.2.3.4, ver 2.0, release 3.1, build 4.1.0.2, rev 1.2, firmware 5.0 (first letter, then the rest)
    r"|[vVrRbBfF](?<!\w[vVrRbBfF])(?i:ersion|er|elease|uild|evision|ev|irmware)\.?:?\s*[vV]?\d+(?:\.\d+)+\b"
)
_VERSION_GATE = re.compile(r"\d\.\d")
_LABELLED_ISBN = re.compile(r"[iI](?<!\w[iI])(?i:sbn)(?:-1[03])?:?\s*(?:97[89][- ]?)?\d[\d -]{7,}[\dX]\b")
_ISBN13 = re.compile(r"9(?<![^\W_]9)(?<!-9)7[89](?:-?\d){10}(?![^\W_]|-)")
_ISBN10 = re.compile(r"\d(?<![^\W_]\d)(?<!-\d)\d{0,4}-\d{1,7}-\d{1,7}-[\dX](?![^\W_]|-)")


def _isbn13_valid(digits: str) -> bool:
    return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0


def _isbn10_valid(chars: str) -> bool:
    if len(chars) != 10:
        return False
    values = [10 if c == "X" else int(c) for c in chars]
    return sum(v * w for v, w in zip(values, range(10, 0, -1), strict=True)) % 11 == 0


_IBAN_SHAPE = re.compile(
    r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"
)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Dates, times, versions, ISBNs, and IBAN-shaped codes failing mod 97 (so no phone is read out of
    their digits): findings wholly inside one of these are dropped, except a real IBAN."""
    spans = [m.span() for m in _DATES_AND_TIMES.finditer(text)]
    if _VERSION_GATE.search(text):
        spans += [m.span() for m in _VERSIONS.finditer(text)]
    if "isbn" in text.lower():
        spans += [m.span() for m in _LABELLED_ISBN.finditer(text)]
    spans += [m.span() for m in _IBAN_SHAPE.finditer(text)]
    spans += [m.span() for m in _ISBN13.finditer(text) if _isbn13_valid(m.group().replace("-", ""))]
    spans += [m.span() for m in _ISBN10.finditer(text) if _isbn10_valid(m.group().replace("-", ""))]
    return spans


# What the engine writes in place of a value. A re-scan must not read a name out of "[ni number]" when
# someone is called Ní, or the final check would refuse a summary that is already clean.
PLACEHOLDERS = (
    "[email]",
    "[phone]",
    "[url]",
    "[ip]",
    "[card]",
    "[iban]",
    "[postcode]",
    "[ni number]",
    "[nhs number]",
    "[ssn]",
    "[name?]",
    "[person]",
    "[redacted]",
    identifiers.ID_PLACEHOLDER,
    birthdates.DOB_PLACEHOLDER,
    addresses.ADDRESS_PLACEHOLDER,
    contacts.MESSAGING_PLACEHOLDER,
    contacts.CONTACT_PLACEHOLDER,
    "[handle]",
)
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PLACEHOLDER.finditer(text)]


_finding = from_match


_NHS_CONTEXT = re.compile(r"\bnhs\b", re.IGNORECASE)


# A phone number does not share digits with a date ("2015-01-01 10"), nor open with a year and a space
# when it has no "+", trunk 0 or bracket ("in 2012 100000 visitors").
_MONEY_LAST = re.compile(r"\s\d{1,3}(?:,\d{3})*\.\d{2}\Z")
_YEAR_FIRST = re.compile(r"(?:19|20)\d\d\s|[1-9]\d{0,2}\.\d+\s")  # or a decimal: "Python 3.10 1000 users"


def _not_a_phone(text: str, f: Finding, protected: Sequence[tuple[int, int]]) -> bool:
    """Also not the number of a ticket ("JIRA-13612 100.00 euros") nor one ending in a sum of money."""
    overlaps = any(s < f.end and f.start < e for s, e in protected)
    ticket = f.start >= 2 and text[f.start - 1] == "-" and text[f.start - 2].isalpha()
    return overlaps or ticket or bool(_YEAR_FIRST.match(f.text) or _MONEY_LAST.search(f.text))


def find_all(text: str) -> list[Finding]:
    """Every personal-data candidate in ``text`` (possibly overlapping), minus those inside protected spans."""
    protected = protected_spans(text)
    inside = SpanIndex(protected).contains
    found = [
        f
        for detector in DETECTORS
        for f in (detector(text, protected) if detector in _SEE_PROTECTED else detector(text))  # type: ignore[call-arg]
        if f.kind in _UNPROTECTED or not inside(f.start, f.end)
        if not (f.kind == "phone" and _not_a_phone(text, f, protected))
    ]
    # One number in eleven that phonenumbers accepts also passes the NHS mod-11 check: call it an NHS
    # number only where the text says so just before it, a phone number otherwise.
    nhs_spans = {(f.start, f.end) for f in found if f.kind == "nhs_number"}
    phone_spans = {(f.start, f.end) for f in found if f.kind == "phone"}
    contested = nhs_spans & phone_spans
    says_nhs = {span for span in contested if _NHS_CONTEXT.search(text, max(0, span[0] - 40), span[0])}
    loser = {span: "phone" if span in says_nhs else "nhs_number" for span in contested}
    # A number after "ID", "passport", "tax reference" is that, even when it could be dialled.
    labelled = {(f.start, f.end) for f in found if f.reason == identifiers.LABELLED_REASON}
    loser |= {span: "phone" for span in labelled & phone_spans}
    return [f for f in found if loser.get((f.start, f.end)) != f.kind]


# Order is the tie-break when two detectors claim the same span: the more specific kind wins.
DETECTORS: tuple[Detector, ...] = (
    emails,
    contacts.spoken_emails,
    urls,
    ips,
    ibans,
    cards,
    ni_numbers,
    ssns,
    nhs_numbers,
    phones,
    contacts.labelled_phones,
    addresses.addresses,
    postcodes,
    birthdates.dates_of_birth,
    identifiers.official_numbers,
    identifiers.labelled_ids,
    contacts.messaging_ids,
    handles,
)
# Detectors that are told where dates, times and versions are, and kinds those spans do not protect: a
# date of birth is a date, and an IBAN or an address may hold a date-shaped run. Identifier detectors
# skip dates themselves: an IBAN-shaped protected span (ES00008V1488Q) may well be another country's number.
_SEE_PROTECTED: frozenset[Detector] = frozenset({phones, contacts.labelled_phones, identifiers.labelled_ids})
_UNPROTECTED = frozenset({"iban", "date_of_birth", "address", "id_number"})
KIND_RANK = {
    kind: i
    for i, kind in enumerate(
        (
            "contact",
            "email",
            "url",
            "ip",
            "iban",
            "card",
            "ni_number",
            "ssn",
            "nhs_number",
            "phone",
            "address",
            "postcode",
            "date_of_birth",
            "messaging_id",
            "id_number",
            "handle",
        )
    )
}
