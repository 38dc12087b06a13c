"""Street addresses and postcodes of the countries mentees come from. House, flat, street and postcode go as one.

An address is found from its street: a house number and a street-type word in the country's order
(``14 Baker Street``, ``12 rue de la Paix``, ``Hauptstraße 12``, ``Keizersgracht 123``, ``Via Roma 10``,
``ul. Marszałkowska 10/12``, ``Av. Paulista, 1578``, ``No. 88 Jianguo Road``, ``建国路88号``). From there it is
extended over a flat or floor, district and town, as far as a postcode: ``Flat 3, 14 Baker Street, London
NW1 6XE`` is one ``[address]``. Without a postcode the street alone goes and the town stays.

A postcode on its own is ``[postcode]`` only when its shape says so (UK and Canada, Irish Eircodes, Dutch
``1234 AB``, Polish ``00-950`` and Brazilian ``01310-100`` before a town, US ZIP+4, a state and ZIP or
postcode such as ``NY 10001`` or ``NSW 2000``) or a word says so (postcode, PLZ, CEP, PIN...). A bare five-
or six-digit number is a count, not a postcode: ``12000 visitors`` stays. A postcode found that way takes
the house number and street before it along (``14 Kingsway, London WC2B 6UN``).

This module must never log, print or store the text it inspects or the values it finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding

ADDRESS_PLACEHOLDER = "[address]"
POSTCODE_PLACEHOLDER = "[postcode]"

_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Žİ][^\W\d_]*(?:['’.-][^\W\d_]+)*\.?"  # a capitalised word (Marszałkowska, O'Connell, St.)
_PARTICLE = (
    r"(?:de|del|de\s+la|de\s+los|de\s+las|dos|das|da|do|di|dei|degli|della|delle|des|du|la|le|l'|d'"
    r"|van|von|der|den|het|y|e)"
)
_NAME = rf"(?:{_CAP}|\d{{1,3}}(?:st|nd|rd|th))(?:\s+(?:{_PARTICLE}\s+)?(?:{_CAP}|\d{{1,3}}(?:st|nd|rd|th))){{0,3}}"
_HOUSE = (
    r"\d{1,5}[A-Za-z]?(?:\s?[-/]\s?\d{1,5}[A-Za-z]?)?(?:-(?:[IVX]{1,4}|[A-Za-z]{1,3})(?![\w-]))?(?:\s+(?:bis|ter))?"
)
_UNIT = (
    r"(?i:flat|apt\.?|apto\.?|apartment|apartamento|unit|suite|ste\.?|floor|level|lvl\.?|room|block|wohnung"
    r"|whg\.?|appartement|app\.?|piso|dpto\.?|depto\.?|bloco|sala|andar|m\.|lok\.|bus)\s*(?:No\.?\s*)?"
    r"(?=[\w/-]*\d)[\w/-]{1,6}"
)

_EN_TYPES = (
    r"Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Close|Crescent|Cres\.?|Court|Ct\.?"
    r"|Place|Pl\.?|Way|Terrace|Gardens|Gdns\.?|Grove|Hill|Boulevard|Blvd\.?|Parkway|Pkwy\.?|Square|Sq\.?"
    r"|Row|Mews|Walk|Park|Highway|Hwy\.?|Circle|Trail|Parade|Esplanade|Embankment|Quay|Wharf|Green|Rise"
    r"|Marg|Nagar|Colony|Layout|Salai|Chowk|Estate|Heights|Broadway|Lu|Jie|Dajie|Hutong|Crossing|Lawn|Manor"
    r"|Vale|View|Meadows|Downs|Wynd|Brae"
)
_DIRECTION = r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?"
# Number first, type last (English, and the same order in India, Nigeria, Australia, China in English).
_EN_STREET = rf"(?:(?:No\.?|#)\s*)?{_HOUSE},?\s+{_NAME}\s+(?:{_EN_TYPES})(?![\w'’]){_DIRECTION}"
# Number first, type then name (French): 12 rue de la Paix, 3 bis boulevard Haussmann.
_FR_TYPES = (
    r"rue|avenue|av\.|boulevard|bd\.?|place|chemin|all[ée]e|impasse|quai|cours|route|square|passage"
    r"|faubourg|rond-point"
)
_FR_STREET = rf"{_HOUSE},?\s+(?i:{_FR_TYPES})\s+(?:{_PARTICLE}\s+)?{_NAME}"
# Type first, number last (Spain, Italy, Portugal, Brazil, Poland): Calle de Alcalá 45, Av. Paulista, 1578.
_LATIN_TYPES = (
    r"Calle|C/|Avda\.?|Avenida|Av\.|Paseo|Pº|Plaza|Pza\.?|Carrer|Camino|Ronda|Traves[íi]a|Via|Viale"
    r"|V\.le|Piazza|P\.za|Piazzale|Corso|C\.so|Largo|Vicolo|Strada|Lungomare|Rua|R\.|Travessa|Pra[çc]a"
    r"|Alameda|Estrada|Rodovia|Rue|Avenue|Boulevard|ul\.|ulica|Ulica|al\.|aleja|Aleja|Al\.|os\.|osiedle"
    r"|pl\.|plac|Plac|Laan|Str\."
)
_LATIN_STREET = (
    rf"(?<!et\s)(?:{_LATIN_TYPES})\s+(?:{_PARTICLE}\s+)?{_NAME},?\s+(?:n[º°o.]\s*)?"
    rf"(?:{_HOUSE}|s/n)(?![\w/])"
)
# One word with the type at its end, then the number (Germany, Netherlands, Nordics): Hauptstraße 12.
_COMPOUND_TYPES = (
    r"straße|strasse|str\.|weg|allee|platz|gasse|damm|chaussee|straat|gracht|laan|plein|kade"
    r"|singel|dijk|steeg|gade|vej|gatan|vägen|veien|gata"
)
_COMPOUND_STREET = (
    rf"(?:{_CAP}\s+)?[A-ZÄÖÜ][\wäöüß-]*(?:{_COMPOUND_TYPES})|(?:{_CAP}er|Am|An\s+der|Im)\s+"
    rf"(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Markt|Ring|Damm|Ufer)"
)
_COMPOUND = rf"(?:{_COMPOUND_STREET})\s+{_HOUSE}(?![\w/])"
# Chinese has no spaces: the address starts after the last pronoun, verb or particle before it.
_HAN = r"(?:(?![她他我你您们住在到是的去从搬和与了也都跟给往来])[\u4e00-\u9fff])"
_CHINESE = (
    rf"{_HAN}{{0,12}}(?:路|街|道|巷|胡同|大街|大道)\s*\d{{1,5}}\s*号"
    r"(?:[\u4e00-\u9fff\d]{0,8}?(?:室|楼|单元))?"
)

# A flat with a street but no house number: "Apartment 12, Ashgrove Lawn".
_UNIT_STREET = rf"{_UNIT},?\s+{_NAME}\s+(?:{_EN_TYPES})(?![\w'’])"
_STREET = re.compile(rf"(?<![\w/.-])(?:{_EN_STREET}|{_FR_STREET}|{_COMPOUND}|{_UNIT_STREET})|(?<![\w/]){_LATIN_STREET}")
_CHINESE_STREET = re.compile(_CHINESE)  # only where a 号 is: it could start anywhere in a run of Han
# Before a street: a flat, then perhaps a building ("Flat 7, Saxon House, 40 Seven Sisters Road").
# or a named house ("Le Moulin, 4 chemin des Vignes", "Rose Cottage, 2 Mill Lane").
_HOUSE_NAME = (
    rf"(?:(?:Le|La|Les|Il|Casa|Villa|Quinta|Haus)\s+{_CAP}|{_NAME}\s+(?:House|Cottage|Court|Lodge|Farm|Villa|Mill"
    rf"|Residency|Apartments|Mansions|Towers|Hall|Manor|Barn|Building|Block|Residence))"
)
_BUILDING_BEFORE = re.compile(rf"(?:{_UNIT},?\s+(?:{_NAME},?\s+)?|{_HOUSE_NAME},\s+)\Z")
# "Via Slack, 2 people": after a type word that is also an everyday word, the number must end the street.
_AMBIGUOUS_TYPE = re.compile(r"(?:Via|Largo|Corso|Plaza|R\.|Av\.|Str\.|Laan|Rue|Avenue|Boulevard)\s")

# --- postcodes ----------------------------------------------------------------------------------------

_UK = (
    r"[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)\s?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"|GIR\s?0AA"
)
_CA = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d"
_EIRCODE = r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?(?=[0-9A-Z]*[AC-FHKNPRTV-Y])(?=[0-9A-Z]*\d)[0-9AC-FHKNPRTV-Y]{4}"
_NL = r"[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}"
_PL = r"\d{2}-\d{3}"
_BR = r"\d{5}-\d{3}"
_ZIP = r"\d{5}(?:-\d{4})?"
_DIGITS = r"\d{3}\s\d{3}|\d{4,6}"
_ANY_POSTCODE = rf"(?:{_UK}|{_CA}|{_EIRCODE}|{_NL}|{_BR}|{_PL}|{_ZIP}|{_DIGITS})"
_STATES = (
    r"AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY"
    r"|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
    r"|NSW|VIC|QLD|TAS|ACT|SP|RJ|MG|RS|PR|BA|SC|MI|RM|TO|NA|FI|BO|GE|VE"
)
_AU_STATES = r"NSW|VIC|QLD|SA|WA|TAS|NT|ACT"
_UNITS_TEXT = """
KB MB GB TB PB KM KG MG ML AD BC CE AM PM UK US EU HR HZ KW MW GW DB FPS
"""
_UNITS = frozenset(_UNITS_TEXT.split())
_LABEL = (
    r"post\s*code|postal\s+code|zip(?:\s*code)?|PLZ|Postleitzahl|code\s+postal|CP|CAP|c[óo]digo\s+postal"
    r"|CEP|PIN(?:\s*code)?|pincode|kod\s+pocztowy|Eircode|邮编|邮政编码"
)

_STANDALONE = re.compile(
    rf"(?<![\w-])(?:{_UK}|{_CA}|{_EIRCODE}|{_BR}|\d{{5}}-\d{{4}})(?![\w-])"
    rf"|(?<![\w-]){_NL}(?=\s+{_CAP})"
    rf"|(?<![\w-]){_PL}(?=\s+{_CAP})"
    rf"|(?<=[A-Z][A-Z]\s)\d{{5}}(?:-\d{{4}})?(?![\w-])"  # NY 10001, checked against the states below
    rf"|(?<=,\s)\d{{4,5}}(?=\s+{_CAP})"  # , 75002 Paris / , 1010 Wien
)
_AU = re.compile(rf"\b(?:{_AU_STATES})\s(\d{{4}})(?![\w-])")
_CITY_PIN = re.compile(rf"(?<=,\s)(?:{_CAP}\s+){{0,2}}{_CAP}\s*[-–]?\s*(\d{{6}}|\d{{3}}\s\d{{3}})(?![\w-])")
_LABELLED = re.compile(rf"(?<!\w)(?i:{_LABEL})\s*(?:is\s+|[:#-]\s*)?({_ANY_POSTCODE})(?![\w-])")
_US_STATE = re.compile(rf"(?:{_STATES})\s$")

# After a street: separators, then segments (a flat, a floor, a district, a town, a state, a postcode).
_SEPARATOR = r"(?:,\s*|\s+|\s*[-–]\s*)"
_SEGMENT = re.compile(
    rf"{_SEPARATOR}(?:(?P<postcode>{_ANY_POSTCODE})(?![\w-])"
    rf"|(?P<unit>{_UNIT}|\d{{1,3}}\s*[º°ª](?:\s*[A-Z](?![\w]))?)"
    rf"|(?P<place>(?:{_CAP})(?:\s+(?:{_PARTICLE}\s+)?{_CAP}){{0,3}}(?:\s+\d{{1,2}}(?![\w-]))?))"
)
# A house number and street leading up to a postcode, the town (kept) last: "14 Kingsway, London WC2B 6UN".
_BEFORE_POSTCODE = re.compile(
    rf"(?P<address>(?:(?:{_UNIT}),?\s+)?(?:(?:No\.?|#)\s*)?{_HOUSE},?\s+{_NAME}(?:,?\s+{_NAME}){{0,2}}?)"
    rf"(?:,?\s+{_NAME})?,?\s*\Z"
)
_MAX_SEGMENTS = 6
_DIGIT = re.compile(r"\d")


def addresses(text: str) -> Iterator[Finding]:
    """Streets (with flat, building and district) as ``[address]``; postcodes as ``[postcode]``.

    The town between them stays: "Flat 3, 14 Baker Street, London NW1 6XE" becomes "[address], London
    [postcode]". A town names no one, and a summary that says where a placement is reads better.
    """
    if not _DIGIT.search(text):
        return
    postcodes: set[tuple[int, int]] = set()
    covered: list[tuple[int, int]] = []
    streets = list(_STREET.finditer(text))
    if "号" in text:
        streets += _CHINESE_STREET.finditer(text)
    for m in streets:
        if _AMBIGUOUS_TYPE.match(m.group()) and re.match(r"\s+[a-z]", text[m.end() :]):
            continue
        before = _BUILDING_BEFORE.search(text, max(0, m.start() - 60), m.start())
        start = before.start() if before and not _inside_word(text, before.start()) else m.start()
        end, postcode = _extend(text, m.end())
        end = _trim(text, start, end)
        covered.append((start, end))
        yield Finding("address", start, end, text[start:end], ADDRESS_PLACEHOLDER, "street address")
        if postcode:
            postcodes.add(postcode)
            yield Finding("postcode", *postcode, text[postcode[0] : postcode[1]], POSTCODE_PLACEHOLDER, "postcode")
    for start, end in _postcode_spans(text):
        if (start, end) in postcodes or any(s <= start < e for s, e in covered):
            continue
        yield Finding("postcode", start, end, text[start:end], POSTCODE_PLACEHOLDER, "postcode")
        house = _house_before(text, start)
        if house is not None and not any(s < house[1] and house[0] < e for s, e in covered):
            s, e = house
            yield Finding("address", s, e, text[s:e], ADDRESS_PLACEHOLDER, "street address before a postcode")


def _inside_word(text: str, i: int) -> bool:
    return i > 0 and text[i - 1].isalnum()


def _trim(text: str, start: int, end: int) -> int:
    """Give back a full stop that ends the sentence rather than an abbreviation (``St.``, ``Av.``)."""
    word = re.search(r"(\w+)\.\Z", text[start:end])
    if word and len(word.group(1)) > 3 and (end == len(text) or text[end].isspace()):
        return end - 1
    return end


def _extend(text: str, end: int) -> tuple[int, tuple[int, int] | None]:
    """How far the address runs after its street, and the postcode that ends it, if there is one.

    A flat or floor right after the street joins it ("221 Rue Saint-Denis, apt 4"). When a postcode
    follows, districts join too, but the last place before the postcode is the town and stays.
    """
    position = end
    segments: list[tuple[str, int, int]] = []
    for _ in range(_MAX_SEGMENTS):
        seg = _SEGMENT.match(text, position)
        kind = seg.lastgroup if seg else None
        if seg is None or kind is None or "\n" in text[position : seg.start(kind)]:
            break
        if kind == "postcode" and _is_unit_word(seg.group(kind)):
            break
        span = seg.span(kind)
        if kind == "place" and re.fullmatch(r"[A-Z]{2,3}", seg.group(kind)):
            kind = "state"  # "Washington, DC 20500": the state is not the town
        segments.append((kind, *span))
        position = seg.end()
        if kind == "postcode":
            break
    address_end = end
    for kind, _, seg_end in segments:
        if kind != "unit":
            break
        address_end = seg_end
    if not segments or segments[-1][0] != "postcode":
        return address_end, None
    places = [i for i, (kind, _, _) in enumerate(segments) if kind in ("place", "unit")]
    town_after = re.match(rf" {_CAP}", text[segments[-1][2] :]) is not None  # "…, Maarif, 20330 Casablanca"
    for i in places if town_after else places[:-1]:  # every place but the town
        address_end = max(address_end, segments[i][2])
    return address_end, (segments[-1][1], segments[-1][2])


def _is_unit_word(code: str) -> bool:
    return code[-2:] in _UNITS and code[:-2].strip().isdigit()


def _postcode_spans(text: str) -> Iterator[tuple[int, int]]:
    seen: set[tuple[int, int]] = set()
    for m in _STANDALONE.finditer(text):
        code = m.group()
        if _is_unit_word(code):
            continue
        after_capitals = m.start() >= 3 and text[m.start() - 3].isupper()
        if (
            code[:5].isdigit()
            and len(code) in (5, 10)
            and after_capitals
            and not _US_STATE.search(text[max(0, m.start() - 4) : m.start()])
        ):
            continue
        seen.add(m.span())
        yield m.span()
    for pattern in (_AU, _CITY_PIN, _LABELLED):
        for m in pattern.finditer(text):
            span = m.span(1)
            if span not in seen and not _is_unit_word(m.group(1)):
                seen.add(span)
                yield span


def _house_before(text: str, start: int) -> tuple[int, int] | None:
    """The house number and street that lead up to a postcode (the town before it stays), if any."""
    lo = max(0, start - 90)
    window = text[lo:start]
    cut = max(window.rfind("\n"), window.rfind(". "), window.rfind(": "), window.rfind("; "))
    if cut >= 0:
        lo += cut + 2
        window = text[lo:start]
    m = _BEFORE_POSTCODE.search(window)
    if m is None or _inside_word(text, lo + m.start()):
        return None
    return lo + m.start("address"), lo + m.end("address")
