"""The masking applied to a conversation's stored events (rasa_addons.conversation_masking):
by itself, and by the tracker store when the form ends;
and how staff searches match a person."""

import asyncio
import json
from pathlib import Path

import pytest
from harness.databases import BOTH, temporary_postgres_database
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from sqlalchemy import create_engine
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url

from rasa_addons.conversation_masking import form_ended, mask_events
from rasa_addons.tracker_store import CheckedSQLTrackerStore
from staff.person import Person

DOMAIN = Domain.load(str(Path(__file__).resolve().parent.parent / "domain.yml"))

CLINIC = ("07305541126", "info@msrehab.co.uk")


def asked(slot):
    return {"event": "slot", "name": "requested_slot", "value": slot}


def user(text):
    return {"event": "user", "text": text, "parse_data": {"text": text}, "message_id": "m1"}


def texts(events):
    return [e.get("text") or e.get("value") for e in events]


def test_answers_slot_values_and_bot_echoes_are_masked_the_clinic_is_not():
    events = [
        {"event": "bot", "text": "Call us on 07305541126 or info@msrehab.co.uk"},
        asked("callback_name"), user("it's Jane Smith"),
        {"event": "slot", "name": "callback_name", "value": "Jane Smith"},
        asked("callback_phone"), user("07911 123456"),
        {"event": "slot", "name": "callback_phone", "value": "+447911123456"},
        asked("callback_email"), user("Jane.Smith@example.com"),
        {"event": "slot", "name": "callback_email", "value": "jane.smith@example.com"},
        asked("callback_reason"), user("heel pain"),
        {"event": "bot", "text": "Name: Jane Smith, phone +447911123456, reason heel pain. "
                                 "Thanks, Jane."},
    ]
    masked = mask_events(events, keep=CLINIC)
    joined = " ".join(str(t) for t in texts(masked))
    for secret in ("Jane", "Smith", "7911123456", "123456", "jane.smith", "heel pain"):
        assert secret.lower() not in joined.lower(), joined
    assert "07305541126" in joined and "info@msrehab.co.uk" in joined
    assert "J*** S***" in joined and "*********456" in joined
    # identifiers are left alone: Rasa still reads the events
    assert masked[1] == asked("callback_name") and masked[2]["message_id"] == "m1"


def test_a_name_given_outside_the_form_is_masked():
    [event] = mask_events([user("please call me on 07911 123456, my name is Tom Reed")])
    assert event["text"] == "please call me on ********456, my name is T*** R***"
    assert event["parse_data"]["text"] == event["text"]


def test_short_names_mask_whole_words_only_and_skips_are_not_details():
    events = [asked("callback_name"), user("Al"),
              {"event": "slot", "name": "callback_name", "value": "Al"},
              asked("callback_email"), user("skip"),
              {"event": "slot", "name": "callback_email", "value": "not given"},
              {"event": "bot", "text": "Also, thanks Al. E-mail: not given"}]
    masked = mask_events(events)
    assert masked[-1]["text"] == "Also, thanks A***. E-mail: not given"
    assert masked[4]["text"] == "skip"


def test_form_end_is_the_submit_or_reset_action():
    assert form_ended([UserUttered("yes"), ActionExecuted("action_submit_callback")])
    assert form_ended([ActionExecuted("action_reset_callback")])
    assert not form_ended([UserUttered("Jane"), SlotSet("callback_name", "Jane"),
                           ActionExecuted("callback_form")])


def test_a_phone_number_matches_in_any_format_and_an_address_in_any_case():
    person = Person.from_input("+44 (0)7911-123-456", "Jane@Example.com")
    assert person.phone == "+447911123456" and person.email == "jane@example.com"
    for text in ("07911 123456", "07911123456", "+44 7911 123456", "call 07911-123-456 pls",
                 "JANE@EXAMPLE.COM"):
        assert person.in_text(text), text
    for text in ("07911 123457", "********456", "j***@example.com", "ajane@example.com"):
        assert not person.in_text(text), text


@pytest.fixture(params=BOTH)
def store(request, tmp_path):
    if request.param == "sqlite":
        yield CheckedSQLTrackerStore(domain=DOMAIN, dialect="sqlite",
                                     db=str(tmp_path / "tracker.db")), \
            f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    for url in temporary_postgres_database():
        u = make_url(url)
        yield CheckedSQLTrackerStore(domain=DOMAIN, dialect="postgresql", host=u.host,
                                     port=u.port, db=u.database,
                                     username=u.username or "postgres"), url


def stored_texts(url, sender):
    engine = create_engine(url, future=True)
    with engine.connect() as c:
        rows = c.execute(sql("SELECT data FROM events WHERE sender_id = :s ORDER BY id"),
                         {"s": sender}).scalars().all()
    engine.dispose()
    # timestamps dropped: an epoch time can hold any six digits ("1796543214" holds 654321)
    return " ".join(json.dumps({k: v for k, v in json.loads(row).items() if k != "timestamp"})
                    for row in rows)


def test_the_store_keeps_details_until_the_form_ends_then_masks_them_all(store):
    tracker_store, url = store
    tracker = asyncio.run(tracker_store.get_or_create_tracker("patient"))

    def turn(*events):
        for event in events:
            tracker.update(event)
        asyncio.run(tracker_store.save(tracker))

    turn(UserUttered("my name is Tom Reed, I'm on 07911 123456", {"name": "inform"}),
         BotUttered("Call us on 07305541126."), ActionExecuted("action_listen"))
    # kept as typed for now: once the patient consents, the form fills itself
    # from details given before the request (actions/held_details.py)
    assert "07911 123456" in stored_texts(url, "patient")

    turn(UserUttered("/start_callback", {"name": "start_callback"}),
         ActionExecuted("callback_form"), ActiveLoop("callback_form"),
         SlotSet("requested_slot", "callback_phone"), ActionExecuted("action_listen"))
    # in the form, answers are kept as typed: the form reads them back next turn
    turn(UserUttered("07911 654321", {"name": "inform"}),
         SlotSet("callback_phone", "+447911654321"), ActionExecuted("callback_form"),
         ActionExecuted("action_listen"))
    assert "07911 654321" in stored_texts(url, "patient")
    reread = asyncio.run(tracker_store.retrieve("patient"))
    assert reread.get_slot("callback_phone") == "+447911654321"

    turn(UserUttered("/affirm", {"name": "affirm"}), ActionExecuted("callback_form"),
         ActiveLoop(None), SlotSet("requested_slot", None),
         ActionExecuted("action_submit_callback"), SlotSet("callback_phone", None),
         ActionExecuted("action_listen"))
    stored = stored_texts(url, "patient")
    assert "654321" not in stored and "7911654321" not in stored
    assert "*******321" in stored  # masked as the logs mask it
    # and what was typed before the form, once the form has ended
    assert "Tom Reed" not in stored and "123456" not in stored
    assert "07305541126" in stored  # the clinic's number stays
