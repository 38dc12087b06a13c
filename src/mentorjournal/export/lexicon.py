"""Evidence about single words, from well-kept packages: is it English, a given name, a surname, a place?

Loaded lazily, on the first export of a process, never at import: opening the journal or the app costs
nothing. Each source is read once and kept as a frozen set or dict of folded words.

- English vocabulary: ``wordfreq`` (its English word list, read directly from the package's data file so
  the library and its dependencies are not imported); a word counts when its Zipf frequency is >= 3.0.
- Given names of many cultures: ``gender-guesser`` (Jörg Michael's list of ~45,000 first names from 54
  countries, Europe, Asia, Africa and the Americas).
- Surnames: ``names`` (the US census list of ~88,000 surnames, which many cultures' surnames reach).
- Places: ``pycountry`` (countries, their common and official names, and their subdivisions).

Nothing here reads a journal; these are public word lists only.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
from pathlib import Path

# Zipf frequency (log10 of occurrences per billion words) at which a word is ordinary English.
WORD_ZIPF = 3.0
# Census surnames beyond this rank are too rare to count as evidence on their own.
SURNAME_RANK = 30000


def _package_dir(name: str) -> Path | None:
    """Where an installed package lives, found without importing it (importing wordfreq costs 0.3 s)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def zipf_table() -> dict[str, float]:
    """Folded English words with their Zipf frequency, down to 2.0 (rarer words count as unknown)."""
    base = _package_dir("wordfreq")
    if base is None:
        return {}
    # A dependency of wordfreq; its data file is a msgpack "cBpack" list of frequency bins.
    import msgpack  # type: ignore[import-untyped]

    with gzip.open(base / "data" / "large_en.msgpack.gz", "rb") as f:
        data = msgpack.load(f, raw=False, strict_map_key=False)
    from mentorjournal.journal.text import fold

    out: dict[str, float] = {}
    # data[0] is a header; bin i holds the words whose frequency is 10 ** (-i / 100).
    for i, words in enumerate(data[1:701]):
        zipf = 9.0 - i / 100
        for w in words:
            if w.isalpha():
                out.setdefault(w if w.isascii() else fold(w), zipf)
    return out


def zipf(word: str) -> float:
    """Zipf frequency of a folded word in English (0 when unknown)."""
    return zipf_table().get(word, 0.0)


def is_english(word: str) -> bool:
    return zipf_table().get(word, 0.0) >= WORD_ZIPF


@functools.cache
def given_names() -> dict[str, int]:
    """Folded given names -> popularity (1-13, the list's logarithmic scale, highest over its countries)."""
    base = _package_dir("gender_guesser")
    if base is None:
        return {}
    from mentorjournal.journal.text import fold

    out: dict[str, int] = {}
    with open(base / "data" / "nam_dict.txt", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            if not name or "+" in name or "<" in name or "\ufffd" in name:
                continue
            top = max(line[30:86].strip() or "1")  # ' ' < digits < 'A'..'D' in ASCII, so max is the highest
            key = name.lower() if name.isascii() else fold(name)
            out[key] = max(out.get(key, 0), int(top, 16) if top in "123456789ABCD" else 1)
    return out


@functools.cache
def surnames() -> frozenset[str]:
    base = _package_dir("names")
    if base is None:
        return frozenset()
    out = set()
    with open(base / "dist.all.last", encoding="ascii", errors="replace") as f:
        for n, line in enumerate(f):
            if n >= SURNAME_RANK:
                break
            out.add(line.split(maxsplit=1)[0].lower())
    return frozenset(out)


@functools.cache
def places() -> frozenset[str]:
    """Folded single words and whole names of countries and their subdivisions."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - a dependency; without it places fall back to the vocabulary
        return frozenset()
    from mentorjournal.journal.text import fold

    out: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                out.add(fold(value))
    for s in pycountry.subdivisions:
        out.add(fold(s.name))
    # Single words of multi-word places ("Saudi Arabia") are places too, unless they are glue.
    for name in list(out):
        for part in name.replace(",", " ").split():
            if len(part) > 3 and part not in ("republic", "kingdom", "state", "states", "united", "islands"):
                out.add(part)
    return frozenset(out)


def is_given_name(word: str) -> bool:
    return word in given_names()


def is_surname(word: str) -> bool:
    return word in surnames()


def is_place(word: str) -> bool:
    return word in places()


def warm() -> None:
    """Load every source now (the export calls this once, so the first scan is not the slow one)."""
    zipf_table()
    given_names()
    surnames()
    places()


def loaded() -> bool:
    """True once any source has been read: tests use this to prove importing the engine loads nothing."""
    return any(f.cache_info().currsize for f in (zipf_table, given_names, surnames, places))
