"""Record bodies: every model round-trips (hypothesis), unknown fields survive, bad shapes are refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorjournal.journal import codec
from mentorjournal.journal.model import MODEL_CLASSES, GoalProgress, JournalObject, Session

_NOT_CONTENT = {"id", "schema", "extra", "revision_id", "updated_at"}
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
ids = st.text("0123456789abcdef", min_size=32, max_size=32)


def strategy_for(hint: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return st.none() | strategy_for(inner)
    if origin is list:
        return st.lists(strategy_for(typing.get_args(hint)[0]), max_size=3)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: texts,
        int: st.integers(-(2**40), 2**40),
        bool: st.booleans(),
        dt.date: st.dates(),
        dt.time: st.times().map(lambda t: t.replace(microsecond=0)),
        GoalProgress: st.builds(GoalProgress, date=st.dates(), percent=st.none() | st.integers(0, 100), comment=texts),
    }
    return simple[hint]


def objects(cls: type[JournalObject]) -> st.SearchStrategy[JournalObject]:
    hints = typing.get_type_hints(cls)
    fields = {f.name: strategy_for(hints[f.name]) for f in dataclasses.fields(cls) if f.name not in _NOT_CONTENT}
    extra = st.dictionaries(st.text("xyz_", min_size=1, max_size=5).map(lambda k: "future_" + k), st.integers())
    return st.builds(cls, id=ids, extra=extra, **fields)


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.KIND)
@settings(max_examples=60, deadline=None, derandomize=True)
@given(data=st.data())
def test_body_round_trip_through_json(cls: type[JournalObject], data: st.DataObject) -> None:
    obj = data.draw(objects(cls))
    body = json.loads(json.dumps(codec.to_body(obj)))  # what the vault stores
    assert codec.from_body(cls, body, record_id=obj.id) == obj


def test_unknown_fields_are_kept_but_known_ones_win() -> None:
    body = {"schema": 3, "mentee_id": "m", "date": "2026-01-01", "mood": [1, 2], "title": "t"}
    s = codec.from_body(Session, body)
    assert s.extra == {"mood": [1, 2]} and s.schema == 3
    again = codec.to_body(s)
    assert again["mood"] == [1, 2] and again["title"] == "t" and again["schema"] == 3


@pytest.mark.parametrize(
    "body",
    [
        {"mentee_id": "m"},  # no date
        {"mentee_id": "m", "date": "2026-13-01"},
        {"mentee_id": 5, "date": "2026-01-01"},
        {"mentee_id": "m", "date": "2026-01-01", "tags": "career"},
        {"mentee_id": "m", "date": "2026-01-01", "duration_minutes": True},
        {"mentee_id": "m", "date": "2026-01-01", "schema": "1"},
    ],
)
def test_malformed_bodies_are_refused_naming_the_field(body: dict[str, Any]) -> None:
    with pytest.raises(codec.BodyUnreadable) as info:
        codec.from_body(Session, body)
    assert "'" in str(info.value) and "2026" not in str(info.value)
