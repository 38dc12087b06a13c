"""Journal objects to and from vault record bodies (JSON-able dicts).

A body is a flat JSON object: ``schema`` plus one key per model field (dates as ``YYYY-MM-DD``,
times as ``HH:MM[:SS]``). Keys this version does not know are kept in the object's ``extra`` and
written back unchanged, so a newer writer's fields survive an edit made here. A body whose known
fields have the wrong shape raises ``BodyUnreadable``: the journal lists that record as damaged
rather than guess. Error messages name the field, never its value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from mentorjournal.journal.model import (
    CLASS_BY_KIND,
    SCHEMA_VERSION,
    GoalProgress,
    JournalObject,
)

T = TypeVar("T", bound=JournalObject)

# Fields that describe storage, not content: never part of a body.
_NOT_IN_BODY = frozenset({"id", "schema", "extra", "revision_id", "updated_at"})


class BodyUnreadable(ValueError):
    """A record body does not fit the model (written by a buggy or much newer writer)."""


Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


def _enc_date(value: dt.date) -> str:
    return value.isoformat()


def _dec_date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise TypeError("not a date string")
    return dt.date.fromisoformat(value)


def _enc_time(value: dt.time) -> str:
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def _dec_time(value: Any) -> dt.time:
    if not isinstance(value, str):
        raise TypeError("not a time string")
    return dt.time.fromisoformat(value)


def _dec_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _dec_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    return value


def _dec_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not a boolean")
    return value


def _enc_progress(value: GoalProgress) -> dict[str, Any]:
    return {"date": value.date.isoformat(), "percent": value.percent, "comment": value.comment}


def _dec_progress(value: Any) -> GoalProgress:
    if not isinstance(value, dict):
        raise TypeError("not an object")
    percent = value.get("percent")
    return GoalProgress(
        date=_dec_date(value.get("date")),
        percent=None if percent is None else _dec_int(percent),
        comment=_dec_str(value.get("comment", "")),
    )


def _identity(value: Any) -> Any:
    return value


_SCALARS: dict[Any, tuple[Encoder, Decoder]] = {
    str: (_identity, _dec_str),
    int: (_identity, _dec_int),
    bool: (_identity, _dec_bool),
    dt.date: (_enc_date, _dec_date),
    dt.time: (_enc_time, _dec_time),
    GoalProgress: (_enc_progress, _dec_progress),
}


def _codec_for(hint: Any) -> tuple[Encoder, Decoder]:
    """Encoder/decoder for one field's type: a scalar, ``X | None`` or ``list[X]``."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {hint!r}")
        enc, dec = _codec_for(args[0])
        return (lambda v: None if v is None else enc(v)), (lambda v: None if v is None else dec(v))
    if origin is list:
        (item,) = typing.get_args(hint)
        enc, dec = _codec_for(item)

        def dec_list(v: Any) -> list[Any]:
            if not isinstance(v, list):
                raise TypeError("not a list")
            return [dec(x) for x in v]

        return (lambda v: [enc(x) for x in v]), dec_list
    if hint in _SCALARS:
        return _SCALARS[hint]
    raise TypeError(f"unsupported field type {hint!r}")


@dataclasses.dataclass(frozen=True)
class _FieldSpec:
    name: str
    encode: Encoder
    decode: Decoder
    required: bool  # no default: a body without it is unreadable
    plain: type | None  # str/int/bool field whose JSON value is used as it is, after a type check
    str_list: bool  # list[str]: copied (the body stays the revision's own) after a type check
    optional: bool  # ``X | None``: a JSON null is None
    date: bool  # a ``date`` (or ``date | None``) field


_SPECS: dict[type[JournalObject], list[_FieldSpec]] = {}
_KNOWN: dict[type[JournalObject], frozenset[str]] = {}


def _specs(cls: type[JournalObject]) -> list[_FieldSpec]:
    specs = _SPECS.get(cls)
    if specs is None:
        hints = typing.get_type_hints(cls)
        specs = []
        for f in dataclasses.fields(cls):
            if f.name in _NOT_IN_BODY:
                continue
            hint = hints[f.name]
            enc, dec = _codec_for(hint)
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            plain = hint if hint in (str, int, bool) else None
            optional = typing.get_origin(hint) in (types.UnionType, typing.Union)
            date = hint in (dt.date, dt.date | None)
            specs.append(_FieldSpec(f.name, enc, dec, required, plain, hint == list[str], optional, date))
        _SPECS[cls] = specs
        _KNOWN[cls] = frozenset({"schema", *(spec.name for spec in specs)})
    return specs


def to_body(obj: JournalObject) -> dict[str, Any]:
    """The record body for ``obj``: unknown fields first, then every known field, then the schema."""
    body: dict[str, Any] = dict(obj.extra)
    for spec in _specs(type(obj)):
        body[spec.name] = spec.encode(getattr(obj, spec.name))
    body["schema"] = max(obj.schema, SCHEMA_VERSION)
    return body


def from_body(cls: type[T], body: dict[str, Any], *, record_id: str = "") -> T:
    """Build an object of ``cls`` from a body; unknown keys go to ``extra``.

    Called for every record at unlock, so the common field types are checked inline rather than
    through their decoder (same rules: ``_dec_str``, ``_dec_int``, ``_dec_bool``, ``_dec_date``, nulls
    of optional fields, lists of strings).
    """
    values: dict[str, Any] = {}
    found = 0
    for spec in _specs(cls):
        name = spec.name
        if name not in body:
            if spec.required:
                raise BodyUnreadable(f"{cls.KIND} record lacks the field {name!r}")
            continue
        found += 1
        value = body[name]
        plain = spec.plain
        if plain is not None and type(value) is plain:  # bool is not int here: type(True) is bool
            values[name] = value
        elif value is None and spec.optional:
            values[name] = None
        elif spec.date and type(value) is str and len(value) == 10:
            try:
                values[name] = dt.date.fromisoformat(value)
            except ValueError:
                raise BodyUnreadable(f"{cls.KIND} record has a malformed field {name!r}") from None
        elif spec.str_list and type(value) is list and all(type(x) is str for x in value):
            values[name] = value[:]
        else:
            try:
                values[name] = spec.decode(value)
            except (TypeError, ValueError):
                raise BodyUnreadable(f"{cls.KIND} record has a malformed field {name!r}") from None
    schema = body.get("schema", SCHEMA_VERSION)
    if "schema" in body:
        found += 1
    if type(schema) is not int:
        raise BodyUnreadable(f"{cls.KIND} record has a malformed field 'schema'")
    if found == len(body):
        extra: dict[str, Any] = {}
    else:
        known = _KNOWN[cls]
        extra = {k: v for k, v in body.items() if k not in known}
    return cls(id=record_id, schema=schema, extra=extra, **values)


def class_for_kind(kind: str) -> type[JournalObject] | None:
    return CLASS_BY_KIND.get(kind)


def to_json(obj: JournalObject) -> dict[str, Any]:
    """A JSON-able view for ``--json`` output: the body plus id, kind and revision facts."""
    out = to_body(obj)
    out["id"] = obj.id
    out["kind"] = obj.KIND
    out["revision_id"] = obj.revision_id
    out["updated_at"] = obj.updated_at.isoformat().replace("+00:00", "Z") if obj.updated_at else None
    return out
