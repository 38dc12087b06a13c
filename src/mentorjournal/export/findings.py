"""The two value types the redaction engine speaks in: who is known, and what was found.

A ``Finding`` carries the matched text so the mentor can review it on screen; it lives in memory only.
Nothing in this package may log, print or persist ``Finding.text`` or ``KnownPerson.names``: export logs
record kinds and counts, never values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Kinds that are redacted without asking; ``possible_name`` is only ever flagged for review.
CERTAIN_KINDS = frozenset(
    {
        "name",
        "email",
        "phone",
        "url",
        "ip",
        "card",
        "iban",
        "postcode",
        "ni_number",
        "nhs_number",
        "ssn",
        "handle",
        "manual",
        "id_number",
        "date_of_birth",
        "address",
        "messaging_id",
        "contact",
    }
)


@dataclass(frozen=True)
class KnownPerson:
    """Someone the journal knows by name, and the label that replaces every one of their names."""

    label: str
    """The replacement, e.g. ``"Mentee A"`` or ``"Person 1"``."""
    names: tuple[str, ...]
    """Display name and aliases, e.g. ``("José Núñez", "Joe", "Núñez")``."""
    keep: bool = False
    """Recognised but left as written: the mentee's own name in their own summary."""
    contacts: tuple[str, ...] = ()
    """Contact details the journal stores for them, as written (``"jane@example.com, 07700 900123"``):
    each e-mail, phone number and handle in them is removed wherever it appears, valid or not."""


@dataclass(frozen=True)
class Finding:
    """One span of scanned text that should be (or might need to be) replaced."""

    kind: str
    start: int
    end: int
    text: str = field(repr=False)  # kept out of repr so a stray log line or traceback shows no value
    replacement: str
    reason: str = field(repr=False)  # may quote a known alias, so also kept out of repr
    needs_review: bool = False
    category: str = ""  # a special category ("health"...) for kind "sensitive"; else empty
    triggers: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (category, exact words) that matched

    @property
    def categories(self) -> tuple[str, ...]:
        """Every special category the finding touches, the first one first."""
        return tuple(dict.fromkeys([self.category, *(c for c, _ in self.triggers)] if self.category else []))

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"a finding needs 0 <= start < end, got {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError("a finding's text must be exactly the span it covers")


def from_match(kind: str, m: re.Match[str], replacement: str, reason: str) -> Finding:
    """A finding covering exactly what a regular expression matched."""
    return Finding(kind, m.start(), m.end(), m.group(), replacement, reason)
