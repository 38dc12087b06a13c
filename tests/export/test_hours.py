"""The hours log: no note content in any format whatever the notes hold; spreadsheet-safe CSV cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.export.hours import build_hours_log, contact_kind, csv_cell, render_hours
from mentorjournal.journal import SESSION_FORMATS, Journal, Mentee, Session
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, Vault
from tests.conftest import PASSPHRASE

CANARY = "Qz7CANARYw"
TODAY = dt.date(2026, 3, 15)


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    vault_dir = tmp_path_factory.mktemp("hours") / "vault"
    created = Vault.create(vault_dir, PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False)
    created.vault.load()
    yield Journal(created.vault, today=lambda: TODAY)
    created.vault.lock()


# Free text a mentor may type anywhere in a session, each carrying the canary somewhere inside.
texts = st.builds(
    lambda before, after: f"{before}{CANARY}{after}",
    st.text(max_size=12),
    st.text(max_size=12),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=texts,
    notes=texts,
    summary=texts,
    reflection=texts,
    tag=texts,
    fmt=st.one_of(texts, st.sampled_from(SESSION_FORMATS)),
    minutes=st.one_of(st.none(), st.integers(min_value=0, max_value=600)),
)
def test_no_note_content_in_the_log(
    journal: Journal, title: str, notes: str, summary: str, reflection: str, tag: str, fmt: str, minutes: int | None
) -> None:
    mentee = journal.save(Mentee(name=f"Name{CANARY}", aliases=[f"Alias{CANARY}"], programme="Scheme"))
    journal.save(
        Session(mentee_id=mentee.id, date=TODAY, duration_minutes=minutes, format=fmt, title=title, notes=notes,
                shared_summary=summary, reflection=reflection, tags=[tag])
    )  # fmt: skip
    log = build_hours_log(journal, since=TODAY, until=TODAY, mentee_ids={mentee.id})
    assert len(log.rows) == 1 and log.rows[0].minutes == minutes
    assert log.rows[0].format in (*SESSION_FORMATS, "other", "")
    for out_fmt in ("md", "csv", "json"):
        text = render_hours(log, out_fmt)  # type: ignore[arg-type]
        assert CANARY not in text and CANARY.lower() not in text.lower()
    data = json.loads(render_hours(log, "json"))
    assert data["sessions"][0]["mentee"] == mentee.pseudonym
    assert set(data["sessions"][0]) == {"date", "mentee", "minutes", "format", "programme"}


@given(st.text())
def test_csv_cells_never_start_a_formula(value: str) -> None:
    cell = csv_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    if value and value[0] in "=+-@\t\r":
        assert cell.startswith("'")


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_a_csv_row_reads_back_as_written(cells: list[str]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([csv_cell(c) for c in cells])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [csv_cell(c) for c in cells]


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("Video", "video"), (" in-person ", "in person"), ("PHONE", "phone"), ("", ""), ("coffee with Bob", "other")],
)
def test_contact_kind_keeps_only_known_kinds(typed: str, kind: str) -> None:
    assert contact_kind(typed) == kind
