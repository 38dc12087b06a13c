"""Teaching the export review about a possible name: "not a name" (n) and "a person: add" (p).

Both go through the engine (``SummaryReview.not_a_name`` / ``is_a_name``, ``review_memory.add_person``):
"not a name" keeps every identical word and is remembered in the vault when the export finishes; "a person"
redacts every identical word and saves the person, who gets a stable label from then on. Messages carry the
mentor's words through ``visible`` and are shown with ``markup=False``.
"""

from __future__ import annotations

from textual.binding import Binding

from mentorjournal.export.labels import known_people
from mentorjournal.export.review import ReviewItem, SummaryReview
from mentorjournal.export.review_memory import add_person
from mentorjournal.journal import Journal, Mentee
from mentorjournal.journal.text import fold
from mentorjournal.tui.widgets.safe_text import visible

NOT_FOR_THIS = "n and p are for a possible name only: use a to redact or r to keep this finding."

TEACH_BINDINGS = [
    Binding(
        "n",
        "teach('not_a_name')",
        "Not a name",
        tooltip="Keep this possible name and every identical word; remembered, never asked again.",
        id="export.not_a_name",
    ),
    Binding(
        "p",
        "teach('a_person')",
        "A person: add",
        tooltip="Redact this possible name everywhere and add it to the journal as a person.",
        id="export.add_person",
    ),
    Binding(
        "n,p",
        "teach('other')",
        "",
        show=False,
        tooltip="On a finding that is not a possible name, n and p only say what they are for.",
        id="export.teach_other",
    ),
]


def teachable(item: ReviewItem | None) -> bool:
    return item is not None and item.finding.kind == "possible_name"


def teach_enabled(how: object, item: ReviewItem | None) -> bool:
    """n and p run the teaching on a possible name; on anything else the same keys only say so."""
    return teachable(item) if how != "other" else not teachable(item)


def teach(
    how: str, journal: Journal, mentee: Mentee, review: SummaryReview, item: ReviewItem | None
) -> tuple[list[ReviewItem], str]:
    """Run n ("not_a_name") or p ("a_person") on ``item``: the items changed and what to tell the mentor.
    On anything but a possible name nothing changes and the message says what the keys are for."""
    if item is None or not teachable(item) or how not in {"not_a_name", "a_person"}:
        return [], NOT_FOR_THIS
    if how == "not_a_name":
        return not_a_name(review, item)
    return a_person(journal, mentee, review, item)


def not_a_name(review: SummaryReview, item: ReviewItem) -> tuple[list[ReviewItem], str]:
    """Keep the word and every identical one; the memory learns it. Returns the changed items and a message."""
    changed = review.not_a_name(item.index)
    return changed, (
        f"“{visible(item.finding.text)}” is kept as written ({len(changed)} in this summary) "
        "and will not be asked about again."
    )


def a_person(journal: Journal, mentee: Mentee, review: SummaryReview, item: ReviewItem) -> tuple[list[ReviewItem], str]:
    """Redact the word everywhere and add it as a person linked to ``mentee``, numbered for a stable label."""
    key = (item.finding.kind, fold(item.finding.text))
    words = review.is_a_name(item.index)
    person = add_person(journal, words, mentee_id=mentee.id)
    label = next((p.label for p in known_people(journal, mentee) if words in p.names), None)
    changed = [i for i in review.items if (i.finding.kind, fold(i.finding.text)) == key]
    said = f" as {label}" if label else ""
    return changed, (
        f"Added “{visible(person.name)}” to the journal as a person: redacted here, and{said} in every later summary."
    )
