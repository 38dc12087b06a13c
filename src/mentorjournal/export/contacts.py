"""Contact details in the forms a validator misses: stored ones, spoken e-mails, messaging IDs, labelled phones.

- :func:`stored_contacts`: every contact detail the journal stores for someone is matched literally,
  whether or not a library calls it valid: a phone number in a reserved fictional range (UK 07700 900xxx,
  US 555-01xx) is still that person's number. Phones match on their digits whatever the separators, and
  with or without the country code or trunk 0; e-mails and handles match case-insensitively.
- :func:`spoken_emails`: ``name at domain dot com``, ``jane dot doe at mail dot co dot uk``, also after the
  name was already replaced (``Mentee A at example dot com``), so the final re-scan catches it too.
- :func:`messaging_ids`: the ID after an app's name (``her WeChat is lily_w88``, ``Telegram: @lily``,
  ``Zoom ID 123 456 7890``). Only the ID goes: ``her WeChat is [messaging id]``.
- :func:`labelled_phones`: a number after "call me on", "mobile", "tel", "WhatsApp"... that
  ``phonenumbers`` calls possible but not valid.

This module must never log, print or store the text it inspects or the values it finds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

import phonenumbers

from .findings import Finding, KnownPerson
from .words import COMMON_WORDS

EMAIL_PLACEHOLDER = "[email]"
PHONE_PLACEHOLDER = "[phone]"
MESSAGING_PLACEHOLDER = "[messaging id]"
CONTACT_PLACEHOLDER = "[contact]"

# --- stored contact details ----------------------------------------------------------------------------

_STORED_EMAIL = re.compile(r"[^\s,;<>()\[\]]+@[^\s,;<>()\[\]]+\.[^\s,;<>()\[\].]+")
_STORED_PHONE = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
_STORED_OTHER = re.compile(r"@?[\w][\w.+-]*[\w]")
_SEP = r"[\s.()\-/\u00a0]*"


@functools.lru_cache(maxsize=64)
def _contact_patterns(people: tuple[KnownPerson, ...]) -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """(pattern, placeholder, owner label) for every stored detail, compiled once per set of people."""
    out: list[tuple[re.Pattern[str], str, str]] = []
    for person in people:
        for raw in person.contacts:
            rest = raw
            for m in _STORED_EMAIL.finditer(raw):
                value = m.group().strip(".")
                out.append(
                    (
                        re.compile(rf"(?<![\w.+-]){re.escape(value)}(?![\w-]|\.\w)", re.IGNORECASE),
                        EMAIL_PLACEHOLDER,
                        person.label,
                    )
                )
                rest = rest.replace(m.group(), " ")
            for m in _STORED_PHONE.finditer(rest):
                digits = re.sub(r"\D", "", m.group())
                if len(digits) >= 6:
                    out.append((_phone_pattern(m.group(), digits), PHONE_PLACEHOLDER, person.label))
                    rest = rest.replace(m.group(), " ")
            for m in _STORED_OTHER.finditer(rest):
                value = m.group()
                handle = value.startswith("@") or any(c.isdigit() or c in "_." for c in value)
                if handle and len(value.lstrip("@")) >= 4 and value.lower() not in COMMON_WORDS:
                    bare = re.escape(value.lstrip("@"))
                    out.append(
                        (
                            re.compile(rf"(?<![\w.@-])@?{bare}(?![\w@-]|\.\w)", re.IGNORECASE),
                            CONTACT_PLACEHOLDER,
                            person.label,
                        )
                    )
    return tuple(out)


def contact_details(text: str) -> tuple[str, ...]:
    """The e-mail addresses and phone numbers in free text (a person's notes), to match as stored details."""
    emails = [m.group().strip(".") for m in _STORED_EMAIL.finditer(text)]
    rest = _STORED_EMAIL.sub(" ", text)
    phones = [m.group() for m in _STORED_PHONE.finditer(rest) if len(re.sub(r"\D", "", m.group())) >= 7]
    return tuple(emails + phones)


def _phone_pattern(written: str, digits: str) -> re.Pattern[str]:
    """The number's national digits, with any separators, optionally after +CC, 00CC or a trunk 0."""
    national, country = digits, ""
    try:
        parsed = phonenumbers.parse(written, "GB")
        national = phonenumbers.national_significant_number(parsed)
        country = str(parsed.country_code)
    except phonenumbers.NumberParseException:
        national = digits.lstrip("0") or digits
    prefix = r"(?:\+|00)" + _SEP + _SEP.join(country) + _SEP + r"(?:\(0\)" + _SEP + ")?" if country else ""
    body = _SEP.join(national)
    lead = rf"(?:{prefix}|0{_SEP})?" if prefix else rf"(?:0{_SEP})?"
    return re.compile(rf"(?<![\d+]){lead}{body}(?!\d)")


def stored_contacts(text: str, people: Sequence[KnownPerson]) -> Iterator[Finding]:
    if not any(p.contacts for p in people):
        return
    for pattern, placeholder, label in _contact_patterns(tuple(people)):
        for m in pattern.finditer(text):
            start, end = m.span()
            if text[start] == "(" and ")" not in text[start:end]:
                start += 1
            elif start > 0 and text[start - 1] == "(" and ")" in text[start:end]:
                start -= 1  # "(555) 0142": the bracket goes with the area code
            yield Finding("contact", start, end, text[start:end], placeholder, f"a contact detail stored for {label}")


# --- e-mail addresses written out in words ---------------------------------------------------------------

_TLDS = (
    "com|org|net|edu|gov|io|co|uk|ie|de|fr|es|it|nl|pl|in|ng|cn|au|br|ca|us|info|biz|me|dev|app|ac|eu|ch"
    "|at|be|se|no|dk|fi|pt|jp|kr|za|nz|mx|ar|ru|tr|gr|hk|sg|my|ph|pk|ke|gh|ae|sa|il|cz|hu|ro|ua"
)
_LABEL_LOCAL = r"(?i:mentee\s+[a-z]{1,2}|person\s+\d+|\[person\]|\[name\?\])"
_WORD_AT = r"(?:\s+(?:at|AT|At)\s+|\s*[(\[{<]\s*(?i:at)\s*[)\]}>]\s*|\s*@\s*)"
_WORD_DOT = r"(?:\s+(?:dot|DOT|Dot)\s+|\s*[(\[{<]\s*(?i:dot)\s*[)\]}>]\s*|\.)"
_SPOKEN = re.compile(
    rf"(?<![\w.+-])(?P<local>{_LABEL_LOCAL}|[\w+-]+(?:{_WORD_DOT}[\w+-]+)*)"
    rf"{_WORD_AT}(?P<domain>[\w-]+(?:{_WORD_DOT}[\w-]+)*{_WORD_DOT}(?:{_TLDS}))(?![\w-]|\.\w)"
)
# Cheap first look: "at" then a word and a dot (said or written), or a bracketed "at" or "dot".
_SPOKEN_GATE = re.compile(r"\s(?:at|AT|At)\s+[\w-]+(?:\.\w|\s+(?:dot|DOT|Dot)\s)|[(\[{<]\s*(?i:at|dot)\s*[)\]}>]")
_MAIL_HOSTS_TEXT = """
gmail googlemail yahoo hotmail outlook live icloud me protonmail proton qq 163 126 aol gmx web mail yandex zoho
rediffmail
"""
_MAIL_HOSTS = frozenset(_MAIL_HOSTS_TEXT.split())


def spoken_emails(text: str) -> Iterator[Finding]:
    if not _SPOKEN_GATE.search(text):
        return
    for m in _SPOKEN.finditer(text):
        written = m.group()
        spoken = re.search(r"\s(?:at|dot|AT|DOT|At|Dot)\s", written) is not None
        local = m.group("local")
        bracketed = re.search(r"[(\[{<]\s*(?i:at|dot)\s*[)\]}>]", written) is not None
        if "@" in written or not (spoken or bracketed):
            continue  # plain addresses are the e-mail detector's
        host = re.split(r"\s|\.|\(", m.group("domain"))[0].lower()
        said_dot = bracketed or re.search(r"\s(?:dot|DOT|Dot)\s", m.group("domain")) is not None
        ordinary = local.lower() in COMMON_WORDS and not re.match(_LABEL_LOCAL, local)
        if ordinary or not (
            said_dot or host in _MAIL_HOSTS or re.match(_LABEL_LOCAL, local) or re.search(r"[\d_.+]|\sdot\s", local)
        ):
            continue  # "we met at acme.com" is a meeting, not an address
        yield Finding("email", m.start(), m.end(), written, EMAIL_PLACEHOLDER, "e-mail address written in words")


# --- messaging and social IDs --------------------------------------------------------------------------

_APPS = (
    r"WeChat|Weixin|WhatsApp|Whatsapp|Telegram|Signal|Slack|Teams|MS\s+Teams|Discord|LinkedIn|Linkedin"
    r"|GitHub|Github|GitLab|Instagram|Insta|IG|Twitter|Facebook|FB|Messenger|Skype|Snapchat|Snap|TikTok"
    r"|Tiktok|Line|LINE|Viber|QQ|Zoom|Threads|Mastodon|Bluesky|Reddit|KakaoTalk|Kakao|Zalo|Twitch|YouTube"
    r"|Weibo|Douyin|Xing|VK|Imo|X"
)
# The app's name, then words that say an ID follows.
_MESSAGING = re.compile(
    rf"(?<![\w@/.])(?P<app>{_APPS})(?![\w])"
    r"(?P<between>(?:\s+(?i:meeting|personal|user|account))?(?:\s*(?i:id|handle|username|user\s*name|name|number|"
    r"no\.?|account|profile))?(?:\s*(?i:is|was|:|=|-|–|\())?)\s*"
    r"(?P<id>@?[A-Za-z0-9][A-Za-z0-9_.#\-]*[A-Za-z0-9_]|\d{3}[\s-]?\d{3,4}[\s-]?\d{3,4})(?![\w@])"
)
_EXPLICIT = re.compile(r"id|handle|user|name|number|no|account|profile|:|=|\(", re.IGNORECASE)


def messaging_ids(text: str) -> Iterator[Finding]:
    for m in _MESSAGING.finditer(text):
        value = m.group("id")
        between = m.group("between")
        explicit = _EXPLICIT.search(between) is not None
        marked = value.startswith("@") or any(c.isdigit() or c in "_.#" for c in value)
        if m.group("app") == "X" and not explicit:
            continue  # the letter X is too common to trust on its own
        if not between.strip() and not marked:
            continue  # "on Slack today": a word after the app, not an ID
        if not (explicit or marked) or value.lower() in COMMON_WORDS or len(value.lstrip("@")) < 3:
            continue
        yield Finding(
            "messaging_id",
            m.start("id"),
            m.end("id"),
            value,
            MESSAGING_PLACEHOLDER,
            "messaging or social ID after the app's name",
        )


# --- phone numbers after words that say so -------------------------------------------------------------

_PHONE_LABEL = re.compile(
    r"(?<![\w])(?i:call|ring|text|phone|mobile|cell|tel|telephone|landline|whatsapp|viber|fax|mob)"
    r"(?:\s+(?i:me|her|him|them|us))?(?:\s+(?i:on|at))?(?:\s*(?i:no\.?|number|is|:|-|–))*\s*"
    r"(?P<number>\+?\(?\d[\d\s().\-/\u00a0]{5,18}\d)(?![\d:])"
)


def labelled_phones(text: str, protected: Sequence[tuple[int, int]] = ()) -> Iterator[Finding]:
    for m in _PHONE_LABEL.finditer(text):
        s, e = m.span("number")
        digits = re.sub(r"\D", "", m.group("number"))
        if not 7 <= len(digits) <= 15 or any(ps <= s and e <= pe for ps, pe in protected):
            continue
        if any(_possible(m.group("number"), region) for region in ("GB", "US", "IN", "AU", "DE")):
            yield Finding("phone", s, e, text[s:e], PHONE_PLACEHOLDER, "phone number after call, mobile or tel")


def _possible(number: str, region: str) -> bool:
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse(number, region)))
    except phonenumbers.NumberParseException:
        return False
