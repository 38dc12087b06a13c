"""The one gate every exported text goes through: ``exportable`` withholds private passages.

A summary's text fields are ``Shareable`` strings, and ``Shareable`` can only be made by ``exportable``.
The summary's dataclasses inherit ``ExportFields``, which passes every string assigned to them (at
construction or later, by the review, the renderer or a field added next year) through ``exportable``.
So no code path can put a ``[[private]]`` passage into something that renders, even one that forgets
to ask: honouring the markers is a property of the type, not a habit of each caller.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from mentorjournal.journal.private import withhold

_TOKEN = object()


class Shareable(str):
    """A string that has been through ``exportable``: no private passage and no marker is left in it."""

    __slots__ = ()

    def __new__(cls, value: str, *, _token: object = None) -> Shareable:
        if _token is not _TOKEN:
            raise TypeError("a Shareable is made only by exportable()")
        return super().__new__(cls, value)

    # Immutable, like str: copies are the object itself (and deepcopy must not call __new__ bare).
    def __copy__(self) -> Shareable:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Shareable:
        return self


@dataclass(frozen=True)
class Exportable:
    """What may leave of one text field: the text, how many passages were withheld, and whether an
    opening marker was never closed (everything after it was withheld)."""

    text: Shareable
    withheld_count: int
    unclosed: bool


def exportable(text: str) -> Exportable:
    """Decide what of ``text`` may be exported: every private passage withheld, by the journal's grammar."""
    if isinstance(text, Shareable):
        return Exportable(text, 0, False)
    withheld = withhold(text)
    return Exportable(Shareable(withheld.text, _token=_TOKEN), withheld.passages, withheld.unclosed)


def shareable(value: Any) -> Any:
    """``value`` with every string in it (alone, or in a list, tuple or dict) made ``Shareable``."""
    if isinstance(value, str):
        return exportable(value).text
    if isinstance(value, list):
        return [shareable(v) for v in value]
    if isinstance(value, tuple):
        return tuple(shareable(v) for v in value)
    if isinstance(value, dict):
        return {shareable(k): shareable(v) for k, v in value.items()}
    return value


class ExportFields:
    """Base of every dataclass that renders into an export: its strings are ``Shareable``, always."""

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, shareable(value))


def text_fields(obj: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every string reachable from a summary dataclass, with where it is (for tests and checks)."""
    out: list[tuple[str, Any]] = []
    values: list[tuple[str, Any]]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        values = [(f"{path}{f.name}", getattr(obj, f.name)) for f in dataclasses.fields(obj)]
    elif isinstance(obj, (list, tuple)):
        values = [(f"{path}[{i}]", v) for i, v in enumerate(obj)]
    elif isinstance(obj, dict):
        values = [(f"{path}[{k!r}]", v) for k, v in obj.items()]
    else:
        return [(path, obj)] if isinstance(obj, str) else []
    for where, value in values:
        if isinstance(value, str):
            out.append((where, value))
        else:
            out += text_fields(value, f"{where}.")
    return out
