"""A patient's personal data: masked in the conversation store once the callback
form ends, erased everywhere by `delete` and `erase`, exported by
`export-person`, and conversations purged after chat_retention_days.

Servers are started here (scripts/run.sh) with both stores in SQLite, then in
PostgreSQL; the checks read every text column of every table of both databases.
"""

from __future__ import annotations

import csv
import json
import random
import re
import string
import uuid
from contextlib import ExitStack
from typing import Dict, Iterator, List

import pytest
import sqlalchemy as sa
from conftest import (
    REFERENCE,
    complete_callback_form,
    reference_in,
    sqlite_tracker_store,
    start_assistant,
    stop_process_group,
)
from harness.cluster import postgres_tracker_store
from harness.databases import BOTH, temporary_postgres_database

from msrehab.clinic import chat_retention_days
from staff import cli as staff_cli
from staff.person import Person

# the module fixture `clinic` starts servers (tests/harness/tiers.py)
pytestmark = pytest.mark.server

DAY = 86400.0


class Clinic:
    def __init__(self, assistant, callbacks_url: str, tracker_url: str) -> None:
        self.assistant, self.callbacks_url, self.tracker_url = assistant, callbacks_url, tracker_url

    def staff(self, *args: str) -> int:
        return staff_cli.main(["--database-url", self.callbacks_url,
                               "--tracker-url", self.tracker_url, *args])


@pytest.fixture(scope="module", params=BOTH)
def clinic(request, model_path, tmp_path_factory) -> Iterator[Clinic]:
    tmp = tmp_path_factory.mktemp(f"patient-data-{request.param}")
    with ExitStack() as stack:
        if request.param == "sqlite":
            tracker_url = f"sqlite:///{tmp / 'tracker.db'}"
            callbacks_url = f"sqlite:///{tmp / 'callbacks.db'}"
            tracker_store = sqlite_tracker_store(tmp / "tracker.db")
        else:
            tracker_url = stack.enter_context(_database())
            callbacks_url = stack.enter_context(_database())
            tracker_store = postgres_tracker_store(tracker_url)
        servers = start_assistant(tmp, model_path, {"CALLBACKS_DATABASE_URL": callbacks_url},
                                  stores={"tracker_store": tracker_store})
        stack.callback(stop_process_group, servers.proc)
        yield Clinic(servers.assistant, callbacks_url, tracker_url)


class _database:
    """A PostgreSQL database for this module, dropped afterwards."""

    def __enter__(self) -> str:
        self._gen = temporary_postgres_database()
        return next(self._gen)

    def __exit__(self, *exc) -> None:
        next(self._gen, None)


def new_patient(n: int) -> Dict[str, str]:
    """A made-up patient; the phone is typed with spaces, searched in other formats."""
    tag = "".join(random.choice(string.ascii_lowercase) for _ in range(4))
    first, last = f"Olwen{tag}", f"Prydderch{string.ascii_lowercase[n]}"
    return {"name": f"{first} {last}", "first": first, "last": last,
            "phone": f"07911 123{n:03d}", "e164": f"+447911123{n:03d}",
            "email": f"{first.lower()}.{last.lower()}@example.org",
            "sender": f"pd-{uuid.uuid4().hex}"}


def complete_callback(assistant, patient: Dict[str, str]) -> str:
    # the form is started by its button's payload: how a typed request starts it may change
    return reference_in(complete_callback_form(
        assistant, patient["sender"],
        [patient["name"], patient["phone"], patient["email"], "afternoon", "knee pain"]))


def text_values(url: str) -> List[str]:
    """Every value of every text column of every table."""
    engine = sa.create_engine(url, future=True)
    values: List[str] = []
    try:
        inspector = sa.inspect(engine)
        with engine.connect() as c:
            for table in inspector.get_table_names():
                columns = [col["name"] for col in inspector.get_columns(table)
                           if isinstance(col["type"], sa.String)]
                if not columns:
                    continue
                query = sa.text(f"SELECT {', '.join(columns)} FROM {table}")
                for row in c.execute(query):
                    values.extend(v for v in row if isinstance(v, str))
    finally:
        engine.dispose()
    return values


def found(values: List[str], patient: Dict[str, str]) -> List[str]:
    """The stored texts that hold any of the patient's details, in any format."""
    digits = patient["e164"][3:]  # 7911123nnn
    formats = [patient["phone"], patient["phone"].replace(" ", ""), patient["e164"],
               "0" + digits, digits, f"+44 {digits[:4]} {digits[4:]}"]
    person = Person.from_input(patient["phone"], patient["email"])
    hits = []
    for value in values:
        lower = value.lower()
        if (any(f in value for f in formats) or patient["email"] in lower
                or person.in_text(value)
                or re.search(rf"\b({patient['first']}|{patient['last']})\b", value, re.I)):
            hits.append(value[:200])
    return hits


def test_conversation_store_keeps_no_contact_details_and_delete_erases_everywhere(clinic):
    patient = new_patient(1)
    reference = complete_callback(clinic.assistant, patient)

    in_tracker_store = text_values(clinic.tracker_url)
    assert any(reference in value for value in in_tracker_store)  # the conversation was read
    assert found(in_tracker_store, patient) == []
    # the request row is the one place with the details
    assert found(text_values(clinic.callbacks_url), patient) != []

    assert clinic.staff("delete", reference) == 0
    assert found(text_values(clinic.callbacks_url), patient) == []
    assert found(text_values(clinic.tracker_url), patient) == []
    assert not _conversation_exists(clinic.tracker_url, patient["sender"])


def test_erase_by_phone_or_email_in_another_format_removes_everything(clinic, capsys):
    by_phone, by_email = new_patient(2), new_patient(3)
    references = [complete_callback(clinic.assistant, p) for p in (by_phone, by_email)]
    # the same patient again, half-way through the form: the number is held as typed
    in_form = f"pd-{uuid.uuid4().hex}"
    for message in ["/start_callback", "yes", by_phone["name"], by_phone["phone"]]:
        clinic.assistant.send(in_form, message)
    assert _conversation_exists(clinic.tracker_url, in_form)

    assert clinic.staff("erase", "--phone", "+44 (0)7911-123-002") == 0
    said = capsys.readouterr().out
    assert references[0] in said and "2 conversation(s)" in said, said
    assert clinic.staff("erase", "--email", by_email["email"].upper()) == 0
    assert references[1] in capsys.readouterr().out

    for patient in (by_phone, by_email):
        for url in (clinic.callbacks_url, clinic.tracker_url):
            assert found(text_values(url), patient) == []
    assert not _conversation_exists(clinic.tracker_url, in_form)


def test_refused_consent_leaves_no_contact_details(clinic):
    patient = new_patient(4)
    sender = patient["sender"]
    clinic.assistant.send(sender, "/start_callback")
    # details typed at the consent question, outside any detail question
    clinic.assistant.send(sender, f"no, but my name is {patient['name']}, call me on "
                                  f"{patient['phone']} or {patient['email']}")
    clinic.assistant.send(sender, "no")
    for url in (clinic.callbacks_url, clinic.tracker_url):
        assert found(text_values(url), patient) == []
    assert _conversation_exists(clinic.tracker_url, sender)  # kept, masked


def test_export_person_writes_requests_and_conversation_text(clinic, tmp_path):
    patient = new_patient(5)
    reference = complete_callback(clinic.assistant, patient)

    out = tmp_path / "person.json"
    assert clinic.staff("export-person", "--phone", patient["e164"], str(out)) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    [request] = document["callback_requests"]
    assert request["reference"] == reference and request["name"] == patient["name"]
    assert request["phone"] == patient["e164"] and request["email"] == patient["email"]
    assert request["reason"] == "knee pain"
    [conversation] = document["conversations"]
    assert conversation["conversation_id"] == patient["sender"]
    said = [m["text"] for m in conversation["messages"] if m["from"] == "patient"]
    assert "/start_callback" in said and "afternoon" in said
    assert any(reference in m["text"] for m in conversation["messages"])

    csv_out = tmp_path / "person.csv"
    assert clinic.staff("export-person", "--email", patient["email"], str(csv_out)) == 0
    with csv_out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {"callback request", "conversation"} == {r["kind"] for r in rows}
    assert any(r["field_or_from"] == "phone" and r["value"] == patient["e164"] for r in rows)
    assert clinic.staff("delete", reference) == 0


def test_purge_keeps_conversations_going_on_and_the_form_in_the_middle(clinic):
    assistant, days = clinic.assistant, chat_retention_days()
    old, recent, in_form = (f"pd-{uuid.uuid4().hex}" for _ in range(3))
    assistant.send(old, "does dry needling hurt?")
    assistant.send(recent, "does dry needling hurt?")
    # in_form's first session is older than the setting; its second is in the form
    assistant.send(in_form, "does dry needling hurt?")
    _backdate(clinic.tracker_url, old, days + 1)
    _backdate(clinic.tracker_url, in_form, days + 1)
    for message in ["/start_callback", "yes", "Bryn Teague"]:
        assistant.send(in_form, message)
    _backdate(clinic.tracker_url, recent, days - 1)

    assert clinic.staff("purge", "--older-than", "90") == 0

    assert not _conversation_exists(clinic.tracker_url, old)
    assert _conversation_exists(clinic.tracker_url, recent)
    assert _span_days(clinic.tracker_url, in_form) < days
    # the form goes on where it was: the phone number was asked, the e-mail is next
    assert "e-mail" in " ".join(assistant.texts(in_form, "07911 123111"))
    for message in ["skip", "morning", "skip"]:
        assistant.send(in_form, message)
    assert REFERENCE.search(" ".join(assistant.texts(in_form, "/affirm")))


def _engine(url: str) -> sa.engine.Engine:
    return sa.create_engine(url, future=True)


def _conversation_exists(url: str, sender: str) -> bool:
    engine = _engine(url)
    try:
        with engine.connect() as c:
            return bool(c.execute(sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"),
                                  {"s": sender}).scalar())
    finally:
        engine.dispose()


def _span_days(url: str, sender: str) -> float:
    engine = _engine(url)
    try:
        with engine.connect() as c:
            oldest, newest = c.execute(sa.text(
                "SELECT MIN(timestamp), MAX(timestamp) FROM events WHERE sender_id = :s"),
                {"s": sender}).one()
        return (newest - oldest) / DAY
    finally:
        engine.dispose()


def _backdate(url: str, sender: str, days: float) -> None:
    """Moves a conversation's events `days` into the past (column and event data,
    so Rasa too sees the session as long over)."""
    engine = _engine(url)
    try:
        with engine.begin() as c:
            rows = c.execute(sa.text("SELECT id, data FROM events WHERE sender_id = :s"),
                             {"s": sender}).all()
            for row_id, data in rows:
                event = json.loads(data)
                event["timestamp"] = event["timestamp"] - days * DAY
                c.execute(sa.text("UPDATE events SET timestamp = :t, data = :d WHERE id = :i"),
                          {"t": event["timestamp"], "d": json.dumps(event), "i": row_id})
    finally:
        engine.dispose()
