"""One line of a search result that fits its column and keeps the matching word in view.

The journal's own snippet is a fixed window of characters around the first match, so a narrow column
cut the match off (``…ivate]] Next ti…``) or, at 80 columns, showed none of it. Here the window is
cut for the width available, starting a little before the match. Private passages
(``[[private]]…[[/private]]``, read by the journal's one marker grammar) that do not hold the match
are shown as ``[private]``; the markers themselves are never shown.
"""

from __future__ import annotations

from mentorjournal.journal.private import MARKER_RE
from mentorjournal.journal.text import folded_with_offsets, words

HIDDEN = "[private]"


def first_match(text: str, terms: list[str]) -> tuple[int, int] | None:
    """(start, end) in ``text`` of the first word that is, or starts with, one of ``terms`` (folded)."""
    if not terms:
        return None
    folded, offsets = folded_with_offsets(text)
    best: tuple[int, int] | None = None
    for term in sorted(set(terms), key=len, reverse=True):
        at = 0
        while (i := folded.find(term, at)) >= 0:
            if i == 0 or not folded[i - 1].isalnum():
                start = offsets[i] if i < len(offsets) else len(text)
                end_at = i + len(term)
                while end_at < len(folded) and folded[end_at].isalnum():
                    end_at += 1  # the whole word, not only the prefix typed
                end = offsets[end_at] if end_at < len(offsets) else len(text)
                if best is None or start < best[0]:
                    best = (start, end)
                break
            at = i + 1
    return best


def private_passages(text: str) -> list[tuple[int, int, int, int]]:
    """Outermost private passages as (start, inner start, inner end, end), by the journal's marker grammar:
    passages nest, a stray closer is dropped, an opener never closed runs to the end of the text."""
    spans = []
    depth = 0
    start = inner = 0
    for m in MARKER_RE.finditer(text):
        if m.group(1) != "/":
            if depth == 0:
                start, inner = m.start(), m.end()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((start, inner, m.start(), m.end()))
    if depth > 0:
        spans.append((start, inner, len(text), len(text)))
    return spans


def without_private(text: str, terms: list[str]) -> str:
    """``text`` with its markers gone and every private passage but the one holding the match hidden."""
    match = first_match(text, terms)
    out: list[str] = []
    at = 0
    for start, inner, inner_end, end in private_passages(text):
        out.append(text[at:start])
        holds_match = match is not None and start <= match[0] < end
        out.append(text[inner:inner_end] if holds_match else HIDDEN)
        at = end
    out.append(text[at:])
    return MARKER_RE.sub("", "".join(out))


def result_snippet(text: str, query: str, width: int) -> str:
    """At most ``width`` characters of ``text`` on one line, the first match of ``query`` in view."""
    terms = words(query)
    shown = " ".join(without_private(text, terms).split())
    shown = "".join(ch if ch.isprintable() else " " for ch in shown)  # never a terminal escape
    if width <= 0:
        return ""
    if len(shown) <= width:
        return shown
    match = first_match(shown, terms)
    lead = min(12, width // 4)  # a little of what comes before the match
    start = 0 if match is None else max(0, min(match[0] - lead, len(shown) - (width - 1)))
    head = "…" if start > 0 else ""
    room = width - len(head)
    body = shown[start : start + room]
    if start + room < len(shown):
        body = body[:-1] + "…"
    return head + body
