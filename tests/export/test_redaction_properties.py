"""Property tests for the redaction engine: no known name or personal-data item survives any composition.

Names are drawn from a pool that shares no word with the fillers, so a surviving name is a real failure.
Set MENTORJOURNAL_LONG=1 for many more examples.
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.export.names import FoldedText
from mentorjournal.export.patterns import PLACEHOLDERS
from mentorjournal.export.redaction import Finding, KnownPerson, apply, residue, scan, withhold_private
from mentorjournal.journal.text import fold

EXAMPLES = 2000 if os.environ.get("MENTORJOURNAL_LONG") else 150
PROPERTY = settings(deadline=None, max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])

NAME_TOKENS = [
    "José",
    "Núñez",
    "Zoë",
    "Łukasz",
    "O’Brien",
    "Smith-Jones",
    "Strauß",
    "Siobhán",
    "Nguyễn",
    "Adeyemi",
    "Müller",
    "Çelik",
    "Øyvind",
    "Ægir",
    "Dvořák",
    "Kowalczyk",
    "Okonkwo",
    "Ramírez",
    "Björk",
    "Ní",
    "MacLeod",
    "D'Souza",
    "Van-Dijk",
    "Íñigo",
    "Šimůnek",
    "Jürgen",
    "Aoife",
    "Thandiwe",
]
FILLERS = [
    "we discussed the plan",
    "the goals look good",
    "Progress was steady",
    "She agreed to the actions",
    "Next session in May",
    "Reviewed the CV",
    "Worked on Python and GitHub",
    "version 1.2.3.4",
    "meeting 10:30-11:45",
    "on 2026-03-02",
    "read ISBN 978-0-13-468599-1",
    "paid £1,200.50",
    "updated report.md",
    "ASP.NET and Node.js",
    "scored 7/10",
    "v2.3.4",
    "The API was slow",
    "- [ ] send the draft",
    "## Goals",
    "> quoted line",
    "| table | cell |",
    "12 sessions",
    "50%",
]
PERSONAL_DATA = [
    "jane.doe@example.com",
    "<a.b+tag@example.co.uk>",
    "someone [at] example [dot] org",
    "07911 123456",
    "+44 20 7946 0018",
    "(415) 555-2671",
    "+1-202-555-0143",
    "+33 1 42 68 53 00",
    "https://user:pass@example.com/path?q=1",
    "www.example.org/x",
    "github.com/someone",
    "192.168.1.20",
    "2001:db8::1",
    "4111 1111 1111 1111",
    "5500-0000-0000-0004",
    "GB82 WEST 1234 5698 7654 32",
    "DE89370400440532013000",
    "SW1A 1AA",
    "M1 1AE",
    "EC1A 1BB",
    "AB 12 34 56 C",
    "NHS 943 476 5919",
    "078-05-1120",
]
SEPARATORS = [" ", "  ", "\n", ", ", ". ", "; ", " - ", "\n- ", "\n\n", "\t"]
WRAPPERS = [
    ("", ""),
    ("**", "**"),
    ("_", "_"),
    ("[", "](https://example.com/p)"),
    ("(", ")"),
    ('"', '"'),
    ("'", "'"),
    ("“", "”"),
    ("`", "`"),
    ("- ", ""),
    ("# ", ""),
]
APOSTROPHES = ["'", "’", "ʼ"]


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@st.composite
def people(draw: st.DrawFn) -> list[KnownPerson]:
    tokens = draw(st.lists(st.sampled_from(NAME_TOKENS), min_size=1, max_size=8, unique=True))
    result = []
    chunks = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    i = 0
    for n, size in enumerate(chunks):
        own = tokens[i : i + size]
        if not own:
            break
        i += size
        aliases = draw(st.lists(st.sampled_from(own), unique=True)) if len(own) > 1 else []
        result.append(KnownPerson("Mentee A" if n == 0 else f"Person {n}", (" ".join(own), *aliases)))
    return result


@st.composite
def written_name(draw: st.DrawFn, person: KnownPerson) -> str:
    """One occurrence of a person's name as a mentor might type it."""
    name = draw(st.sampled_from(person.names))
    case = draw(st.sampled_from(["as is", "lower", "upper", "title"]))
    name = {"as is": name, "lower": name.lower(), "upper": name.upper(), "title": name.title()}[case]
    if draw(st.booleans()):
        name = strip_accents(name)
    if draw(st.booleans()):
        name = unicodedata.normalize("NFD", name)
    apostrophe = draw(st.sampled_from(APOSTROPHES))
    name = name.replace("’", apostrophe).replace("'", apostrophe)
    name = name.replace(" ", draw(st.sampled_from([" ", "  ", "\u00a0", "\n"])))
    possessive = draw(st.sampled_from(["", "", "'s", "’s"]))
    return name + possessive


@st.composite
def note(draw: st.DrawFn) -> tuple[str, list[KnownPerson], list[str]]:
    """A note: fillers, personal data and names of the people, wrapped and separated at random."""
    ps = draw(people())
    parts: list[str] = []
    inserted: list[str] = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["filler", "name", "name", "data"]))
        if kind == "filler":
            piece = draw(st.sampled_from(FILLERS))
        elif kind == "name":
            piece = draw(written_name(draw(st.sampled_from(ps))))
        else:
            piece = draw(st.sampled_from(PERSONAL_DATA))
            inserted.append(piece)
        before, after = draw(st.sampled_from(WRAPPERS))
        parts.append(before + piece + after)
    seps = [draw(st.sampled_from(SEPARATORS)) for _ in parts]
    text = "".join(p + s for p, s in zip(parts, seps, strict=True))
    return text, ps, inserted


def surviving_names(text: str, ps: list[KnownPerson]) -> list[str]:
    for placeholder in PLACEHOLDERS:  # "[ni number]" is not a surviving "Ní"
        text = text.replace(placeholder, "[]")
    folded = fold(text).replace("'", "")
    found = []
    for person in ps:
        for name in person.names:
            words = re.split(r"[\s\-]+", fold(name).replace("'", "").strip())
            pattern = r"(?<![^\W_])" + r"[\s\-]+".join(map(re.escape, words)) + r"(?![^\W_])"
            if re.search(pattern, folded):
                found.append(name)
    return found


def certain(f: Finding) -> bool:
    return not f.needs_review


class TestNoSurvivors:
    """Whatever the composition, applying the certain findings removes every known name and data item."""

    @PROPERTY
    @given(note())
    def test_no_known_name_survives(self, case: tuple[str, list[KnownPerson], list[str]]) -> None:
        text, ps, _ = case
        out = apply(text, scan(text, ps), accept=certain)
        assert surviving_names(out, ps) == []

    @PROPERTY
    @given(note())
    def test_no_personal_data_survives(self, case: tuple[str, list[KnownPerson], list[str]]) -> None:
        text, ps, inserted = case
        out = apply(text, scan(text, ps), accept=certain)
        for value in inserted:
            assert value not in out
            # ... and no fragment of it: the digits of a number are gone together.
            digits = re.sub(r"\D", "", value)
            if len(digits) >= 7:
                assert digits not in re.sub(r"\D", "", out)

    @PROPERTY
    @given(note())
    def test_residue_of_the_output_is_empty(self, case: tuple[str, list[KnownPerson], list[str]]) -> None:
        text, ps, _ = case
        assert residue(apply(text, scan(text, ps)), ps) == []
        assert residue(apply(text, scan(text, ps), accept=certain), ps) == []

    @PROPERTY
    @given(note())
    def test_rejecting_everything_changes_nothing(self, case: tuple[str, list[KnownPerson], list[str]]) -> None:
        text, ps, _ = case
        assert apply(text, scan(text, ps), accept=lambda f: False) == text


class TestArbitraryText:
    """scan never raises on any text, and its findings are always well formed."""

    @PROPERTY
    @given(st.text(max_size=300), people())
    def test_scan_is_total_and_well_formed(self, text: str, ps: list[KnownPerson]) -> None:
        found = scan(text, ps)
        assert all(text[f.start : f.end] == f.text for f in found)
        assert all(a.end <= b.start for a, b in itertools.pairwise(found))
        assert apply(text, found, accept=lambda f: False) == text
        apply(text, found)  # never raises on its own findings

    @PROPERTY
    @given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), people())
    def test_residue_after_apply_is_empty(self, text: str, ps: list[KnownPerson]) -> None:
        out = apply(text, scan(text, ps))
        assert residue(out, ps) == []

    @PROPERTY
    @given(st.lists(st.sampled_from(["a", "É", "e\u0301", "ß", "İ", "ﬁ", "\u200d", "’", "Ł", " ", "x"]), max_size=40))
    def test_folded_offsets_stay_in_bounds(self, chars: list[str]) -> None:
        text = "".join(chars)
        folded = FoldedText(text)
        for a in range(len(folded.folded)):
            for b in range(a + 1, len(folded.folded) + 1):
                s, e = folded.span(a, b)
                assert 0 <= s < e <= len(text)


class TestWithholdPrivate:
    """Private passages never leave, whatever they hold; public text around them stays in order."""

    @PROPERTY
    @given(
        st.lists(
            st.tuples(st.text(alphabet="ab \n#*-_[]", max_size=20), st.text(alphabet="xyz \n#*-_[]()", max_size=20)),
            max_size=6,
        ),
        st.text(alphabet="ab \n", max_size=20),
    )
    def test_private_passages_never_leave(self, pairs: list[tuple[str, str]], tail: str) -> None:
        text = "".join(f"{pub}[[private]]SECRET{priv}[[/private]]" for pub, priv in pairs) + tail
        out, count = withhold_private(text)
        assert count == len(pairs)
        assert "SECRET" not in out and not set("xyz()") & set(out)
        assert "[[private]]" not in out and "[[/private]]" not in out
        # Whitespace beside a withheld passage may be tidied (no doubled space); every other character stays.
        assert re.sub(r"\s", "", out) == re.sub(r"\s", "", "".join(pub for pub, _ in pairs) + tail)

    @PROPERTY
    @given(st.text(max_size=50), st.text(max_size=50))
    def test_unterminated_marker_withholds_the_rest(self, before: str, after: str) -> None:
        text = before.replace("[[", "") + "[[private]]" + after.replace("[[", "")
        out, count = withhold_private(text)
        assert count == 1
        assert out == before.replace("[[", "").rstrip(" \t")


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize(
    ("before", "label"), [("GitHub (", "Mentee A"), ("Worked with ", "Mentee A"), ("see github.com/", "[url]")]
)
def test_overlapping_certain_findings_leave_nothing_of_either(form: str, before: str, label: str) -> None:
    """Known names and personal data are both certain; where they overlap they go as one, under the longest
    one's replacement. Written with combining accents (as some systems store it), "Jose" + U+0301 read as
    a handle after "GitHub (" and took the name's place, leaving "Núñez"; a URL that ends inside a name
    ("github.com/José Núñez") did the same."""
    name = unicodedata.normalize(form, "José Núñez")
    people = [KnownPerson(label="Mentee A", names=("José Núñez",), keep=False, contacts=())]
    text = f"Worked on it together, {before}{name}) today."
    out = apply(text, scan(text, people))
    assert label in out
    assert "jose" not in fold(out) and "nunez" not in fold(out)
    assert residue(out, people) == []
